"""A fork of the arsenal rehearsal (issue 23) at a decision of the four-minister meeting: the
other option is played on the fork, and the fork still checks against its parent."""

from __future__ import annotations

from replay_helpers import played_from, run

from tabletop.engine import events as ev

ONWARD = """\
format: tabletop-moves/1
moves:
  - {at: "+05:00", seat: jp.nsc4, decision: D2, option: onward, text: "Approve, and consent now to onward transfer."}
  - {at: "+06:00", seat: jp.meti, decision: D3, option: permit, text: "Permit under FEFTA Art. 48(1)."}
expect:
  decisions: {D2: onward, D3: permit}
  released: [I05B]
  not_released: [I05A, I05C]
  blocked: []
"""


def test_forked_at_d2_the_onward_option_reaches_its_branch_and_meti_may_permit(tmp_path):
    parent, fork, moves = tmp_path / "arsenal.db", tmp_path / "onward.db", tmp_path / "onward.moves.yaml"
    assert run("rehearse", "arsenal", "--db", str(parent))[0] == 0
    code, out, err = run("fork", str(parent), "--at", "D2", "-o", str(fork))
    assert code == 0 and "before D2 was answered" in out, out + err
    moves.write_text(ONWARD, encoding="utf-8")
    code, out, err = run("rehearse", "--resume", str(fork), "--moves", str(moves))
    assert code == 0, out + err
    events = played_from(fork).events
    released = {e.data["inject"] for e in events if e.type == ev.INJECT_RELEASED}
    assert "I05B" in released and "I05A" not in released
    resolved = {e.data["decision"]: e.data["option"] for e in events if e.type == ev.DECISION_RESOLVED}
    assert resolved["D2"] == "onward" and resolved["D3"] == "permit"
    assert not [e for e in events if e.type == ev.MOVE_BLOCKED and e.seq > next(
        f.seq for f in events if f.type == ev.FORKED)]  # the permit follows the NSC's decision
    code, out, err = run("verify", str(fork), "--parent", str(parent))
    assert code == 0, out + err

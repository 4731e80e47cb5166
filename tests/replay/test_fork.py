"""`tabletop fork` and `tabletop verify` on a fork: what the fork's log holds, where it came
from, the other branch played on it, and tampering with the parent found."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from replay_helpers import run

from tabletop.engine import events as ev
from tabletop.store import SqliteStore
from tabletop.store.base import GENESIS, row_hash


def events_of(db):
    store = SqliteStore(db, create=False)
    try:
        return store.exercise, list(store.read())
    finally:
        store.close()


def rows(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT seq, hash FROM events ORDER BY seq").fetchall()


def point_of(fork) -> int:
    return next(e for e in reversed(events_of(fork)[1]) if e.type == ev.FORKED).data["point"]


def fork_at(parent, at, name="fork.db"):
    out = parent.with_name(name)
    code, stdout, stderr = run("fork", str(parent), "--at", at, "-o", str(out))
    assert code == 0, stdout + stderr
    return out, stdout


def test_a_fork_holds_its_parents_prefix_then_names_the_parent_its_head_and_the_point(parent):
    fork, said = fork_at(parent, "D8")
    parent_name, theirs = events_of(parent)
    name, mine = events_of(fork)
    forked = mine[-2] if mine[-1].type == ev.CLOCK_PAUSED else mine[-1]
    point = forked.data["point"]
    # D8 was answered by the President's move: the fork stops just before it.
    answer = theirs[point]
    assert (answer.type, answer.data["decision"], answer.data["option"]) == (ev.MOVE_SUBMITTED, "D8", "show-of-force")
    assert [e.to_json() for e in mine[:point]] == [e.to_json() for e in theirs[:point]]
    assert forked.type == ev.FORKED and forked.seq == point + 1
    assert forked.data["parent"] == parent_name and forked.data["exercise"] == name == "fork"
    assert forked.data["head"] == rows(parent)[point - 1][1]  # the parent's chain at the point, as stored
    assert forked.data["decision"] == "D8" and forked.data["parent_file"] == "parent.db"
    assert forked.to == ()  # control and evaluators only
    assert mine[-1].type == ev.CLOCK_PAUSED and mine[-1].at == forked.at == theirs[point - 1].at
    assert f"at #{point}" in said and "tabletop run --resume" in said


def test_a_fork_verifies_and_names_its_parent(parent):
    fork, _ = fork_at(parent, "D8")
    code, out, err = run("verify", str(fork))  # the parent lies beside it, under the name it recorded
    assert code == 0, out + err
    assert "hash chain verified" in out
    n = point_of(fork)
    assert f"forked from missile-launch-rehearsal at #{n} (before D8 was answered)" in out
    assert f"its first {n} events are the fork's, hash for hash" in out


def test_without_its_parent_a_fork_still_checks_its_own_prefix(parent):
    fork, _ = fork_at(parent, "30")
    parent.unlink()
    code, out, err = run("verify", str(fork))
    assert code == 0, out + err
    assert "forked from missile-launch-rehearsal at #30" in out
    assert "its parent is not at hand" in out


def test_a_rehearsal_of_the_other_option_reaches_the_other_branch(parent, measured_moves):
    fork, _ = fork_at(parent, "D8")
    code, out, err = run("rehearse", "--resume", str(fork), "--moves", str(measured_moves))
    assert code == 0, out + err
    assert "1 move(s) of the moves file were already in the log" in out
    _, mine = events_of(fork)
    released = [e.data["inject"] for e in mine if e.type == ev.INJECT_RELEASED]
    assert "I15B" in released and "I17B" in released
    assert not {"I15A", "I16A", "I18A"} & set(released)
    _, theirs = events_of(parent)
    assert "I15A" in [e.data["inject"] for e in theirs if e.type == ev.INJECT_RELEASED]  # the parent's branch
    resolved = {e.data["decision"]: e.data["option"] for e in mine if e.type == ev.DECISION_RESOLVED}
    assert resolved["D8"] == "measured"
    assert [e.type for e in mine].count(ev.DECISION_RESOLVED) == [
        e.data["decision"] for e in mine if e.type == ev.DECISION_RESOLVED].__len__()  # each answered once
    assert len([e for e in mine if e.type == ev.DECISION_RESOLVED and e.data["decision"] == "D9"]) == 1
    # Two destruction orders on this branch: two Diet reports owed, told apart by their deadlines.
    lines = out.splitlines()
    start = lines.index("Obligations:") + 1
    owed = [line.split() for line in lines[start:] if line.startswith("  ")]
    diet = "Report the missile-destruction result to the Diet"
    assert [(words[0], words[-1]) for words in owed if " ".join(words).count(diet)] == [
        ("due", "+24:14:00)"), ("due", "+25:42:00)")], out
    # Still a fork of the same parent, on its own chain.
    code, out, err = run("verify", str(fork), "--parent", str(parent))
    assert code == 0, out + err


def test_the_fork_resumes_play_where_the_parent_stood(parent, measured_moves):
    fork, _ = fork_at(parent, "D8")
    run("rehearse", "--resume", str(fork), "--moves", str(measured_moves))
    _, mine = events_of(fork)
    point = next(e for e in mine if e.type == ev.FORKED).seq
    resumed = mine[point + 1]
    assert resumed.type == ev.CLOCK_RESUMED and resumed.at == mine[point].at
    assert [e.at for e in mine] == sorted(e.at for e in mine)  # no scenario time skipped or repeated
    assert [e.wall for e in mine] == sorted(e.wall for e in mine)


def _rewrite_event(db, seq, change):
    """Alter event SEQ's payload in place (as someone with the file and sqlite3 could)."""
    with sqlite3.connect(db) as c:
        (payload,) = c.execute("SELECT payload FROM events WHERE seq = ?", (seq,)).fetchone()
        p = json.loads(payload)
        change(p["data"])
        c.execute("UPDATE events SET payload = ? WHERE seq = ?", (json.dumps(p), seq))


def _rechain(db):
    """Recompute every hash and the head record: the log then verifies on its own."""
    exercise, events = events_of(db)
    prev = GENESIS
    with sqlite3.connect(db) as c:
        for e in events:
            prev = row_hash(prev, exercise, e)
            c.execute("UPDATE events SET hash = ? WHERE seq = ?", (prev, e.seq))
        c.execute("UPDATE meta SET value = ? WHERE key = 'head'", (json.dumps([events[-1].seq, prev]),))


def _reword_text(data):
    data["text"] = "Order destruction measures now, as the PM approved."  # the blocked order, whitewashed


def test_tampering_with_the_parents_shared_prefix_is_found(parent):
    fork, _ = fork_at(parent, "D8")
    _rewrite_event(parent, 7, _reword_text)
    code, out, err = run("verify", str(fork), "--parent", str(parent))
    assert code == 1
    assert "FORK DOES NOT MATCH" in err and "event #7" in err
    assert f"in the prefix the fork shares (#1–#{point_of(fork)})" in err


def test_a_parent_rewritten_with_a_fresh_chain_is_found_by_its_fork(parent):
    fork, _ = fork_at(parent, "D8")
    _rewrite_event(parent, 7, _reword_text)
    _rechain(parent)
    code, out, _ = run("verify", str(parent))
    assert code == 0  # on its own, the rewritten parent looks intact
    code, out, err = run("verify", str(fork), "--parent", str(parent))
    assert code == 1
    assert "event #7 (MoveBlocked) of the parent differs from the fork's copy" in err


def test_a_parent_changed_only_after_the_fork_point_still_matches_its_fork(parent):
    fork, _ = fork_at(parent, "D8")
    _rewrite_event(parent, 120, lambda d: d.update(note="added later"))
    _rechain(parent)
    code, out, err = run("verify", str(fork), "--parent", str(parent))
    assert code == 0, out + err


def test_a_forks_own_prefix_altered_and_rehashed_is_found_without_the_parent(parent):
    fork, _ = fork_at(parent, "D8")
    n = point_of(fork)
    parent.unlink()
    _rewrite_event(fork, 7, _reword_text)
    _rechain(fork)
    code, out, err = run("verify", str(fork))
    assert code == 1
    assert f"its first {n} events are not the prefix it recorded" in err


def test_a_fork_of_a_tampered_log_is_refused(parent):
    _rewrite_event(parent, 7, _reword_text)
    code, out, err = run("fork", str(parent), "--at", "D8", "-o", str(parent.with_name("fork.db")))
    assert code == 2 and "TAMPERED" in err and "event #7" in err
    assert not parent.with_name("fork.db").exists()


def test_fork_points_a_log_does_not_hold_are_refused_with_what_it_holds(parent):
    out = str(parent.with_name("fork.db"))
    code, _, err = run("fork", str(parent), "--at", "D99", "-o", out)
    assert code == 2 and "no decision point 'D99'" in err and "D1, D2" in err
    code, _, err = run("fork", str(parent), "--at", "D15B", "-o", out)
    assert code == 2
    code, _, err = run("fork", str(parent), "--at", "D20", "-o", out)
    assert code == 2 and "D20 never opened in this exercise" in err
    _, events = events_of(parent)
    code, _, err = run("fork", str(parent), "--at", "9999", "-o", out)
    assert code == 2 and f"this log holds #1 to #{len(events)}" in err
    ended = next(e.seq for e in events if e.type == ev.EXERCISE_ENDED)
    code, _, err = run("fork", str(parent), "--at", str(ended), "-o", out)
    assert code == 2 and f"ENDEX at #{ended}" in err
    assert not parent.with_name("fork.db").exists()
    assert "Traceback" not in err


def test_a_fork_of_a_fork_at_a_decision_that_timed_out_stops_before_the_timeout(parent, measured_moves):
    fork, _ = fork_at(parent, "D8")
    run("rehearse", "--resume", str(fork), "--moves", str(measured_moves))
    _, events = events_of(fork)
    timed_out = next(e for e in events if e.type == ev.DECISION_TIMED_OUT and e.data["decision"] == "D10")
    grandchild, _ = fork_at(fork, "D10", name="fork-2.db")
    _, mine = events_of(grandchild)
    forks = [e for e in mine if e.type == ev.FORKED]
    assert [f.data["parent"] for f in forks] == ["missile-launch-rehearsal", "fork"]
    assert forks[-1].data["point"] == timed_out.seq - 1
    code, out, err = run("verify", str(grandchild))
    assert code == 0, out + err
    assert f"forked from fork at #{timed_out.seq - 1} (before D10 was answered)" in out


def test_run_resume_opens_a_fork_paused_as_a_new_exercise_with_its_own_seat_codes(parent):
    from tabletop.server.app import open_exercise

    fork, _ = fork_at(parent, "D8")
    session, codes = open_exercise(resume=str(fork))
    try:
        state = session.state
        assert (state.exercise, state.phase) == ("fork", "paused")
        assert state.decision("D8").status == "open"
        assert not any(s.connected for s in state.seats.values())
        assert codes and "control" in codes and "us.president" in codes
    finally:
        session.store.close()


def test_option_names_another_option_of_the_decision_forked_at(parent):
    out = str(parent.with_name("fork.db"))
    code, _, err = run("fork", str(parent), "--at", "30", "--option", "measured", "-o", out)
    assert code == 2 and "--option goes with a decision point" in err
    code, _, err = run("fork", str(parent), "--at", "D8", "--option", "show-of-force", "-o", out)
    assert code == 2 and "D8 was answered show-of-force in this exercise" in err and "(measured)" in err
    code, _, err = run("fork", str(parent), "--at", "D8", "--option", "nuke", "-o", out)
    assert code == 2 and "decision D8 has no option 'nuke'; options: show-of-force, measured" in err
    assert not parent.with_name("fork.db").exists()


def test_replay_of_a_missing_log_or_point_says_so_without_opening_a_console(parent):
    code, _, err = run("replay", str(parent.with_name("nope.db")))
    assert code == 2 and "no such exercise log" in err
    code, _, err = run("replay", str(parent), "--at", "D99")
    assert code == 2 and "no decision point 'D99'" in err and "Traceback" not in err

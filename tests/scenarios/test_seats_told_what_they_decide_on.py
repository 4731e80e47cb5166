"""A deciding seat is told the facts its options need.

The server answers a seat's check from what that seat has been told (tabletop/engine/audience.py).
Given a decision whose option needs a fact that only an inject addressed to other seats sets,
`tabletop validate` warns at the option (FILE:LINE:COL, decision, option, fact, what to do) and
`--strict` refuses the file; and on every shipped rehearsal path, no option the rules allow is
shown blocked to the seat deciding it."""

from __future__ import annotations

import re
from datetime import timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from tabletop.cli import main
from tabletop.engine.audience import SeatKnowledge
from tabletop.engine.fold import evolve
from tabletop.engine.moves import verdict_for
from tabletop.engine.state import initial
from tabletop.rehearsal import load_moves, rehearse
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.store import MemoryStore

REPO = Path(__file__).resolve().parents[2]
PLAYED = sorted(p for p in list((REPO / "scenarios").glob("*.yaml")) + list((REPO / "scenarios" / "examples").glob("*.yaml"))
                if not p.name.endswith(".moves.yaml"))


def _telling(inject: str, at: str, to: str) -> str:
    """An inject, told to `to`, that makes the flag missile-toward-japan hold."""
    return f"""\
  - id: {inject}
    at: "{at}"
    to: [{to}]
    title: {{en: t, ja: t}}
    body: {{en: b, ja: b}}
    set_flags: [missile-toward-japan]
"""


UNBRIEFED = """\
format: tabletop/1
id: unbriefed
title: {en: t, ja: t}
start: 2027-10-05T06:40:00+09:00
seats: [jp.pm, jp.mod]
injects:
""" + _telling("I02", "+00:04", "jp.mod") + """\
  - id: I04
    at: "+00:08"
    to: [jp.pm]
    title: {en: t, ja: t}
    body: {en: b, ja: b}
    decisions:
      - id: D3
        to: jp.pm
        prompt: {en: p, ja: p}
        deadline: "+00:05"
        options:
          - {id: approve, label: {en: a, ja: a}, action: jp.approve-bmd-destruction}
          - {id: wait, label: {en: w, ja: w}}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "unbriefed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_option_needing_a_fact_told_only_to_others_is_a_warning_and_strict_refuses_it(tmp_path):
    path = _write(tmp_path, UNBRIEFED)
    plain = CliRunner().invoke(main, ["validate", str(path)])
    assert plain.exit_code == 0, plain.output
    line = next(x for x in plain.output.splitlines() if "D3" in x)
    assert re.match(rf"{re.escape(str(path))}:24:13: warning: inject I04: decision D3, option approve: jp.pm needs the flag "
                    r"missile-toward-japan, which inject I02 can make hold", line), line
    assert "Address inject I02 to jp.pm too" in line
    strict = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1 and "D3" in strict.output


def test_the_warning_reads_in_japanese(tmp_path):
    path = _write(tmp_path, UNBRIEFED)
    result = CliRunner().invoke(main, ["--lang", "ja", "validate", str(path)])
    assert "決定事項D3の選択肢approve：jp.pmにはフラグ「missile-toward-japan」が必要だが" in result.output
    assert "付与I02をjp.pmにも宛てる" in result.output


def test_addressing_the_inject_to_the_deciding_seat_clears_it(tmp_path):
    path = _write(tmp_path, UNBRIEFED.replace("    to: [jp.mod]\n", "    to: [jp.mod, jp.pm]\n"))
    assert load_scenario(str(path)).warnings == []


def test_a_fact_told_only_after_the_decision_closes_does_not_count(tmp_path):
    later = UNBRIEFED + _telling("I05", "+00:20", "jp.pm")
    warnings = load_scenario(str(_write(tmp_path, later))).warnings
    assert [w.say.fields["problem"].fields["decision"] for w in warnings] == ["D3"]


@pytest.mark.parametrize("path", PLAYED, ids=[p.stem for p in PLAYED])
def test_no_lawful_option_is_shown_blocked_to_its_deciding_seat_on_the_rehearsal_path(path):
    loaded = load_scenario(str(path))
    store = MemoryStore("told")
    session = Session.create(loaded, store, loaded.scenario.start.astimezone(timezone.utc))
    rehearse(session, load_moves(str(path.with_name(path.stem + ".moves.yaml"))))
    state, knowledge, shown_blocked = initial(loaded.scenario, loaded.doctrine), None, set()
    for e in store.read():
        state = evolve(state, e)
        knowledge = knowledge or SeatKnowledge(state.plan.side_seats)
        knowledge.learn(e)
        for did, ds in state.decisions.items():
            if ds.status != "open":
                continue
            dec = state.plan.decisions[did][1]
            for opt in dec.options:
                if opt.action in loaded.doctrine.actions and not state.rules.evaluate(state, dec.to, opt.action).blocked:
                    if verdict_for(knowledge.view(state, dec.to), dec.to, opt.action).blocked:
                        shown_blocked.add(f"{did}/{opt.id} at #{e.seq}")
    assert not shown_blocked, f"{dec.to}'s console would show lawful options blocked: {sorted(shown_blocked)}"

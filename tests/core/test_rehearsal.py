"""Rehearsals: the headless player of moves files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.rehearsal import load_moves, rehearse, summary
from tabletop.scenario.loader import load_scenario_text
from tabletop.session import Session
from tabletop.store import MemoryStore


@pytest.mark.parametrize("speed", [3599, 3600])
def test_a_fast_clock_rehearses_to_the_same_outcome(mini, fixtures, speed):
    path = Path(mini.path)
    text = path.read_text(encoding="utf-8").replace("speed: 60", f"speed: {speed}")
    loaded = load_scenario_text(text, str(path))
    session = Session.create(loaded, MemoryStore("fast"), loaded.scenario.start)
    report = rehearse(session, load_moves(str(fixtures / "mini.moves.yaml")), max_steps=1000)
    assert report.ok, (report.problems, report.unmet)


def _moves(tmp_path, lines: str):
    path = tmp_path / "m.moves.yaml"
    path.write_text("format: tabletop-moves/1\nmoves:\n" + lines, encoding="utf-8")
    return str(path)


def test_a_move_by_a_seat_not_in_play_is_reported_not_played(mini, tmp_path):
    moves = load_moves(_moves(tmp_path, '  - {at: "+00:06", seat: blue.led, action: blue.approve}\n'
                                        '  - {at: "+00:07", seat: system, control: end}\n'))
    session = Session.create(mini, MemoryStore("m"), mini.scenario.start)
    report = rehearse(session, moves)
    assert not report.ok
    assert any("blue.led" in str(p) and "not a seat" in str(p) for p in report.problems), report.problems
    assert any("system" in str(p) and "not a seat" in str(p) for p in report.problems), report.problems
    assert "blue.approve" not in session.state.done
    assert [e.actor for e in report.events if e.type == "ExerciseEnded"] == ["control"]


def test_a_bad_speed_in_a_moves_file_is_reported_at_its_position(tmp_path):
    from tabletop.problems import ProblemsFound

    path = _moves(tmp_path, '  - {at: "+00:06", seat: control, control: speed, speed: 0}\n')
    with pytest.raises(ProblemsFound) as exc:
        load_moves(path)
    assert str(exc.value.problems[0]).startswith(f"{path}:3:") and "speed" in str(exc.value.problems[0])


def test_a_move_the_engine_cannot_take_is_reported_in_one_line(mini, tmp_path):
    moves = load_moves(_moves(tmp_path, '  - {at: "+00:06", seat: control, ruling: {on: 0, verdict: uphold, reason: x}}\n'
                                        '  - {at: "+00:07", seat: blue.lead, message: {to: [red.lead], text: ""}}\n'))
    session = Session.create(mini, MemoryStore("m"), mini.scenario.start)
    report = rehearse(session, moves)
    assert len(report.problems) == 2, report.problems
    lines = [str(p) for p in report.problems]
    assert all("\n" not in p and "pydantic" not in p for p in lines), lines
    assert "target" in lines[0] and "text" in lines[1]


# Ids and codes a problem line names as the moves file and the log do; anything else in ASCII
# letters in a Japanese line is an English leftover.
IDS = re.compile(r"[A-Za-z][\w.-]*[.-][\w.-]+|[DI]\d+|(?<![A-Za-z])(?:control|text|strike|hold|approve)(?![A-Za-z])")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def _japanese_leftovers(lines: list[str]) -> list[str]:
    return [line for line in lines if ENGLISH_WORD.search(IDS.sub("", line))]


def test_every_problem_a_rehearsal_finds_reads_in_japanese(mini, tmp_path):
    """Given a moves file with a seat not in play, a move the command model refuses, a ruling
    with nothing to rule on, and moves the engine refuses, and expectations none of which hold,
    when the rehearsal's problems are said in Japanese, then no English word is left but ids."""
    moves = load_moves(_moves(tmp_path, (
        '  - {at: "+00:01", seat: blue.led, action: blue.approve}\n'
        '  - {at: "+00:02", seat: blue.lead, message: {to: [red.lead], text: ""}}\n'
        '  - {at: "+00:03", seat: control, ruling: {on: last-blocked, seat: blue.ops, verdict: uphold, reason: x}}\n'
        '  - {at: "+00:04", seat: control, ruling: {on: last-blocked, verdict: uphold, reason: x}}\n'
        '  - {at: "+00:05", seat: blue.lead, ack: I04}\n'
        '  - {at: "+00:06", seat: blue.ops, decision: D9, option: strike}\n'
        'expect:\n  decisions: {D1: approve}\n  released: [I03]\n  not_released: [I01]\n'
        '  blocked: [{seat: blue.lead, action: blue.strike}]\n  rulings: 2\n')))
    session = Session.create(mini, MemoryStore("m"), mini.scenario.start)
    report = rehearse(session, moves)
    assert len(report.problems) == 6 and len(report.unmet) == 5, (report.problems, report.unmet)
    japanese = [p.text("ja") for p in report.problems + report.unmet]
    assert _japanese_leftovers(japanese) == [], japanese
    assert "  +00:01:00 blue.led：この演習の席ではない。使える席：blue.lead、blue.ops、red.lead、control、evaluator-1〜2" \
        in summary(report, "ja").splitlines()
    assert "決定事項D1：期待はapprove、実際は決定（strike）" in japanese or \
        "決定事項D1：期待はapprove、実際は期限切れ（hold）" in japanese, japanese
    assert "受け付けられなかった" in japanese[4] and "付与I04はあなたに付与されていない" in japanese[4], japanese
    english = [p.text("en") for p in report.problems + report.unmet]
    assert "expected 2 rulings, got 0" in english and "inject I01: expected not released, but it was" in english


def test_a_decision_whose_every_option_is_blocked_is_said_in_both_languages(fixtures):
    """Given a decision point whose two options are both the blocked strike, when it opens in a
    rehearsal, then the summary names it, in English and in Japanese."""
    path = fixtures / "mini.yaml"
    text = path.read_text(encoding="utf-8").replace("action: blue.hold}", "action: blue.strike}")
    loaded = load_scenario_text(text, str(path))
    session = Session.create(loaded, MemoryStore("b"), loaded.scenario.start)
    report = rehearse(session, None)
    assert [p.text("en") for p in report.all_blocked] == ["D1 (blue.ops): every option is blocked when it opens"]
    assert "  D1（blue.ops）：開かれた時点ですべての選択肢が阻止される" in summary(report, "ja").splitlines()

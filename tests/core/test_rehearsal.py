"""Rehearsals: the headless player of moves files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.rehearsal import load_moves, rehearse
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
    assert any("blue.led" in p and "not a seat" in p for p in report.problems), report.problems
    assert any("system" in p and "not a seat" in p for p in report.problems), report.problems
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
    assert all("\n" not in p and "pydantic" not in p for p in report.problems), report.problems
    assert "target" in report.problems[0] and "text" in report.problems[1]

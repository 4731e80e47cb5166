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

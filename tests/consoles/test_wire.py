"""The consoles' wire names match the engine's, and a participant console
starts without importing the engine (or pydantic)."""

from __future__ import annotations

import subprocess
import sys

from tabletop.consoles import wire
from tabletop.engine import events as engine_events
from tabletop.engine.state import Clock
from tabletop.text import format_offset


def test_event_type_names_are_the_engines():
    names = {k: v for k, v in vars(engine_events).items() if k.isupper() and isinstance(v, str)}
    mine = {k: v for k, v in vars(wire).items() if k.isupper() and isinstance(v, str)}
    assert mine == names


def test_clock_and_offsets_agree_with_the_engine():
    for args in [(False, 1.0, 100.0, 30.0), (True, 1.5, 100.0, 30.0), (True, 60.0, 5.0, 0.0)]:
        for wall in (0.0, 99.0, 100.0, 163.7):
            assert wire.Clock(*args).at(wall) == Clock(*args).at(wall)
    for seconds in (0, 59.9, 3600, 86399, -61, 360000):
        assert wire.format_offset(seconds) == format_offset(seconds)


def test_participant_console_does_not_import_the_engine():
    code = ("import sys, tabletop.consoles.app, tabletop.consoles.screens.participant, "
            "tabletop.consoles.screens.evaluator; "
            "print(sorted(m for m in sys.modules if m.startswith(('tabletop.engine', 'pydantic'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

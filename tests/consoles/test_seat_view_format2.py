"""A seat's own view of a format tabletop/2 exercise, folded from the events it receives: the
clock follows a jump and a phase's pace, a joint decision reaches each of its seats, and a
real-time window's countdown follows DeadlineMoved (tests/fixtures/mini2.yaml, 60x then 30x)."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from tabletop.consoles.model import SeatView
from tabletop.engine import commands as c
from tabletop.engine.events import visible_to
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.store import MemoryStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def view_of(session, seat: str) -> SeatView:
    view = SeatView({"seat": seat, "kind": "player", "scenario": {}})
    for e in session.store.read():
        if visible_to(e, seat, "player"):
            view.apply(e)
    return view


def test_given_a_jump_and_a_real_time_window_then_each_seat_sees_the_clock_and_countdown_the_server_has():
    loaded = load_scenario(str(FIXTURES / "mini2.yaml"))
    now = loaded.scenario.start.astimezone(timezone.utc).timestamp()
    from datetime import datetime

    def at(seconds: float):
        return datetime.fromtimestamp(now + seconds, tz=timezone.utc)

    session = Session.create(loaded, MemoryStore("v2"), at(0))
    session.handle(c.Start(), "control", at(0))
    session.tick(at(5))  # D1 opens for both blue seats
    session.handle(c.Jump(), "control", at(65))  # to +12:00 at 30x, D1's window moving with it
    for seat in ("blue.lead", "blue.ops"):
        view = view_of(session, seat)
        assert view.clock.at(now + 125) == pytest.approx(session.state.clock.at(now + 125))  # +12:30
        assert view.decisions["D1"].deadline_at == pytest.approx(session.state.decision("D1").deadline_at)
    assert "D1" not in view_of(session, "red.lead").decisions

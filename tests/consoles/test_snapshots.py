"""What the three consoles look like, frozen: a fixed exercise on the in-memory
stand-in server, a frozen clock, UTC. Update with `pytest --snapshot-update`
after checking the new pictures by eye."""

from __future__ import annotations

import time

import pytest

from tabletop.consoles.app import ConsoleApp

from console_fakes import Hub
from console_helpers import SIZE, until


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def played() -> Hub:
    """Started, I01 released early, a blocked strike awaiting a ruling, a message across sides, paused."""
    hub = Hub()
    hub.handle("control", {"type": "start"})
    hub.handle("control", {"type": "speed", "speed": 1})
    hub.advance(200)
    hub.handle("control", {"type": "release", "inject": "I01"})
    hub.advance(40)
    hub.handle("blue.ops", {"type": "move", "decision": "D1", "option": "strike", "text": "Strike first"})
    hub.advance(20)
    hub.handle("blue.lead", {"type": "message", "to": ["red.lead"], "text": "Launch detected. 発射を探知。"})
    hub.handle("control", {"type": "pause"})
    return hub


def console(hub: Hub, seat: str) -> ConsoleApp:
    return ConsoleApp("ws://exercise.example:8765/ws", hub.codes[seat], client_factory=hub.client, now=hub.now)


async def ready(pilot) -> None:
    app = pilot.app
    await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_facilitator_console(snap_compare):
    assert snap_compare(console(played(), "control"), terminal_size=SIZE, run_before=ready)


def test_participant_console(snap_compare):
    assert snap_compare(console(played(), "blue.ops"), terminal_size=SIZE, run_before=ready)


def test_participant_console_in_japanese(snap_compare):
    app = console(played(), "blue.ops")
    app.lang = "ja"
    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_evaluator_console(snap_compare):
    hub = played()
    hub.handle("evaluator-1", {"type": "observation", "objective": "OBJ1", "rating": "M",
                               "text": "Strike attempted before approval"})
    assert snap_compare(console(hub, "evaluator-1"), terminal_size=SIZE, run_before=ready)


def test_presenter_view(snap_compare):
    """The room's screen: clock, the latest inject to everyone (I04, not I01 to blue only), the board."""
    hub = played()
    hub.handle("control", {"type": "release", "inject": "I04"})
    app = ConsoleApp("ws://exercise.example:8765/ws", hub.codes["control"], client_factory=hub.client, now=hub.now,
                     present=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=ready)

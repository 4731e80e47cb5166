"""Start-up (tabletop/consoles/startup.py): the console commands pause Python's cyclic garbage
collector until the console is on screen; the console runs it again once drawn, or once it is
waiting for a person (the code prompt), and a moment later freezes what start-up built."""

from __future__ import annotations

import gc

import pytest

from tabletop.consoles import startup
from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.ask_code import AskCodeScreen
from tabletop.consoles.screens.participant import ParticipantScreen

from console_helpers import SIZE, until


@pytest.fixture
def paused_collector(monkeypatch):
    """As `tabletop join` leaves it before the console starts; the collector as it was afterwards."""
    monkeypatch.setattr(startup, "SETTLE", 0.05)
    startup.pause()
    try:
        yield
    finally:
        startup.resume()
        startup.settle()
        gc.unfreeze()
        gc.enable()


def test_pause_and_resume_only_undo_each_other():
    assert gc.isenabled()
    startup.resume()  # not paused: nothing to do
    assert gc.isenabled() and not startup.paused()
    startup.pause()
    assert not gc.isenabled() and startup.paused()
    startup.resume()
    assert gc.isenabled() and not startup.paused()
    startup.settle()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


async def test_the_collector_runs_again_once_the_console_is_drawn(paused_collector):
    from console_fakes import Hub

    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes["blue.ops"], client_factory=hub.client, now=hub.now)
    assert not gc.isenabled()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen._ready, "participant console")
        await until(pilot, gc.isenabled, "the collector running again")
        # a moment later what start-up built is frozen: later collections do not walk it
        await until(pilot, lambda: gc.get_freeze_count() > 0, "the start-up's objects frozen")


async def test_the_collector_runs_again_while_the_console_asks_for_the_code(paused_collector):
    app = ConsoleApp("ws://x/ws", None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, AskCodeScreen), "the code prompt")
        assert gc.isenabled()

"""The garbage collector (tabletop/consoles/collector.py): the console commands pause it until the
console is on screen; the console runs it again once drawn, or once it is waiting for a person
(the code prompt), then freezes what the start built and runs the full collections itself,
between key presses."""

from __future__ import annotations

import gc

import pytest

from tabletop.consoles import collector
from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.ask_code import AskCodeScreen
from tabletop.consoles.screens.participant import ParticipantScreen

from console_helpers import SIZE, until


@pytest.fixture
def paused_collector(monkeypatch):
    """As `tabletop join` leaves it before the console starts; the collector as it was afterwards."""
    monkeypatch.setattr(collector, "SETTLE", 0.05)
    collector.release()
    collector.pause()
    try:
        yield
    finally:
        collector.release()


def full_collections() -> int:
    return gc.get_stats()[2]["collections"]


def test_pause_and_resume_only_undo_each_other():
    try:
        collector.release()  # as Python has it
        collector.resume()  # not paused: nothing to do
        assert gc.isenabled() and not collector.unsettled()
        collector.pause()
        assert not gc.isenabled() and collector.paused()
        collector.resume()
        assert gc.isenabled() and not collector.paused()
        collector.settle()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[2] == collector.NEVER  # Python no longer starts full collections
    finally:
        collector.release()
    assert gc.get_threshold()[2] != collector.NEVER and gc.get_freeze_count() == 0


def test_full_collections_wait_for_a_pause_in_the_key_presses():
    try:
        collector.release()
        collector.pause()
        collector.resume()
        collector.settle(now=1000.0)
        before = full_collections()
        collector.key_pressed(now=1030.5)
        assert not collector.tend(now=1031.0)  # due, but a key was pressed half a second ago
        assert not collector.tend(now=1031.4)
        assert collector.tend(now=1031.6)  # a second without a key
        assert full_collections() == before + 1
        collector.key_pressed(now=1040.0)
        assert not collector.tend(now=1045.0)  # quiet, but 30 s have not passed since the last
        ran = []
        for t in range(1046, 1340):  # a key pressed every second from then on
            collector.key_pressed(now=t)
            if collector.tend(now=t + 0.2):
                ran.append(t)
        assert ran == [1332]  # only once five minutes had passed since the last
        assert full_collections() == before + 2
    finally:
        collector.release()


async def test_the_collector_runs_again_once_the_console_is_drawn(paused_collector):
    from console_fakes import Hub
    from test_participant import participant

    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes["blue.ops"], client_factory=hub.client, now=hub.now)
    assert not gc.isenabled()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen._ready,
                    "participant console")
        await until(pilot, gc.isenabled, "the collector running again")
        # a moment later what the start built is frozen, and the console runs the full collections
        await until(pilot, lambda: gc.get_freeze_count() > 0 and gc.get_threshold()[2] == collector.NEVER,
                    "the start's objects frozen")
        await participant(pilot, app)  # its forms mounted after the first frame: not closed mid-way


async def test_the_collector_runs_again_while_the_console_asks_for_the_code(paused_collector):
    app = ConsoleApp("ws://x/ws", None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, AskCodeScreen), "the code prompt")
        assert gc.isenabled()


def test_a_console_command_that_fails_leaves_the_collector_as_it_was():
    from click.testing import CliRunner

    from tabletop.cli import main

    result = CliRunner().invoke(main, ["join", "host:port", "--code", "X"])
    assert result.exit_code == 2 and "HOST:PORT" in result.output
    assert gc.isenabled() and not collector.paused() and gc.get_threshold()[2] != collector.NEVER

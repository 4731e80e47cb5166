"""The presenter view (`tabletop present`) for the room's shared screen: the clock, the latest
inject released to every seat, the situation board — and nothing secret, nothing sent."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.presenter import PresenterScreen

from console_helpers import SIZE, text_of, until

PRESENTER = Path(__file__).resolve().parents[1] / "fixtures" / "presenter.yaml"


@pytest.fixture
async def room():
    """A real server on presenter.yaml (mini, with controller notes and an inject to everyone)."""
    from tabletop.client import Client
    from tabletop.server.app import open_exercise, start_server

    session, codes = open_exercise(str(PRESENTER), db=":memory:")
    handle = await start_server(session, codes, "127.0.0.1", 0)
    control = Client(handle.url, codes["control"])
    await control.connect()
    try:
        yield handle, session, codes, control
    finally:
        await control.close()
        await handle.close()


def on_screen(screen) -> str:
    return "\n".join(text_of(w) for w in screen.query("Static"))


async def test_the_presenter_shows_the_inject_to_everyone_and_no_note_or_seat_addressed_inject(room):
    handle, session, codes, control = room
    app = ConsoleApp(handle.url, codes["control"], present=True, expect="control")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PresenterScreen) and app.screen._ready, "presenter")
        screen = app.screen
        assert "No inject has been released to everyone yet." in on_screen(screen)
        for command in ({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"},
                        {"type": "release", "inject": "I05"}, {"type": "release", "inject": "I02"}):
            await control.send(command)
        await until(pilot, lambda: "Press conference" in text_of(screen.query_one("#inject")), "I05 shown")
        shown = text_of(screen.query_one("#inject"))
        assert "The Chief Cabinet Secretary speaks to the press." in shown and "Cabinet Office" in shown
        await until(pilot, lambda: screen.query_one("ScenarioClock").phase == "paused", "the clock paused")
        everything = on_screen(screen)
        assert "CONTROLLER NOTE" not in everything  # no controller note, of any inject
        assert "Red only" not in everything and "Warning" not in everything  # injects to some seats only
        assert "Mini exercise" in everything
        await pilot.press("f9")
        await until(pilot, lambda: "記者会見" in text_of(screen.query_one("#inject")), "in Japanese")
        assert "最新の付与" in str(screen.query_one("#inject-box").border_title)


async def test_the_presenter_sends_nothing_whatever_is_pressed(room):
    handle, session, codes, control = room
    app = ConsoleApp(handle.url, codes["control"], present=True, expect="control")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PresenterScreen) and app.screen._ready, "presenter")
        before = [e.type for e in session.store.read()]
        await pilot.press("s", "p", "space", "r", "e", "enter", "a", "u")  # the facilitator's keys
        await pilot.pause()
        await control.send({"type": "pause"})  # a round trip: anything the presenter sent is in by now
    after = [e.type for e in session.store.read()]
    assert after == before  # nothing logged: no start, no release, no acknowledgement


def test_present_with_a_bad_address_says_what_to_type():
    from tabletop.cli import main

    result = CliRunner().invoke(main, ["present", "nowhere:port", "--code", "X"])
    assert result.exit_code == 2 and "HOST:PORT" in result.output

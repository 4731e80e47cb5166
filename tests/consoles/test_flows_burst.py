"""Keys typed in one burst, faster than the console handles them (#24 point 1, the gap left after
stop 30): each piece of text lands in the box the cursor was in when it was typed, never all in
one box, never nowhere."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.connecting import ConnectingScreen
from tabletop.consoles.screens.participant import ParticipantScreen
from tabletop.consoles.widgets.action_form import ActionForm
from tabletop.consoles.widgets.messages_panel import MessagesPanel

from console_helpers import burst, until
from test_participant import participant


def act_boxes(screen) -> tuple[str, str]:
    form = screen.query_one(ActionForm)
    return form.query_one("#action-search", Input).value, form.query_one("#note", Input).value


async def test_search_tab_note_typed_in_one_burst_land_in_their_boxes(live):
    """F4, "hold", Tab, "by phone", sent at once: the search reads "hold", the note "by phone"."""
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await participant(pilot, app)
        burst(app, "f4", *"hold", "tab", *"by phone")
        await until(pilot, lambda: act_boxes(screen) == ("hold", "by phone"), "each text in its box",
                    seen=lambda: act_boxes(screen))
        assert app.focused is screen.query_one(ActionForm).query_one("#note")


async def test_a_burst_typed_before_the_forms_are_mounted_is_kept(live):
    """The same burst sent the moment the console is drawn, before its Act form is mounted: the
    keys wait for the form, and each text is in its box."""
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the console drawn")
        screen = app.screen
        assert not screen._forms_ready  # the burst comes before the forms
        burst(app, "f4", *"hold", "tab", *"by phone")
        await participant(pilot, app)
        await until(pilot, lambda: act_boxes(screen) == ("hold", "by phone"), "each text in its box",
                    seen=lambda: act_boxes(screen))


async def test_a_message_typed_in_one_burst_after_f6_is_in_the_message_box(live):
    app = ConsoleApp(live.url, live.codes["blue.lead"])
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await participant(pilot, app)
        burst(app, "f6", *"Call me")
        box = screen.query_one(MessagesPanel).query_one("#message-text", Input)
        await until(pilot, lambda: box.value == "Call me", "the typing in the message box", seen=lambda: box.value)
        assert app.focused is box



def held_back(gate):
    """A client factory whose connection waits for `gate`: the console stays on "Connecting…"."""
    from tabletop.client import Client

    def factory(url, code, **kwargs):
        client = Client(url, code, **kwargs)
        connect = client.connect

        async def when_let_through():
            await gate.wait()
            return await connect()

        client.connect = when_let_through
        return client

    return factory


async def typed_while_connecting(app, pilot, gate, *keys: str) -> None:
    """`keys` typed while "Connecting…" shows, then the connection let through."""
    await until(pilot, lambda: isinstance(app.screen, ConnectingScreen), "Connecting…")
    burst(app, *keys)
    await pilot.pause()
    assert app.console_screen is None  # the keys were handled before the console existed
    gate.set()


async def test_keys_typed_before_the_console_is_drawn_are_kept(live):
    """Typed with the command, while "Connecting…" still shows (#24: nothing typed is ever lost):
    F4, "hold", Tab, "by phone" land in the Act form once the console is up, in the order typed."""
    gate = asyncio.Event()
    app = ConsoleApp(live.url, live.codes["blue.ops"], client_factory=held_back(gate))
    async with app.run_test(size=(200, 50)) as pilot:
        await typed_while_connecting(app, pilot, gate, "f4", *"hold", "tab", *"by phone")
        screen = await participant(pilot, app)
        await until(pilot, lambda: act_boxes(screen) == ("hold", "by phone"), "each text in its box",
                    seen=lambda: act_boxes(screen))
        assert app.focused is screen.query_one(ActionForm).query_one("#note")


async def test_a_message_typed_before_the_console_is_drawn_is_in_the_message_box(live):
    gate = asyncio.Event()
    app = ConsoleApp(live.url, live.codes["blue.lead"], client_factory=held_back(gate))
    async with app.run_test(size=(200, 50)) as pilot:
        await typed_while_connecting(app, pilot, gate, "f6", *"Call me")
        screen = await participant(pilot, app)
        box = screen.query_one(MessagesPanel).query_one("#message-text", Input)
        await until(pilot, lambda: box.value == "Call me", "the typing in the message box", seen=lambda: box.value)


async def test_ctrl_q_while_connecting_leaves_at_once(live):
    """Quitting is not held for the console: ctrl+q on "Connecting…" ends the command."""
    gate = asyncio.Event()
    app = ConsoleApp(live.url, live.codes["blue.lead"], client_factory=held_back(gate))
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ConnectingScreen), "Connecting…")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, "the console gone")
    assert app.console_screen is None


async def test_a_japanese_hotwash_typed_in_one_burst_fills_both_boxes(at_hotwash):
    """The walkthrough's #36: a sentence, Tab, a sentence, sent at once (as tmux sends them): each
    sentence is in its own box, nothing of the second in Strengths."""
    app, pilot, screen = at_hotwash.app, at_hotwash.pilot, at_hotwash.screen
    from textual.widgets import TextArea

    boxes = lambda: (screen.query_one("#strengths", TextArea).text, screen.query_one("#improvements", TextArea).text)
    burst(app, *"破壊措置命令の承認が迅速だった。", "tab", *"事態認定の準備が遅れた。")
    await until(pilot, lambda: boxes() == ("破壊措置命令の承認が迅速だった。", "事態認定の準備が遅れた。"),
                "each sentence in its box", seen=boxes)

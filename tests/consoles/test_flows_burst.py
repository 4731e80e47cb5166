"""Keys typed in one burst, faster than the console handles them (#24 point 1, the gap left after
stop 30): each piece of text lands in the box the cursor was in when it was typed, never all in
one box, never nowhere."""

from __future__ import annotations

from textual.widgets import Input

from tabletop.consoles.app import ConsoleApp
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

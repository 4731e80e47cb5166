"""The facilitator's ad-hoc inject carries a Japanese body (optional), and a seat reading in Japanese
gets it; one reading in English gets the English (#24, found by a new user)."""

from __future__ import annotations

from textual.widgets import OptionList, SelectionList

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.adhoc import AdhocScreen
from tabletop.consoles.widgets.inbox import Inbox

from console_helpers import text_of, until
from test_participant import participant


async def write_adhoc(pilot, app, *keys: str) -> None:
    """`a`, then the keys as a facilitator types them, then ctrl+s; waits for the dialog to close."""
    await until(pilot, lambda: getattr(app.screen, "_ready", False), "the facilitator console")
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, AdhocScreen), "the ad-hoc dialog")
    await until(pilot, lambda: app.focused is app.screen.query_one(SelectionList), "the seats first")
    await pilot.press(*keys, "ctrl+s")
    await until(pilot, lambda: not isinstance(app.screen, AdhocScreen), "the dialog sent")


def typed(text: str) -> list[str]:
    """The keys that type `text` (a space is the key "space")."""
    return ["space" if ch == " " else ch for ch in text]


async def test_an_adhoc_inject_with_a_japanese_body_reads_in_japanese_at_a_japanese_seat():
    from console_fakes import Hub

    hub = Hub()
    hub.handle("control", {"type": "start"})
    control = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)
    async with control.run_test(size=(200, 50)) as pilot:
        # the first seat (blue.lead) ticked; Tab: English title, Japanese title, English text, Japanese text
        await write_adhoc(pilot, control, "space", "tab", *typed("Fishing fleet"), "tab", *"漁船団",
                          "tab", *typed("Two hundred boats."), "tab", *"漁船二百隻が沖合にいる")
    released = [e.data for e in hub.session.store.read() if e.type == "InjectReleased"]
    assert released[-1]["title"] == {"en": "Fishing fleet", "ja": "漁船団"}
    assert released[-1]["body"] == {"en": "Two hundred boats.", "ja": "漁船二百隻が沖合にいる"}
    assert released[-1]["to"] == ["blue.lead"]

    for lang, body in (("ja", "漁船二百隻が沖合にいる"), ("en", "Two hundred boats.")):
        seat = ConsoleApp("ws://x/ws", hub.codes["blue.lead"], client_factory=hub.client, now=hub.now, lang=lang)
        async with seat.run_test(size=(200, 50)) as pilot:
            screen = await participant(pilot, seat)
            inbox = screen.query_one(Inbox)
            await until(pilot, lambda: inbox.items, "X01 in the inbox")
            inbox.query_one(OptionList).focus()
            await pilot.press("down")
            await until(pilot, lambda: body in text_of(inbox.query_one("#reader-text")), f"the {lang} body read")


async def test_without_a_japanese_body_a_japanese_seat_reads_the_english_one():
    from console_fakes import Hub

    hub = Hub()
    hub.handle("control", {"type": "start"})
    control = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)
    async with control.run_test(size=(200, 50)) as pilot:
        await write_adhoc(pilot, control, "space", "tab", *typed("Fishing fleet"), "tab", "tab",
                          *typed("Two hundred boats."))
    released = [e.data for e in hub.session.store.read() if e.type == "InjectReleased"]
    assert released[-1]["body"] == {"en": "Two hundred boats.", "ja": "Two hundred boats."}  # the English, as written


async def test_a_white_cell_may_write_the_adhoc_inject_in_japanese_only():
    """Given a facilitator who writes only the Japanese title and text, when they send, then the
    inject goes out, and a seat reading in English gets the Japanese as written."""
    from console_fakes import Hub

    hub = Hub()
    hub.handle("control", {"type": "start"})
    control = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now, lang="ja")
    async with control.run_test(size=(200, 50)) as pilot:
        await write_adhoc(pilot, control, "space", "tab", "tab", *"漁船団", "tab", "tab", *"漁船二百隻")
    released = [e.data for e in hub.session.store.read() if e.type == "InjectReleased"]
    assert released[-1]["title"] == {"en": "漁船団", "ja": "漁船団"}
    assert released[-1]["body"] == {"en": "漁船二百隻", "ja": "漁船二百隻"}


async def test_one_esc_does_not_throw_away_a_drafted_adhoc_inject():
    """Given a drafted ad-hoc inject, when the facilitator presses Esc, then the dialog stays with
    the draft and says how to discard it; a second Esc discards it and nothing is sent."""
    from console_fakes import Hub

    hub = Hub()
    hub.handle("control", {"type": "start"})
    control = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)
    async with control.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: getattr(control.screen, "_ready", False), "the facilitator console")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(control.screen, AdhocScreen), "the ad-hoc dialog")
        dialog = control.screen
        await pilot.press("tab", *typed("Fishing fleet"), "escape")
        await until(pilot, lambda: "still here" in text_of(dialog.query_one("#error")), "said, not dropped")
        assert control.screen is dialog
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(control.screen, AdhocScreen), "the second Esc discards")
    assert not [e for e in hub.session.store.read() if e.type == "InjectReleased" and e.data["title"]["en"] == "Fishing fleet"]

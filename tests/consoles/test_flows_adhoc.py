"""The facilitator's ad-hoc inject carries a Japanese body (optional), and a seat reading in Japanese
gets it; one reading in English gets the English (#24, found by a new user)."""

from __future__ import annotations

from textual.app import App
from textual.geometry import Region
from textual.widgets import OptionList, SelectionList

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.adhoc import AdhocScreen
from tabletop.consoles.widgets.inbox import Inbox

from console_helpers import burst, text_of, until
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


class AdhocHost(App):
    """The ad-hoc dialog alone, for three seats."""

    def on_mount(self) -> None:
        self.push_screen(AdhocScreen([("blue.lead", "Blue Lead"), ("blue.ops", "Blue Operations"),
                                      ("red.lead", "Red Lead")]))


def seat_lines(widget) -> list[str]:
    """A seat's line, inside the list's frame: its button ▐…▌, its name."""
    width, height = widget.outer_size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height)) if "▐" in strip.text]


async def test_the_seat_list_marks_ticked_seats_without_colour():
    """The seats to receive the inject read ● when ticked and ○ when not, in the text itself (what
    a monochrome terminal or a projector shows), not only in the button's colour."""
    lines = seat_lines
    app = AdhocHost()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, AdhocScreen), "the ad-hoc dialog")
        seats = app.screen.query_one(SelectionList)
        await until(pilot, lambda: app.focused is seats, "the seats first")
        await until(pilot, lambda: len(lines(seats)) == 3, "three seats drawn", seen=lambda: lines(seats))
        assert all("○" in line and "●" not in line for line in lines(seats)), lines(seats)
        await pilot.press("down", "space")  # Blue Operations ticked
        await until(pilot, lambda: "●" in "".join(lines(seats)), "a seat ticked", seen=lambda: lines(seats))
        drawn = {line.split("▌", 1)[-1].strip(" ▎"): line for line in lines(seats)}
        assert "●" in drawn["Blue Operations"] and "○" not in drawn["Blue Operations"], drawn
        assert "○" in drawn["Blue Lead"] and "○" in drawn["Red Lead"], drawn
        assert not any("X" in line for line in drawn.values()), drawn  # Textual's own mark is gone


async def test_seats_ticked_in_one_burst_are_the_ones_highlighted_at_each_space():
    """↓ Space ↓ Space typed at once ticks the second and third seats (Textual's own list ticked the
    third twice: none)."""
    app = AdhocHost()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, AdhocScreen), "the ad-hoc dialog")
        seats = app.screen.query_one(SelectionList)
        await until(pilot, lambda: app.focused is seats and len(seat_lines(seats)) == 3, "the seats first")
        burst(app, "down", " ", "down", " ")
        await until(pilot, lambda: list(seats.selected) == ["blue.ops", "red.lead"], "two seats ticked",
                    seen=lambda: (list(seats.selected), seat_lines(seats)))
        await until(pilot, lambda: [("●" in line) for line in seat_lines(seats)] == [False, True, True],
                    "the two ticked", seen=lambda: seat_lines(seats))

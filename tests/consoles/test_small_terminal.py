"""At 80x24 every console stays usable: the footer names every key the console needs, the
facilitator's title and MSEL titles are there, the evaluator can reach Record and see the outcome."""

from __future__ import annotations

from textual.widgets import Footer, RadioButton, Select, TextArea
from textual.widgets._footer import FooterKey

from tabletop.consoles.app import ConsoleApp

from console_fakes import Hub
from console_helpers import text_of, until

SMALL = (80, 24)


async def opened(pilot):
    app = pilot.app
    await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
    await pilot.pause()
    return app.console_screen


def footer_fits(screen) -> bool:
    footer = screen.query_one(Footer)
    return footer.virtual_size.width <= footer.size.width


def keys_shown(screen) -> set[str]:
    return {k.key for k in screen.query_one(Footer).query(FooterKey)}


async def test_facilitator_at_80x24_shows_every_control_key_and_the_msel_titles():
    hub = Hub()
    hub.handle("control", {"type": "start"})
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        await until(pilot, lambda: screen.has_class("-narrow") and footer_fits(screen), "a footer that fits")
        assert {"s", "p", "f", "r", "h", "k", "a", "u", "w", "e"} <= keys_shown(screen)
        assert not screen.query_one("WorldClocks").display  # the wall clocks leave room for the title
        assert screen.query_one("#title").region.width >= 20
        msel = screen.query_one("MselTable")
        columns = list(msel.columns.values())
        assert str(columns[-1].label) == "Title" and str(columns[-2].label) == "Audience"
        title_x = sum(c.get_render_width(msel) for c in columns[:-1])
        assert title_x + 10 <= msel.region.width  # the Title column is on screen, after the audience
        await pilot.press("c")  # still works, named in the header
        assert "c: seat codes" in text_of(screen.query_one("#hint")) or screen.launch is None


async def test_participant_and_evaluator_footers_fit_at_80x24():
    hub = Hub()
    for seat in ("blue.ops", "evaluator-1"):
        app = ConsoleApp("ws://x/ws", hub.codes[seat], client_factory=hub.client, now=hub.now)
        async with app.run_test(size=SMALL) as pilot:
            screen = await opened(pilot)
            await until(pilot, lambda: footer_fits(screen), f"{seat}: a footer that fits")


async def test_evaluator_at_80x24_reaches_record_and_sees_the_outcome():
    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes["evaluator-1"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        screen.query_one("#objective", Select).value = "OBJ1"
        screen.query_one("#rating-P", RadioButton).value = True
        screen.query_one("#notes", TextArea).text = "Seen"
        await pilot.press("ctrl+s")
        result = screen.query_one("#obs-result")
        await until(pilot, lambda: "Recorded" in text_of(result), "recorded")
        await until(pilot, lambda: result.region.height > 0 and result.region.bottom <= SMALL[1] - 1,
                    "the outcome on screen")


async def test_dialogs_fit_80x24_and_scroll_to_their_buttons():
    """The ad-hoc and ruling dialogs were wider and taller than the terminal: the text box, Send and
    Record ruling were off screen."""
    from textual.widgets import Button

    from tabletop.consoles.screens.adhoc import AdhocScreen
    from tabletop.consoles.screens.ruling import RulingScreen

    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot)
        for key, kind, button in (("a", AdhocScreen, "#send"), ("u", RulingScreen, "#record")):
            await pilot.press(key)
            await until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
            modal = app.screen
            box = modal.query_one("VerticalScroll")
            await until(pilot, lambda: box.region.width > 0, "laid out")
            assert box.region.right <= SMALL[0] and box.region.bottom <= SMALL[1]
            target = modal.query_one(button, Button)
            target.focus()
            await until(pilot, lambda: target.region.height > 0 and box.region.contains_region(target.region),
                        f"{button} scrolled into view")
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, kind), "closed")


def test_seat_codes_table_keeps_seat_and_code_whole_at_80_columns():
    """In an 80-column terminal the codes dialog is ~70 wide: seat and short code still on one line
    each (the full codes give way; they are on the join sheets and in the codes file)."""
    import io

    from rich.console import Console

    from tabletop.consoles.screens.codes import codes_table
    from tabletop.server.codes import short_code

    codes = {"control": "C0DE-CTRL", "us.ambassador": "0GG1-XJQ7-NHTV-Z1AS-YX6H-9E1R-SA17",
             "jp.jjoc": "H7W0-WW03-RADH-6CNX-C65C-BMTW-8RX4"}
    names = {"us.ambassador": "U.S. Ambassador to Japan", "jp.jjoc": "Commander, Japan Joint Operations Command"}
    console = Console(width=70, file=io.StringIO(), color_system=None)
    console.print(codes_table(codes, names, full=False))
    lines = console.file.getvalue().splitlines()
    for seat in ("us.ambassador", "jp.jjoc"):
        assert any(seat in line and short_code(codes[seat]) in line for line in lines), "\n".join(lines)
    assert "C0DE-CTRL" not in console.file.getvalue()


async def test_a_player_can_write_and_send_a_message_at_80x24():
    """The message field has room and Send is on screen (they were squeezed off by the recipient list)."""
    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes["blue.lead"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SMALL) as pilot:
        screen = await opened(pilot)
        await until(pilot, lambda: screen.query("MessagesPanel"), "messages form")
        await pilot.press("f6")
        await pilot.pause()
        text = screen.query_one("#message-text")
        send = screen.query_one("#message-send")
        await until(pilot, lambda: text.region.width >= 20, "room to write")
        assert send.region.width > 0 and send.region.right <= SMALL[0]

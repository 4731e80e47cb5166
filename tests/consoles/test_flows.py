"""What a new user met in a fresh clone (#24, points 1 and 2 again): typed text is never dropped,
the field with the cursor reads without colour, and a submission sends what is on the screen."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, OptionList, TextArea

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.ruling import RulingScreen
from tabletop.consoles.widgets.action_form import ActionForm

from console_helpers import text_of, until
from test_participant import participant, started


async def test_a_note_typed_after_one_tab_too_many_is_kept_and_sent(live):
    """Act tab: ↓, Enter (the cursor goes to the note), Tab (now on the button), type, Tab, Enter:
    the note is on the screen and it is what the move carries."""
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await participant(pilot, app)
        await started(live)
        await until(pilot, lambda: screen.query(ActionForm), "action form")
        await pilot.press("f4")
        form = screen.query_one(ActionForm)
        await until(pilot, lambda: app.focused is form.query_one("#action-search"), "the cursor in the search")
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.focused is form.query_one("#note"), "Enter on the list goes to the note")
        await pilot.press("tab")
        await until(pilot, lambda: app.focused is form.query_one("#take"), "one Tab too many: on the button")
        await pilot.press(*"by phone", "tab", "enter")
        note = form.query_one("#note", Input)
        await until(pilot, lambda: text_of(form.query_one("#action-result")) not in ("", "Sending…"), "the outcome")
        moves = [e for e in live.session.store.read() if e.type in ("ActionTaken", "MoveBlocked")]
        assert moves and moves[-1].data["text"] == "by phone"
        assert moves[-1].data["action"] == form.selected_action
        if moves[-1].type == "MoveBlocked":
            assert note.value == "by phone"  # kept for a retry


async def test_the_field_with_the_cursor_has_a_double_frame(live):
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query(ActionForm), "action form")
        await pilot.press("f4")
        form = screen.query_one(ActionForm)
        search, note, take = form.query_one("#action-search"), form.query_one("#note"), form.query_one("#take")
        ol = form.query_one(OptionList)
        await until(pilot, lambda: app.focused is search, "the cursor in the search")
        await pilot.pause()
        assert search.styles.border_top[0] == "double" and note.styles.border_top[0] != "double"
        assert ol.styles.border_left[0] != "double"
        await pilot.press("down")
        await until(pilot, lambda: app.focused is ol, "in the list")
        await pilot.pause()
        assert ol.styles.border_left[0] == "double" and search.styles.border_top[0] != "double"
        await pilot.press("enter", "tab")
        await until(pilot, lambda: app.focused is take, "on the button")
        await pilot.pause()
        assert take.styles.border_top[0] == "double" and note.styles.border_top[0] != "double"


class RulingHost(App):
    """The ruling dialog alone, as `u` opens it, its answer kept."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list = []

    def on_mount(self) -> None:
        self.push_screen(RulingScreen([(7, "#7 blue.ops: strike — blocked")]), self.answers.append)


async def test_a_ruling_reason_then_tab_and_enter_records_it():
    app = RulingHost()
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RulingScreen), "ruling dialog")
        await until(pilot, lambda: app.focused is app.screen.query_one("#verdict"), "the verdicts first")
        await pilot.press("down", "enter", "tab", *"Approved by phone", "tab", "enter")
        await until(pilot, lambda: app.answers, "the dialog answered")
        assert app.answers == [{"type": "ruling", "target": 7, "verdict": "uphold", "reason": "Approved by phone"}]


async def test_a_typed_reason_is_not_thrown_away_by_one_cancel():
    app = RulingHost()
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RulingScreen), "ruling dialog")
        dialog = app.screen
        await pilot.press(*"why")  # typed on the verdicts: it goes into the reason
        await until(pilot, lambda: dialog.query_one("#reason", Input).value == "why", "the letters in the reason")
        await pilot.press("escape")
        await until(pilot, lambda: "still typed" in text_of(dialog.query_one("#error")), "said, not dropped")
        assert app.screen is dialog and not app.answers
        await pilot.press("escape")
        await until(pilot, lambda: app.answers == [None], "the second Esc discards")


async def test_after_sending_the_hotwash_both_boxes_show_what_was_sent(at_hotwash):
    pilot, screen = at_hotwash.pilot, at_hotwash.screen
    await pilot.press(*"Fast", "tab", *"Slow", *["enter"] * 30, "ctrl+s")
    await until(pilot, lambda: "recorded" in text_of(screen.query_one("#hotwash-result")), "the confirmation")
    strengths, improvements = (screen.query_one(f"#{b}", TextArea) for b in ("strengths", "improvements"))
    assert (strengths.text, improvements.text) == ("Fast", "Slow")  # exactly what the log holds
    assert improvements.scroll_y == 0  # from its first line: not a box scrolled down to blank lines
    sent = [e.data for e in at_hotwash.hub.session.store.read() if e.type == "HotwashSubmitted"]
    assert sent == [{"strengths": "Fast", "improvements": "Slow"}]


def footer_language_key(screen) -> list[str]:
    """The key the footer shows beside English/日本語."""
    from textual.widgets._footer import FooterKey

    return [k.key_display for k in screen.query(FooterKey) if k.action == "language"]


async def test_f9_switches_every_console_to_japanese_and_every_footer_says_f9():
    from console_fakes import Hub

    hub = Hub()
    for code in (hub.codes["control"], hub.codes["blue.ops"], hub.codes["evaluator-1"]):
        app = ConsoleApp("ws://x/ws", code, client_factory=hub.client, now=hub.now)
        async with app.run_test(size=(200, 50)) as pilot:
            await until(pilot, lambda: getattr(app.screen, "_ready", False), "the console")
            screen = app.screen
            await until(pilot, lambda: footer_language_key(screen) == ["f9"], f"{code}: the footer names F9")
            await pilot.press("f9")
            await until(pilot, lambda: screen.lang == "ja", f"{code}: F9 switches to Japanese")
            await pilot.press("f9")
            await until(pilot, lambda: screen.lang == "en", f"{code}: and back")


async def test_the_evaluators_feed_names_facts_in_the_phrasebooks_words_like_controls(live):
    from tabletop.consoles.screens.evaluator import EvaluatorScreen
    from tabletop.consoles.widgets.feed import Feed

    app = ConsoleApp(live.url, live.codes["evaluator-1"])
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EvaluatorScreen) and app.screen._ready, "evaluator console")
        screen = app.screen
        await live.control({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"},
                           {"type": "release", "inject": "I02"})  # I02 sets the fact "attacked"
        feed = screen.query_one(Feed)
        await until(pilot, lambda: "Attack has occurred" in text_of(feed), "the fact's sentence in the feed")
        assert "+ attacked" not in text_of(feed)
        await pilot.press("f9")
        await until(pilot, lambda: "攻撃発生" in text_of(feed), "and in Japanese")


async def test_the_board_lists_facts_one_a_line_as_written_in_both_languages():
    from pathlib import Path

    from console_fakes import Hub

    from tabletop.consoles.screens.facilitator import FacilitatorScreen
    from tabletop.consoles.widgets.situation_board import SituationBoard

    hub = Hub(Path(__file__).resolve().parent.parent / "fixtures" / "coinciding.yaml")
    hub.handle("control", {"type": "start"})
    hub.handle("control", {"type": "release", "inject": "I01"})  # sets three facts
    names = hub.session.rules.flags
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "console")
        board = app.screen.query_one(SituationBoard)
        for lang in ("en", "ja"):
            want = [f"  • {names[f].title.both()[lang]}" for f in sorted(hub.session.state.flags)]
            await until(pilot, lambda: all(line in text_of(board).splitlines() for line in want),
                        f"each fact on its own line, as written ({lang})")
            if lang == "en":
                await pilot.press("f9")


async def test_the_chosen_verdict_reads_without_colour():
    """Given the ruling dialog, when control chooses a verdict, then its mark is ● and the others'
    ○ in the plain text a monochrome terminal shows (Textual draws ● for all, told apart by colour)."""
    from test_flows_wrap import screen_lines

    app = RulingHost()
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RulingScreen), "ruling dialog")
        await until(pilot, lambda: app.focused is app.screen.query_one("#verdict"), "the verdicts first")
        await pilot.press("down", "enter")

        def marks() -> dict[str, str]:
            return {b: "".join(screen_lines(app.screen.query_one(f"#{b}")))[:3] for b in ("overrule", "uphold", "adjudicate")}
        await until(pilot, lambda: "●" in marks()["uphold"], "uphold chosen")
        assert "○" in marks()["overrule"] and "○" in marks()["adjudicate"], marks()


async def test_a_message_typed_as_the_messages_tab_opens_is_kept(live):
    """F6 puts the cursor on "To"; a player who starts typing at once finds the text in the
    message box, the cursor with it, and nothing sent until they choose whom and press Enter."""
    from textual.widgets import Select

    from tabletop.consoles.widgets.messages_panel import MessagesPanel

    app = ConsoleApp(live.url, live.codes["blue.lead"])
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query(MessagesPanel), "messages form")
        await pilot.press("f6")
        panel = screen.query_one(MessagesPanel)
        await until(pilot, lambda: app.focused is panel.query_one(Select), "the cursor on To")
        await pilot.press(*"Call me")
        box = panel.query_one("#message-text", Input)
        await until(pilot, lambda: box.value == "Call me", "the typing in the message box")
        assert app.focused is box
        assert not [e for e in live.session.store.read() if e.type == "MessageSent"]

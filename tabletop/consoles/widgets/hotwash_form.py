"""The hotwash at ENDEX: strengths, and areas for improvement.

Its outcome shows at the top of the form, where the player reads first (a line at the bottom went
unseen on a tall terminal and people sent it twice). Once recorded, both boxes keep on show, read-only,
exactly what was sent (each from its first line), and the submit button goes: it cannot be sent twice."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Button, Label, Static, TextArea

from tabletop.consoles.messages import CommandRequested
from tabletop.consoles.model import rejection
from tabletop.phrasebook import phrase, section



class HotwashForm(Vertical):
    DEFAULT_CSS = """
    HotwashForm { height: 1fr; padding: 0 1; }
    HotwashForm TextArea { height: 1fr; min-height: 4; }
    HotwashForm #hotwash-result { height: auto; }
    """

    BINDINGS = [Binding("ctrl+s", "submit", "Submit hotwash")]

    lang: reactive[str] = reactive("en")
    open: reactive[bool] = reactive(False)
    sent: reactive[bool] = reactive(False)

    def compose(self) -> ComposeResult:
        w = section("consoles.hotwash_form", self.lang)
        yield Static(w["waiting"], id="hotwash-intro")
        yield Static("", id="hotwash-result")
        yield Label(w["strengths"], id="strengths-label")
        yield TextArea(id="strengths")
        yield Label(w["improve"], id="improve-label")
        yield TextArea(id="improvements")
        yield Button(w["submit"], id="hotwash-submit", variant="primary")

    def on_mount(self) -> None:
        self._draw()

    def watch_open(self) -> None:
        self._draw()

    def watch_sent(self) -> None:
        self._draw()

    def watch_lang(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if not self.is_mounted:
            return
        w = section("consoles.hotwash_form", self.lang)
        self.query_one("#hotwash-intro", Static).update(w["intro"] if self.open else w["waiting"])
        self.query_one("#strengths-label", Label).update(w["strengths"])
        self.query_one("#improve-label", Label).update(w["improve"])
        self.query_one("#hotwash-submit", Button).label = w["submit"]
        for widget in self.query("TextArea, #hotwash-submit"):
            widget.disabled = not self.open or self.sent
        self.query_one("#hotwash-submit", Button).display = not self.sent
        if self.sent:
            self._say(w["thanks"], "result-accepted")
        self.relabel_keys()

    def relabel_keys(self) -> None:
        """ctrl+s in the footer, in the console's language (a screen names only its own keys); left out of a
        narrow footer, which has room for the tabs' keys only (the Submit button names ctrl+s)."""
        keys = self._bindings.key_to_bindings
        said = phrase("consoles.widget_keys.submit_hotwash", self.lang)
        show = not self.screen.has_class("-narrow")
        keys["ctrl+s"] = [replace(b, description=said, show=show)  # new list: the class's is shared
                          for b in keys.get("ctrl+s", [])]
        self.refresh_bindings()

    def _say(self, text: str | Text, kind: str | None) -> None:
        out = self.query_one("#hotwash-result", Static)
        out.remove_class("result-accepted", "result-rejected")
        if kind:
            out.add_class(kind)
        out.update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if not self.open or self.sent:
            return
        strengths = self.query_one("#strengths", TextArea).text.strip()
        improvements = self.query_one("#improvements", TextArea).text.strip()
        w = section("consoles.hotwash_form", self.lang)
        if not strengths and not improvements:
            self._say(w["empty"], "result-rejected")
            return
        self._say(w["sending"], None)
        self.post_message(CommandRequested({"type": "hotwash", "strengths": strengths,
                                            "improvements": improvements}, origin=self))

    def command_answered(self, command: dict, result: dict) -> None:
        w = section("consoles.hotwash_form", self.lang)
        if result.get("status") == "accepted":
            # Both boxes keep exactly what was recorded, from its first line (a box scrolled down
            # past trailing blank lines showed empty, as if its text had not been sent).
            for box, field in (("#strengths", "strengths"), ("#improvements", "improvements")):
                area = self.query_one(box, TextArea)
                area.text = command.get(field, "")
                area.move_cursor((0, 0))
                area.scroll_home(animate=False)
            self.sent = True
            self.notify(w["thanks"], timeout=8)
        else:
            self._say(Text(w("not_sent", why=rejection(result, self.lang))), "result-rejected")

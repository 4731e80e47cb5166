"""Write an ad-hoc inject and choose the seats that receive it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static, TextArea

from tabletop.consoles.widgets.choice import Ticks
from tabletop.phrasebook import section


class AdhocScreen(ModalScreen[dict | None]):
    """Returns the `adhoc` command, or None if cancelled."""

    DEFAULT_CSS = """
    AdhocScreen { align: center middle; }
    AdhocScreen > VerticalScroll { width: 90; max-width: 100%; height: auto; max-height: 100%; border: thick $accent; background: $surface; padding: 1 2; }
    AdhocScreen SelectionList { height: auto; max-height: 10; }
    AdhocScreen TextArea { height: 5; }
    AdhocScreen #error { color: #ff5555; height: auto; }
    AdhocScreen Horizontal { height: auto; align-horizontal: right; }
    AdhocScreen Button { margin-left: 2; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "send", "Send")]

    AUTO_FOCUS = "#to"  # the seats first: ↑/↓ and Space, then Tab to the titles and the text

    def __init__(self, seats: list[tuple[str, str]], lang: str = "en") -> None:
        super().__init__()
        self.seats = seats  # (seat id, display name)
        self.w = section("consoles.adhoc", lang)
        self._discard_armed = False  # a draft is thrown away by a second Cancel, not the first

    def compose(self) -> ComposeResult:
        with VerticalScroll():  # a small terminal scrolls to the text and Send
            w = self.w
            yield Static(w["intro"])
            yield Label(w["to"])
            yield Ticks(*[(name, seat) for seat, name in self.seats], id="to")  # ● ticked, ○ not
            yield Label(w["title_en"])
            yield Input(id="title-en")
            yield Label(w["title_ja"])
            yield Input(id="title-ja")
            yield Label(w["text"])
            yield TextArea(id="body")
            yield Label(w["text_ja"])
            yield TextArea(id="body-ja")  # what a seat reading in Japanese sees (else the English)
            yield Static("", id="error")
            with Horizontal():
                yield Button(w["cancel"], id="cancel")
                yield Button(w["send"], id="send", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_send()
        else:
            self.action_cancel()

    def action_send(self) -> None:
        to = list(self.query_one("#to", SelectionList).selected)
        title_en = self.query_one("#title-en", Input).value.strip()
        title_ja = self.query_one("#title-ja", Input).value.strip()
        body = self.query_one("#body", TextArea).text.strip()
        body_ja = self.query_one("#body-ja", TextArea).text.strip()
        problems = []
        if not to:
            problems.append(self.w["need_seat"])
        if not (title_en or title_ja):
            problems.append(self.w["need_title"])
        if problems:
            said = self.w("problems", problems=self.w["separator"].join(problems))
            self.query_one("#error", Static).update(said[:1].upper() + said[1:])
            return
        # Written in Japanese only: a seat reading in English gets the Japanese as written, not nothing.
        title = {"en": title_en or title_ja, **({"ja": title_ja} if title_ja else {})}
        self.dismiss({"type": "adhoc", "to": to, "title": title,
                      "body": {"en": body or body_ja or title["en"], **({"ja": body_ja} if body_ja else {})}})

    def _drafted(self) -> bool:
        return any(self.query_one(f"#{i}", Input).value.strip() for i in ("title-en", "title-ja")) or any(
            self.query_one(f"#{i}", TextArea).text.strip() for i in ("body", "body-ja"))

    def action_cancel(self) -> None:
        """A typed draft is not thrown away by one key: the first Cancel (or Esc) says so, the second discards."""
        if self._drafted() and not self._discard_armed:
            self._discard_armed = True
            self.query_one("#error", Static).update(self.w["discard"])
            return
        self.dismiss(None)

"""Messages: the conversation this seat is part of, and a line to write to any
seat, a whole side, or everyone — across the alliance too."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Button, Input, RichLog, Select, Static

from tabletop.consoles.describe import side_badge, side_style
from tabletop.consoles.messages import CommandRequested
from tabletop.consoles.model import rejection, Lexicon, MessageItem, pick
from tabletop.consoles.widgets import NO_SELECTION
from tabletop.consoles.widgets.typing import into_field
from tabletop.consoles.wire import format_offset
from tabletop.phrasebook import section



class MessagesPanel(Vertical):
    """Parents call `show(messages)`; the typed text is cleared only once the server accepts it."""

    DEFAULT_CSS = """
    MessagesPanel { height: 1fr; padding: 0 1; }
    MessagesPanel RichLog { height: 1fr; border: round $primary-darken-3; }
    MessagesPanel #compose-row { height: auto; }
    MessagesPanel Select { width: 100%; max-width: 60; }
    MessagesPanel #message-text { width: 1fr; }
    MessagesPanel #message-result { height: auto; }
    """

    lang: reactive[str] = reactive("en")

    def __init__(self, seat: str, seats: list[str], lexicon: Lexicon, sides: dict | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.seat = seat
        self.seats = seats
        self.lexicon = lexicon
        self.sides = sides or {}
        self.messages: list[MessageItem] = []
        self._count = 0

    def compose(self) -> ComposeResult:
        w = section("consoles.messages_panel", self.lang)
        yield RichLog(wrap=True, markup=False, highlight=False, min_width=1, id="message-log")  # wrap at its own width
        # "To" on a line of its own: the text and Send keep their room in a narrow terminal
        yield Select(self._targets(), prompt=w["to"], id="message-to", allow_blank=True)
        with Horizontal(id="compose-row"):
            yield Input(placeholder=w["write"], id="message-text", select_on_focus=False)
            yield Button(w["send"], id="message-send", variant="primary")
        yield Static("", id="message-result")  # the outcome of the last send, under the text box

    def _targets(self) -> list[tuple[str, str]]:
        w = section("consoles.messages_panel", self.lang)
        lex = self.lexicon
        out = [(lex.role(s, self.lang), s) for s in self.seats if s != self.seat]
        by_side: dict[str, list[str]] = {}
        for s in self.seats:
            by_side.setdefault(lex.side(s), []).append(s)
        for side, members in by_side.items():
            if len(members) > 1:
                out.append((w("side", side=pick(self.sides.get(side), self.lang) or side.upper()), ",".join(members)))
        out.append((w["everyone"], ",".join(self.seats)))
        return out

    def show(self, messages: list[MessageItem]) -> None:
        self.messages = messages
        log = self.query_one(RichLog)
        for m in messages[self._count:]:
            log.write(self._line(m))
        self._count = len(messages)

    def _line(self, m: MessageItem) -> Text:
        lex = self.lexicon
        side = lex.side(m.sender)
        t = Text()
        t.append(format_offset(m.at) + " ", style="dim")
        t.append_text(side_badge(side))
        t.append(" " + lex.role(m.sender, self.lang), style=side_style(side))
        t.append(section("consoles.messages_panel", self.lang)("to_line", audience=lex.audience(m.to, self.lang)),
                 style="dim")
        t.append(m.text)
        return t

    def on_mount(self) -> None:
        # once mounted (a language chosen while it was being mounted found it not mounted yet)
        self.call_after_refresh(self.watch_lang)

    def watch_lang(self) -> None:
        if not self.is_mounted:
            return
        w = section("consoles.messages_panel", self.lang)
        select = self.query_one(Select)
        value = select.value
        select.set_options(self._targets())
        select.prompt = w["to"]
        if value is not NO_SELECTION:
            select.value = value
        self.query_one("#message-text", Input).placeholder = w["write"]
        self.query_one("#message-send", Button).label = w["send"]
        log = self.query_one(RichLog)
        log.clear()
        self._count = 0
        self.show(self.messages)

    def on_key(self, event: events.Key) -> None:
        """What is typed while the addressee list or Send has the cursor goes into the message (the
        tab opens on the list: a message typed at once is not lost)."""
        into_field(event, self.screen.focused, self.query_one("#message-text", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._send()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._send()

    def _send(self) -> None:
        w = section("consoles.messages_panel", self.lang)
        to = self.query_one(Select).value
        text = self.query_one("#message-text", Input).value.strip()
        if to is NO_SELECTION or not to:
            self._say(w["pick"], "result-rejected")
            self.notify(w["pick"], severity="warning")
            return
        if not text:
            self._say(w["empty"], "result-rejected")
            return
        self._say(w["sending"], None)
        self.post_message(CommandRequested({"type": "message", "to": str(to).split(","), "text": text}, origin=self))

    def command_answered(self, command: dict, result: dict) -> None:
        w = section("consoles.messages_panel", self.lang)
        if result.get("status") == "accepted":
            box = self.query_one("#message-text", Input)
            if box.value.strip() == command.get("text"):
                box.value = ""  # sent: the box is free for the next one (the thread above holds it)
            audience = self.lexicon.audience(command.get("to") or [], self.lang)
            self._say(Text(w("sent", audience=audience)), "result-accepted")
        else:  # the text stays in the box for another try
            self._say(Text(w("not_sent", why=rejection(result, self.lang))), "result-rejected")

    def _say(self, text, kind: str | None) -> None:
        out = self.query_one("#message-result", Static)
        out.remove_class("result-accepted", "result-rejected")
        if kind:
            out.add_class(kind)
        out.update(text)

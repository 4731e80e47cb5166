"""Ask for the seat code (a browser tab, or `tabletop join URL` without --code)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from tabletop.phrasebook import phrase


class AskCodeScreen(Screen):
    DEFAULT_CSS = """
    AskCodeScreen { align: center middle; }
    AskCodeScreen > Vertical { width: 72; height: auto; border: thick $accent; padding: 1 2; }
    AskCodeScreen #ask-error { color: #ff7b8a; height: auto; margin-top: 1; }
    """

    class CodeGiven(Message):
        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def __init__(self, url: str, lang: str = "en") -> None:
        super().__init__()
        self.url = url
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            other = "en" if self.lang == "ja" else "ja"
            yield Static(f"{phrase('consoles.connecting.title', self.lang)}\n\n{phrase('consoles.connecting.ask', self.lang)}"
                         f"\n{phrase('consoles.connecting.ask', other)}")
            yield Input(placeholder="XXXX-XXXX-XXXX-…", id="code")
            yield Static("", id="ask-error")
            yield Static(f"[dim]{self.url}[/dim]")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        if not code:
            return
        self.query_one("#ask-error", Static).update(phrase("consoles.connecting.short", self.lang))
        self.query_one(Input).disabled = True
        self.post_message(self.CodeGiven(code))

    def refused(self, message: str) -> None:
        """The code did not open a seat (or the server is away): say why, and let them try again."""
        self.query_one("#ask-error", Static).update(message)
        box = self.query_one(Input)
        box.disabled = False
        box.focus()

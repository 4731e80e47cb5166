"""Shown while the client connects, before the server says who this seat is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from tabletop.phrasebook import phrase


class ConnectingScreen(Screen):
    DEFAULT_CSS = """
    ConnectingScreen { align: center middle; }
    ConnectingScreen #connecting-text { width: auto; padding: 1 2; text-align: center; }
    ConnectingScreen LoadingIndicator { height: 3; }
    """

    status: reactive[str] = reactive("connecting")

    def __init__(self, url: str, lang: str = "en") -> None:
        super().__init__()
        self.url = url
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(self._text(), id="connecting-text")
            yield LoadingIndicator()

    def watch_status(self, status: str) -> None:
        if self.is_mounted:
            self.query_one("#connecting-text", Static).update(self._text())

    def _text(self) -> str:
        key = "reconnecting" if self.status == "reconnecting" else "connecting"
        return phrase(f"consoles.connecting.{key}", self.lang, url=self.url)

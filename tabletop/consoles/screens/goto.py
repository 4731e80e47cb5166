"""Go to a point of the replayed log: an event number, a scenario time or a decision."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tabletop.phrasebook import section
from tabletop.problems import message_of, said


class GoToScreen(ModalScreen[int | None]):
    """`find(text)` gives the point, or raises ValueError with what the log holds."""

    DEFAULT_CSS = """
    GoToScreen { align: center middle; }
    GoToScreen > Vertical { width: 72; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    GoToScreen #error { color: #ff5555; height: auto; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, find: Callable[[str], int], lang: str = "en") -> None:
        super().__init__()
        self.find = find
        self.words = section("replay.goto", lang)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.words["ask"])
            yield Input(placeholder="42 · +01:22 · D8", id="point")
            yield Static("", id="error")
            yield Static(self.words["keys"], classes="dim")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            point = self.find(event.value)
        except ValueError as exc:
            self.query_one("#error", Static).update(str(said(message_of(exc), self.words.lang)))
            return
        self.dismiss(point)

    def action_cancel(self) -> None:
        self.dismiss(None)

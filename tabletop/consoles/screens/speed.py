"""Set the exercise clock's speed (scenario seconds per wall second)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tabletop.phrasebook import section


class SpeedScreen(ModalScreen[float | None]):
    DEFAULT_CSS = """
    SpeedScreen { align: center middle; }
    SpeedScreen > Vertical { width: 56; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    SpeedScreen #error { color: #ff5555; height: auto; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: float, lang: str = "en") -> None:
        super().__init__()
        self.current = current
        self.w = section("consoles.speed", lang)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.w("intro", speed=self.current))
            yield Input(value=f"{self.current:g}", placeholder=self.w["example"], id="speed")
            yield Static("", id="error")
            yield Static(self.w["keys"], classes="dim")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            speed = float(event.value.strip().lstrip("x×"))
        except ValueError:
            speed = -1
        if not 0 < speed <= 3600:
            self.query_one("#error", Static).update(self.w["bad"])
            return
        self.dismiss(speed)

    def action_cancel(self) -> None:
        self.dismiss(None)

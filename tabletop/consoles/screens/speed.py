"""Set the exercise clock's speed (scenario seconds per wall second)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class SpeedScreen(ModalScreen[float | None]):
    DEFAULT_CSS = """
    SpeedScreen { align: center middle; }
    SpeedScreen > Vertical { width: 56; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    SpeedScreen #error { color: #ff5555; height: auto; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: float) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Clock speed (now ×{self.current:g}). 1 = real time; 2 = twice as fast.")
            yield Input(value=f"{self.current:g}", placeholder="e.g. 2", id="speed")
            yield Static("", id="error")
            yield Static("Enter sets it · Esc cancels", classes="dim")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            speed = float(event.value.strip().lstrip("x×"))
        except ValueError:
            speed = -1
        if not 0 < speed <= 3600:
            self.query_one("#error", Static).update("Give a number above 0 and at most 3600.")
            return
        self.dismiss(speed)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""Ask before doing something that cannot be undone (end the exercise, skip an inject)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tabletop.phrasebook import phrase


class ConfirmScreen(ModalScreen[bool]):
    """Yes/no; Escape or `n` means no. The safe answer has the focus."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 64; max-width: 100%; height: auto; border: thick #ff5555; background: $surface; padding: 1 2; }
    ConfirmScreen #question { margin-bottom: 1; text-style: bold; }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """

    BINDINGS = [Binding("escape,n", "answer(False)", "No"), Binding("y", "answer(True)", "Yes")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "Cancel", lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question", markup=False)
            with Horizontal():
                yield Button(phrase("consoles.confirm.button", self.lang, label=self.no, key="n"), id="no", variant="default")
                yield Button(phrase("consoles.confirm.button", self.lang, label=self.yes, key="y"), id="yes",
                             variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

"""An evaluator's observation: objective, P/S/M/U rating, notes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, RadioButton, RadioSet, Select, Static, TextArea

from tabletop.consoles.messages import CommandRequested
from tabletop.consoles.model import pick
from tabletop.consoles.widgets import NO_SELECTION

RATINGS = (("P", "Performed without challenges"), ("S", "Performed with some challenges"),
           ("M", "Performed with major challenges"), ("U", "Unable to be performed"))


class ObservationForm(Vertical):
    """Notes are cleared only once the server has recorded the observation."""

    DEFAULT_CSS = """
    ObservationForm { height: auto; border: round $primary-darken-2; padding: 0 1; }
    ObservationForm:focus-within { border: round $accent; }
    ObservationForm Select { width: 100%; }
    ObservationForm RadioSet { width: 100%; height: auto; }
    ObservationForm TextArea { height: 6; }
    ObservationForm #obs-row { height: auto; align-horizontal: right; }
    ObservationForm #obs-result { height: auto; }
    """

    def __init__(self, objectives: list[dict], lang: str = "en", **kwargs) -> None:
        super().__init__(**kwargs)
        self.objectives = objectives
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Label("Objective")
        yield Select([(f"{o['id']} — {pick(o.get('text'), self.lang)}", o["id"]) for o in self.objectives],
                     prompt="Choose the objective", id="objective",
                     value=self.objectives[0]["id"] if len(self.objectives) == 1 else NO_SELECTION)
        yield Label("Rating")
        with RadioSet(id="rating"):
            for code, text in RATINGS:
                yield RadioButton(f"{code} — {text}", id=f"rating-{code}")
        yield Label("Notes (what you saw, when, who)")
        yield TextArea(id="notes")
        with Horizontal(id="obs-row"):
            yield Button("Record observation (ctrl+s)", id="record", variant="primary")
        yield Static("", id="obs-result")

    def on_mount(self) -> None:
        self.border_title = "Observation"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.record()

    def record(self) -> None:
        objective = self.query_one("#objective", Select).value
        pressed = self.query_one("#rating", RadioSet).pressed_button
        text = self.query_one("#notes", TextArea).text.strip()
        problems = []
        if objective is NO_SELECTION or objective is None:
            problems.append("choose the objective")
        if pressed is None:
            problems.append("choose a rating")
        out = self.query_one("#obs-result", Static)
        if problems:
            out.update(Text("; ".join(problems).capitalize() + ".", style="#ff9b9b"))
            out.scroll_visible()
            return
        out.update("Recording…")
        out.scroll_visible()
        self.post_message(CommandRequested({"type": "observation", "objective": str(objective),
                                            "rating": pressed.id.removeprefix("rating-"), "text": text},
                                           origin=self))

    def command_answered(self, command: dict, result: dict) -> None:
        out = self.query_one("#obs-result", Static)
        for cls in ("result-accepted", "result-rejected"):
            out.remove_class(cls)
        if result.get("status") == "accepted":
            out.update(Text(f"✔ Recorded: {command['objective']} [{command['rating']}]"))
            out.add_class("result-accepted")
            out.scroll_visible()  # on a small terminal the outcome may be below the fold
            notes = self.query_one("#notes", TextArea)
            if notes.text.strip() == command.get("text"):
                notes.clear()
        else:
            out.update(Text(f"✕ Not recorded: {result.get('message') or result.get('code')}"))
            out.add_class("result-rejected")
            out.scroll_visible()

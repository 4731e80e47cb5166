"""An evaluator's observation: objective, P/S/M/U rating, notes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Button, Label, RadioButton, RadioSet, Select, Static, TextArea

from tabletop.consoles.widgets.choice import Choice
from tabletop.consoles.messages import CommandRequested
from tabletop.consoles.model import rejection, pick
from tabletop.consoles.widgets import NO_SELECTION
from tabletop.hseep import RATING_NAME, RATINGS
from tabletop.phrasebook import LANGS, section



class ObservationForm(Vertical):
    """Notes are cleared only once the server has recorded the observation.
    Its words follow `lang` (the screen sets it on F9); what is chosen and typed stays."""

    DEFAULT_CSS = """
    ObservationForm { height: auto; border: round $primary-darken-2; padding: 0 1; }
    ObservationForm:focus-within { border: round $accent; }
    ObservationForm Select { width: 100%; }
    ObservationForm RadioSet { width: 100%; height: auto; }
    ObservationForm TextArea { height: 6; }
    ObservationForm #obs-row { height: auto; align-horizontal: right; }
    ObservationForm #obs-result { height: auto; }
    """

    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, objectives: list[dict], lang: str = "en", **kwargs) -> None:
        super().__init__(**kwargs)
        self.objectives = objectives
        self.set_reactive(ObservationForm.lang, lang if lang in LANGS else "en")

    def _options(self) -> list[tuple[str, str]]:
        return [(f"{o['id']} — {pick(o.get('text'), self.lang)}", o["id"]) for o in self.objectives]

    def compose(self) -> ComposeResult:
        w = section("consoles.observation_form", self.lang)
        yield Label(w["objective"], id="objective-label")
        yield Select(self._options(), prompt=w["choose"], id="objective",
                     value=self.objectives[0]["id"] if len(self.objectives) == 1 else NO_SELECTION)
        yield Label(w["rating"], id="rating-label")
        with RadioSet(id="rating"):
            for code in RATINGS:
                yield Choice(f"{code} — {RATING_NAME[code][self.lang]}", id=f"rating-{code}")
        yield Label(w["notes"], id="notes-label")
        yield TextArea(id="notes")
        with Horizontal(id="obs-row"):
            yield Button(w["record"], id="record", variant="primary")
        yield Static("", id="obs-result")

    def on_mount(self) -> None:
        self.border_title = section("consoles.observation_form", self.lang)["title"]

    def watch_lang(self) -> None:
        w = section("consoles.observation_form", self.lang)
        self.border_title = w["title"]
        for key in ("objective", "rating", "notes"):
            self.query_one(f"#{key}-label", Label).update(w[key])
        for code in RATINGS:
            self.query_one(f"#rating-{code}", RadioButton).label = f"{code} — {RATING_NAME[code][self.lang]}"
        self.query_one("#record", Button).label = w["record"]
        select = self.query_one("#objective", Select)
        chosen = select.value
        select.set_options(self._options())
        select.prompt = w["choose"]
        if chosen is not NO_SELECTION and chosen is not None:
            select.value = chosen

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.record()

    def record(self) -> None:
        objective = self.query_one("#objective", Select).value
        pressed = self.query_one("#rating", RadioSet).pressed_button
        text = self.query_one("#notes", TextArea).text.strip()
        w = section("consoles.observation_form", self.lang)
        problems = []
        if objective is NO_SELECTION or objective is None:
            problems.append(w["need_objective"])
        if pressed is None:
            problems.append(w["need_rating"])
        out = self.query_one("#obs-result", Static)
        if problems:
            said = w("problems", problems=w["problem_separator"].join(problems))
            out.update(Text(said[:1].upper() + said[1:], style="#ff9b9b"))
            out.scroll_visible()
            return
        out.update(w["recording"])
        out.scroll_visible()
        self.post_message(CommandRequested({"type": "observation", "objective": str(objective),
                                            "rating": pressed.id.removeprefix("rating-"), "text": text},
                                           origin=self))

    def command_answered(self, command: dict, result: dict) -> None:
        out = self.query_one("#obs-result", Static)
        w = section("consoles.observation_form", self.lang)
        for cls in ("result-accepted", "result-rejected"):
            out.remove_class(cls)
        if result.get("status") == "accepted":
            out.update(Text(w("recorded", objective=command["objective"], rating=command["rating"])))
            out.add_class("result-accepted")
            out.scroll_visible()  # on a small terminal the outcome may be below the fold
            notes = self.query_one("#notes", TextArea)
            if notes.text.strip() == command.get("text"):
                notes.clear()
        else:
            out.update(Text(w("not_recorded", why=rejection(result, self.lang))))
            out.add_class("result-rejected")
            out.scroll_visible()

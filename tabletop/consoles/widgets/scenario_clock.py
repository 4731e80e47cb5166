"""The scenario clock, large, with the exercise's state beneath it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from tabletop.consoles.wire import format_offset
from tabletop.phrasebook import section



class ScenarioClock(Widget):
    """Scenario time since STARTEX as +HH:MM:SS in big digits; phase and speed underneath."""

    DEFAULT_CSS = """
    ScenarioClock { width: auto; height: 4; padding: 0 1; }
    ScenarioClock Digits { width: auto; }
    ScenarioClock #phase { width: 100%; text-align: center; text-style: bold; }
    ScenarioClock.-created #phase { color: $text-muted; }
    ScenarioClock.-running #phase { color: #7ee787; }
    ScenarioClock.-paused #phase { background: #ffa657; color: black; }
    ScenarioClock.-ended #phase { background: #ff5555; color: white; }
    ScenarioClock.-paused Digits { color: #ffa657; }
    """

    at: reactive[float] = reactive(0.0)
    phase: reactive[str] = reactive("created")
    speed: reactive[float] = reactive(1.0)
    lang: reactive[str] = reactive("en")

    def compose(self) -> ComposeResult:
        yield Digits(format_offset(0))
        yield Static(self._phase_text(), id="phase")

    def watch_at(self, at: float) -> None:
        if self.is_mounted:
            self.query_one(Digits).update(format_offset(at))

    def watch_phase(self, old: str, new: str) -> None:
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")
        self._update_phase()

    def watch_speed(self) -> None:
        self._update_phase()

    def watch_lang(self) -> None:
        self._update_phase()

    def _update_phase(self) -> None:
        if self.is_mounted:
            self.query_one("#phase", Static).update(self._phase_text())

    def _phase_text(self) -> str:
        text = section("consoles.scenario_clock.phase", self.lang).get(self.phase, self.phase.upper())
        if self.phase == "running" and self.speed != 1:
            text += f"  ×{self.speed:g}"
        return text

"""Who this console is: the role in both languages, its side, and the exercise."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tabletop.consoles.describe import side_badge, side_style
from tabletop.consoles.model import pick


class RoleBanner(Static):
    """Role title in the chosen language first, the other beneath; side badge; exercise title."""

    DEFAULT_CSS = """
    RoleBanner { width: 1fr; height: 4; padding: 0 1; }
    """

    lang: reactive[str] = reactive("en")

    def __init__(self, title: dict, side: str, side_title: dict | None, exercise_title: dict, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.title = title
        self.side = side
        self.side_title = side_title or {"en": side.upper()}
        self.exercise_title = exercise_title

    def render(self) -> Text:
        other = "en" if self.lang == "ja" else "ja"
        out = Text()
        out.append_text(side_badge(self.side))
        out.append(" ")
        out.append(pick(self.title, self.lang), style=f"bold {side_style(self.side)}")
        out.append("\n")
        second = pick(self.title, other)
        if second and second != pick(self.title, self.lang):
            out.append(second + "  ·  ", style="dim")
        out.append(pick(self.side_title, self.lang), style="dim")
        out.append("\n")
        out.append(pick(self.exercise_title, self.lang), style="italic")
        return out

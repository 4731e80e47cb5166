"""Who this console is: the role in both languages, its side, and the exercise."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tabletop.consoles.describe import side_badge, side_style
from tabletop.consoles.model import pick
from tabletop.consoles.widgets.fit import fit


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
        """Four lines at most (the banner's height), each fitted to the width: the role, the role in
        the other language and the side, the exercise's title on the two left (… if longer)."""
        other = "en" if self.lang == "ja" else "ja"
        width = self.content_region.width
        role = Text()
        role.append_text(side_badge(self.side))  # the badge's style stays on the badge
        role.append(" ")
        role.append(pick(self.title, self.lang), style=f"bold {side_style(self.side)}")
        second = Text()
        named = pick(self.title, other)
        if named and named != pick(self.title, self.lang):
            second.append(named + "  ·  ", style="dim")
        second.append(pick(self.side_title, self.lang), style="dim")
        title = Text(pick(self.exercise_title, self.lang), style="italic")
        if width > 0:
            role, second, title = fit(role, width), fit(second, width), fit(title, width, 2)
        return Text("\n").join([role, second, title])

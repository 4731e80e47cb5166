"""The replay's timeline: where the point is in the log, the event it is after, and the
marks of the injects and decisions; a click on the bar jumps there."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tabletop.consoles.wire import format_offset
from tabletop.phrasebook import section


class TimelineScrubber(Widget):
    """Parents set `point`, `total`, `at`, `caption` and `marks`; it posts `Scrubbed` on a click."""

    DEFAULT_CSS = """
    TimelineScrubber { height: 4; padding: 0 1; border-top: solid $accent; background: $boost; }
    """

    @dataclass
    class Scrubbed(Message):
        """The user clicked the bar: go to this point."""

        point: int

    point: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    at: reactive[float] = reactive(0.0)
    caption: reactive[Text | str] = reactive("")
    lang: reactive[str] = reactive("en")
    marks: dict[int, str] = {}  # point -> "inject" | "decision", drawn on the bar

    BAR = 3  # columns the bar leaves for its ends

    def render(self) -> Text:
        width = max(10, self.size.width - self.BAR)
        out = Text(no_wrap=True, overflow="ellipsis")
        w = section("replay.scrubber", self.lang)
        head = w("point", point=self.point, total=self.total) if self.point else w["start"]
        out.append(f"{format_offset(self.at)}  ", style="bold #e0c060")
        out.append(head, style="bold")
        out.append("\n")
        out.append_text(self._bar(width))
        out.append("\n")
        caption = self.caption if isinstance(self.caption, Text) else Text(str(self.caption))
        out.append_text(caption)
        return out

    def _bar(self, width: int) -> Text:
        bar = Text("▕", style="dim")
        cells = ["─"] * width
        styles = ["dim"] * width
        for n, kind in self.marks.items():
            i = self._cell(n, width)
            cells[i], styles[i] = ("┃", "#7ee787") if kind == "inject" else ("◆", "#e0c060")
        here = self._cell(self.point, width)
        for i in range(here):
            if cells[i] == "─":
                cells[i], styles[i] = "━", "#6cb6ff"
        cells[here], styles[here] = "●", "bold reverse #ffffff"
        for c, st in zip(cells, styles):
            bar.append(c, style=st)
        bar.append("▏", style="dim")
        return bar

    def _cell(self, n: int, width: int) -> int:
        return 0 if not self.total else min(width - 1, round(n * (width - 1) / self.total))

    def on_click(self, event) -> None:
        width = max(10, self.size.width - self.BAR)
        x = event.x - 2  # padding and the bar's left end
        if event.y != 1 or not 0 <= x < width or not self.total:
            return
        self.post_message(self.Scrubbed(round(x * self.total / (width - 1))))

"""A radio button and a list of ticks that say whether each is chosen without colour."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

CHOSEN, NOT_CHOSEN = "●", "○"


class Choice(RadioButton):
    """● when chosen, ○ when not. Textual draws ● for both and tells them apart by colour alone,
    which a colour-blind reader, a monochrome terminal or a projector washes out."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - the class attribute ToggleButton draws its mark from
        return CHOSEN if self.value else NOT_CHOSEN


class Ticks(SelectionList[str]):
    """A SelectionList (of str values) whose button reads ● when ticked and ○ when not. Textual draws the same X in
    both, bright or dim (its button is a Checkbox's: BUTTON_LEFT, BUTTON_INNER, BUTTON_RIGHT, then
    the prompt); here the mark in the middle of that button is replaced, its style kept."""

    # Space and Enter tick the seat highlighted as the key is handled. SelectionList's own toggles the
    # one highlighted when its "selected" message comes round, so Down, Space, Down, Space typed at
    # once ticked the second seat twice (none) instead of the first and the second.
    BINDINGS = [Binding("space,enter", "tick", "Tick", show=False)]

    DEFAULT_CSS = """
    Ticks > .selection-list--button, Ticks > .selection-list--button-highlighted { color: $text; }
    """

    def action_tick(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.get_option_at_index(self.highlighted))

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line  # below the last seat: no button on this line
        start = cell_len(Checkbox.BUTTON_LEFT)
        end = start + cell_len(Checkbox.BUTTON_INNER)
        if line.cell_length < end:
            return line
        inner = list(line.crop(start, end))
        mark = CHOSEN if selection.value in self.selected else NOT_CHOSEN
        return Strip.join([line.crop(0, start), Strip([Segment(mark, inner[0].style if inner else None)]),
                           line.crop(end)])

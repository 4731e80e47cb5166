"""A radio button that says whether it is chosen without colour."""

from __future__ import annotations

from textual.widgets import RadioButton


class Choice(RadioButton):
    """● when chosen, ○ when not. Textual draws ● for both and tells them apart by colour alone,
    which a colour-blind reader, a monochrome terminal or a projector washes out."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - the class attribute ToggleButton draws its mark from
        return "●" if self.value else "○"

"""The classification banner: a full-width bar on every console screen."""

from __future__ import annotations

from textual.widgets import Static


class ClassificationBanner(Static):
    """`EXERCISE EXERCISE EXERCISE` (or the scenario's own banner), impossible to miss."""

    DEFAULT_CSS = """
    ClassificationBanner {
        dock: top;
        width: 100%;
        height: 1;
        content-align: center middle;
        text-align: center;
        text-style: bold;
        background: #1e7b34;
        color: #ffffff;
    }
    """

    def __init__(self, text: str, **kwargs) -> None:
        super().__init__(text or "EXERCISE EXERCISE EXERCISE", markup=False, **kwargs)

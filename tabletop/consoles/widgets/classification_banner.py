"""The classification banner: a full-width bar on every console screen."""

from __future__ import annotations

from textual.widgets import Static

from tabletop.phrasebook import banner, phrase


class ClassificationBanner(Static):
    """`EXERCISE EXERCISE EXERCISE / 演習` (or the scenario's own banner), impossible to miss; a historical
    or adapted scenario (its `basis`) says so after it, in both languages."""

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

    def __init__(self, text: str, basis: str = "fictional", **kwargs) -> None:
        text = banner(text)  # the default marking, with its Japanese
        if basis in ("historical", "adapted"):
            key = f"consoles.classification_banner.{basis}"
            text = f"{text} · {phrase(key, 'en')} / {phrase(key, 'ja')}"
        super().__init__(text, markup=False, **kwargs)

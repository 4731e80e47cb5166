"""Fitting a cell's text to its column, deliberately: wrapped at word boundaries (Japanese by its
rules, consoles/linebreak.py) to at most a few lines, and what still does not fit ends in "…" at a
word boundary, never mid-word and never silently."""

from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

_CONSOLE = Console(file=io.StringIO(), width=1000, color_system=None, legacy_windows=False)


def shorten(text: Text, width: int) -> Text:
    """`text` in at most `width` cells: whole, or cut at its last word boundary with "…"."""
    if text.cell_len <= width:
        return text
    room = max(1, width - 1)
    plain = text.plain
    end = 0
    used = 0
    for i, ch in enumerate(plain):  # the longest prefix that fits with the ellipsis
        used += cell_len(ch)
        if used > room:
            break
        end = i + 1
    if end < len(plain) and not _between_words(plain, end):
        # mid-word: back to the last word boundary (after a space or a list's comma, or between
        # two Japanese characters); a word longer than half the cell is cut where it is
        back = next((i for i in range(end - 1, room // 2, -1) if _between_words(plain, i)), None)
        end = back if back is not None else end
    cut = text[:end]
    cut.rstrip()
    cut.rstrip_end(room)
    cut.append("…", style="dim")
    return cut


def fit(text: Text | str, width: int, lines: int = 1) -> Text:
    """`text` wrapped to `width` cells in at most `lines` lines, the last one shortened with "…" if
    more was left; newlines between the lines, so a table cell shows them as they are."""
    text = Text(text) if isinstance(text, str) else text
    if width <= 0:
        return text
    if text.cell_len <= width:
        return text.copy()
    wrapped = [line.copy() for line in text.wrap(_CONSOLE, width, overflow="fold")]
    ends = []  # where each line ends in `text`, its trailing spaces included
    for line in wrapped:
        ends.append((ends[-1] if ends else 0) + len(line.plain))
        line.rstrip()
    if len(wrapped) <= lines and all(line.cell_len <= width for line in wrapped):
        return Text("\n").join(wrapped)
    kept = wrapped[:lines - 1]
    start = ends[lines - 2] if lines > 1 else 0  # where the last line kept begins
    while start < len(text.plain) and text.plain[start] in " \n":
        start += 1
    rest = text[start:]
    rest.rstrip()
    return Text("\n").join([*kept, shorten(rest, width)])


def _between_words(plain: str, i: int) -> bool:
    """May a cell be shortened before plain[i] without cutting a word?"""
    before, here = plain[i - 1], plain[i]
    return (before in " 、，,・" or here == " "
            or (cell_len(before) > 1 and cell_len(here) > 1 and here not in "。、，）」』】"))

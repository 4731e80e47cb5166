"""Japanese line breaking for every console panel (#15: an inbox line began with 。).

Rich and Textual wrap at spaces only. Japanese has none, so a Japanese sentence is one "word"
longer than the line, and it is cut at the exact cell: the next line may begin with 。、」 or a
small kana. Here a line may break between any two wide characters, and at spaces as before, but
never before a character that may not begin a line nor after one that may not end it (the JIS X
4051 kinsoku classes below). A character a line may not begin with is pushed down with the one
before it (oikomi), so no line is wider than its width.

Text with no wide character is wrapped by the library's own code, unchanged: English reads as it
did. `install()` puts the function where Rich (tables, groups) and Textual (Static, TextArea)
look for theirs; tabletop/consoles/widgets/__init__.py calls it, so every console has it.

Not a Unicode line-breaking library (UAX #14): that would change how English wraps too, and its
Japanese rules are the same few classes as these."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# May not begin a line: closing brackets and quotes, the full stop and comma, the middle dot,
# iteration marks, the long-vowel mark, small kana, and their ASCII kin after a wide character.
NO_START = frozenset(
    "、。，．・：；？！‼⁇⁈⁉ヽヾゝゞ々〻ー…‥〜～゛゜"
    "）］｝〕〉》」』】〙〗〟’”｠»"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    ")]},.:;!?%")
# May not end a line: opening brackets and quotes.
NO_END = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«([{")


@lru_cache(maxsize=4096)
def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


_MAYBE_WIDE = re.compile("[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe6f\uff00-\uffef"
                         "\U0001f300-\U0001faff\U00020000-\U0003fffd]")


def has_wide(text: str) -> bool:
    """Does `text` hold a wide (two-cell) character? (A regular expression first: most text has none.)"""
    return any(_wide(m.group()) for m in _MAYBE_WIDE.finditer(text))


def _cells(ch: str) -> int:
    return 2 if _wide(ch) else (0 if unicodedata.combining(ch) else 1)


def _may_break(text: str, i: int) -> bool:
    """May a line end before text[i]?"""
    before, here = text[i - 1], text[i]
    if here.isspace():
        return False  # the spaces stay on the line they follow
    if before.isspace():
        return True
    if here in NO_START or before in NO_END:
        return False
    return _wide(before) or _wide(here)


def japanese_offsets(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break `text` (character offsets) so that each line fits `width` cells."""
    width = max(1, width)
    breaks: list[int] = []
    start = 0  # where the current line begins
    used = 0  # its cells so far, not counting the spaces at its end
    pending_space = 0  # cells of spaces after the last character
    last_break = None  # the last place the current line may end
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            pending_space += _cells(ch)
            i += 1
            continue
        if i > start and _may_break(text, i):
            last_break = i
        cells = _cells(ch)
        if used + pending_space + cells <= width or i == start:
            used += pending_space + cells
            pending_space = 0
            i += 1
            continue
        # `ch` does not fit: end the line at the last place it may end, else cut it here
        if last_break is not None and last_break > start:
            cut = last_break
        elif not fold:
            used += pending_space + cells  # a word longer than the line: cropped, as the library does
            pending_space = 0
            i += 1
            continue
        else:
            cut = i
            while cut - 1 > start and (text[cut] in NO_START or text[cut - 1] in NO_END):
                cut -= 1  # pushed down with the character before it
        breaks.append(cut)
        start, i, used, pending_space, last_break = cut, cut, 0, 0, None
    return breaks


def divide_line(original):
    """Rich's `divide_line(text, width, fold=True)`, Japanese-aware."""
    def divide(text: str, width: int, fold: bool = True) -> list[int]:
        if not has_wide(text):
            return original(text, width, fold=fold)
        return japanese_offsets(text, width, fold)

    divide.japanese = True
    return divide


def compute_wrap_offsets(original):
    """Textual's `compute_wrap_offsets(text, width, tab_size, fold, ...)` (TextArea), Japanese-aware."""
    def compute(text: str, width: int, tab_size: int, fold: bool = True, precomputed_tab_sections=None) -> list[int]:
        if "\t" in text or not has_wide(text):
            return original(text, width, tab_size, fold=fold, precomputed_tab_sections=precomputed_tab_sections)
        return japanese_offsets(text, width, fold)

    compute.japanese = True
    return compute


def install() -> None:
    """Put the Japanese-aware wrap where Rich and Textual look it up (once; idempotent)."""
    import rich.text
    import textual.content
    import textual.document._wrapped_document as wrapped

    for module, name, make in ((rich.text, "divide_line", divide_line),
                               (textual.content, "divide_line", divide_line),
                               (wrapped, "compute_wrap_offsets", compute_wrap_offsets)):
        current = getattr(module, name)
        if not getattr(current, "japanese", False):
            setattr(module, name, make(current))

"""The report's bilingual text: `Bi` dicts ``{"en": ..., "ja": ...}`` and the helpers that make
them from the phrasebook (data/report.yaml), the scenario and the pack."""

from __future__ import annotations

import re
from typing import Any, Iterable

Bi = dict[str, str]


def phrase(key: str, **fields: Any) -> Bi:
    """A sentence of the report in both languages (the phrasebook's `report.*`, data/report.yaml);
    a field given as Bi gives each language its own words."""
    from tabletop.phrasebook import phrase as say

    return {lang: say(f"report.{key}", lang, **{k: v[lang] if isinstance(v, dict) else v for k, v in fields.items()})
            for lang in ("en", "ja")}


def bi(en: str, ja: str | None = None) -> Bi:
    return {"en": en, "ja": ja if ja else en}


def text_bi(value: Any) -> Bi:
    """A scenario/pack Text model, a {en, ja} dict or a plain string, as Bi (Japanese falling back to English)."""
    from tabletop.phrasebook import pick

    return {lang: pick(value, lang) for lang in ("en", "ja")}


def join(items: Iterable[Bi], sep: Bi | None = None) -> Bi:
    """Bi items joined by `sep`, by default the phrasebook's list separator (`common.list.separator`)."""
    from tabletop.phrasebook import phrase as say

    items = list(items)
    sep = sep or {lang: say("common.list.separator", lang) for lang in ("en", "ja")}
    return {lang: sep[lang].join(i[lang] for i in items) for lang in ("en", "ja")}


def semicolon() -> Bi:
    """Between items that are themselves lists or sentences: '; ' / '；'."""
    from tabletop.phrasebook import phrase as say

    return {lang: say("common.list.semicolon", lang) for lang in ("en", "ja")}


def sentences(texts: list[str], lang: str) -> str:
    """Whole sentences one after the other ('A. B.' / 'A。B。'); else, if one is not a sentence, a list ('a; b')."""
    from functools import reduce

    from tabletop.phrasebook import phrase as say

    if not all(t.endswith(say("common.list.sentence_end", lang)) for t in texts):
        return say("common.list.semicolon", lang).join(texts)
    return reduce(lambda a, b: say("common.list.sentences", lang, first=a, second=b), texts) if texts else ""


def minutes(seconds: float | None) -> Bi:
    """A duration in words, the phrasebook's: '45 s', '4 min', '1 h 05 min' / '45秒', '4分', '1時間5分'."""
    from tabletop.phrasebook import duration

    return bi("—") if seconds is None else {lang: duration(seconds, lang) for lang in ("en", "ja")}


def headline(text: str, width: int = 90) -> str:
    """Typed text on one line, to the end of its first sentence (one of at least 24 characters:
    not "St."), cut after a word near `width` characters (half as many in Japanese), marked '…'."""
    flat = " ".join(text.split())
    end = next((m.end() for m in re.finditer(r"[.!?](?= )|[。！？]", flat) if m.end() >= 24), len(flat))
    first = flat[:end]
    wide = sum(ord(c) > 0x2E80 for c in first) * 3 > len(first)
    limit = width // 2 if wide else width
    if len(first) <= limit:
        return first
    cut = first[:limit] if wide or " " not in first[:limit] else first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;、") + "…"


def natural(key: str) -> tuple:
    """Sort key putting D2 before D10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key))

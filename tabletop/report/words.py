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
    items = list(items)
    sep = sep or {"en": ", ", "ja": "、"}
    return {lang: sep[lang].join(i[lang] for i in items) for lang in ("en", "ja")}


def minutes(seconds: float | None) -> Bi:
    """A duration in words, the phrasebook's: '45 s', '4 min', '1 h 05 min' / '45秒', '4分', '1時間5分'."""
    from tabletop.phrasebook import duration

    return bi("—") if seconds is None else {lang: duration(seconds, lang) for lang in ("en", "ja")}


def natural(key: str) -> tuple:
    """Sort key putting D2 before D10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key))

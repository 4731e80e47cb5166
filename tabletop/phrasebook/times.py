"""Dates, times and lengths of time in either language, from the phrasebook's
`common.weekday`, `common.month`, `common.date` and `common.duration` phrases
(not the C library's locale, which a server may not have).

Scenario-time offsets (`+01:05:00`) read the same in both languages: `offset`."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone

from tabletop.engine.clock import format_offset
from tabletop.phrasebook.book import phrase

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _moment(when: datetime | float) -> datetime:
    return datetime.fromtimestamp(when, timezone.utc) if isinstance(when, (int, float)) else when


def _fields(when: datetime, lang: str) -> dict:
    return {"weekday": phrase(f"common.weekday.{WEEKDAYS[when.weekday()]}", lang),
            "weekday_long": phrase(f"common.weekday_long.{WEEKDAYS[when.weekday()]}", lang),
            "month": phrase(f"common.month.{MONTHS[when.month - 1]}", lang),
            "month_long": phrase(f"common.month_long.{MONTHS[when.month - 1]}", lang),
            "day": when.day, "month_number": when.month, "year": when.year,
            "time": when.strftime("%H:%M")}


def short_date(when: datetime | float, lang: str) -> str:
    """'Tue 05 Oct' / '10月5日（火）': a wall clock's date line."""
    m = _moment(when)
    return phrase("common.date.short", lang, **_fields(m, lang))


def long_date(when: datetime | float, lang: str) -> str:
    """'Tuesday 5 October 2027' / '2027年10月5日（火曜日）'."""
    m = _moment(when)
    return phrase("common.date.long", lang, **_fields(m, lang))


def date_time(when: datetime | float, lang: str) -> str:
    """'5 October 2027, 06:50' / '2027年10月5日 06:50' (in the moment's own time zone)."""
    m = _moment(when)
    return phrase("common.date.date_time", lang, **_fields(m, lang))


def clock_time(when: datetime | float) -> str:
    """'06:50', the same in both languages."""
    return _moment(when).strftime("%H:%M")


def offset(seconds: float) -> str:
    """Scenario time since STARTEX, '+01:05:00'."""
    return format_offset(seconds)


def duration(seconds: float, lang: str) -> str:
    """'45 s', '12 min', '1 h 05 min' / '45秒', '12分', '1時間5分'."""
    s = int(round(abs(seconds)))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    if h:
        return phrase("common.duration.hours_minutes", lang, hours=h, minutes=m)
    if m:
        return phrase("common.duration.minutes", lang, minutes=m)
    return phrase("common.duration.seconds", lang, seconds=sec)


def relative(seconds: float, lang: str) -> str:
    """A moment `seconds` from now: 'in 3 min', '3 min ago', 'now' / '3分後', '3分前', '今'."""
    if abs(seconds) < 1:
        return phrase("common.relative.now", lang)
    key = "common.relative.future" if seconds > 0 else "common.relative.past"
    return phrase(key, lang, duration=duration(seconds, lang))


# -- widths of text in a terminal's cells -----------------------------------------------

def cells(text: str) -> int:
    """How many terminal cells `text` takes: East Asian wide and full-width characters take two."""
    n = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def pad(text: str, width: int) -> str:
    """`text` followed by spaces to fill `width` cells (Japanese counted as two cells a character)."""
    return text + " " * max(0, width - cells(text))

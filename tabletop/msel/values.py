"""What a planner types in a cell, read as scenario values — and written back.

Pure functions: each takes a cell's value (text, number, or the date, time or
duration a spreadsheet stores) and returns the scenario's value, or raises
CellError with a message that says what to type instead."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from tabletop.engine.clock import format_offset
from tabletop.problems import Say


class CellError(ValueError):
    """A cell that cannot be read; its sentence (phrasebook `msel.problems.*`) says what to type."""

    def __init__(self, key: str, /, **fields):
        super().__init__(Say(f"msel.problems.{key}", **fields))


TIME_HELP = Say("msel.problems.time_help")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_SPLIT = re.compile(r"[,;\n、，；\s]+")
_AUDIENCE_SPLIT = re.compile(r"[,;\n、，；]+")
_HMS = re.compile(r"^([+-]?)\s*(\d{1,3}):([0-5]?\d)(?::([0-5]?\d))?$")
_HHMM = re.compile(r"^(\d{1,2})([0-5]\d)$")  # military "0930"
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


def norm(value) -> str:
    """A cell as text for ids, times and lists: full-width digits and colons folded (０９：３０ is 09:30)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).replace("\u00a0", " ").strip()


def text(value) -> str | None:
    """A participant's or controller's text as typed: line breaks kept, Windows line ends folded, ends trimmed."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return out or None


def is_japanese(value: str) -> bool:
    return bool(JAPANESE.search(value))


def offset(value) -> int:
    """Seconds after STARTEX, from '+HH:MM:SS', 'H:MM', '0930', an Excel time or duration, or a fraction of a day."""
    if isinstance(value, timedelta):
        return int(round(value.total_seconds()))
    if isinstance(value, datetime):
        raise CellError("time_is_date", value=f"{value:%Y-%m-%d %H:%M}")
    if isinstance(value, time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, bool):
        raise CellError("not_time", value=str(value), help=TIME_HELP)
    if isinstance(value, (int, float)):
        if 0 <= value < 10 and not float(value).is_integer():  # Excel stores times as fractions of a day
            return int(round(value * 86400))
        raw = norm(int(value)) if float(value).is_integer() else norm(value)
        m = _HHMM.match(raw.zfill(3))
        if m and int(m.group(1)) < 100:
            return int(m.group(1)) * 3600 + int(m.group(2)) * 60
        raise CellError("not_time", value=raw, help=TIME_HELP)
    raw = norm(value).replace("：", ":")
    m = _HMS.match(raw)
    if m:
        if m.group(1) == "-":
            raise CellError("before_startex_time", value=raw, help=TIME_HELP)
        return int(m.group(2)) * 3600 + int(m.group(3)) * 60 + int(m.group(4) or 0)
    m = _HHMM.match(raw.lstrip("+"))
    if m:
        return int(m.group(1)) * 3600 + int(m.group(2)) * 60
    raise CellError("not_time", value=raw, help=TIME_HELP)


def offset_text(seconds: int) -> str:
    return format_offset(seconds)


def clock_offset(value, start: datetime) -> int:
    """Seconds after STARTEX of a scenario clock time ('07:05', an Excel time, or an Excel date-time).
    A time of day earlier than STARTEX's is on the next day."""
    if isinstance(value, datetime):
        local = start.replace(tzinfo=None)
        seconds = (value - local).total_seconds()
        if seconds < 0:
            raise CellError("before_startex", value=f"{value:%Y-%m-%d %H:%M}", start=f"{local:%Y-%m-%d %H:%M}")
        return int(round(seconds))
    if isinstance(value, date):
        raise CellError("date_no_time", value=f"{value:%Y-%m-%d}")
    of_day = offset(value)
    if of_day >= 86400:
        raise CellError("past_midnight", value=norm(value))
    startex = start.hour * 3600 + start.minute * 60 + start.second
    return (of_day - startex) % 86400


_TRIGGER = re.compile(r"^(?:after\s+(?P<after>[A-Za-z][\w.-]*)\s*(?P<delay>\+?[\d:]+)?|(?P<at>\+?[\d:]+))?\s*"
                      r"(?P<manual>\(?manual\)?|手動)?$", re.IGNORECASE)


def trigger(value) -> dict:
    """The inject's release: an offset, 'after I01 +00:03', 'manual', or an offset and '(manual)'."""
    if not isinstance(value, str):
        return {"at": offset_text(offset(value))}
    raw = norm(value)
    m = _TRIGGER.match(raw)
    if raw and not m and not re.search(r"(?i)after|manual|手動", raw):
        offset(raw)  # says what is wrong with the time
    if not raw or not m:
        raise CellError("not_trigger", value=raw, help=TIME_HELP)
    out: dict = {}
    if m.group("after"):
        out["after"] = {"inject": m.group("after"), "delay": offset_text(offset(m.group("delay") or "0:00"))}
    elif m.group("at"):
        out["at"] = offset_text(offset(m.group("at")))
    if m.group("manual"):
        out["manual"] = True
    return out


def trigger_text(at: int | None, after: tuple[str, int] | None, manual: bool) -> str:
    parts = []
    if at is not None:
        parts.append(offset_text(at))
    if after is not None:
        parts.append(f"after {after[0]} {offset_text(after[1])}")
    if manual:
        parts.append("(manual)" if parts else "manual")
    return " ".join(parts)


def id_list(value) -> list[str]:
    """Ids separated by commas, semicolons, spaces or line breaks."""
    return [x for x in _SPLIT.split(norm(value)) if x]


def names(value) -> list[str]:
    """Audience entries: role ids or role names (which may hold spaces), separated by commas, semicolons or lines."""
    return [x.strip() for x in _AUDIENCE_SPLIT.split(norm(value)) if x.strip()]


_BRACKETED_ID = re.compile(r"[（(]\s*([A-Za-z][\w.-]*)\s*[）)]$")


def timeout_option(value) -> str:
    """If no decision: an option id, or its label with the id in brackets at the end, as the export
    writes it (`さらなる情報を待つ（wait）`, `Wait for better intelligence (wait)`)."""
    raw = norm(value)
    m = _BRACKETED_ID.search(raw)
    return m.group(1) if m and not _ID.match(raw) else raw


def check_id(value: str, what: "Say | str") -> str:
    if not _ID.match(value):
        raise CellError("not_id", what=what, value=value)
    return value


_COND = re.compile(r"^(?:(?P<not>not\s+)?(?P<kind>decision|situation|flag)\s*[:=]?\s*(?P<name>[A-Za-z][\w.-]*)"
                   r"(?:\s*[=:→]\s*(?P<option>[A-Za-z][\w.-]*))?)$", re.IGNORECASE)


def condition(value) -> dict:
    """'decision D1 = destroy; situation armed-attack; flag F; not flag G' as a `when`."""
    out: dict = {}
    for part in [p.strip() for p in re.split(r"[;\n；]+", norm(value)) if p.strip()]:
        m = _COND.match(part)
        if not m or (m.group("not") and m.group("kind").lower() != "flag") \
                or (m.group("option") and m.group("kind").lower() != "decision"):
            raise CellError("bad_condition", value=part)
        kind = m.group("kind").lower()
        key = "not_flag" if m.group("not") else kind
        if key in out:
            raise CellError("condition_twice", value=norm(value), key=key.replace("_", " "))
        out[key] = m.group("name")
        if m.group("option"):
            out["option"] = m.group("option")
    return out


def condition_text(when: dict) -> str:
    parts = []
    if when.get("decision"):
        parts.append(f"decision {when['decision']}" + (f" = {when['option']}" if when.get("option") else ""))
    for key, word in (("situation", "situation"), ("flag", "flag"), ("not_flag", "not flag")):
        if when.get(key):
            parts.append(f"{word} {when[key]}")
    return "; ".join(parts)

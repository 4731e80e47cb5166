"""One event of the log in words (the evidence appendix and the printed log). Participant text
is kept apart (`note`), shown as written, never translated."""

from __future__ import annotations

from dataclasses import dataclass

from tabletop.engine import events as ev
from tabletop.report.model import Bi, phrases, bi, text_bi

NOTE = {ev.MOVE_SUBMITTED: ("text",), ev.MOVE_BLOCKED: ("text",), ev.MESSAGE_SENT: ("text",),
        ev.OBSERVATION_RECORDED: ("text",), ev.RULING_MADE: ("reason",), ev.INJECT_SKIPPED: ("reason",),
        ev.HOTWASH_SUBMITTED: ("strengths", "improvements")}


@dataclass
class Entry:
    seq: int
    at: float
    wall: str
    actor: str
    role: Bi
    type: str
    text: Bi
    note: str = ""


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "—"


def entry(e, names) -> Entry:
    d = e.data
    fields: dict[str, Bi] = {k: bi(str(v)) for k, v in d.items() if isinstance(v, (str, int, float))}
    fields["to"] = _roles(names, d.get("to"))
    fields["role"] = names.role(d.get("to")) if isinstance(d.get("to"), str) else fields["to"]
    fields["title"], fields["prompt"] = text_bi(d.get("title")), text_bi(d.get("prompt"))
    fields["situation"] = names.situation(d.get("situation"))
    fields["label"] = names.action(d.get("action")) or bi(d.get("option") or "—")
    fields["on"] = {"en": f" on {d['decision']} ({d.get('option')})", "ja": f"（決定{d['decision']}：{d.get('option')}）"} \
        if d.get("decision") and "Move" in e.type else bi("")
    fields["cites"] = bi("; ".join(f"{c.get('instrument')} {c.get('article')}" for r in d.get("reasons") or []
                                   for c in r.get("citations", [])))
    fields["set"], fields["cleared"] = bi(", ".join(d.get("set") or []) or "—"), bi(", ".join(d.get("cleared") or []) or "—")
    sentence = phrases().get(f"event.{e.type}", {"en": e.type, "ja": e.type})
    text = {lang: sentence[lang].format_map(_Fields({k: v[lang] for k, v in fields.items()})) for lang in ("en", "ja")}
    note = " / ".join(str(d.get(k)) for k in NOTE.get(e.type, ()) if d.get(k))
    return Entry(e.seq, e.at, e.wall, e.actor, names.role(e.actor), e.type, text, note)


def _roles(names, seats) -> Bi:
    if not isinstance(seats, list) or not seats:
        return bi("—")
    roles = [names.role(s) for s in seats]
    return {"en": ", ".join(r["en"] for r in roles), "ja": "、".join(r["ja"] for r in roles)}

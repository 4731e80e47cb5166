"""One event of the log in words (the evidence appendix and the printed log), from the
phrasebook's `describe_parts`: the sentence as pieces, each named by the field it fills, so the
templates can put participant text (a quote, a reason, a typed title) through `said`."""

from __future__ import annotations

from dataclasses import dataclass

from tabletop.engine import events as ev
from tabletop.phrasebook import Names, describe_parts

SAID = {"quote", "text", "reason", "title"}  # the fields that carry text a person typed


@dataclass
class Entry:
    seq: int
    at: float
    actor: str
    role: dict[str, str]
    type: str
    parts: dict[str, list[tuple[str, bool]]]  # per language: (text, typed by a participant)


def entry(e, names: Names) -> Entry:
    parts = {lang: [(text, typed(e, field)) for text, field in describe_parts(e, lang, names)] for lang in ("en", "ja")}
    return Entry(e.seq, e.at, e.actor, {lang: names.role(e.actor, lang) or e.actor for lang in ("en", "ja")},
                 e.type, parts)


def typed(e, field: str | None) -> bool:
    """Whether a field of an event's sentence is text a person typed: not the pack's reasons for
    blocking or flagging a move, nor a scripted inject's title (the scenario's words)."""
    if field == "reason" and e.type in (ev.MOVE_BLOCKED, ev.MOVE_SUBMITTED):
        return False
    if field == "title" and e.type == ev.INJECT_RELEASED and not getattr(e.payload, "adhoc", False):
        return False
    return field in SAID

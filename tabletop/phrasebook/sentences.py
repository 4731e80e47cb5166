"""One sentence per event, in either language, from the phrasebook's `events.*`
phrases: what the live feed, the report's log and the CLI say about it.

`describe(event, lang, names)` is the sentence as text; `describe_parts` the same
as pieces, each named by the field it fills (`actor`, `title`, `quote`, ...) or
None for the phrase's own words, so a console can style them. `tag(event, lang)`
is the event's short label (INJECT / 付与). `names` is a `Names` (or anything
with its methods), or a function naming a seat in `lang` (`name_of(seat)`)."""

from __future__ import annotations

import re
from typing import Any, Callable

from tabletop.engine import events as ev
from tabletop.engine.events import Event, Reason
from tabletop.phrasebook.book import Part, parts, phrase
from tabletop.phrasebook.names import SeatNames, pick
from tabletop.phrasebook.times import offset

Sentence = Callable[[Event, str, Any], list[Part]]
_SENTENCES: dict[str, Sentence] = {}


def _names(names: Any):
    return names if hasattr(names, "role") else SeatNames(names)


def tag(event: Event, lang: str) -> str:
    """The event's short label: 'INJECT', 'AD HOC', 'BLOCKED' / '付与', '臨時', '阻止'."""
    if not event.known:
        return phrase("events.unknown.tag", lang)
    if event.type == ev.INJECT_RELEASED and event.payload.adhoc:
        return phrase("events.InjectReleased.tag_adhoc", lang)
    return phrase(f"events.{event.type}.tag", lang)


def describe_parts(event: Event, lang: str, names: Any) -> list[Part]:
    """The event's sentence as pieces (see the module's docstring)."""
    if not event.known:
        if event.problem:
            return parts("events.unknown.unreadable", lang, type=event.type, problem=event.problem)
        return parts("events.unknown.line", lang, type=event.type)
    return _SENTENCES[event.type](event, lang, _names(names))


def describe(event: Event, lang: str, names: Any) -> str:
    """The event's sentence: 'Minister of Defense: Order destruction measures — “...”'."""
    return "".join(text for text, _ in describe_parts(event, lang, names))


def sentence(*types: str):
    def register(fn: Sentence) -> Sentence:
        for t in types:
            _SENTENCES[t] = fn
        return fn
    return register


def quote(text: str, lang: str) -> list[Part]:
    return parts("events.common.quote", lang, quote=text) if text else []


def citation(c: dict, lang: str, *, marks: bool = True) -> str:
    """A citation as a reader sees it: 'SDF Act Art. 82-3(1)'; in Japanese its Japanese form where
    the pack gives one ('自衛隊法第82条の3第1項'); with `marks`, an unverified one says so (for
    authors and facilitators, never players)."""
    ja = c.get("ja") if lang == "ja" else None
    if isinstance(ja, str) and ja.strip():
        text = ja.strip()
    else:
        text = phrase("doctrine.citation.short", lang, instrument=c.get("instrument", ""),
                      article=c.get("article", "")).strip()
    if marks and c.get("verified", True) is False:
        text += phrase("doctrine.citation.unverified", lang)
    return text


def reasons_parts(reasons, lang: str, *, marks: bool = True) -> list[Part]:
    """Each unmet condition with its citations: 'Needs approval [Mini Act Art. 3]; ...'."""
    out: list[Part] = []
    for i, r in enumerate(reasons or ()):
        if isinstance(r, dict):  # a verdict as the server's check answers it, not an event's Reason
            r = Reason(r.get("text") or {}, tuple(r.get("citations") or ()))
        if i:
            out.append((phrase("events.common.reason_separator", lang), None))
        out.append((pick(r.text, lang), "reason"))
        cites = [citation(c, lang, marks=marks) for c in r.citations]
        if cites:
            out += parts("events.common.citations", lang,
                         citations=phrase("events.common.citation_separator", lang).join(cites))
    return out


@sentence(ev.EXERCISE_CREATED)
def _created(e, lang, n):
    return parts("events.ExerciseCreated.line", lang, title=pick(e.payload.title, lang), scenario=e.payload.scenario)


@sentence(ev.SEAT_JOINED, ev.SEAT_LEFT, ev.HOTWASH_SUBMITTED)
def _seat(e, lang, n):
    return parts(f"events.{e.type}.line", lang, actor=n.role(e.actor, lang))


@sentence(ev.CLOCK_PAUSED, ev.CLOCK_RESUMED, ev.EXERCISE_ENDED)
def _bare(e, lang, n):
    return parts(f"events.{e.type}.line", lang, actor=n.role(e.actor, lang))


@sentence(ev.EXERCISE_STARTED)
def _started(e, lang, n):
    return parts("events.ExerciseStarted.line", lang, speed=e.payload.speed)


@sentence(ev.SPEED_CHANGED)
def _speed(e, lang, n):
    return parts("events.SpeedChanged.line", lang, previous=e.payload.previous, speed=e.payload.speed)


@sentence(ev.INJECT_RELEASED)
def _released(e, lang, n):
    p = e.payload
    out = parts("events.InjectReleased.line", lang, inject=p.inject, title=pick(p.title, lang))
    if p.to:
        out += parts("events.InjectReleased.audience", lang, audience=n.audience(p.to, lang))
    return out


@sentence(ev.INJECT_HELD, ev.INJECT_ACKNOWLEDGED)
def _inject(e, lang, n):
    return parts(f"events.{e.type}.line", lang, inject=e.payload.inject, actor=n.role(e.actor, lang))


_FOLLOWS = re.compile(r"^follows (\S+), which was skipped$")
SKIP_REASONS = {"skipped by control": "by_control", "condition can no longer hold": "condition"}


def skip_reason(reason: str, lang: str) -> str:
    """The engine's reason for a skipped inject, in `lang` (it is logged in English)."""
    if reason in SKIP_REASONS:
        return phrase(f"events.InjectSkipped.reason.{SKIP_REASONS[reason]}", lang)
    m = _FOLLOWS.match(reason)
    if m:
        return phrase("events.InjectSkipped.reason.follows", lang, inject=m.group(1))
    return reason


@sentence(ev.INJECT_SKIPPED)
def _skipped(e, lang, n):
    p = e.payload
    if not p.reason:
        return parts("events.InjectSkipped.line", lang, inject=p.inject)
    return parts("events.InjectSkipped.line_reason", lang, inject=p.inject, reason=skip_reason(p.reason, lang))


@sentence(ev.DECISION_OPENED)
def _opened(e, lang, n):
    p = e.payload
    return parts("events.DecisionOpened.line", lang, decision=p.decision, seat=n.role(p.to, lang),
                 prompt=pick(p.prompt, lang))


def _flags(flags, lang: str) -> list[Part]:
    out: list[Part] = []
    for f in flags:
        out += parts("events.MoveSubmitted.flag", lang, flag=pick(f.text, lang))
    return out


@sentence(ev.MOVE_SUBMITTED)
def _move(e, lang, n):
    p = e.payload
    what = n.action(p.action, lang) or n.option(p.decision, p.option, lang)
    if p.decision:
        out = parts("events.MoveSubmitted.line_decision", lang, actor=n.role(e.actor, lang), decision=p.decision,
                    action=what)
    else:
        out = parts("events.MoveSubmitted.line", lang, actor=n.role(e.actor, lang), action=what)
    if p.ruling is not None:
        out += parts("events.MoveSubmitted.overruled", lang, ruling=p.ruling)
    if p.unruled:
        out += parts("events.MoveSubmitted.unruled", lang)
    return out + _flags(p.flags, lang) + quote(p.text, lang)


@sentence(ev.MOVE_BLOCKED)
def _blocked(e, lang, n):
    p = e.payload
    what = n.action(p.action, lang) or n.option(p.decision, p.option, lang)
    out = parts("events.MoveBlocked.line", lang, seq=e.seq, actor=n.role(e.actor, lang), action=what)
    return out + reasons_parts(p.reasons, lang, marks=getattr(n, "marks", True)) + quote(p.text, lang)


@sentence(ev.DECISION_RESOLVED, ev.DECISION_TIMED_OUT)
def _resolved(e, lang, n):
    p = e.payload
    if not p.option:
        return parts(f"events.{e.type}.line_none", lang, decision=p.decision)
    return parts(f"events.{e.type}.line", lang, decision=p.decision, option=n.option(p.decision, p.option, lang))


@sentence(ev.SITUATION_DECLARED)
def _situation(e, lang, n):
    p = e.payload
    out = parts("events.SituationDeclared.line", lang, situation=n.situation(p.situation, lang))
    if p.previous:
        out += parts("events.SituationDeclared.previous", lang, previous=n.situation(p.previous, lang))
    others = [x for x in (p.situations or ()) if x != p.situation]
    if others:
        out += parts("events.SituationDeclared.in_force", lang, situations=_situations(others, lang, n))
    if e.actor not in ("system", "control"):
        out += parts("events.SituationDeclared.by", lang, actor=n.role(e.actor, lang))
    return out


@sentence(ev.SITUATION_ENDED)
def _situation_ended(e, lang, n):
    p = e.payload
    out = parts("events.SituationEnded.line", lang, situation=n.situation(p.situation, lang))
    if p.situations:
        out += parts("events.SituationEnded.in_force", lang, situations=_situations(p.situations, lang, n))
    if e.actor not in ("system", "control"):
        out += parts("events.SituationEnded.by", lang, actor=n.role(e.actor, lang))
    return out


def _situations(ids, lang, n) -> str:
    return phrase("common.list.separator", lang).join(n.situation(x, lang) for x in ids)


@sentence(ev.FLAGS_CHANGED)
def _flags_changed(e, lang, n):
    p = e.payload
    items = [phrase("events.FlagsChanged.set", lang, flag=n.flag(f, lang)) for f in p.set]
    items += [phrase("events.FlagsChanged.cleared", lang, flag=n.flag(f, lang)) for f in p.cleared]
    return parts("events.FlagsChanged.line", lang, flags=phrase("common.list.separator", lang).join(items))


@sentence(ev.OBLIGATION_DUE)
def _obl_due(e, lang, n):
    p = e.payload
    return parts("events.ObligationDue.line", lang, obligation=n.obligation(p.obligation, lang), due=offset(p.due_at))


@sentence(ev.OBLIGATION_MET)
def _obl_met(e, lang, n):
    p = e.payload
    key = "events.ObligationMet.line_late" if p.late else "events.ObligationMet.line"
    return parts(key, lang, obligation=n.obligation(p.obligation, lang), actor=n.role(e.actor, lang))


@sentence(ev.OBLIGATION_OVERDUE)
def _obl_overdue(e, lang, n):
    return parts("events.ObligationOverdue.line", lang, obligation=n.obligation(e.payload.obligation, lang))


@sentence(ev.MESSAGE_SENT)
def _message(e, lang, n):
    p = e.payload
    return parts("events.MessageSent.line", lang, actor=n.role(e.actor, lang), audience=n.audience(p.to, lang),
                 text=p.text)


def verdict_word(verdict: str, lang: str) -> str:
    """A ruling's verdict as a reader sees it: 'upheld' / '阻止を維持'."""
    key = f"common.verdict.{verdict}"
    return phrase(key, lang) if verdict in ("overrule", "uphold", "adjudicate") else verdict


@sentence(ev.RULING_MADE)
def _ruling(e, lang, n):
    p = e.payload
    out = parts("events.RulingMade.line", lang, target=p.target, verdict=verdict_word(p.verdict, lang))
    if p.action:
        out += parts("events.RulingMade.move", lang, seat=n.role(p.seat, lang), action=n.action(p.action, lang))
    if p.reason:
        out += parts("events.RulingMade.reason", lang, reason=p.reason)
    return out


@sentence(ev.OBSERVATION_RECORDED)
def _observation(e, lang, n):
    p = e.payload
    return parts("events.ObservationRecorded.line", lang, objective=p.objective, rating=p.rating, text=p.text,
                 actor=n.role(e.actor, lang))


@sentence(ev.FORKED)
def _forked(e, lang, n):
    p = e.payload
    out = parts("events.Forked.line", lang, parent=p.parent, point=p.point)
    if p.decision:
        out += parts("events.Forked.decision", lang, decision=p.decision)
    if p.option:
        out += parts("events.Forked.option", lang, option=p.option)
    return out


# -- scenario format tabletop/2 --------------------------------------------------------

@sentence(ev.STARTING_STATE)
def _starting(e, lang, n):
    p = e.payload
    sep = phrase("common.list.separator", lang)
    out = parts("events.StartingStateRecorded.line", lang,
                situations=sep.join(n.situation(s, lang) for s in p.situations or ("none",)))
    if p.done:
        out += parts("events.StartingStateRecorded.done", lang, done=sep.join(n.action(a, lang) or a for a in p.done))
    return out


@sentence(ev.PHASE_BEGAN)
def _phase(e, lang, n):
    p = e.payload
    out = parts("events.PhaseBegan.line", lang, phase=p.phase)
    if p.speed is not None:
        out += parts("events.PhaseBegan.speed", lang, speed=p.speed)
    if p.jumped_from is not None:
        out += parts("events.PhaseBegan.jumped", lang, start=offset(p.jumped_from))
    return out


@sentence(ev.DEADLINE_MOVED)
def _deadline(e, lang, n):
    return parts("events.DeadlineMoved.line", lang, decision=e.payload.decision, at=offset(e.payload.deadline_at))


@sentence(ev.POSITION_TAKEN)
def _position(e, lang, n):
    p = e.payload
    return parts("events.PositionTaken.line", lang, actor=n.role(e.actor, lang), decision=p.decision,
                 option=n.option(p.decision, p.option, lang)) + quote(p.text, lang)

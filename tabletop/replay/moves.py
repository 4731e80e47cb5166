"""A moves file played on a log that already holds part of the exercise (a fork, or a
rehearsal picked back up): the moves the log already holds are not played again.

A move timed before the log's last scenario time is in it already. A move timed at that
very moment may or may not be (a fork at a decision keeps what happened at its minute
before the answer): it is in the log if an event there says so — the same seat's
move on the same decision and option or action, the same message, observation,
acknowledgement, hotwash or ruling. The other option, at the same minute, is played."""

from __future__ import annotations

from tabletop.engine import events as ev
from tabletop.engine.core import EPS
from tabletop.engine.events import Event

_CONTROL = {"start": ev.EXERCISE_STARTED, "pause": ev.CLOCK_PAUSED, "resume": ev.CLOCK_RESUMED,
            "end": ev.EXERCISE_ENDED, "speed": ev.SPEED_CHANGED, "release": ev.INJECT_RELEASED,
            "hold": ev.INJECT_HELD, "skip": ev.INJECT_SKIPPED, "inject": ev.INJECT_RELEASED}


def _move_key(spec) -> tuple:
    if spec.decision is not None:
        return ("move", spec.decision, spec.option)
    if spec.action is not None:
        return ("move", None, spec.action)
    if spec.message is not None:
        return ("message", spec.message.text)
    if spec.observation is not None:
        return ("observation", spec.observation.objective, spec.observation.text)
    if spec.ack is not None:
        return ("ack", spec.ack)
    if spec.hotwash is not None:
        return ("hotwash",)
    if spec.ruling is not None:
        return ("ruling", spec.ruling.verdict, spec.ruling.reason)
    return ("control", _CONTROL.get(spec.control), spec.inject)


def _event_key(e: Event) -> tuple | None:
    if not e.known:
        return None
    p = e.payload
    if e.type == ev.MOVE_BLOCKED or (e.type == ev.MOVE_SUBMITTED and p.ruling is None):
        return ("move", p.decision, p.option if p.decision else p.action)
    if e.type == ev.MESSAGE_SENT:
        return ("message", p.text)
    if e.type == ev.OBSERVATION_RECORDED:
        return ("observation", p.objective, p.text)
    if e.type == ev.INJECT_ACKNOWLEDGED:
        return ("ack", p.inject)
    if e.type == ev.HOTWASH_SUBMITTED:
        return ("hotwash",)
    if e.type == ev.RULING_MADE:
        return ("ruling", p.verdict, p.reason)
    if e.actor == "control" and e.type in _CONTROL.values():
        inject = getattr(p, "inject", None)
        return ("control", e.type, None if getattr(p, "adhoc", False) else inject)
    return None


def still_to_play(specs: list, events: list[Event]) -> tuple[list, int]:
    """The moves (sorted by time) that `events` do not hold yet, and how many were left out."""
    if not events:
        return specs, 0
    now = max(e.at for e in events)
    held: list[tuple] = [(_who(e.actor), k) for e in events if abs(e.at - now) <= EPS and (k := _event_key(e))]
    out = []
    for spec in specs:
        if spec.at < now - EPS:
            continue
        if abs(spec.at - now) <= EPS:
            mine = (_who(spec.seat), _move_key(spec))
            if mine in held:
                held.remove(mine)
                continue
        out.append(spec)
    return out, len(specs) - len(out)


def _who(seat: str) -> str:
    return "evaluator" if seat.startswith("evaluator") else seat

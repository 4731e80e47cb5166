"""Forks: a new exercise whose log starts with a verified prefix of its parent's.

The fork's log holds the parent's first N events unchanged, then a `Forked` event
naming the parent exercise, the point N and the parent's chain hash at N (its head
over the shared prefix), then (if the clock was running) a pause at the point's
scenario time: play goes on when control resumes. The fork is an exercise of its own:
its rows are hashed under its own name from the first, so every store, `verify`,
`run --resume` and the report read it like any log. What ties it to its parent is
checkable both ways: recomputing the parent's chain over the fork's first N events
must give the recorded head (the fork alone), and the parent's own chain at N must
be that head, event by event (with the parent at hand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath

from tabletop.engine import audience
from tabletop.engine import events as ev
from tabletop.engine.core import iso, replay
from tabletop.engine.events import Event
from tabletop.engine.state import State
from tabletop.problems import Say
from tabletop.replay.log import META_KEYS, PlayedLog, read_log
from tabletop.replay.timeline import PointError
from tabletop.store.base import GENESIS, row_body, row_hash


class ForkError(Exception):
    """The fork cannot be made; the message says why and what to do."""


def chain_head(exercise: str, events) -> str:
    """The hash chain of these events as a log of `exercise` would record it, at its last event."""
    prev = GENESIS
    for e in events:
        prev = row_hash(prev, exercise, e)
    return prev


def forked_from(events) -> Event | None:
    """This log's own fork event (a fork of a fork also holds its parent's, earlier)."""
    return next((e for e in reversed(events) if e.type == ev.FORKED), None)


def fork_events(state: State, point: int, parent: str, head: str, exercise: str, now: datetime,
                parent_file: str | None = None, decision: str | None = None, option: str | None = None) -> list[Event]:
    """The events that start a fork at `point` of a parent whose state there is `state`."""
    wall, at = iso(now), state.last_at
    data = {"exercise": exercise, "parent": parent, "point": point, "head": head, "decision": decision,
            "parent_file": parent_file}
    if option is not None:
        data["option"] = option  # the branch the fork was made to play
    out = [Event(ev.FORKED, "control", at, wall, data, (), point + 1)]
    if state.phase == "running":  # play goes on when control resumes, from the point's scenario time
        out.append(Event(ev.CLOCK_PAUSED, "control", at, wall, {}, None, point + 2))
    return out


def fork(parent_store, child_store, point: int, now: datetime, *, parent_file: str | None = None,
         decision: str | None = None, played: PlayedLog | None = None, option: str | None = None) -> list[Event]:
    """Write the fork into the empty `child_store`; return the events that follow the prefix.
    Raises ForkError (a tampered parent, a point after ENDEX)."""
    check = parent_store.verify()
    if not check.ok:
        raise ForkError(Say("replay.log.parent_tampered", detail=check.message))
    played = played or read_log(parent_store)
    if not 0 < point <= len(played.events):
        raise PointError(Say("replay.log.no_event", n=point, last=len(played.events)))
    if child_store.last_seq:
        raise ForkError(Say("replay.log.child_not_empty", exercise=child_store.exercise))
    prefix = played.events[:point]
    state = replay(played.initial(), prefix)
    if state.phase == "ended":
        ended = next(e.seq for e in prefix if e.type == ev.EXERCISE_ENDED)
        raise ForkError(Say("replay.log.ended", point=point, ended=ended))
    head = chain_head(played.exercise, prefix)
    new = fork_events(state, point, played.exercise, head, child_store.exercise, now, parent_file, decision, option)
    new = _after(prefix, new)
    for e in new:
        audience.check(e, state)
        state = replay(state, [e])
    for key in META_KEYS:
        if key in played.meta:
            child_store.set_meta(key, played.meta[key])
    child_store.append(list(prefix) + new)
    return new


def _after(prefix, new: list[Event]) -> list[Event]:
    """Wall times never go back: a rehearsal's simulated clock may be ahead of the real one."""
    last = max((e.wall for e in prefix), default="")
    return [e if e.wall >= last else Event(e.type, e.actor, e.at, last, e.data, e.to, e.seq) for e in new]


# -- checking a fork -----------------------------------------------------------------------

@dataclass
class ForkCheck:
    ok: bool
    lines: list = field(default_factory=list)  # sentences (Say: str() is English, said() any language)
    forked: Event | None = None
    parent_checked: bool = False


def _check(key: str, **fields) -> Say:
    return Say(f"replay.log.check.{key}", **fields)


def check_fork(events: list[Event], parent_store=None) -> ForkCheck:
    """A log that verifies on its own, checked as a fork: its prefix against the recorded head,
    and, with `parent_store`, against the parent itself."""
    f = forked_from(events)
    if f is None:
        return ForkCheck(True)
    d = f.payload
    if not f.known or f.seq != d.point + 1:
        why = f.problem if not f.known else _check("follows", previous=f.seq - 1, point=d.point)
        return ForkCheck(False, [_check("unplaced", seq=f.seq, why=why)], f)
    point, parent, head = d.point, d.parent, d.head
    where = (_check("where_option", parent=parent, point=point, decision=d.decision, option=d.option)
             if d.decision and d.option else
             _check("where_decision", parent=parent, point=point, decision=d.decision) if d.decision else
             _check("where", parent=parent, point=point))
    if chain_head(parent, events[:point]) != head:
        return ForkCheck(False, [_check("altered", where=where, point=point)], f)
    lines = [_check("head", where=where, point=point, head=head[:12])]
    if parent_store is None:
        return ForkCheck(True, lines, f)
    return _against_parent(events, parent_store, f, lines)


def _against_parent(events: list[Event], parent_store, f: Event, lines: list[str]) -> ForkCheck:
    point, parent, head = f.payload.point, f.payload.parent, f.payload.head
    bad = ForkCheck(False, lines, f, parent_checked=True)
    if parent_store.exercise != parent:
        bad.lines.append(_check("other_parent", given=parent_store.exercise, parent=parent))
        return bad
    own = parent_store.verify()
    if not own.ok:
        shared = own.first_bad is not None and own.first_bad <= point
        bad.lines.append(_check("parent_tampered_shared" if shared else "parent_tampered_after",
                                detail=own.message, point=point))
        return bad
    theirs = list(parent_store.read())[:point]
    if len(theirs) < point:
        bad.lines.append(_check("parent_short", n=len(theirs), point=point))
        return bad
    for mine, its in zip(events[:point], theirs):
        if row_body("", mine) != row_body("", its):
            bad.lines.append(_check("differs", seq=its.seq, type=its.type))
            return bad
    if chain_head(parent, theirs) != head:
        bad.lines.append(_check("other_head", point=point))
        return bad
    lines.append(_check("verified", parent=parent, last=parent_store.last_seq, point=point))
    return ForkCheck(True, lines, f, parent_checked=True)


def parent_beside(fork_path: str, forked: Event) -> str | None:
    """The parent's file named in the fork, if it lies beside the fork."""
    name = forked.payload.parent_file if forked.known else None
    if not name:
        return None
    return str(PurePath(fork_path).with_name(PurePath(name).name))

"""Points of a log, and how to move between them: by event, by inject, by decision, or to
a scenario time. A point n is the exercise after its first n events (0: before any)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Sequence

from tabletop.engine import events as ev
from tabletop.engine.core import EPS
from tabletop.engine.events import Event
from tabletop.problems import Say

KINDS = ("event", "inject", "decision")
MARKS = {"inject": (ev.INJECT_RELEASED, ev.INJECT_SKIPPED),
         "decision": (ev.DECISION_OPENED, ev.DECISION_RESOLVED, ev.DECISION_TIMED_OUT)}
_OFFSET = re.compile(r"^\+?(\d+):([0-5]\d)(?::([0-5]\d))?$")


class PointError(ValueError):
    """A point that is not in this log; the message says what is."""


class Timeline:
    def __init__(self, events: Sequence[Event]):
        self.events = tuple(events)
        self.marks = {kind: [n for n, e in enumerate(self.events, 1) if e.type in types]
                      for kind, types in MARKS.items()}
        self._times: list[float] = []  # scenario time at each point (never decreasing)
        t = 0.0
        for e in self.events:
            t = max(t, e.at)
            self._times.append(t)

    def __len__(self) -> int:
        return len(self.events)

    def time_at(self, n: int) -> float:
        return self._times[n - 1] if n >= 1 and self._times else 0.0

    def step(self, n: int, kind: str, direction: int) -> int:
        """The next (direction 1) or previous (-1) point of this kind; n itself if there is none."""
        if kind == "event":
            return max(0, min(len(self.events), n + direction))
        marks = self.marks[kind]
        if direction > 0:
            i = bisect_right(marks, n)
            return marks[i] if i < len(marks) else n
        i = bisect_left(marks, n) - 1
        return marks[i] if i >= 0 else 0

    def at_time(self, seconds: float) -> int:
        """The last point at or before this scenario time."""
        return bisect_right(self._times, seconds + EPS)

    # -- points written by a person --------------------------------------------------------

    def point(self, text: str, decisions: Sequence[str] = ()) -> int:
        """`SEQ` (after that event), `+HH:MM[:SS]` (scenario time) or a decision id (just before
        it was answered). Raises PointError saying what this log holds."""
        text = text.strip()
        if text.isdigit():
            n = int(text)
            if not 0 <= n <= len(self.events):
                raise PointError(Say("replay.log.no_event", n=n, last=len(self.events)))
            return n
        m = _OFFSET.match(text)
        if m:
            return self.at_time(int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3] or 0))
        return self.decision_point(text, decisions)

    def decision_point(self, decision: str, decisions: Sequence[str] = ()) -> int:
        """The point just before DECISION was answered: before the move that resolved it (or the
        ruling that overruled its block into that move), or before it timed out. A decision never
        answered: its last point before ENDEX."""
        if decisions and decision not in decisions:
            raise PointError(Say("replay.log.no_decision", decision=decision,
                                 decisions=", ".join(decisions[:8]) + (", …" if len(decisions) > 8 else "")))
        opened = answer = None
        for n, e in enumerate(self.events, 1):
            if getattr(e.payload, "decision", None) != decision:
                continue
            if e.type == ev.DECISION_OPENED and opened is None:
                opened = n
            elif e.type in (ev.DECISION_RESOLVED, ev.DECISION_TIMED_OUT):
                answer = n
                break
        if opened is None:
            played = sorted({e.payload.decision for e in self.events if e.type == ev.DECISION_OPENED and e.known})
            raise PointError(Say("replay.log.never_opened", decision=decision,
                                 opened=", ".join(played) or Say("replay.log.none")))
        if answer is None:
            ended = next((n for n, e in enumerate(self.events, 1) if e.type == ev.EXERCISE_ENDED), None)
            return (ended - 1) if ended else len(self.events)
        if self.events[answer - 1].type == ev.DECISION_TIMED_OUT:
            return answer - 1
        return self._before_answering_move(answer, decision)

    def _before_answering_move(self, resolved: int, decision: str) -> int:
        move = next(n for n in range(resolved - 1, 0, -1)
                    if self.events[n - 1].type == ev.MOVE_SUBMITTED and self.events[n - 1].payload.decision == decision)
        ruling = self.events[move - 1].payload.ruling
        if ruling is not None:  # an overruled block: the answer began with the ruling
            move = next((n for n in range(move - 1, 0, -1) if self.events[n - 1].type == ev.RULING_MADE
                         and self.events[n - 1].payload.target == ruling), move)
        return move - 1

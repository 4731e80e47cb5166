"""Events: what happened, in the past tense. The log of events is the single
source of truth; state, consoles and reports are projections of it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

EVERYONE = None  # audience of an event every seat may see


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    actor: str  # seat id, "control" or "system"
    at: float  # scenario seconds since STARTEX
    wall: str  # wall-clock time, ISO 8601 UTC
    data: dict[str, Any] = field(default_factory=dict)
    to: tuple[str, ...] | None = EVERYONE  # seats that may see it besides control and evaluators
    seq: int = 0  # position in the log, given by the store

    def payload_json(self) -> str:
        """The canonical JSON of what the event says (data and audience)."""
        return canonical({"data": self.data, "to": None if self.to is None else list(self.to)})

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "actor": self.actor, "at": self.at, "wall": self.wall,
                "data": self.data, "to": None if self.to is None else list(self.to)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Event":
        to = d.get("to")
        return cls(d["type"], d["actor"], d["at"], d["wall"], d.get("data") or {},
                   None if to is None else tuple(to), d.get("seq", 0))


# One encoder, made once: `json.dumps` with these options would build a new one for every call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(obj: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text: the form the log's hashes are computed over."""
    return _CANONICAL.encode(obj)


# Event types, as logged.
EXERCISE_CREATED = "ExerciseCreated"
SEAT_JOINED = "SeatJoined"
SEAT_LEFT = "SeatLeft"
EXERCISE_STARTED = "ExerciseStarted"
CLOCK_PAUSED = "ClockPaused"
CLOCK_RESUMED = "ClockResumed"
SPEED_CHANGED = "SpeedChanged"
INJECT_RELEASED = "InjectReleased"
INJECT_HELD = "InjectHeld"
INJECT_SKIPPED = "InjectSkipped"
INJECT_ACKNOWLEDGED = "InjectAcknowledged"
DECISION_OPENED = "DecisionOpened"
MOVE_SUBMITTED = "MoveSubmitted"
MOVE_BLOCKED = "MoveBlocked"
DECISION_RESOLVED = "DecisionResolved"
DECISION_TIMED_OUT = "DecisionTimedOut"
SITUATION_DECLARED = "SituationDeclared"
FLAGS_CHANGED = "FlagsChanged"
OBLIGATION_DUE = "ObligationDue"
OBLIGATION_MET = "ObligationMet"
OBLIGATION_OVERDUE = "ObligationOverdue"
MESSAGE_SENT = "MessageSent"
OBSERVATION_RECORDED = "ObservationRecorded"
RULING_MADE = "RulingMade"
HOTWASH_SUBMITTED = "HotwashSubmitted"
EXERCISE_ENDED = "ExerciseEnded"
FORKED = "Forked"  # a fork's log: the parent's prefix ends here (tabletop/replay/fork.py)


def visible_to(event: Event, seat: str, role_kind: str) -> bool:
    """May this seat see this event? Control and evaluators see everything."""
    if role_kind in ("control", "evaluator"):
        return True
    return event.to is None or seat in event.to

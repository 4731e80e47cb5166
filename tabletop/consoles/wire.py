"""What the consoles read off the wire, without the engine: event type names, a
light Event, the scenario clock and the offset format.

The participant and evaluator consoles never need the rules or the scenario
file, so they do not import the engine (nor pydantic, which it pulls in): that
keeps `tabletop join` quick to start. The names here are the protocol's
(docs/protocol.md) and a test holds them equal to tabletop.engine.events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Event:
    """An event as the server sent it (the fields of tabletop.engine.events.Event)."""

    type: str
    actor: str
    at: float
    wall: str
    data: dict[str, Any] = field(default_factory=dict)
    to: tuple[str, ...] | None = None
    seq: int = 0

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Event":
        to = d.get("to")
        return cls(d["type"], d["actor"], d["at"], d["wall"], d.get("data") or {},
                   None if to is None else tuple(to), d.get("seq", 0))


@dataclass(frozen=True, slots=True)
class Clock:
    """Scenario time as a function of (server) wall time, as in tabletop.engine.state.Clock."""

    running: bool = False
    speed: float = 1.0
    anchor_wall: float = 0.0
    anchor_at: float = 0.0

    def at(self, wall: float) -> float:
        if not self.running:
            return self.anchor_at
        return self.anchor_at + max(0.0, wall - self.anchor_wall) * self.speed


def format_offset(seconds: float) -> str:
    """Seconds of scenario time as '+HH:MM:SS' (or '-HH:MM:SS'), as tabletop.text.format_offset."""
    sign = "-" if seconds < 0 else "+"
    total = int(abs(seconds))
    return f"{sign}{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"

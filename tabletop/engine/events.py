"""Events: what happened, in the past tense. The log of events is the single
source of truth; state, consoles and reports are projections of it.

An `Event` keeps the dict it was stored with (`data`: the log's bytes and
hashes are computed over it and never change) and, parsed once when the event
is made, its typed `payload`: one frozen model per event type, declared below.
Code reads `event.payload.inject`, not `event.data.get("inject")`. An event
type this code does not know (a log from a newer tabletop), or a payload that
does not fit its model, parses to `Unknown`, a clearly marked row that says
why — never a crash. docs/events.md lists every type and field.

Standard library only: the participant console loads this module and not pydantic."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

# The types scenario format tabletop/2 added are declared in events_v2.py; read them from here.
from tabletop.engine.events_v2 import (DEADLINE_MOVED, PHASE_BEGAN, POSITION_TAKEN, STARTING_STATE,  # noqa: F401
                                       DeadlineMoved, InForce, PhaseBegan, PositionTaken, StartingStateRecorded)
from tabletop.engine.payloads import (PAYLOADS, Bilingual, Payload, PayloadError, Unknown,  # noqa: F401
                                      parse_payload, payload)

EVERYONE = None  # audience of an event every seat may see

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
SITUATION_ENDED = "SituationEnded"
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


# -- payload models (the machinery is in payloads.py) ------------------------------------

@dataclass(frozen=True, slots=True)
class Option(Payload):
    """One option of a decision point."""
    id: str
    label: Bilingual
    action: str | None = None


@dataclass(frozen=True, slots=True)
class Reason(Payload):
    """An unmet condition of a blocked move, or a flag on an allowed one, with its citations
    (each as the doctrine pack gives it: instrument, article, quote, verified, ...)."""
    text: Bilingual
    citations: tuple[Mapping[str, Any], ...] = ()


@payload(EXERCISE_CREATED)
class ExerciseCreated(Payload):
    """The first event of every log: what is being played, with the digests of its sources."""
    exercise: str
    scenario: str
    scenario_sha256: str
    doctrine: str
    doctrine_sha256: str
    title: Bilingual
    start: str  # the scenario clock at STARTEX, ISO 8601 with its offset
    seats: tuple[str, ...]
    doctrine_version: int | None = None  # the pack's version (logs before pack version 2 do not say: 1)


@payload(SEAT_JOINED)
class SeatJoined(Payload):
    """A console connected for the event's actor (its seat)."""


@payload(SEAT_LEFT)
class SeatLeft(Payload):
    """The seat's last console disconnected."""


@payload(EXERCISE_STARTED)
class ExerciseStarted(Payload):
    """STARTEX: the scenario clock starts."""
    speed: float = 1
    mode: str = "realtime"  # realtime | compressed | manual


@payload(CLOCK_PAUSED)
class ClockPaused(Payload):
    """Control stopped the scenario clock."""


@payload(CLOCK_RESUMED)
class ClockResumed(Payload):
    """Control restarted the scenario clock."""


@payload(SPEED_CHANGED)
class SpeedChanged(Payload):
    """Control changed how fast scenario time runs."""
    speed: float
    previous: float = 1


@payload(INJECT_RELEASED)
class InjectReleased(Payload):
    """An inject reached its audience; `adhoc` for one control wrote during play (X01, X02, ...)."""
    inject: str
    title: Bilingual
    body: Bilingual
    to: tuple[str, ...]
    sender: str | Bilingual | None = field(default=None, metadata={"key": "from"})  # simulated sender (MSEL "from")
    method: str | Bilingual | None = None  # delivery method (MSEL); both: plain English, or {en, ja}
    decisions: tuple[str, ...] = ()  # the decision points it opens
    adhoc: bool = False


@payload(INJECT_HELD)
class InjectHeld(Payload):
    """Control held a pending inject back."""
    inject: str


@payload(INJECT_SKIPPED)
class InjectSkipped(Payload):
    """An inject will not be released; `reason` is one of the engine's reasons (see docs/events.md)."""
    inject: str
    reason: str = ""


@payload(INJECT_ACKNOWLEDGED)
class InjectAcknowledged(Payload):
    """The actor's seat read an inject."""
    inject: str


@payload(DECISION_OPENED)
class DecisionOpened(Payload):
    """A decision point was put to a seat (`to`), with its options and deadline."""
    decision: str
    inject: str
    to: str
    prompt: Bilingual
    options: tuple[Option, ...]
    deadline_at: float | None = None  # scenario seconds
    on_timeout: str | None = None  # the option taken when the deadline passes
    real_deadline: float | None = None  # wall seconds of play allowed (deadline_at follows the speed)
    seats: tuple[str, ...] | None = None  # a joint decision's deciding seats (`to` is its lead or first)
    rule: str | None = None  # a joint decision's rule: all | any | lead


@payload(MOVE_SUBMITTED)
class MoveSubmitted(Payload):
    """A move the rules allowed (or control's ruling let through: `ruling` is the blocked move's seq)."""
    decision: str | None = None
    option: str | None = None
    action: str | None = None
    text: str = ""
    flags: tuple[Reason, ...] = ()  # Guidelines deviations the move was flagged with
    ruling: int | None = None
    unruled: bool = False  # a third party's own action: the doctrine pack does not rule on it


@payload(MOVE_BLOCKED)
class MoveBlocked(Payload):
    """A move the rules blocked, with every unmet condition; it changed nothing."""
    decision: str | None = None
    option: str | None = None
    action: str | None = None
    text: str = ""
    reasons: tuple[Reason, ...] = ()


@payload(DECISION_RESOLVED)
class DecisionResolved(Payload):
    """A decision point was answered by its seat."""
    decision: str
    option: str | None = None
    timed_out: bool = False
    positions: Mapping[str, str] | None = None  # a joint decision: each seat's last position
    unconsulted: tuple[str, ...] = ()  # rule lead: seats that had given no position when the lead decided


@payload(DECISION_TIMED_OUT)
class DecisionTimedOut(Payload):
    """A decision point's deadline passed; `option` is its default (or none)."""
    decision: str
    option: str | None = None


@payload(SITUATION_DECLARED)
class SituationDeclared(Payload):
    """Japan's legal situation was recognised by an action."""
    situation: str
    previous: str | None = None  # logs before the situation set (pack version 1)
    action: str | None = None
    situations: tuple[str, ...] | None = None  # every situation in force after it (pack version 2)


@payload(SITUATION_ENDED)
class SituationEnded(Payload):
    """A recognised situation ended by an action of its own; the others stay in force."""
    situation: str
    action: str | None = None
    situations: tuple[str, ...] = ()  # every situation still in force


@payload(FLAGS_CHANGED)
class FlagsChanged(Payload):
    """Facts of the scenario became true (`set`) or stopped being true (`cleared`)."""
    set: tuple[str, ...] = ()
    cleared: tuple[str, ...] = ()
    source: str | None = None  # the action or inject that changed them


@payload(OBLIGATION_DUE)
class ObligationDue(Payload):
    """An action made an obligation due (a report to the Diet, to the UN Security Council, ...)."""
    key: str  # obligation#n
    obligation: str
    owed_by: tuple[str, ...]
    due_at: float  # scenario seconds
    action: str


@payload(OBLIGATION_MET)
class ObligationMet(Payload):
    """An action discharged a due obligation, perhaps `late`."""
    key: str
    obligation: str
    action: str
    late: bool = False


@payload(OBLIGATION_OVERDUE)
class ObligationOverdue(Payload):
    """An obligation's time passed without the action that discharges it."""
    key: str
    obligation: str


@payload(MESSAGE_SENT)
class MessageSent(Payload):
    """A seat wrote to other seats (`to`)."""
    to: tuple[str, ...]
    text: str


@payload(OBSERVATION_RECORDED)
class ObservationRecorded(Payload):
    """An evaluator's observation against an objective, rated P, S, M or U."""
    objective: str
    rating: str
    text: str = ""


@payload(RULING_MADE)
class RulingMade(Payload):
    """Control's ruling on event #`target`: `overrule` or `uphold` a blocked move (of `seat`,
    `action`), or `adjudicate` any event (record an outcome the rules do not model)."""
    target: int
    verdict: str
    reason: str = ""
    seat: str | None = None
    action: str | None = None


@payload(HOTWASH_SUBMITTED)
class HotwashSubmitted(Payload):
    """A seat's hotwash: what went well, what to improve."""
    strengths: str = ""
    improvements: str = ""


@payload(EXERCISE_ENDED)
class ExerciseEnded(Payload):
    """ENDEX; `open_decisions` were still unanswered."""
    open_decisions: tuple[str, ...] = ()


@payload(FORKED)
class Forked(Payload):
    """This log is a fork: its first `point` events are exercise `parent`'s, whose chain hash
    there was `head`; from here it is exercise `exercise` (tabletop/replay/fork.py)."""
    exercise: str
    parent: str
    point: int
    head: str
    decision: str | None = None  # forked just before this decision was answered
    option: str | None = None  # the option the fork was made to play instead
    parent_file: str | None = None  # the parent's log file name, to find it beside the fork


# -- the event -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Event:
    type: str
    actor: str  # seat id, "control" or "system"
    at: float  # scenario seconds since STARTEX
    wall: str  # wall-clock time, ISO 8601 UTC
    data: dict[str, Any] = field(default_factory=dict)  # as stored: the log's hashes are over this
    to: tuple[str, ...] | None = EVERYONE  # seats that may see it besides control and evaluators
    seq: int = 0  # position in the log, given by the store
    payload: Payload = field(init=False, compare=False, repr=False, default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        object.__setattr__(self, "payload", parse_payload(self.type, self.data))

    @property
    def known(self) -> bool:
        """False for an event this code cannot read (see `Unknown`)."""
        return self.payload.known

    @property
    def problem(self) -> str | None:
        """Why a known type's payload could not be read (None when it could, or the type is unknown)."""
        return getattr(self.payload, "problem", None)

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


def visible_to(event: Event, seat: str, role_kind: str) -> bool:
    """May this seat see this event? Control and evaluators see everything."""
    if role_kind in ("control", "evaluator"):
        return True
    return event.to is None or seat in event.to

"""The event types scenario format tabletop/2 added: the starting state, phases, deadlines that
keep their wall-clock length, and the positions of a joint decision. Their payload models, like
the others (tabletop/engine/events.py, which imports these: read them from there)."""

from __future__ import annotations

from dataclasses import dataclass

from tabletop.engine.payloads import Bilingual, Payload, payload

STARTING_STATE = "StartingStateRecorded"
PHASE_BEGAN = "PhaseBegan"
DEADLINE_MOVED = "DeadlineMoved"
POSITION_TAKEN = "PositionTaken"


@dataclass(frozen=True, slots=True)
class InForce(Payload):
    """One item of the starting state, with what it rests on."""
    kind: str  # situation | flag | done
    id: str
    by: str | None = None
    note: Bilingual | None = None
    citation: str | None = None
    verified: bool = True


@payload(STARTING_STATE)
class StartingStateRecorded(Payload):
    """What was already in force at STARTEX (format tabletop/2 `initial`): the situations, flags and
    actions deemed done, each with its citation or note. Follows ExerciseCreated."""
    situations: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    items: tuple[InForce, ...] = ()


@payload(PHASE_BEGAN)
class PhaseBegan(Payload):
    """A scenario phase began: with its pace (`speed`), and, for a jump, from when the clock jumped."""
    phase: str
    speed: float | None = None
    jumped_from: float | None = None  # scenario seconds the clock jumped from to the event's `at`
    by: str = "schedule"  # schedule | control


@payload(DEADLINE_MOVED)
class DeadlineMoved(Payload):
    """A real-time decision window kept its wall-clock length across a change of pace or a jump."""
    decision: str
    deadline_at: float


@payload(POSITION_TAKEN)
class PositionTaken(Payload):
    """A seat of a joint decision chose an option; the decision resolves by its rule."""
    decision: str
    option: str
    text: str = ""

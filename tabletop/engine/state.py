"""The exercise state: the fold of the event log. Never mutated once built;
`evolve` returns a new state that shares what did not change.

State holds only what the rules and the scheduler need, so its size follows
the scenario, not the length of the log: moves, messages and observations live
in the log and are projected from it by the consoles and the report."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal, Mapping

from tabletop.doctrine.rules import Doctrine
from tabletop.engine.clock import Clock
from tabletop.engine.plan import Plan
from tabletop.scenario.model import Scenario

Phase = Literal["created", "running", "paused", "ended"]
EMPTY: Mapping = MappingProxyType({})


def epoch(now: datetime) -> float:
    return now.timestamp()


@dataclass(frozen=True, slots=True)
class InjectState:
    status: Literal["pending", "held", "released", "skipped"] = "pending"
    released_at: float | None = None
    seq: int = 0  # seq of the release
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DecisionState:
    status: Literal["closed", "open", "resolved", "timed_out"] = "closed"
    opened_at: float | None = None
    deadline_at: float | None = None
    option: str | None = None
    by: str | None = None
    resolved_at: float | None = None
    positions: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # a joint decision: seat -> option


@dataclass(frozen=True, slots=True)
class ObligationState:
    key: str  # unique instance key, e.g. "war-powers-report#1"
    obligation: str
    owed_by: tuple[str, ...]
    due_at: float
    triggered_by: str
    status: Literal["due", "met", "overdue"] = "due"
    met_at: float | None = None


@dataclass(frozen=True, slots=True)
class SeatState:
    connected: bool = False
    last_seen: str | None = None  # wall time


@dataclass(frozen=True, slots=True)
class State:
    scenario: Scenario
    rules: Doctrine
    plan: Plan = field(compare=False, repr=False)
    exercise: str = ""
    phase: Phase = "created"
    clock: Clock = Clock()
    situations: frozenset[str] = frozenset()  # the recognised situations; none means the pack's default
    flags: frozenset[str] = frozenset()
    done: frozenset[str] = frozenset()
    injects: Mapping[str, InjectState] = field(default_factory=lambda: EMPTY)
    decisions: Mapping[str, DecisionState] = field(default_factory=lambda: EMPTY)
    obligations: Mapping[str, ObligationState] = field(default_factory=lambda: EMPTY)
    ruled: frozenset[int] = frozenset()  # seqs of blocked moves control has ruled on
    # Scheduler bookkeeping, derived from the events like everything else:
    cursor: int = 0  # index into plan.timed of the first timed inject that may still be pending
    armed: Mapping[str, float] = field(default_factory=lambda: EMPTY)  # chained injects with a due time
    deadlines: Mapping[str, float] = field(default_factory=lambda: EMPTY)  # open decisions with a deadline
    seats: Mapping[str, SeatState] = field(default_factory=lambda: EMPTY)
    adhoc: int = 0
    stage: int = -1  # index of the scenario phase in play (-1: before the first, or none declared)
    real: frozenset[str] = frozenset()  # open decisions whose deadline is wall-clock time (real_deadline)
    last_seq: int = 0
    last_at: float = 0.0

    def in_force(self) -> list[str]:
        """The situations in force, in the pack's order (the pack's default when none is recognised)."""
        return self.rules.in_force(self.situations)

    def inject(self, inject_id: str) -> InjectState:
        return self.injects.get(inject_id, _PENDING)

    def decision(self, decision_id: str) -> DecisionState:
        return self.decisions.get(decision_id, _CLOSED)

    def open_decisions(self, seat: str | None = None) -> list[str]:
        return [k for k, d in self.decisions.items() if d.status == "open"
                and (seat is None or seat in self.plan.decisions[k][1].deciders)]

    def role_kind(self, seat: str) -> str:
        if seat == "control" or seat == "system":
            return "control"
        if seat.startswith("evaluator"):
            return "evaluator"
        return "player"


_PENDING = InjectState()
_CLOSED = DecisionState()


def initial(scenario: Scenario, rules: Doctrine) -> State:
    return State(scenario=scenario, rules=rules, plan=Plan.of(scenario, rules.side_of),
                 clock=Clock(speed=scenario.clock.speed if scenario.clock.mode != "realtime" else 1.0))


Changes = dict[str, Any] | None  # what one event changes in the state (None: nothing but its seq)


def _make_advanced():
    """`advanced(state, changes, last_seq, last_at)`: the state with `changes` and its new place in
    the log, built in one step. It gives what `dataclasses.replace(state, **changes, last_seq=...,
    last_at=...)` gives, at under half the cost (folding a long log is mostly this call)."""
    # It sets the fields as __init__ would; that is all __init__ does while State has no
    # __post_init__ and every field is an __init__ argument.
    if hasattr(State, "__post_init__") or not all(f.init for f in fields(State)):
        raise TypeError("advanced() would skip State's __post_init__ or a field's default: build it with replace()")
    names = [f.name for f in fields(State) if f.name not in ("last_seq", "last_at")]
    lines = ["def advanced(s, changes, last_seq, last_at):",
             "    new = _new(State)",
             "    if changes is None:"]
    lines += [f"        _set(new, {n!r}, s.{n})" for n in names]
    lines += ["    else:",
              "        if not changes.keys() <= _names:",
              "            raise TypeError(f'State has no field {sorted(changes.keys() - _names)}')",
              "        get = changes.get"]
    lines += [f"        _set(new, {n!r}, get({n!r}, s.{n}))" for n in names]
    lines += ["    _set(new, 'last_seq', last_seq)",
              "    _set(new, 'last_at', last_at)",
              "    return new"]
    namespace = {"_new": object.__new__, "_set": object.__setattr__, "State": State, "_names": frozenset(names)}
    exec("\n".join(lines), namespace)  # generated from State's own fields, as dataclasses does
    return namespace["advanced"]


advanced = _make_advanced()


def with_item(mapping: Mapping, key, value) -> Mapping:
    new = dict(mapping)
    new[key] = value
    return MappingProxyType(new)


def without(mapping: Mapping, key) -> Mapping:
    new = dict(mapping)
    new.pop(key, None)
    return MappingProxyType(new)


__all__ = ["Changes", "Clock", "DecisionState", "InjectState", "ObligationState", "SeatState", "State", "advanced",
           "epoch", "initial", "with_item", "without", "field"]

"""The builder `decide` emits events through: it numbers and stamps each one and folds it
into a working state as it goes, so every step of a command sees the state the earlier
steps made. Also `Rejected`, the refusal of a command (nothing is logged)."""

from __future__ import annotations

from datetime import datetime, timezone

from tabletop.engine import events as ev
from tabletop.engine.audience import as_sent, side_seats  # noqa: F401 (re-exported)
from tabletop.engine.events import Event
from tabletop.engine.fold import evolve
from tabletop.engine.state import State, epoch

EPS = 0.0005  # scenario seconds: times within this are the same moment


class Rejected(Exception):
    """A command that cannot be carried out; nothing is logged. `code` is machine-readable."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def iso(now: datetime) -> str:
    return now.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Out:
    """Collects events and keeps the working state current."""

    def __init__(self, state: State, now: datetime):
        self.state = state
        self.wall = iso(now)
        self.wall_ts = epoch(now)
        self.events: list[Event] = []

    @property
    def at(self) -> float:
        return round(self.state.clock.at(self.wall_ts), 3)

    def emit(self, type_: str, actor: str, data: dict, to: tuple[str, ...] | None = ev.EVERYONE,
             at: float | None = None) -> Event:
        event = Event(type_, actor, self.at if at is None else at, self.wall, data, as_sent(self.state, to),
                      self.state.last_seq + 1)
        self.events.append(event)
        self.state = evolve(self.state, event)
        return event


Out = _Out

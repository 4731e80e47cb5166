"""The state at any point of a log: the fold of its first N events.

Folding 5,000 events takes tens of milliseconds; a scrubber jumps back and forth many
times. So the one pass that reads the log keeps the state every `every` events, and a
jump folds at most `every - 1` events from the nearest snapshot before it. The snapshots
are a cache made from the log in memory, dropped with it: never kept, never read back."""

from __future__ import annotations

from typing import Sequence

from tabletop.engine.core import evolve
from tabletop.engine.events import Event
from tabletop.engine.state import State

SNAPSHOT_EVERY = 200  # events between snapshots (benchmarks/bench_replay.py)


class Replay:
    """`state_at(n)`: the exercise after its first n events (0: before the first)."""

    def __init__(self, start: State, events: Sequence[Event], every: int = SNAPSHOT_EVERY):
        if every < 1:
            raise ValueError("snapshots need at least one event between them")
        self.events = tuple(events)
        self.every = every
        self._snapshots = [start]
        state = start
        for n, e in enumerate(self.events, 1):
            state = evolve(state, e)
            if n % every == 0:
                self._snapshots.append(state)
        self.final = state

    def __len__(self) -> int:
        return len(self.events)

    def state_at(self, n: int) -> State:
        n = max(0, min(n, len(self.events)))
        k = n // self.every
        state = self._snapshots[k]
        for e in self.events[k * self.every:n]:
            state = evolve(state, e)
        return state

    def event(self, n: int) -> Event | None:
        """The event that point n is after (None at point 0)."""
        return self.events[n - 1] if 1 <= n <= len(self.events) else None

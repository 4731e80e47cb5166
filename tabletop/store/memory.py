"""An in-memory event store: the same contract as SQLite, for tests and rehearsals."""

from __future__ import annotations

from typing import Iterator

from tabletop.engine.events import Event
from tabletop.store.base import GENESIS, Conflict, Verification, row_hash, verify_rows


class MemoryStore:
    def __init__(self, exercise: str = "exercise"):
        self.exercise = exercise
        self._rows: list[tuple[Event, str]] = []
        self._commands: dict[str, dict] = {}
        self._meta: dict[str, str] = {}

    @property
    def last_seq(self) -> int:
        return len(self._rows)

    def append(self, events: list[Event], command_id: str | None = None, outcome: dict | None = None) -> None:
        if command_id is not None and command_id in self._commands:
            raise Conflict(f"command {command_id} already recorded")
        prev = self._rows[-1][1] if self._rows else GENESIS
        rows = []
        for i, e in enumerate(events):
            if e.seq != self.last_seq + 1 + i:
                raise Conflict(f"event seq {e.seq} does not follow #{self.last_seq + i}")
            prev = row_hash(prev, self.exercise, e)
            rows.append((e, prev))
        self._rows.extend(rows)
        if command_id is not None:
            self._commands[command_id] = outcome or {}

    def outcome(self, command_id: str) -> dict | None:
        return self._commands.get(command_id)

    def read(self, after: int = 0) -> Iterator[Event]:
        for e, _ in self._rows[after:]:
            yield e

    def get(self, seq: int) -> Event | None:
        return self._rows[seq - 1][0] if 1 <= seq <= len(self._rows) else None

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._meta[key] = value

    def verify(self) -> Verification:
        return verify_rows(self.exercise, iter(self._rows))

    def close(self) -> None:
        pass

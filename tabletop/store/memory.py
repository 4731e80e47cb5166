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
        self.append_batch([(events, command_id, outcome)])

    def append_batch(self, entries: list[tuple[list[Event], str | None, dict | None]]) -> None:
        """Several commands' events and outcomes at once: all or none."""
        prev = self._rows[-1][1] if self._rows else GENESIS
        seq = self.last_seq
        rows, commands = [], {}
        for events, command_id, outcome in entries:
            if command_id is not None and (command_id in self._commands or command_id in commands):
                raise Conflict(f"command {command_id} already recorded")
            for e in events:
                if e.seq != seq + 1:
                    raise Conflict(f"event seq {e.seq} does not follow #{seq}")
                seq = e.seq
                prev = row_hash(prev, self.exercise, e)
                rows.append((e, prev))
            if command_id is not None:
                commands[command_id] = outcome or {}
        self._rows.extend(rows)
        self._commands.update(commands)

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
        return verify_rows(self.exercise, ((e, h, None) for e, h in self._rows))

    def close(self) -> None:
        pass

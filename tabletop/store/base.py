"""The event store contract, shared by the in-memory and SQLite stores.

Rows are append-only and hash-chained: each row's hash covers the row and the
hash before it, so `verify` can name the first altered or missing event."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Iterator, Protocol

from tabletop.engine.events import Event, canonical

GENESIS = "0" * 64
_json_str = json.encoder.encode_basestring  # how `canonical` writes a string (ensure_ascii=False)


class Conflict(Exception):
    """Events were built on a state that is no longer the latest (another writer appended)."""


def row_hash(prev: str, exercise: str, e: Event, payload: str | None = None) -> str:
    """The row's hash: SHA-256 of the previous hash and the canonical JSON of the row.
    `payload` is `e.payload_json()` when the caller has already made it."""
    return hashlib.sha256((prev + "\n" + row_body(exercise, e, payload)).encode("utf-8")).hexdigest()


def row_body(exercise: str, e: Event, payload: str | None = None) -> str:
    """`canonical([seq, exercise, wall, at, actor, type, payload])`, written out directly for the
    usual types (the same text, without the encoder's per-call set-up); anything else goes
    through `canonical` itself."""
    if payload is None:
        payload = e.payload_json()
    seq, wall, at, actor, type_ = e.seq, e.wall, e.at, e.actor, e.type
    if (type(seq) is int and type(at) is float and math.isfinite(at) and type(exercise) is str
            and type(wall) is str and type(actor) is str and type(type_) is str and type(payload) is str):
        return (f"[{seq},{_json_str(exercise)},{_json_str(wall)},{at!r},{_json_str(actor)},{_json_str(type_)},"
                f"{_json_str(payload)}]")
    return canonical([seq, exercise, wall, at, actor, type_, payload])


@dataclass(frozen=True)
class Verification:
    ok: bool
    events: int
    first_bad: int | None = None
    message: str = ""
    head_recorded: bool = True  # False: an older log without its head record (a cut end would not show)


class EventStore(Protocol):
    exercise: str

    def append(self, events: list[Event], command_id: str | None = None, outcome: dict | None = None) -> None:
        """Append atomically and durably; record the command's outcome under its id."""

    def append_batch(self, entries: list[tuple[list[Event], str | None, dict | None]]) -> None:
        """Several commands' (events, command id, outcome) in one durable transaction: all or none.
        The session appends only this way (group commit), whatever the store."""

    def outcome(self, command_id: str) -> dict | None:
        """The outcome first recorded for this command id, if any."""

    def read(self, after: int = 0) -> Iterator[Event]:
        """Events with seq > after, in order."""

    def get(self, seq: int) -> Event | None:
        """The event at seq, if any."""

    @property
    def last_seq(self) -> int: ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def verify(self) -> Verification: ...

    def close(self) -> None: ...


def verify_rows(exercise: str, rows: Iterator[tuple[Event, str, str | None]],
                head: tuple[int, str] | None = None) -> Verification:
    """Recompute the chain over (event, stored hash, stored payload text) rows; with `head` (the
    seq and hash of the last event as recorded at each append), also check that nothing was cut
    off the end. The hash is over the canonical JSON of the row: the payload text as stored
    (None: not at hand) is that text for every row tabletop wrote (`payload_json`, written once
    for the hash and the row), so it is hashed first; only a row whose stored text does not
    give its hash has its canonical text made again from the event, to be sure."""
    prev = GENESIS
    expected_seq = 1
    n = 0
    for event, stored, payload in rows:
        n += 1
        if event.seq != expected_seq:
            return Verification(False, n, expected_seq, f"event #{expected_seq} is missing (found #{event.seq} next)")
        if row_hash(prev, exercise, event, payload) != stored and (
                payload is None or row_hash(prev, exercise, event) != stored):
            return Verification(False, n, event.seq,
                                f"event #{event.seq} ({event.type}) was altered: its hash does not match the chain")
        prev = stored
        expected_seq += 1
    if head is not None and (head[0] != n or (n and head[1] != prev)):
        if head[0] > n:
            return Verification(False, n, n + 1, f"event #{n + 1} is missing: the log was written up to "
                                                  f"#{head[0]} but ends at #{n}")
        return Verification(False, n, n or None, f"the record of the log's last event (#{head[0]}) does not "
                                                 f"match event #{n}: the log was altered")
    return Verification(True, n, None, f"log intact: {n} events, hash chain verified")

"""The durable event store: one SQLite file per exercise, WAL, synchronous=FULL.

`append` returns only after the transaction is committed and synced, so an
event acknowledged to a client survives a crash of the process or the machine."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from tabletop.engine.events import Event
from tabletop.store.base import GENESIS, Conflict, Verification, row_hash, verify_rows

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one server per log is then up to the facilitator
    fcntl = None  # type: ignore[assignment]

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq      INTEGER PRIMARY KEY,
    exercise TEXT NOT NULL,
    wall     TEXT NOT NULL,
    at       REAL NOT NULL,
    actor    TEXT NOT NULL,
    type     TEXT NOT NULL,
    payload  TEXT NOT NULL,
    hash     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS commands (
    id      TEXT PRIMARY KEY,
    outcome TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


HEAD_KEY = "head"


class StoreError(Exception):
    """The file is not a tabletop exercise log, or cannot be opened. Its argument may be a
    sentence still to be said (`tabletop.problems.Say`): `str(exc)` says it in the language the
    CLI chose, `exc.args[0]` hands it on to be said in the reader's."""


def _say(key: str, **fields):
    """The store's sentence `key`; a database's account (`detail`) said by its kind (store.detail.*)."""
    from tabletop.phrasebook.recognise import database_said
    from tabletop.problems import Say

    return Say(f"store.{key}", **{k: v if isinstance(v, Say) else database_said(str(v)) if k == "detail" else str(v)
                                  for k, v in fields.items()})


class BadRow(StoreError):
    """A row of the log that no tabletop ever wrote: it was altered by hand."""

    def __init__(self, seq: int, why: str):
        super().__init__(f"event #{seq} cannot be read ({why}); the log was altered")
        self.seq = seq


_STR = {str}
_decode = json.JSONDecoder().raw_decode


def _row_event(row: tuple) -> tuple[Event, str, str]:
    """(the event, its stored hash, its stored payload text) of a row of the log."""
    seq, wall, at, actor, type_, payload, hash_ = row
    try:
        p, end = _decode(payload)  # what tabletop writes: JSON, no space around it (for every row)
    except (TypeError, ValueError):
        end = -1
    if end < 0 or end != len(payload):  # anything else as `json.loads` reads it
        try:
            p = json.loads(payload)
        except (TypeError, ValueError) as exc:
            raise BadRow(seq, f"its payload is not JSON: {exc}") from None
    if not isinstance(p, dict) or not isinstance(p.get("data") or {}, dict):
        raise BadRow(seq, "its payload is not an event's data")
    to = p.get("to")
    if to is not None and not (type(to) is list and set(map(type, to)) <= _STR):
        raise BadRow(seq, "its audience is not a list of seats")
    if type(at) is not float and (isinstance(at, bool) or not isinstance(at, (int, float))):
        raise BadRow(seq, f"its scenario time {at!r} is not a number")
    if not (type(wall) is str and type(actor) is str and type(type_) is str and type(hash_) is str):
        raise BadRow(seq, "a text column holds something else")
    return Event(type_, actor, at, wall, p.get("data") or {}, None if to is None else tuple(to), seq), hash_, payload


class SqliteStore:
    def __init__(self, path: str | Path, exercise: str | None = None, *, create: bool = True,
                 exclusive: bool = False):
        """`exclusive`: this store is the log's only writer (a session server); another process
        or store asking for the same is refused while this one is open. Readers never ask."""
        self.path = Path(path)
        self._lock_fd: int | None = None
        if self.path.is_dir():
            raise StoreError(_say("is_folder", path=path))
        if not create and not self.path.is_file():
            raise StoreError(_say("no_log", path=path))
        if create and not self.path.exists() and not self.path.parent.is_dir():
            raise StoreError(_say("no_folder", path=path, folder=self.path.parent))
        if exclusive:
            self._lock()
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            if not create and self._db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
                self._db.close()  # someone else's database: refuse it before writing anything to it
                raise StoreError(_say("not_a_log", path=path))
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        except sqlite3.OperationalError as exc:
            self._unlock()
            if create and not self.path.is_file():
                raise StoreError(_say("cannot_create", path=path, detail=exc)) from None
            if create or exclusive:
                raise StoreError(_say("cannot_open", path=path, detail=exc)) from None
            self._open_read_only(exc)
        except sqlite3.DatabaseError as exc:
            self._unlock()
            raise StoreError(_say("not_a_log_why", path=path, detail=exc)) from None
        except StoreError:
            self._unlock()
            raise
        stored = self.get_meta("exercise")
        if stored is None:
            if exercise is None:
                if not create:
                    raise StoreError(_say("not_a_log", path=path))
                exercise = self.path.stem
            self.set_meta("exercise", exercise)
            stored = exercise
        self.exercise = stored
        row = self._db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        self._last_seq, self._last_hash = (row[0], row[1]) if row else (0, GENESIS)

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def append(self, events: list[Event], command_id: str | None = None, outcome: dict | None = None) -> None:
        self.append_batch([(events, command_id, outcome)])

    def append_batch(self, entries: list[tuple[list[Event], str | None, dict | None]]) -> None:
        """Several commands' events and outcomes in one transaction (group commit): all or none."""
        prev, seq = self._last_hash, self._last_seq
        rows, commands = [], []
        for events, command_id, outcome in entries:
            for e in events:
                if e.seq != seq + 1:
                    raise Conflict(f"event seq {e.seq} does not follow #{seq}")
                seq = e.seq
                payload = e.payload_json()  # once, for the hash and the row
                prev = row_hash(prev, self.exercise, e, payload)
                rows.append((e.seq, self.exercise, e.wall, e.at, e.actor, e.type, payload, prev))
            if command_id is not None:
                commands.append((command_id, json.dumps(outcome or {})))
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if rows:
                db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?)", rows)
                # The head (last seq and hash), in the same transaction: `verify` compares the
                # chain's end with it, so events cut off the end of the log are noticed too.
                db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           (HEAD_KEY, json.dumps([rows[-1][0], prev])))
            if commands:
                db.executemany("INSERT INTO commands VALUES (?,?)", commands)
            db.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            db.execute("ROLLBACK")
            raise Conflict(str(exc)) from None
        except BaseException:
            db.execute("ROLLBACK")
            raise
        if rows:
            self._last_seq = rows[-1][0]
            self._last_hash = prev

    def outcome(self, command_id: str) -> dict | None:
        row = self._db.execute("SELECT outcome FROM commands WHERE id = ?", (command_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def read(self, after: int = 0) -> Iterator[Event]:
        cur = self._db.execute(
            "SELECT seq, wall, at, actor, type, payload, hash FROM events WHERE seq > ? ORDER BY seq", (after,))
        for row in cur:
            yield _row_event(row)[0]

    def hashes(self) -> list[str]:
        """Every event's stored hash, in order (what `archive push` compares an archived copy with)."""
        return [r[0] for r in self._db.execute("SELECT hash FROM events ORDER BY seq")]

    def commands(self) -> list[tuple[str, str]]:
        """Every command id and its outcome as stored (JSON text)."""
        return list(self._db.execute("SELECT id, outcome FROM commands ORDER BY rowid"))

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta"))

    def get(self, seq: int) -> Event | None:
        row = self._db.execute("SELECT seq, wall, at, actor, type, payload, hash FROM events WHERE seq = ?",
                               (seq,)).fetchone()
        return _row_event(row)[0] if row else None

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (key, value))

    def verify(self, keep: list[tuple[Event, str]] | None = None) -> Verification:
        """Check the chain; with `keep`, also hand back the (event, hash) rows read (one pass for
        a caller that needs both, as `archive push` does)."""
        cur = self._db.execute("SELECT seq, wall, at, actor, type, payload, hash FROM events ORDER BY seq")
        raw = self.get_meta(HEAD_KEY)
        try:
            head = None if raw is None else (int(json.loads(raw)[0]), str(json.loads(raw)[1]))
        except (TypeError, ValueError, IndexError, KeyError):
            return Verification(False, 0, None, f"the record of the log's last event is unreadable ({raw!r}): "
                                                "the log was altered")
        try:
            rows = (_row_event(r) for r in cur)
            if keep is not None:
                rows = (keep.append(row[:2]) or row for row in rows)
            result = verify_rows(self.exercise, rows, head)
        except BadRow as exc:
            return Verification(False, exc.seq, exc.seq, str(exc))
        if head is None and result.ok and result.events:
            # A log written before the head was recorded: its chain is all there is to check.
            return Verification(True, result.events, None, result.message + " (the log does not record its last "
                                "event, so events removed from its end would not show)", head_recorded=False)
        return result

    def _open_read_only(self, why: Exception) -> None:
        """Read a log on storage that cannot be written (an archive, a read-only share), where
        SQLite cannot make the files WAL needs. Verify, export and report only read."""
        try:
            self._db.close()
        except (AttributeError, sqlite3.Error):
            pass
        wal = Path(f"{self.path}-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            raise StoreError(_say("unwritten_wal", path=self.path, detail=why, wal=wal.name)) from None
        try:
            self._db = sqlite3.connect(self.path.resolve().as_uri() + "?immutable=1", uri=True,
                                       isolation_level=None, check_same_thread=False)
            found = self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        except sqlite3.DatabaseError:
            raise StoreError(_say("cannot_open", path=self.path, detail=why)) from None
        if found is None:
            self._db.close()
            raise StoreError(_say("not_a_log", path=self.path))

    def _lock(self) -> None:
        if fcntl is None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return  # sqlite says why it cannot open the file
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise StoreError(_say("in_use", path=self.path)) from None
        self._lock_fd = fd

    def _unlock(self) -> None:
        # Only after sqlite has closed its own descriptors: closing another descriptor of the
        # file would drop the POSIX locks sqlite holds on it.
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def close(self) -> None:
        self._db.close()
        self._unlock()

"""The PostgreSQL event store: many exercises in one database (an organisation's
archive, or a live exercise's log), the same contract as SQLite and memory.

The database itself keeps each exercise's head (last seq and hash): a trigger on
every inserted event moves the head from #n-1 to #n or refuses the row, so two
writers appending to one exercise can never fork its chain — the second gets
`Conflict`. Events and command outcomes are append-only (triggers refuse UPDATE,
DELETE and TRUNCATE; the application's role is granted neither). Every
statement takes its values as parameters; names are composed with psycopg.sql."""

from __future__ import annotations

import json
from typing import Iterator

import psycopg
from psycopg import errors, sql

from tabletop.engine.events import Event
from tabletop.phrasebook.recognise import database_said
from tabletop.store.base import GENESIS, Conflict, Verification, row_hash, verify_rows
from tabletop.store.sqlite import BadRow, StoreError, _row_event, _say

SCHEMA_VERSION = "1"
LOCK_SPACE = 0x7461626C  # 'tabl': the first key of tabletop's advisory locks (the second: the exercise)

# One statement per item, run in one transaction by `ensure_schema`.
SCHEMA = [
    "CREATE SCHEMA tabletop",
    "REVOKE ALL ON SCHEMA tabletop FROM PUBLIC",
    """CREATE TABLE tabletop.exercises (
        exercise   text PRIMARY KEY,
        head_seq   bigint NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
        head_hash  text NOT NULL DEFAULT '""" + GENESIS + """',
        created_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE tabletop.events (
        exercise text NOT NULL REFERENCES tabletop.exercises,
        seq      bigint NOT NULL CHECK (seq > 0),
        wall     text NOT NULL,
        at       double precision NOT NULL,
        actor    text NOT NULL,
        type     text NOT NULL,
        payload  text NOT NULL,
        hash     text NOT NULL,
        PRIMARY KEY (exercise, seq))""",
    """CREATE TABLE tabletop.commands (
        exercise text NOT NULL REFERENCES tabletop.exercises,
        id       text NOT NULL,
        outcome  text NOT NULL,
        PRIMARY KEY (exercise, id))""",
    """CREATE TABLE tabletop.meta (
        exercise text NOT NULL REFERENCES tabletop.exercises,
        key      text NOT NULL,
        value    text NOT NULL,
        PRIMARY KEY (exercise, key))""",

    # The head moves with every statement that inserts events, from the head it had to the last event
    # inserted, or the statement is refused: the optimistic concurrency check is the database's,
    # whoever writes. SECURITY DEFINER: the application's role needs no UPDATE on the exercises table.
    """CREATE FUNCTION tabletop.advance_head() RETURNS trigger LANGUAGE plpgsql
       SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
       DECLARE r record;
       BEGIN
         FOR r IN SELECT exercise, min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM new_events GROUP BY exercise LOOP
           UPDATE tabletop.exercises SET head_seq = r.hi,
                  head_hash = (SELECT hash FROM new_events WHERE exercise = r.exercise AND seq = r.hi)
            WHERE exercise = r.exercise AND head_seq = r.lo - 1 AND r.n = r.hi - r.lo + 1;
           IF NOT FOUND THEN
             RAISE EXCEPTION 'tabletop: events #% to #% do not follow the head of exercise % (#%): another writer '
                             'has appended to it', r.lo, r.hi, r.exercise,
                             (SELECT head_seq FROM tabletop.exercises WHERE exercise = r.exercise)
                   USING ERRCODE = 'serialization_failure';
           END IF;
         END LOOP;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER events_advance_head AFTER INSERT ON tabletop.events
       REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION tabletop.advance_head()""",
    """CREATE FUNCTION tabletop.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'tabletop: % is append-only: % refused', TG_TABLE_NAME, TG_OP
               USING ERRCODE = 'insufficient_privilege';
       END $$""",
    """CREATE FUNCTION tabletop.head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.exercise <> OLD.exercise OR NEW.head_seq <= OLD.head_seq THEN
           RAISE EXCEPTION 'tabletop: an exercise''s head only moves forward'
                 USING ERRCODE = 'insufficient_privilege';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER exercises_head_forward_only BEFORE UPDATE ON tabletop.exercises
       FOR EACH ROW EXECUTE FUNCTION tabletop.head_forward_only()""",
    *[f"""CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON tabletop.{t}
          FOR EACH ROW EXECUTE FUNCTION tabletop.refuse_change()""" for t in ("events", "commands")],
    *[f"""CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON tabletop.{t}
          FOR EACH STATEMENT EXECUTE FUNCTION tabletop.refuse_change()""" for t in ("events", "commands", "exercises")],
    """CREATE TRIGGER exercises_no_delete BEFORE DELETE ON tabletop.exercises
       FOR EACH ROW EXECUTE FUNCTION tabletop.refuse_change()""",
    # Last: its presence says the rest is there.
    "CREATE TABLE tabletop.schema (key text PRIMARY KEY, value text NOT NULL)",
    "INSERT INTO tabletop.schema VALUES ('version', '" + SCHEMA_VERSION + "')",
]

# What each role may do (docs/archive.md): the writer appends and reads, the reader reads.
WRITER_GRANTS = [
    "GRANT USAGE ON SCHEMA tabletop TO {role}",
    "GRANT SELECT, INSERT ON tabletop.exercises, tabletop.events, tabletop.commands TO {role}",
    "GRANT SELECT, INSERT, UPDATE ON tabletop.meta TO {role}",
    "GRANT SELECT ON tabletop.schema TO {role}",
]
READER_GRANTS = [
    "GRANT USAGE ON SCHEMA tabletop TO {role}",
    "GRANT SELECT ON ALL TABLES IN SCHEMA tabletop TO {role}",
]


# All of an append's events in one statement (one firing of the head's trigger), as columns.
_INSERT_EVENTS = ("INSERT INTO tabletop.events (exercise, seq, wall, at, actor, type, payload, hash) "
                  "SELECT * FROM unnest(%s::text[], %s::bigint[], %s::text[], %s::float8[], %s::text[], %s::text[], "
                  "%s::text[], %s::text[])")
# Several commands' outcomes and all their events in one statement: one transaction (autocommit),
# one round trip, one firing of the head's trigger (group commit).
_APPEND = ("WITH command AS (INSERT INTO tabletop.commands (exercise, id, outcome) "
           "SELECT %s, * FROM unnest(%s::text[], %s::text[])) " + _INSERT_EVENTS)
_UPSERT_META = ("INSERT INTO tabletop.meta (exercise, key, value) VALUES (%s, %s, %s) "
                "ON CONFLICT (exercise, key) DO UPDATE SET value = excluded.value")


def _columns(rows: list[tuple]) -> list[list]:
    """Rows as the eight columns `_INSERT_EVENTS` takes."""
    return [list(col) for col in zip(*rows)] if rows else [[] for _ in range(8)]


def where(url: str) -> str:
    """The server and database of a URL, without its password (for messages)."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the PostgreSQL server (the URL cannot be read)"
    host = info.get("host") or "localhost"
    port = f":{info['port']}" if info.get("port") else ""
    user = f"{info['user']}@" if info.get("user") else ""
    return f"postgresql://{user}{host}{port}/{info.get('dbname') or ''}"


def connect(url: str) -> psycopg.Connection:
    """A connection in autocommit mode (transactions are explicit), or StoreError saying why not."""
    try:
        return psycopg.connect(url, autocommit=True, application_name="tabletop")
    except psycopg.ProgrammingError as exc:
        raise StoreError(_say("pg.not_a_url", where=where(url), detail=exc)) from None
    except psycopg.OperationalError as exc:
        why = database_said(str(exc))  # its kind and what to do, else the message's last line
        if isinstance(why, str):
            why = why.strip().splitlines()[-1].strip() if why.strip() else type(exc).__name__
        raise StoreError(_say("pg.cannot_connect", where=where(url), detail=why)) from None


def ensure_schema(conn: psycopg.Connection, url: str = "", parts: tuple = ()) -> None:
    """Create tabletop's tables when the database has none (and those of `parts`, each a pair of
    a table to look for and the statements that make it); a role that may not create them is told
    to ask the database's owner (`tabletop archive init`)."""
    for probe, statements in (("tabletop.schema", SCHEMA), *parts):
        try:
            if conn.execute("SELECT to_regclass(%s)", (probe,)).fetchone()[0] is not None:
                continue
            with conn.transaction():
                for stmt in statements:
                    conn.execute(stmt)
        except errors.InsufficientPrivilege as exc:
            raise StoreError(_say("pg.no_privilege", where=where(url), detail=exc.diag.message_primary)) from None
        except (errors.DuplicateSchema, errors.DuplicateTable, errors.DuplicateFunction, errors.DuplicateObject):
            pass  # another process made them at the same moment: theirs will do


def grant(conn: psycopg.Connection, role: str, statements: list[str]) -> None:
    with conn.transaction():
        for stmt in statements:
            conn.execute(sql.SQL(stmt).format(role=sql.Identifier(role)))


class PostgresStore:
    def __init__(self, url: str, exercise: str | None = None, *, create: bool = True, exclusive: bool = False,
                 conn: psycopg.Connection | None = None):
        """One exercise of the database at `url`. `create`: make the exercise when it is not there
        (else StoreError). `exclusive`: this store is the exercise's only writer (a session server):
        another asking for the same is refused while this one is open (an advisory lock)."""
        if not exercise:
            raise StoreError(_say("pg.which_exercise", where=where(url)))
        self.url = url
        self.exercise = exercise
        self._own_conn = conn is None
        self._db = connect(url) if conn is None else conn
        try:
            ensure_schema(self._db, url)
            if exclusive and not self._db.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                                                  (LOCK_SPACE, exercise)).fetchone()[0]:
                raise StoreError(_say("pg.in_use", exercise=exercise, where=where(url)))
            if create:
                self._db.execute("INSERT INTO tabletop.exercises (exercise) VALUES (%s) ON CONFLICT DO NOTHING",
                                 (exercise,))
            row = self._db.execute("SELECT head_seq, head_hash FROM tabletop.exercises WHERE exercise = %s",
                                   (exercise,)).fetchone()
            if row is None:
                raise StoreError(_say("pg.no_exercise", where=where(url), exercise=exercise))
            if create and self._db.execute("SELECT 1 FROM tabletop.meta WHERE exercise = %s AND key = 'exercise'",
                                           (exercise,)).fetchone() is None:
                self.set_meta("exercise", exercise)
        except psycopg.Error as exc:
            self.close()
            raise StoreError(_say("pg.failed", where=where(url), detail=exc.diag.message_primary or exc)) from None
        except StoreError:
            self.close()
            raise
        self._last_seq, self._last_hash = int(row[0]), str(row[1])

    @property
    def last_seq(self) -> int:
        return self._last_seq

    @property
    def location(self) -> str:
        """Where the log is, for people (no password)."""
        return f"{where(self.url)} (exercise {self.exercise})"

    def _chain(self, events: list[Event]) -> tuple[list[tuple], str]:
        """The rows of events that follow the head, each hashed onto the one before."""
        prev = self._last_hash
        rows = []
        for i, e in enumerate(events):
            if e.seq != self._last_seq + 1 + i:
                raise Conflict(f"event seq {e.seq} does not follow #{self._last_seq + i}")
            payload = e.payload_json()  # once, for the hash and the row
            prev = row_hash(prev, self.exercise, e, payload)
            rows.append((self.exercise, e.seq, e.wall, e.at, e.actor, e.type, payload, prev))
        return rows, prev

    def append(self, events: list[Event], command_id: str | None = None, outcome: dict | None = None) -> None:
        self.append_batch([(events, command_id, outcome)])

    def append_batch(self, entries: list[tuple[list[Event], str | None, dict | None]]) -> None:
        """Several commands' events and outcomes in one statement (group commit): all or none."""
        rows, prev = self._chain([e for events, _, _ in entries for e in events])
        commands = [(command_id, json.dumps(outcome or {})) for _, command_id, outcome in entries
                    if command_id is not None]
        ids, outcomes = [list(col) for col in zip(*commands)] if commands else ([], [])
        try:
            self._db.execute(_APPEND, [self.exercise, ids, outcomes, *_columns(rows)])
        except (errors.SerializationFailure, errors.UniqueViolation) as exc:
            if isinstance(exc, errors.UniqueViolation) and "commands" in (exc.diag.table_name or ""):
                raise Conflict(f"a command already recorded ({exc.diag.message_detail})") from None
            raise self._conflict(exc, rows) from None
        if rows:
            self._last_seq = rows[-1][1]
            self._last_hash = prev

    def extend(self, events: list[Event], commands: list[tuple[str, str]], meta: dict[str, str]) -> None:
        """Add a log's events, command outcomes (those not yet here) and meta in one transaction:
        `archive push`. The events must follow the head; the chain is computed as in `append`."""
        rows, prev = self._chain(events)
        try:
            with self._db.pipeline(), self._db.transaction(), self._db.cursor() as cur:
                if rows:
                    cur.execute(_INSERT_EVENTS, _columns(rows))
                if commands:
                    cur.executemany("INSERT INTO tabletop.commands (exercise, id, outcome) VALUES (%s, %s, %s) "
                                    "ON CONFLICT DO NOTHING", [(self.exercise, k, v) for k, v in commands])
                if meta:
                    cur.executemany(_UPSERT_META, [(self.exercise, k, v) for k, v in meta.items()])
        except (errors.SerializationFailure, errors.UniqueViolation) as exc:
            raise self._conflict(exc, rows) from None
        if rows:
            self._last_seq, self._last_hash = rows[-1][1], prev

    def _conflict(self, exc: psycopg.Error, rows: list[tuple]) -> Conflict:
        """What a refused append says: the events were built on a head another writer has moved."""
        mine = self._last_seq
        self._refresh_head()
        if isinstance(exc, errors.UniqueViolation):
            return Conflict(f"events from #{rows[0][1] if rows else mine + 1} are already in exercise {self.exercise} "
                            f"(its log is now at #{self._last_seq}): another writer has appended to it")
        return Conflict(exc.diag.message_primary or str(exc))

    def _refresh_head(self) -> None:
        """After a refused append: the head as the database has it now (another writer moved it).
        The session's state is then stale: it must be rebuilt from the log, not appended to."""
        row = self._db.execute("SELECT head_seq, head_hash FROM tabletop.exercises WHERE exercise = %s",
                               (self.exercise,)).fetchone()
        if row is not None:
            self._last_seq, self._last_hash = int(row[0]), str(row[1])

    def outcome(self, command_id: str) -> dict | None:
        row = self._db.execute("SELECT outcome FROM tabletop.commands WHERE exercise = %s AND id = %s",
                               (self.exercise, command_id)).fetchone()
        return json.loads(row[0]) if row else None

    def _rows(self, after: int = 0) -> Iterator[tuple]:
        with self._db.cursor(name=None) as cur:
            cur.execute("SELECT seq, wall, at, actor, type, payload, hash FROM tabletop.events "
                        "WHERE exercise = %s AND seq > %s ORDER BY seq", (self.exercise, after))
            yield from cur

    def read(self, after: int = 0) -> Iterator[Event]:
        for row in self._rows(after):
            yield _row_event(row)[0]

    def hashes(self) -> list[str]:
        """Every event's stored hash, in order (what `archive push` compares a log with)."""
        return [r[0] for r in self._db.execute(
            "SELECT hash FROM tabletop.events WHERE exercise = %s ORDER BY seq", (self.exercise,))]

    def get(self, seq: int) -> Event | None:
        row = self._db.execute("SELECT seq, wall, at, actor, type, payload, hash FROM tabletop.events "
                               "WHERE exercise = %s AND seq = %s", (self.exercise, seq)).fetchone()
        return _row_event(row)[0] if row else None

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM tabletop.meta WHERE exercise = %s AND key = %s",
                               (self.exercise, key)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(_UPSERT_META, (self.exercise, key, value))

    def verify(self) -> Verification:
        with self._db.transaction():  # the chain and the head as of one moment
            self._db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            head = self._db.execute("SELECT head_seq, head_hash FROM tabletop.exercises WHERE exercise = %s",
                                    (self.exercise,)).fetchone()
            try:
                return verify_rows(self.exercise, (_row_event(r) for r in self._rows()),
                                   (int(head[0]), str(head[1])) if head else None)
            except BadRow as exc:
                return Verification(False, exc.seq, exc.seq, str(exc))

    def close(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None and self._own_conn and not db.closed:
            db.close()  # also releases the advisory lock

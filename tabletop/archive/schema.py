"""The archive's own tables beside the event store's, and `tabletop archive init`:
the schema made by the database's owner, and the roles that may append or read."""

from __future__ import annotations

import psycopg

from tabletop.store.postgres import READER_GRANTS, WRITER_GRANTS, connect, ensure_schema, grant, where
from tabletop.phrasebook.recognise import database_said
from tabletop.problems import Say
from tabletop.store.sqlite import StoreError

DIGEST_VERSION = 1

ARCHIVE_PART = ("tabletop.actions", [
    # What `lessons` reads of each exercise, made from its log (tabletop/archive/digest.py). Derived:
    # remade when the log grew or the digest's version changed; the log stays the source of truth.
    """CREATE TABLE tabletop.digests (
        exercise text PRIMARY KEY REFERENCES tabletop.exercises,
        head_seq bigint NOT NULL,
        version  integer NOT NULL,
        digest   text NOT NULL,
        made_at  timestamptz NOT NULL DEFAULT now())""",
    # Corrective actions: every change is a new row (who and when kept); the latest row of an
    # (exercise, issue, number) is the action as it stands.
    """CREATE TABLE tabletop.actions (
        id           bigserial PRIMARY KEY,
        exercise     text NOT NULL REFERENCES tabletop.exercises,
        issue        text NOT NULL,
        n            integer NOT NULL CHECK (n >= 1),
        action       text NOT NULL,
        element      text,
        organisation text,
        poc          text,
        start        date,
        due          date,
        status       text NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'verified')),
        verified_in  text,
        issue_text   text,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        recorded_by  text NOT NULL DEFAULT current_user)""",
    "CREATE INDEX actions_current ON tabletop.actions (exercise, issue, n, id DESC)",
    """CREATE TRIGGER actions_append_only BEFORE UPDATE OR DELETE ON tabletop.actions
       FOR EACH ROW EXECUTE FUNCTION tabletop.refuse_change()""",
])

ARCHIVE_WRITER_GRANTS = [
    "GRANT SELECT, INSERT, UPDATE ON tabletop.digests TO {role}",
    "GRANT SELECT, INSERT ON tabletop.actions TO {role}",
    "GRANT USAGE ON SEQUENCE tabletop.actions_id_seq TO {role}",
]


def open_archive(url: str) -> psycopg.Connection:
    """A connection to the archive at `url`, its tables made if missing (StoreError if it cannot)."""
    conn = connect(url)
    try:
        ensure_schema(conn, url, (ARCHIVE_PART,))
    except BaseException:
        conn.close()
        raise
    return conn


def init_archive(url: str, writers: tuple[str, ...] = (), readers: tuple[str, ...] = ()) -> None:
    """Make the tables (as the database's owner) and grant `writers` append and read, `readers` read.
    Role names are quoted as identifiers by psycopg.sql, never pasted into the SQL."""
    with open_archive(url) as conn:
        for role, grants in [(r, WRITER_GRANTS + ARCHIVE_WRITER_GRANTS) for r in writers] + \
                            [(r, READER_GRANTS) for r in readers]:
            try:
                grant(conn, role, grants)
            except psycopg.Error as exc:
                raise StoreError(Say("store.pg.cannot_grant", where=where(url), role=role, detail=database_said(str(exc.diag.message_primary or exc)))) from None

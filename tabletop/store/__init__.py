"""Event stores: SQLite (durable, the embedded default), PostgreSQL (an organisation's archive,
or a live exercise's log) and memory (tests, rehearsals), one contract."""

from tabletop.store.base import Conflict, EventStore, Verification
from tabletop.store.memory import MemoryStore
from tabletop.store.sqlite import SqliteStore, StoreError

URL_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: str | None) -> bool:
    return bool(target) and target.startswith(URL_SCHEMES)


def open_postgres(url: str, exercise: str | None, *, create: bool = True, exclusive: bool = False):
    """A PostgresStore (psycopg is imported only when a PostgreSQL store is used)."""
    if not is_postgres_url(url):
        from tabletop.problems import Say

        raise StoreError(Say("cli.errors.store_url", value=url))
    from tabletop.store.postgres import PostgresStore

    return PostgresStore(url, exercise, create=create, exclusive=exclusive)


__all__ = ["Conflict", "EventStore", "MemoryStore", "SqliteStore", "StoreError", "Verification", "is_postgres_url",
           "open_postgres"]

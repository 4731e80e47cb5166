"""Event stores: SQLite (durable) and memory (tests, rehearsals), one contract."""

from tabletop.store.base import Conflict, EventStore, Verification
from tabletop.store.memory import MemoryStore
from tabletop.store.sqlite import SqliteStore, StoreError

__all__ = ["Conflict", "EventStore", "MemoryStore", "SqliteStore", "StoreError", "Verification"]

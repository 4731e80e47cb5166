"""Helpers for the replay tests."""

from __future__ import annotations

from click.testing import CliRunner

from tabletop.cli import main
from tabletop.replay import read_log
from tabletop.store import SqliteStore


def run(*args: str):
    """The CLI as a user runs it: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def played_from(db):
    """The played log at DB, read back as the replay reads it."""
    store = SqliteStore(db, create=False)
    try:
        return read_log(store)
    finally:
        store.close()

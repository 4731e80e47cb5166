"""A child process appends through the store and prints each seq once append()
has returned (acknowledged). We SIGKILL it mid-stream: every acknowledged event
must be in the log, and the chain must verify — in a SQLite file and in
PostgreSQL (a real server) alike."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from tabletop.store import SqliteStore

CHILD = textwrap.dedent("""
    import sys
    from tabletop.engine.events import Event
    if sys.argv[1].startswith("postgresql://"):
        from tabletop.store.postgres import PostgresStore
        store = PostgresStore(sys.argv[1], "crash", exclusive=True)
    else:
        from tabletop.store import SqliteStore
        store = SqliteStore(sys.argv[1], "crash")
    seq = store.last_seq
    while True:
        seq += 1
        store.append([Event("MessageSent", "jp.pm", float(seq), "2027-01-01T00:00:00.000Z", {"n": seq}, None, seq)],
                     f"cmd-{seq}", {"status": "accepted"})
        print(seq, flush=True)
""")


@pytest.fixture(params=["sqlite", "postgresql"])
def log(request, tmp_path):
    """(where the child writes, a function opening it again for reading)."""
    if request.param == "sqlite":
        db = tmp_path / "crash.db"
        return str(db), lambda: SqliteStore(db, create=False)
    from tabletop.store.postgres import PostgresStore

    url = request.getfixturevalue("postgres_url")
    return url, lambda: PostgresStore(url, "crash", create=False)


def test_sigkill_mid_stream_loses_no_acknowledged_event(log):
    target, reopen = log
    proc = subprocess.Popen([sys.executable, "-c", CHILD, target], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    for line in proc.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) >= 200:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(acknowledged) >= 200, "the child stopped before it was killed"
    store = reopen()
    seqs = [e.seq for e in store.read()]
    assert set(acknowledged) <= set(seqs)
    assert seqs == list(range(1, len(seqs) + 1))
    assert all(store.outcome(f"cmd-{s}") is not None for s in acknowledged)
    assert store.verify().ok
    store.close()

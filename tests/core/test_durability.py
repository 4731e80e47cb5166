"""A child process appends through the SQLite store and prints each seq once
append() has returned (acknowledged). We SIGKILL it mid-stream: every
acknowledged event must be in the file, and the chain must verify."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from tabletop.store import SqliteStore

CHILD = textwrap.dedent("""
    import sys
    from tabletop.engine.events import Event
    from tabletop.store import SqliteStore
    store = SqliteStore(sys.argv[1], "crash")
    seq = store.last_seq
    while True:
        seq += 1
        store.append([Event("MessageSent", "jp.pm", float(seq), "2027-01-01T00:00:00.000Z", {"n": seq}, None, seq)],
                     f"cmd-{seq}", {"status": "accepted"})
        print(seq, flush=True)
""")


def test_sigkill_mid_stream_loses_no_acknowledged_event(tmp_path):
    db = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db)], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    for line in proc.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) >= 200:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = SqliteStore(db, create=False)
    seqs = [e.seq for e in store.read()]
    assert set(acknowledged) <= set(seqs)
    assert seqs == list(range(1, len(seqs) + 1))
    assert all(store.outcome(f"cmd-{s}") is not None for s in acknowledged)
    assert store.verify().ok

"""Core benchmarks: durable appends vs raw SQLite, state rebuild, rehearsal.

Run: python benchmarks/bench_core.py   (figures are medians; ratios are against
a baseline measured in the same run, since the machines are noisy)."""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen import moves_yaml, scenario_yaml  # noqa: E402

from tabletop.engine.core import replay  # noqa: E402
from tabletop.engine.events import Event  # noqa: E402
from tabletop.engine.state import initial  # noqa: E402
from tabletop.rehearsal import MovesFile, rehearse  # noqa: E402
from tabletop.scenario.loader import load_scenario_text  # noqa: E402
from tabletop.session import Session  # noqa: E402
from tabletop.store import MemoryStore, SqliteStore  # noqa: E402

import yaml  # noqa: E402


def median_of(fn, runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def bench_appends(n: int = 500) -> dict:
    payload = {"text": "x" * 200}

    def raw() -> float:
        with tempfile.TemporaryDirectory() as d:
            db = sqlite3.connect(Path(d) / "raw.db", isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("CREATE TABLE e (seq INTEGER PRIMARY KEY, exercise TEXT, wall TEXT, at REAL, actor TEXT, "
                       "type TEXT, payload TEXT, hash TEXT)")
            body = json.dumps(payload)
            t = time.perf_counter()
            for i in range(1, n + 1):
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT INTO e VALUES (?,?,?,?,?,?,?,?)", (i, "x", "w", 1.0, "a", "T", body, "h" * 64))
                db.execute("COMMIT")
            return n / (time.perf_counter() - t)

    def store() -> float:
        with tempfile.TemporaryDirectory() as d:
            s = SqliteStore(Path(d) / "s.db", "x")
            t = time.perf_counter()
            for i in range(1, n + 1):
                s.append([Event("MessageSent", "a", 1.0, "w", payload, None, i)], f"c{i}", {"status": "accepted"})
            rate = n / (time.perf_counter() - t)
            s.close()
            return rate

    raw_rates, store_rates = [], []
    for _ in range(5):  # interleave so both see the same machine noise
        raw_rates.append(raw())
        store_rates.append(store())
    r, s = statistics.median(raw_rates), statistics.median(store_rates)
    return {"raw_sqlite_inserts_per_s": round(r), "store_appends_per_s": round(s), "ratio": round(s / r, 2),
            "target": ">= 0.5"}


def generated_session(injects: int) -> Session:
    loaded = load_scenario_text(scenario_yaml(injects), str(Path(__file__).parent / "generated.yaml"))
    return Session.create(loaded, MemoryStore("bench"), loaded.scenario.start.astimezone(timezone.utc))


def bench_rehearsal(injects: int = 500, moves: int = 5000) -> dict:
    moves_file = MovesFile.model_validate(yaml.safe_load(moves_yaml(injects, moves)))
    times, events = [], 0
    for _ in range(3):
        session = generated_session(injects)
        t = time.perf_counter()
        report = rehearse(session, moves_file)
        times.append(time.perf_counter() - t)
        events = len(report.events)
    return {"injects": injects, "moves": moves, "events": events, "median_s": round(statistics.median(times), 3),
            "target": "< 3 s"}


def bench_rebuild(target_events: int = 100_000) -> dict:
    session = generated_session(500)
    moves_file = MovesFile.model_validate(yaml.safe_load(moves_yaml(500, 5000)))
    rehearse(session, moves_file)
    base = list(session.store.read())
    # Repeat the played log's body until it is long enough, renumbering seqs.
    events = list(base)
    body = [e for e in base if e.type in ("MessageSent", "MoveSubmitted", "MoveBlocked", "ObservationRecorded")]
    seq = len(events)
    while len(events) < target_events:
        for e in body:
            seq += 1
            events.append(Event(e.type, e.actor, e.at, e.wall, e.data, e.to, seq))
            if len(events) >= target_events:
                break
    state0 = initial(session.scenario, session.rules)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        replay(state0, events)
        times.append(time.perf_counter() - t)
    return {"events": len(events), "median_s": round(statistics.median(times), 3), "target": "< 1.5 s"}


def main() -> None:
    results = {
        "durable_appends": bench_appends(),
        "rebuild_state": bench_rebuild(),
        "rehearse_generated": bench_rehearsal(),
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

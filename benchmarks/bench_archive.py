"""Archive benchmarks, against a real PostgreSQL server (TABLETOP_TEST_POSTGRES, which
`bash .ci/do bench` starts and sets): store appends vs raw inserts, `archive push`
of a 5,000-event log, `lessons` over 100 archived exercises of 1,000 events.

Run: bash .ci/do bench   (figures are medians; the append ratio is against raw
inserts with the same driver and settings, measured in the same run)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import date, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen import moves_yaml, scenario_yaml  # noqa: E402

import psycopg  # noqa: E402
import yaml  # noqa: E402
from psycopg import sql  # noqa: E402

from tabletop.archive import lessons as ls  # noqa: E402
from tabletop.archive.ip import archive_actions  # noqa: E402
from tabletop.archive.push import digests, push_log, refresh_digest  # noqa: E402
from tabletop.archive.schema import open_archive  # noqa: E402
from tabletop.engine.events import Event  # noqa: E402
from tabletop.rehearsal import MovesFile, rehearse  # noqa: E402
from tabletop.scenario.loader import load_scenario_text  # noqa: E402
from tabletop.session import Session  # noqa: E402
from tabletop.store import SqliteStore  # noqa: E402
from tabletop.store.postgres import PostgresStore  # noqa: E402

SERVER = os.environ.get("TABLETOP_TEST_POSTGRES")


@contextmanager
def fresh_database():
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(SERVER)._replace(path="/" + name))
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def bench_appends(url: str, n: int = 300) -> dict:
    payload = {"text": "x" * 200}
    body = json.dumps(payload)

    def raw(round_: int) -> float:
        # The same driver, autocommit and server; one row per transaction, as the store commits one command.
        with psycopg.connect(url, autocommit=True) as conn:
            table = f"raw_{round_}"
            conn.execute(sql.SQL("CREATE TABLE {} (exercise text, seq bigint, wall text, at double precision, "
                                 "actor text, type text, payload text, hash text, PRIMARY KEY (exercise, seq))")
                         .format(sql.Identifier(table)))
            insert = sql.SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)").format(sql.Identifier(table))
            t = time.perf_counter()
            for i in range(1, n + 1):
                conn.execute(insert, ("x", i, "w", 1.0, "a", "T", body, "h" * 64))
            return n / (time.perf_counter() - t)

    def store(round_: int) -> float:
        s = PostgresStore(url, f"append-{round_}")
        t = time.perf_counter()
        for i in range(1, n + 1):
            s.append([Event("MessageSent", "a", 1.0, "w", payload, None, i)], f"c{i}", {"status": "accepted"})
        rate = n / (time.perf_counter() - t)
        s.close()
        return rate

    raw_rates, store_rates = [], []
    for r in range(7):  # interleaved, so both see the same machine noise
        raw_rates.append(raw(r))
        store_rates.append(store(r))
    r, s = statistics.median(raw_rates), statistics.median(store_rates)
    return {"raw_inserts_per_s": round(r), "store_appends_per_s": round(s), "ratio": round(s / r, 2),
            "target": ">= 0.7"}


def played_log(folder: Path, exercise: str, injects: int, moves: int) -> Path:
    """A SQLite log of the generated scenario played by the rehearsal engine."""
    text = scenario_yaml(injects)
    loaded = load_scenario_text(text, str(Path(__file__).parent / "generated.yaml"))
    path = folder / f"{exercise}.db"
    store = SqliteStore(path, exercise)
    session = Session.create(loaded, store, loaded.scenario.start.astimezone(timezone.utc), scenario_text=text)
    rehearse(session, MovesFile.model_validate(yaml.safe_load(moves_yaml(injects, moves))))
    store.close()
    return path


def bench_push(folder: Path) -> dict:
    log = played_log(folder, "push-5000", 800, 3900)
    events = SqliteStore(log, create=False).last_seq
    times = []
    for _ in range(3):
        with fresh_database() as url:
            conn = open_archive(url)
            t = time.perf_counter()
            result = push_log(conn, url, log)
            times.append(time.perf_counter() - t)
            assert result.status == "stored" and result.events == events
            again = time.perf_counter()
            assert push_log(conn, url, log).status == "unchanged"
            unchanged = time.perf_counter() - again
            conn.close()
    return {"events": events, "median_s": round(statistics.median(times), 3),
            "second_push_s": round(unchanged, 3), "target": "< 2 s (first push)"}


def bench_lessons(folder: Path, exercises: int = 100) -> dict:
    log = played_log(folder, "lessons-base", 160, 780)
    base = SqliteStore(log, create=False)
    events, meta = list(base.read()), {k: v for k, v in base.meta().items() if k not in ("head", "exercise")}
    with fresh_database() as url:
        conn = open_archive(url)
        for i in range(exercises):  # each its own exercise (its own chain), as pushes would leave them
            store = PostgresStore(url, f"ttx-{i:03d}", conn=conn)
            store.extend(events, [], meta)
            refresh_digest(conn, store)
        times = []
        for _ in range(5):
            t = time.perf_counter()
            result = ls.lessons(ls.select(digests(conn, url)), archive_actions(conn), date(2027, 1, 1))
            lines = ls.text_lines(result)
            times.append(time.perf_counter() - t)
        conn.close()
        command = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "tabletop", "lessons", "--from", url], check=True,
                           stdout=subprocess.DEVNULL)
            command.append(time.perf_counter() - t)
    return {"exercises": exercises, "events_each": len(events), "lines": len(lines),
            "query_and_text_median_s": round(statistics.median(times), 3),
            "whole_command_median_s": round(statistics.median(command), 3), "target": "< 1 s"}


def main() -> None:
    if not SERVER:
        print("bench_archive: no PostgreSQL server (TABLETOP_TEST_POSTGRES); run `bash .ci/do bench`", file=sys.stderr)
        raise SystemExit(1)
    with tempfile.TemporaryDirectory() as d, fresh_database() as url:
        results = {"postgres_appends": bench_appends(url), "archive_push": bench_push(Path(d)),
                   "lessons": bench_lessons(Path(d))}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

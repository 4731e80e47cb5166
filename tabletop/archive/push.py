"""`tabletop archive push` and `archive list`: finished exercises' SQLite logs into
the organisation's PostgreSQL archive, each hash chain verified first.

Pushing is idempotent: the archive's copy of an exercise is compared with the log
hash by hash (a chain's hash at #n covers every event up to #n). The same log
again stores nothing; a log that grew since is extended by its new events; a log
whose history differs is refused, naming the first differing event."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tabletop.archive.digest import DIGEST_VERSION, make_digest
from tabletop.phrasebook import cells, pad, section
from tabletop.phrasebook.recognise import as_sentence
from tabletop.problems import Say
from tabletop.store.postgres import PostgresStore, where
from tabletop.store.sqlite import SqliteStore, StoreError

SKIP_META = {"head", "exercise"}  # the archive keeps its own head; the exercise is the row's key


class Divergent(StoreError):
    """The archive holds a different history under this exercise's name."""

    def __init__(self, message: str, seq: int):
        super().__init__(message)
        self.seq = seq


@dataclass(frozen=True)
class Pushed:
    path: str
    exercise: str
    status: str  # stored | extended | unchanged | behind
    events: int  # in the archive now
    added: int

    def line(self) -> Say:
        return _say(f"pushed.{self.status}", path=self.path, exercise=self.exercise, events=self.events, added=self.added)


def _say(key: str, **fields) -> Say:
    return Say(f"cli.archive.{key}", **fields)


def _describe(store, seq: int) -> Say:
    e = store.get(seq)
    return _say("pushed.event", type=e.type, actor=e.actor, wall=e.wall) if e else _say("pushed.nothing")


def push_log(conn: psycopg.Connection, url: str, path: str | Path) -> Pushed:
    """Push one log; StoreError (Divergent included) if it cannot be, with what to do."""
    local = SqliteStore(path, create=False)
    try:
        rows: list = []
        checked = local.verify(keep=rows)
        if not checked.ok:
            raise StoreError(_say("pushed.not_verified", path=str(path), detail=as_sentence(checked.message, "store.verify.")))
        remote = PostgresStore(url, local.exercise, conn=conn)
        mine, theirs = [h for _, h in rows], remote.hashes()
        for i, (a, b) in enumerate(zip(mine, theirs), start=1):
            if a != b:
                raise Divergent(_say("pushed.divergent", path=str(path), seq=i, exercise=local.exercise,
                                     mine=_describe(local, i), theirs=_describe(remote, i)), i)
        if len(theirs) > len(mine):
            return Pushed(str(path), local.exercise, "behind", len(theirs), 0)
        new = [e for e, _ in rows[len(theirs):]]
        meta = {k: v for k, v in local.meta().items() if k not in SKIP_META}
        if new or remote.get_meta("scenario_text") is None:
            remote.extend(new, local.commands(), meta)
        if remote.hashes()[-1:] != mine[-1:]:  # the chain computed here must be the log's own
            raise StoreError(_say("pushed.chain_end", path=str(path)))
        refresh_digest(conn, remote, [e for e, _ in rows])
        status = "stored" if not theirs else "extended" if new else "unchanged"
        return Pushed(str(path), local.exercise, status, len(mine), len(new))
    finally:
        local.close()


def refresh_digest(conn: psycopg.Connection, store: PostgresStore, events: list | None = None) -> dict:
    """The exercise's digest as of its head, made again if the log grew or the digest's format changed
    (from `events`, the whole log already read, if given)."""
    row = conn.execute("SELECT head_seq, version, digest FROM tabletop.digests WHERE exercise = %s",
                       (store.exercise,)).fetchone()
    if row and row[0] == store.last_seq and row[1] == DIGEST_VERSION:
        return json.loads(row[2])
    digest = make_digest(store.exercise, store.read() if events is None else events, _scenario_of(store),
                         store.get_meta("kind"))
    conn.execute("INSERT INTO tabletop.digests (exercise, head_seq, version, digest) VALUES (%s, %s, %s, %s) "
                 "ON CONFLICT (exercise) DO UPDATE SET head_seq = excluded.head_seq, version = excluded.version, "
                 "digest = excluded.digest, made_at = now()",
                 (store.exercise, store.last_seq, DIGEST_VERSION, json.dumps(digest, ensure_ascii=False)))
    return digest


def _scenario_of(store):
    """The scenario the log carries (objectives, decisions), or None if it cannot be loaded."""
    from tabletop.problems import ProblemsFound
    from tabletop.scenario.loader import load_scenario_text

    text = store.get_meta("scenario_text")
    if text is None:
        return None
    try:
        return load_scenario_text(text, store.get_meta("scenario_file") or "scenario.yaml",
                                  store.get_meta("doctrine_text")).scenario
    except (ProblemsFound, ValueError, OSError):
        return None


def digests(conn: psycopg.Connection, url: str) -> list[dict]:
    """Every archived exercise's digest (made or remade where missing or stale), oldest first."""
    stale = conn.execute(
        "SELECT x.exercise FROM tabletop.exercises x LEFT JOIN tabletop.digests d USING (exercise) "
        "WHERE d.exercise IS NULL OR d.head_seq <> x.head_seq OR d.version <> %s", (DIGEST_VERSION,)).fetchall()
    for (exercise,) in stale:
        refresh_digest(conn, PostgresStore(url, exercise, create=False, conn=conn))
    out = [json.loads(r[0]) for r in conn.execute("SELECT digest FROM tabletop.digests")]
    return sorted(out, key=lambda d: (d.get("date") or "", d["exercise"]))


def list_lines(conn: psycopg.Connection, url: str, lang: str = "en") -> list[str]:
    """The archive's exercises as a table, its columns lined up in terminal cells."""
    w = section("cli.archive.list", lang)
    rows = digests(conn, url)
    if not rows:
        return [w("empty", where=where(url))]
    states = [w["rehearsal"] if d["kind"] == "rehearsal" else w["ended"] if d["ended"] else w["not_ended"] for d in rows]
    width = max(cells(w["exercise"]), *(cells(d["exercise"]) for d in rows))
    swidth = max(cells(w["state"]), *(cells(st) for st in states))
    ewidth = max(6, cells(w["events"]))
    lines = [f"{pad(w['exercise'], width)}  {pad(w['date'], 10)}  {' ' * (ewidth - cells(w['events']))}{w['events']}  "
             f"{pad(w['state'], swidth)}  {w['scenario']}"]
    for d, state in zip(rows, states):
        lines.append(f"{pad(d['exercise'], width)}  {(d.get('date') or '')[:10]:<10}  {d['events']:>{ewidth}}  "
                     f"{pad(state, swidth)}  {d.get(f'title_{lang}') or d.get('title') or ''}")
    lines.append(w("total", n=len(rows), where=where(url)))
    return lines

"""`tabletop archive push` and `archive list` against a real PostgreSQL server:
a log is stored once, extended when it grew, refused when its history differs."""

from __future__ import annotations

import sqlite3

from archive_logs import make_log
from click.testing import CliRunner

from tabletop.cli import main
from tabletop.engine.events import Event
from tabletop.store import SqliteStore
from tabletop.store.postgres import PostgresStore


def tabletop(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def archived(url: str, exercise: str) -> list[Event]:
    store = PostgresStore(url, exercise, create=False)
    try:
        assert store.verify().ok
        return list(store.read())
    finally:
        store.close()


def test_pushing_the_same_log_twice_stores_it_once(tmp_path, postgres_url):
    log = make_log(tmp_path, "ttx-apr", "2026-04-05")
    first = tabletop("archive", "push", str(log), "--to", postgres_url)
    assert first.exit_code == 0, first.output
    assert "exercise ttx-apr stored (15 events)" in first.output
    again = tabletop("archive", "push", str(log), "--to", postgres_url)
    assert again.exit_code == 0 and "already archived (15 events); nothing to add" in again.output
    assert [e.seq for e in archived(postgres_url, "ttx-apr")] == list(range(1, 16))
    assert archived(postgres_url, "ttx-apr") == list(SqliteStore(log, create=False).read())


def test_a_log_that_grew_since_is_extended_by_its_new_events(tmp_path, postgres_url):
    log = make_log(tmp_path, "ttx-apr", "2026-04-05")
    assert tabletop("archive", "push", str(log), "--to", postgres_url).exit_code == 0
    local = SqliteStore(log, create=False)
    n = local.last_seq
    local.append([Event("HotwashSubmitted", "blue.lead", 1800.0, "2026-04-04T22:30:00.000Z",
                        {"strengths": "fast", "improvements": "approve earlier"}, ("blue.lead",), n + 1)],
                 "late-hotwash", {"status": "accepted"})
    local.close()
    grown = tabletop("archive", "push", str(log), "--to", postgres_url)
    assert grown.exit_code == 0 and f"extended by 1 events (now {n + 1})" in grown.output
    events = archived(postgres_url, "ttx-apr")
    assert len(events) == n + 1 and events[-1].data["improvements"] == "approve earlier"
    assert PostgresStore(postgres_url, "ttx-apr", create=False).outcome("late-hotwash") == {"status": "accepted"}


def test_a_log_whose_history_differs_is_refused_naming_the_first_differing_event(tmp_path, postgres_url):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ours = make_log(tmp_path / "a", "ttx-apr", "2026-04-05", blocked=True)
    theirs = make_log(tmp_path / "b", "ttx-apr", "2026-04-05", blocked=False)
    a, b = list(SqliteStore(ours, create=False).read()), list(SqliteStore(theirs, create=False).read())
    first = next(i for i, (x, y) in enumerate(zip(a, b), start=1) if x != y)
    assert first > 1  # the same scenario and start: the logs share their first events
    assert tabletop("archive", "push", str(ours), "--to", postgres_url).exit_code == 0
    refused = tabletop("archive", "push", str(theirs), "--to", postgres_url)
    assert refused.exit_code == 2
    assert f"event #{first} differs from the archived exercise ttx-apr" in refused.output
    assert f"archive: {a[first - 1].type} by {a[first - 1].actor}" in refused.output
    assert "1 of 1 log(s) not pushed" in refused.output
    assert archived(postgres_url, "ttx-apr") == a


def test_a_log_that_does_not_verify_is_not_pushed(tmp_path, postgres_url):
    log = make_log(tmp_path, "ttx-apr", "2026-04-05")
    db = sqlite3.connect(log)
    db.execute("UPDATE events SET payload = replace(payload, 'seen', 'forged') WHERE type = 'ObservationRecorded'")
    db.commit()
    db.close()
    r = tabletop("archive", "push", str(log), "--to", postgres_url)
    assert r.exit_code == 2 and "was altered" in r.output and "not pushed" in r.output
    listed = tabletop("archive", "list", "--from", postgres_url)
    assert "no exercises archived yet" in listed.output


def test_archive_list_shows_each_exercise_with_its_date_and_size(tmp_path, postgres_url):
    for name, date in (("ttx-may", "2026-05-10"), ("ttx-apr", "2026-04-05")):
        assert tabletop("archive", "push", str(make_log(tmp_path, name, date)), "--to", postgres_url).exit_code == 0
    out = tabletop("archive", "list", "--from", postgres_url).output.splitlines()
    assert out[0].split() == ["exercise", "date", "events", "state", "scenario"]
    assert out[1].split()[:4] == ["ttx-apr", "2026-04-04", "15", "ended"]
    assert out[2].split()[:4] == ["ttx-may", "2026-05-09", "15", "ended"]
    assert out[3].startswith("2 exercise(s) in postgresql://")


def test_an_archive_that_cannot_be_reached_is_one_line_not_a_traceback(tmp_path):
    log = make_log(tmp_path, "ttx-apr", "2026-04-05")
    r = tabletop("archive", "push", str(log), "--to", "postgresql://nobody:pw@127.0.0.1:1/none")
    assert r.exit_code == 2 and r.output.startswith("tabletop: cannot connect to postgresql://nobody@127.0.0.1:1/none")
    assert "Traceback" not in r.output and "pw" not in r.output.replace("postgresql", "")

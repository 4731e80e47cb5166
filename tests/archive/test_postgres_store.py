"""The PostgreSQL store against a real server: the database keeps each exercise's
head, the event tables are append-only, and only roles given read can read."""

from __future__ import annotations

import threading

import psycopg
import pytest

from tabletop.engine.events import Event
from tabletop.store import Conflict, StoreError
from tabletop.store.postgres import PostgresStore


def ev(seq: int, **data) -> Event:
    return Event("MessageSent", "jp.pm", float(seq), f"2027-01-01T00:00:{seq % 60:02d}.000Z", data, None, seq)


def test_the_application_role_cannot_update_or_delete_events(roles):
    store = PostgresStore(roles["writer"], "ex1")
    store.append([ev(1, text="ordered"), ev(2)], "c1", {"status": "accepted"})
    with psycopg.connect(roles["writer"], autocommit=True) as conn:
        for statement in ("UPDATE tabletop.events SET payload = 'forged' WHERE seq = 1",
                          "DELETE FROM tabletop.events WHERE seq = 2",
                          "UPDATE tabletop.commands SET outcome = '{}'",
                          "TRUNCATE tabletop.events",
                          "UPDATE tabletop.exercises SET head_seq = 0"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    assert [e.data for e in store.read()] == [{"text": "ordered"}, {}] and store.verify().ok
    store.close()


def test_even_the_owner_is_refused_an_update_or_delete_of_an_event(roles):
    store = PostgresStore(roles["owner"], "ex1")
    store.append([ev(1, text="ordered")], "c1", {"status": "accepted"})
    with psycopg.connect(roles["owner"], autocommit=True) as conn:
        for statement in ("UPDATE tabletop.events SET payload = 'forged'", "DELETE FROM tabletop.events",
                          "DELETE FROM tabletop.commands", "DELETE FROM tabletop.exercises"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement)
    assert store.verify().ok
    store.close()


def test_a_reader_reads_and_verifies_but_cannot_append(roles):
    writer = PostgresStore(roles["writer"], "ex1")
    writer.append([ev(1), ev(2)])
    reader = PostgresStore(roles["reader"], "ex1", create=False)
    assert [e.seq for e in reader.read()] == [1, 2] and reader.verify().ok
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.append([ev(3)])
    writer.close()
    reader.close()


def test_a_role_not_given_read_cannot_read_an_archived_log(roles):
    PostgresStore(roles["writer"], "ex1").append([ev(1, text="secret")])
    with pytest.raises(StoreError, match="may not use tabletop's tables"):
        PostgresStore(roles["nobody"], "ex1", create=False)
    with psycopg.connect(roles["nobody"], autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT payload FROM tabletop.events")


def test_writers_racing_on_one_exercise_leave_one_unbroken_chain(postgres_url):
    stores = [PostgresStore(postgres_url, "race") for _ in range(4)]
    conflicts = []
    barrier = threading.Barrier(len(stores))

    def write(store: PostgresStore, who: int) -> None:
        barrier.wait()
        for _ in range(25):
            try:
                store.append([ev(store.last_seq + 1, writer=who)])
            except Conflict as exc:
                conflicts.append(str(exc))  # the head moved: this writer now knows it, and retries

    threads = [threading.Thread(target=write, args=(s, i)) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check = PostgresStore(postgres_url, "race", create=False)
    seqs = [e.seq for e in check.read()]
    assert seqs == list(range(1, len(seqs) + 1)) and check.verify().ok
    assert len(seqs) + len(conflicts) == 100
    assert all("another writer" in c or "does not follow" in c for c in conflicts)
    for s in stores + [check]:
        s.close()


def test_a_second_server_on_the_same_exercise_is_refused_while_the_first_serves(postgres_url):
    first = PostgresStore(postgres_url, "live", exclusive=True)
    with pytest.raises(StoreError, match="in use"):
        PostgresStore(postgres_url, "live", exclusive=True)
    first.close()
    PostgresStore(postgres_url, "live", exclusive=True).close()


def test_an_event_altered_behind_tabletops_back_is_named_by_verify(postgres_url):
    store = PostgresStore(postgres_url, "t")
    store.append([ev(i, text=f"m{i}") for i in range(1, 6)])
    with psycopg.connect(postgres_url, autocommit=True) as conn:  # a superuser who disables the guard
        conn.execute("ALTER TABLE tabletop.events DISABLE TRIGGER events_append_only")
        conn.execute("UPDATE tabletop.events SET payload = replace(payload, 'm3', 'forged') WHERE seq = 3")
    result = PostgresStore(postgres_url, "t", create=False).verify()
    assert not result.ok and result.first_bad == 3 and "#3" in result.message


def test_an_exercise_not_in_the_database_is_named(postgres_url):
    with pytest.raises(StoreError, match="no exercise missing"):
        PostgresStore(postgres_url, "missing", create=False)


def test_an_unreachable_server_is_an_error_without_the_password(postgres_url):
    with pytest.raises(StoreError, match="cannot connect to postgresql://someone@127.0.0.1:1/x") as info:
        PostgresStore("postgresql://someone:hunter2@127.0.0.1:1/x", "e")
    assert "hunter2" not in str(info.value)

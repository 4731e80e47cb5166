"""One contract, three stores: memory, SQLite and PostgreSQL (a real server) behave the same."""

from __future__ import annotations

import sqlite3

import pytest

from tabletop.engine.events import Event
from tabletop.store import Conflict, MemoryStore, SqliteStore, StoreError


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "memory":
        s = MemoryStore("ex1")
    elif request.param == "sqlite":
        s = SqliteStore(tmp_path / "ex1.db", "ex1")
    else:
        from tabletop.store.postgres import PostgresStore

        s = PostgresStore(request.getfixturevalue("postgres_url"), "ex1")
    yield s
    s.close()


def ev(seq: int, type_: str = "MessageSent", **data) -> Event:
    return Event(type_, "jp.pm", float(seq), f"2027-01-01T00:00:{seq:02d}.000Z", data, ("us.president",), seq)


def test_appended_events_read_back_in_order_and_unchanged(store):
    store.append([ev(1, text="a"), ev(2, text="b")])
    store.append([ev(3, text="日本語")])
    back = list(store.read())
    assert [e.seq for e in back] == [1, 2, 3]
    assert back[2] == ev(3, text="日本語")
    assert [e.seq for e in store.read(after=2)] == [3]
    assert store.last_seq == 3


def test_an_event_out_of_sequence_is_refused_and_nothing_is_written(store):
    store.append([ev(1)])
    with pytest.raises(Conflict):
        store.append([ev(2), ev(4)])
    assert store.last_seq == 1 and [e.seq for e in store.read()] == [1]


def test_a_command_outcome_is_kept_under_its_id(store):
    assert store.outcome("c1") is None
    store.append([ev(1)], "c1", {"status": "accepted", "first_seq": 1})
    assert store.outcome("c1") == {"status": "accepted", "first_seq": 1}
    store.append([], "c2", {"status": "rejected", "code": "x"})
    assert store.outcome("c2")["code"] == "x" and store.last_seq == 1


def test_a_repeated_command_id_is_refused_and_appends_nothing(store):
    store.append([ev(1)], "c1", {"status": "accepted", "first_seq": 1})
    with pytest.raises(Conflict):
        store.append([ev(2)], "c1", {"status": "accepted", "first_seq": 2})
    assert store.last_seq == 1 and [e.seq for e in store.read()] == [1]
    assert store.outcome("c1") == {"status": "accepted", "first_seq": 1}
    assert store.get(1) == ev(1) and store.get(2) is None


def test_a_batch_of_commands_is_appended_all_or_none(store):
    store.append_batch([([ev(1), ev(2)], "c1", {"status": "accepted", "first_seq": 1}),
                        ([], "c2", {"status": "rejected", "code": "x"}), ([ev(3)], None, None)])
    assert [e.seq for e in store.read()] == [1, 2, 3] and store.outcome("c2")["code"] == "x"
    with pytest.raises(Conflict):  # its second command's id is taken: the first is not applied either
        store.append_batch([([ev(4)], "c3", {"status": "accepted"}), ([ev(5)], "c1", {"status": "accepted"})])
    assert store.last_seq == 3 and store.outcome("c3") is None and store.get(4) is None
    store.append_batch([([ev(4)], "c3", {"status": "accepted"})])
    assert store.last_seq == 4 and store.verify().ok


@pytest.fixture(params=["sqlite", "postgresql"])
def two_writers(request, tmp_path):
    """Two stores open on the same exercise, as two servers would be."""
    if request.param == "sqlite":
        opened = [SqliteStore(tmp_path / "ex1.db", "ex1") for _ in range(2)]
    else:
        from tabletop.store.postgres import PostgresStore

        url = request.getfixturevalue("postgres_url")
        opened = [PostgresStore(url, "ex1") for _ in range(2)]
    yield opened
    for s in opened:
        s.close()


def test_a_second_writer_on_a_stale_head_gets_a_conflict_never_a_fork(two_writers):
    first, second = two_writers
    first.append([ev(1)])
    with pytest.raises(Conflict):
        second.append([ev(1, text="the other server's move")])  # built on the head it saw at opening: #0
    first.append([ev(2)])
    assert [e.data for e in first.read()] == [{}, {}]
    assert first.verify().ok and first.last_seq == 2


def test_meta_values_round_trip(store):
    store.set_meta("k", "v1")
    store.set_meta("k", "v2")
    assert store.get_meta("k") == "v2" and store.get_meta("missing") is None


def test_an_intact_log_verifies(store):
    store.append([ev(i) for i in range(1, 6)])
    result = store.verify()
    assert result.ok and result.events == 5 and "5 events" in result.message


def test_sqlite_tampering_is_detected_and_the_first_altered_event_named(tmp_path):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(i, text=f"m{i}") for i in range(1, 6)])
    s.close()
    db = sqlite3.connect(tmp_path / "t.db")
    db.execute("UPDATE events SET payload = replace(payload, 'm3', 'forged') WHERE seq = 3")
    db.commit()
    db.close()
    result = SqliteStore(tmp_path / "t.db", create=False).verify()
    assert not result.ok and result.first_bad == 3 and "#3" in result.message


def test_sqlite_a_payload_respaced_by_hand_to_the_same_data_still_verifies(tmp_path):
    # The hash is over the row's canonical JSON, not over how its payload text is spaced: the
    # stored text is hashed first (it is that JSON in every log tabletop wrote), then the
    # canonical text made again from what it reads.
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(i, text=f"m{i}") for i in range(1, 6)])
    s.close()
    _tamper(tmp_path / "t.db", "UPDATE events SET payload = replace(payload, ',', ', ') WHERE seq = 4")
    store = SqliteStore(tmp_path / "t.db", create=False)
    assert store.get(4) == ev(4, text="m4")
    assert store.verify().ok
    _tamper(tmp_path / "t.db", "UPDATE events SET payload = replace(payload, 'm4', 'm5') WHERE seq = 4")
    result = SqliteStore(tmp_path / "t.db", create=False).verify()
    assert not result.ok and result.first_bad == 4


def test_sqlite_a_deleted_event_is_detected(tmp_path):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(i) for i in range(1, 6)])
    s.close()
    db = sqlite3.connect(tmp_path / "t.db")
    db.execute("DELETE FROM events WHERE seq = 2")
    db.commit()
    db.close()
    result = SqliteStore(tmp_path / "t.db", create=False).verify()
    assert not result.ok and result.first_bad == 2 and "missing" in result.message


def test_sqlite_uses_wal_and_full_sync(tmp_path):
    s = SqliteStore(tmp_path / "t.db", "t")
    assert s._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_sqlite_reopens_where_it_left_off(tmp_path):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(1), ev(2)])
    s.close()
    again = SqliteStore(tmp_path / "t.db", create=False)
    assert again.exercise == "t" and again.last_seq == 2
    again.append([ev(3)])
    assert again.verify().ok


def _tamper(path, sql: str) -> None:
    db = sqlite3.connect(path)
    db.execute(sql)
    db.commit()
    db.close()


@pytest.mark.parametrize("payload", ["{not json", "[1, 2]", "null", '{"data": 5, "to": null}', '{"data": {}, "to": 7}'])
def test_sqlite_a_row_that_cannot_be_read_is_named_not_a_crash(tmp_path, payload):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(i) for i in range(1, 6)])
    s.close()
    _tamper(tmp_path / "t.db", f"UPDATE events SET payload = '{payload}' WHERE seq = 3")
    store = SqliteStore(tmp_path / "t.db", create=False)
    result = store.verify()
    assert not result.ok and result.first_bad == 3 and "#3" in result.message
    with pytest.raises(StoreError, match="#3"):
        list(store.read())


def test_sqlite_a_row_with_a_scenario_time_that_is_not_a_number_is_named(tmp_path):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(i) for i in range(1, 6)])
    s.close()
    _tamper(tmp_path / "t.db", "UPDATE events SET at = 'soon' WHERE seq = 4")
    store = SqliteStore(tmp_path / "t.db", create=False)
    result = store.verify()
    assert not result.ok and result.first_bad == 4 and "#4" in result.message
    with pytest.raises(StoreError, match="#4"):
        list(store.read())


@pytest.mark.parametrize("sql", ["DELETE FROM events WHERE seq = 5", "DELETE FROM events WHERE seq >= 4",
                                 "DELETE FROM events", "UPDATE meta SET value = '[7, \"x\"]' WHERE key = 'head'",
                                 "UPDATE meta SET value = 'junk' WHERE key = 'head'"])
def test_sqlite_events_removed_from_the_end_are_detected(tmp_path, sql):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(i) for i in range(1, 4)])
    s.append([ev(4), ev(5)])
    s.close()
    _tamper(tmp_path / "t.db", sql)
    result = SqliteStore(tmp_path / "t.db", create=False).verify()
    assert not result.ok, result.message


def test_sqlite_a_log_without_a_head_record_verifies_its_chain_and_says_what_it_cannot_check(tmp_path):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(i) for i in range(1, 4)])
    s.close()
    _tamper(tmp_path / "t.db", "DELETE FROM meta WHERE key = 'head'")  # as written before the head was kept
    result = SqliteStore(tmp_path / "t.db", create=False).verify()
    assert result.ok and "removed from its end would not show" in result.message


def test_sqlite_the_head_follows_every_append_and_a_reopened_log_verifies(tmp_path):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(1)])
    s.append([], "c1", {"status": "rejected"})
    s.close()
    again = SqliteStore(tmp_path / "t.db", create=False)
    again.append([ev(2), ev(3)])
    assert again.verify().ok


def _read_only_media(monkeypatch):
    """SQLite on read-only storage: a plain open fails; only an immutable (URI) open reads."""
    import tabletop.store.sqlite as mod

    real = sqlite3.connect

    def connect(target, *args, uri=False, **kw):
        if not uri:
            db = real(":memory:")
            db.close()
            raise sqlite3.OperationalError("unable to open database file")
        assert "immutable=1" in str(target)
        return real(target, *args, uri=uri, **kw)

    monkeypatch.setattr(mod.sqlite3, "connect", connect)


def test_sqlite_a_log_on_read_only_storage_still_verifies_and_reads(tmp_path, monkeypatch):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(i) for i in range(1, 4)])
    s.close()
    _read_only_media(monkeypatch)
    ro = SqliteStore(tmp_path / "t.db", create=False)
    assert ro.exercise == "t" and ro.verify().ok and [e.seq for e in ro.read()] == [1, 2, 3]
    with pytest.raises(StoreError, match="cannot open"):
        SqliteStore(tmp_path / "t.db", create=False, exclusive=True)  # a server needs to write


def test_sqlite_a_read_only_log_with_changes_left_in_its_wal_says_so(tmp_path, monkeypatch):
    s = SqliteStore(tmp_path / "t.db", "t")
    s.append([ev(1)])
    s.close()
    (tmp_path / "t.db-wal").write_bytes(b"\0" * 64)
    _read_only_media(monkeypatch)
    with pytest.raises(StoreError, match="t.db-wal"):
        SqliteStore(tmp_path / "t.db", create=False)


@pytest.mark.parametrize("event", [
    ev(7, text="plain"),
    ev(8, text='quotes " and \\ backslash, \n newline, \t tab, \x00 nul, \u2028 separator, 日本語 and 🚀'),
    Event("MoveSubmitted", 'jp."pm"', 1e-7, "2027-01-01T00:00:00.000Z", {"b": [1, 2.5, None], "a": {"z": True}},
          None, 9),
    Event("ExerciseCreated", "system", 0.0, "", {}, (), 1),
    Event("X", "a", 12345678901234.5, "w", {}, None, 2 ** 60),
    Event("X", "a", 3, "w", {}, None, 1),  # an integer scenario time
    Event("X", "a", float("nan"), "w", {}, None, 1),
    Event("X", "a", float("inf"), "w", {}, None, 1),
    Event("X", "a", 1.0, "w", {}, None, True),
])
def test_the_row_hash_is_over_the_rows_canonical_json(event):
    # The hash is what `verify` recomputes over every log ever written: it must stay this text.
    import hashlib
    import json

    from tabletop.store.base import GENESIS, row_hash

    payload = json.dumps({"data": event.data, "to": None if event.to is None else list(event.to)},
                         sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert event.payload_json() == payload
    body = json.dumps([event.seq, "ex1", event.wall, event.at, event.actor, event.type, payload],
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256((GENESIS + "\n" + body).encode("utf-8")).hexdigest()
    assert row_hash(GENESIS, "ex1", event) == expected
    assert row_hash(GENESIS, "ex1", event, event.payload_json()) == expected

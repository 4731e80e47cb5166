"""Group commit: commands that arrive together are decided in order and logged in one
transaction, with the same log as one by one; a failed transaction applies none of them."""

from __future__ import annotations

import pytest

from tabletop.engine import commands as c
from tabletop.session import Session
from tabletop.store import MemoryStore, SqliteStore


def _jobs(now):
    return [(c.Message(to=["blue.lead"], text="one"), "red.lead", now, "red.lead/1"),
            (c.Message(to=["red.lead"], text="two"), "blue.lead", now, "blue.lead/1"),
            (c.Move(decision="D1", option="hold"), "red.lead", now, "red.lead/2"),  # rejected: not red's
            (c.Message(to=["blue.lead"], text="one"), "red.lead", now, "red.lead/1")]  # same id again


@pytest.mark.parametrize("kind", ["memory", "sqlite", "postgresql"])
def test_a_batch_logs_what_one_by_one_would(mini, wall, tmp_path, kind, request):
    def store(name):
        if kind == "postgresql":  # one command path: the same batch, whatever the store
            from tabletop.store.postgres import PostgresStore

            return PostgresStore(request.getfixturevalue("postgres_url"), f"g-{name}")
        return MemoryStore("g") if kind == "memory" else SqliteStore(tmp_path / f"{name}.db", "g")

    together = Session.create(mini, store("together"), wall())
    apart = Session.create(mini, store("apart"), wall())
    for s in (together, apart):
        s.handle(c.Start(), "control", wall())
    now = wall.advance(1)
    batch = together.handle_batch(_jobs(now))
    single = [apart.handle(cmd, actor, t, cid) for cmd, actor, t, cid in _jobs(now)]
    assert [o.status for o in batch] == ["accepted", "accepted", "rejected", "accepted"]
    assert batch[3].replayed and batch[3].first_seq == batch[0].first_seq  # the first outcome, nothing new
    assert [o.to_json() for o in batch] == [o.to_json() for o in single]
    logged = [[e.to_json() for e in s.store.read()][1:] for s in (together, apart)]  # after ExerciseCreated (its id)
    assert logged[0] == logged[1]
    assert together.store.outcome("red.lead/2")["code"] == "not-your-decision"
    assert together.store.verify().ok


def test_a_failed_transaction_applies_none_of_the_batch(mini, wall):
    s = Session.create(mini, MemoryStore("g"), wall())
    s.handle(c.Start(), "control", wall())
    before, state = s.store.last_seq, s.state

    def fail(entries):
        raise OSError("disk full")

    s.store.append_batch = fail
    out = s.handle_batch(_jobs(wall.advance(1))[:2])
    assert all(isinstance(o, OSError) for o in out)
    assert s.store.last_seq == before and s.state is state and s.store.outcome("red.lead/1") is None

"""Replay to any point of a log gives the exercise as the engine had it when that event was
appended; the timeline finds the points a facilitator steps between."""

from __future__ import annotations

import dataclasses
import random
from datetime import timezone
from pathlib import Path

import pytest

from tabletop.engine import core
from tabletop.engine import events as ev
from tabletop.engine import out
from tabletop.rehearsal import load_moves, rehearse
from tabletop.replay import Replay, Timeline, read_log
from tabletop.replay.timeline import PointError
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.store import SqliteStore

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SHIPPED = sorted(p.name.removesuffix(".moves.yaml") for p in SCENARIOS.glob("*.moves.yaml"))  # each bundled scenario
# Everything the state holds but the scenario, the pack and their index, which are the same
# texts loaded again (a replay loads them from the log).
FIELDS = [f.name for f in dataclasses.fields(core.State) if f.name not in ("scenario", "rules", "plan")]


class RecordingStore(SqliteStore):
    """Keeps, for each event appended, the state the engine had made of it at that moment."""

    def __init__(self, *args, made: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.made = made
        self.at_append: dict[int, core.State] = {}

    def append_batch(self, entries):
        super().append_batch(entries)
        for events, _, _ in entries:
            for e in events:
                self.at_append[e.seq] = self.made[e.seq]


def rehearsed(name: str, tmp_path: Path, monkeypatch) -> tuple[Path, dict[int, core.State]]:
    """The shipped rehearsal of NAME, logged to SQLite; the engine's state at each append."""
    made: dict[int, core.State] = {}
    evolve = core.evolve

    def recording_evolve(state, event):
        after = evolve(state, event)
        made[event.seq] = after
        return after

    monkeypatch.setattr(out, "evolve", recording_evolve)  # what decide folds each event with, as it emits it
    loaded = load_scenario(name)
    db = tmp_path / f"{name}.db"
    store = RecordingStore(db, f"{name}-rehearsal", made=made)
    session = Session.create(loaded, store, loaded.scenario.start.astimezone(timezone.utc),
                             scenario_text=Path(loaded.path).read_text(encoding="utf-8"))
    report = rehearse(session, load_moves(str(SCENARIOS / f"{name}.moves.yaml")))
    assert report.ok, report.problems + report.unmet
    store.close()
    monkeypatch.setattr(out, "evolve", evolve)
    return db, store.at_append


def read_back(db: Path):
    store = SqliteStore(db, create=False)
    try:
        return read_log(store)
    finally:
        store.close()


def differences(a: core.State, b: core.State) -> list[str]:
    return [f"{n}: {getattr(a, n)!r} != {getattr(b, n)!r}" for n in FIELDS if getattr(a, n) != getattr(b, n)]


@pytest.mark.parametrize("name", SHIPPED)
def test_replay_to_every_point_equals_the_engines_state_when_that_event_was_appended(name, tmp_path, monkeypatch):
    db, engine_had = rehearsed(name, tmp_path, monkeypatch)
    played = read_back(db)  # from the file: payloads through JSON and back
    assert sorted(engine_had) == [e.seq for e in played.events] == list(range(1, len(played.events) + 1))
    for every in (1, 7, 200):  # snapshots at every event, at odd places, and the default
        replay = Replay(played.initial(), played.events, every=every)
        points = list(range(1, len(played.events) + 1))
        random.Random(every).shuffle(points)  # jumps back and forth, as a scrubber makes them
        for n in points:
            assert differences(replay.state_at(n), engine_had[n]) == [], f"{name} at #{n}, snapshots every {every}"
    assert replay.state_at(0).last_seq == 0 and replay.state_at(0).phase == "created"


def test_a_point_past_either_end_is_the_end(tmp_path, monkeypatch):
    db, engine_had = rehearsed("missile-launch", tmp_path, monkeypatch)
    played = read_back(db)
    replay = Replay(played.initial(), played.events)
    assert differences(replay.state_at(10**6), engine_had[len(played.events)]) == []
    assert replay.state_at(-5).last_seq == 0


@pytest.fixture(scope="module")
def missile_launch(tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    try:
        db, _ = rehearsed("missile-launch", tmp_path_factory.mktemp("ml"), monkeypatch)
    finally:
        monkeypatch.undo()
    return read_back(db)


def test_stepping_by_inject_lands_on_each_release_and_skip_in_turn(missile_launch):
    events = missile_launch.events
    t = Timeline(events)
    n, landed = 0, []
    while (nxt := t.step(n, "inject", 1)) != n:
        landed.append(events[nxt - 1])
        n = nxt
    assert [e.type for e in landed] == [e.type for e in events if e.type in (ev.INJECT_RELEASED, ev.INJECT_SKIPPED)]
    assert [e.data["inject"] for e in landed][:3] == ["I01", "I02", "I03"]
    back = t.step(n, "inject", -1)
    assert back == landed[-2].seq
    assert t.step(landed[0].seq, "inject", -1) == 0  # before the first inject: the start


def test_stepping_by_decision_lands_where_decisions_open_and_close(missile_launch):
    t = Timeline(missile_launch.events)
    first = t.step(0, "decision", 1)
    e = missile_launch.events[first - 1]
    assert (e.type, e.data["decision"]) == (ev.DECISION_OPENED, "D1")
    second = missile_launch.events[t.step(first, "decision", 1) - 1]
    assert second.type in (ev.DECISION_OPENED, ev.DECISION_RESOLVED)


def test_a_scenario_time_is_the_last_point_at_or_before_it(missile_launch):
    events = missile_launch.events
    t = Timeline(events)
    n = t.point("+01:00")
    assert events[n - 1].at <= 3600 < events[n].at
    assert t.time_at(n) == events[n - 1].at
    assert t.point("+00:00") >= 1 and events[t.point("+00:00") - 1].at == 0
    assert t.point("99:00") == len(events)


def test_a_decision_point_is_just_before_its_answer(missile_launch):
    events = missile_launch.events
    t = Timeline(events)
    decisions = [d.id for i in missile_launch.scenario.injects for d in i.decisions]
    n = t.point("D10", decisions)  # blocked (strike), upheld, then answered (defend)
    answer = events[n]
    seat = missile_launch.scenario.decision("D10")[1].to
    assert (answer.type, answer.actor, answer.data["option"]) == (ev.MOVE_SUBMITTED, seat, "defend")
    assert any(e.type == ev.MOVE_BLOCKED and e.data.get("decision") == "D10" for e in events[:n])
    replay = Replay(missile_launch.initial(), events)
    assert replay.state_at(n).decision("D10").status == "open"
    assert replay.state_at(n + 2).decision("D10").status == "resolved"
    with pytest.raises(PointError, match="no decision point 'D99'"):
        t.point("D99", decisions)
    with pytest.raises(PointError, match="this log holds #1 to"):
        t.point(str(len(events) + 1))

"""Nothing addressed to some seats reaches others: every event type, every pair of seats.

Two runs of the mini exercise (tests/fixtures/mini.yaml, 60x: a wall second is a scenario
minute) between them log every event type there is. For each event, and each pair of
seats (the one the event is about, and any other), the seat sees the event exactly when
the table below says a facilitator would expect it to."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from tabletop.engine import audience
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.events import Event, visible_to
from tabletop.session import Session
from tabletop.store import MemoryStore

SEATS = ("blue.lead", "blue.ops", "red.lead")
SIDE = {"blue.lead": {"blue.lead", "blue.ops"}, "blue.ops": {"blue.lead", "blue.ops"}, "red.lead": {"red.lead"}}
ALL_TYPES = sorted(v for k, v in vars(ev).items() if k.isupper() and isinstance(v, str) and k != "EVERYONE")


def _accepted(session, command, seat, now):
    out = session.handle(command, seat, now)
    assert out.status != "rejected", (command, out.code, out.message)
    return out


def first_run(mini, wall) -> list[Event]:
    s = Session.create(mini, MemoryStore("a"), wall())
    for seat in SEATS + ("control", "evaluator-1"):
        _accepted(s, c.Join(), seat, wall())
    _accepted(s, c.Start(), "control", wall())
    _accepted(s, c.SetSpeed(speed=60), "control", wall())
    _accepted(s, c.Pause(), "control", wall())
    _accepted(s, c.Resume(), "control", wall())
    _accepted(s, c.Hold(inject="I04"), "control", wall())
    _accepted(s, c.Skip(inject="I03"), "control", wall())
    s.tick(wall.advance(5))  # I01 to blue, D1 opens for blue.ops
    blocked = _accepted(s, c.Move(decision="D1", option="strike", text="now"), "blue.ops", wall.advance(0.1))
    _accepted(s, c.Ruling(target=blocked.first_seq, verdict="overrule", reason="go"), "control", wall())
    _accepted(s, c.FreeAction(action="blue.declare-crisis"), "blue.lead", wall())
    _accepted(s, c.FreeAction(action="blue.end-crisis"), "blue.lead", wall())
    _accepted(s, c.FreeAction(action="blue.declare-crisis"), "blue.lead", wall())
    s.tick(wall.advance(2))  # I02 to red only: sets `attacked`
    _accepted(s, c.Acknowledge(inject="I02"), "red.lead", wall())
    _accepted(s, c.FreeAction(action="blue.report"), "blue.lead", wall())  # meets the strike's report
    _accepted(s, c.FreeAction(action="blue.approve"), "blue.lead", wall())
    strike = _accepted(s, c.FreeAction(action="blue.strike", text="again"), "blue.ops", wall())
    s.tick(wall.advance(31))  # the second report falls overdue
    _accepted(s, c.Message(to=["blue.lead"], text="psst"), "red.lead", wall())
    _accepted(s, c.Observation(objective="OBJ1", rating="S", text="ok"), "evaluator-1", wall())
    _accepted(s, c.Ruling(target=strike.first_seq, verdict="adjudicate", reason="too early"), "control", wall())
    _accepted(s, c.End(), "control", wall())
    _accepted(s, c.Hotwash(strengths="s", improvements="i"), "red.lead", wall())
    _accepted(s, c.Leave(), "red.lead", wall())
    return list(s.store.read())


def second_run(mini, wall) -> list[Event]:
    s = Session.create(mini, MemoryStore("b"), wall())
    _accepted(s, c.Start(), "control", wall())
    s.tick(wall.advance(5))
    s.tick(wall.advance(11))  # D1's deadline passes unanswered
    ended = Session.create(mini, MemoryStore("c"), wall())
    _accepted(ended, c.Start(), "control", wall())
    ended.tick(wall.advance(5))
    _accepted(ended, c.End(), "control", wall())  # with D1 (blue.ops's) still open
    from tabletop.replay.fork import fork
    from tabletop.replay.log import PlayedLog

    forked, played = MemoryStore("d"), PlayedLog("b", mini, tuple(s.store.read()), {})
    fork(s.store, forked, s.store.last_seq, wall(), played=played)  # the other branch, from where the second run stands
    return list(s.store.read()) + list(ended.store.read()) + list(forked.read())[s.store.last_seq:]


def v2_run(wall) -> list[Event]:
    """tests/fixtures/mini2.yaml (format tabletop/2): a starting state, a joint decision of the two
    blue seats with a real-time window, a jump to the second phase."""
    from tabletop.scenario import load_scenario

    v2 = load_scenario(str(Path(__file__).resolve().parents[1] / "fixtures" / "mini2.yaml"))
    s = Session.create(v2, MemoryStore("e"), wall())
    _accepted(s, c.Start(), "control", wall())
    s.tick(wall.advance(5))
    _accepted(s, c.SetSpeed(speed=120), "control", wall())  # D1's real-time window moves
    _accepted(s, c.Move(decision="D1", option="hold"), "blue.lead", wall())
    _accepted(s, c.Jump(), "control", wall())
    return list(s.store.read())


@pytest.fixture
def logged(mini, wall):
    """Every event of the runs, and the first run's events by seq (for rulings' targets)."""
    first = first_run(mini, wall)
    second = second_run(mini, type(wall)(mini.scenario.start.astimezone(timezone.utc)))
    third = v2_run(type(wall)(mini.scenario.start.astimezone(timezone.utc)))
    return first + second + third, {e.seq: e for e in first}


def who_should_see(e: Event, target: Event | None) -> set[str]:
    """The role players who should see `e`, in a facilitator's words."""
    d = e.data
    public = {ev.EXERCISE_CREATED, ev.EXERCISE_STARTED, ev.CLOCK_PAUSED, ev.CLOCK_RESUMED, ev.SPEED_CHANGED,
              ev.SITUATION_DECLARED, ev.SITUATION_ENDED, ev.EXERCISE_ENDED, ev.STARTING_STATE, ev.PHASE_BEGAN}
    if e.type in (ev.POSITION_TAKEN, ev.DEADLINE_MOVED):
        return SIDE["blue.lead"]  # the joint decision D1 of the two blue seats
    staff = {ev.SEAT_JOINED, ev.SEAT_LEFT, ev.INJECT_HELD, ev.INJECT_SKIPPED, ev.FLAGS_CHANGED,
             ev.OBSERVATION_RECORDED, ev.FORKED}
    if e.type in public:
        return set(SEATS)
    if e.type in staff:
        return set()
    if e.type in (ev.MOVE_BLOCKED, ev.INJECT_ACKNOWLEDGED, ev.HOTWASH_SUBMITTED):
        return {e.actor}  # one's own attempt, receipt, hotwash
    if e.type in (ev.MOVE_SUBMITTED, ev.DECISION_RESOLVED):
        return SIDE[e.actor]  # a move is known to the mover's side
    if e.type == ev.INJECT_RELEASED and d["to"] == ["green.un"]:
        return set()  # mini2's I02: to the UN seat (a third party) alone
    if e.type == ev.INJECT_RELEASED:
        return {"blue.lead", "blue.ops"} if d["inject"] == "I01" else {"red.lead"}
    if e.type == ev.DECISION_OPENED:
        # mini2's D1 is the two blue seats' joint decision; its D2, the UN's (not among SEATS)
        return set(d.get("seats") or [d["to"]]) & set(SEATS)
    if e.type == ev.DECISION_TIMED_OUT:
        return SIDE["blue.ops"]
    if e.type in (ev.OBLIGATION_DUE, ev.OBLIGATION_MET, ev.OBLIGATION_OVERDUE):
        return {"blue.lead"}  # who owes the report
    if e.type == ev.MESSAGE_SENT:
        return {e.actor, *d["to"]}
    if e.type == ev.RULING_MADE:
        # on a blocked move: the seat that made it; otherwise whoever saw the event ruled on
        return {target.actor} if d["verdict"] != "adjudicate" else who_should_see(target, None)
    raise AssertionError(f"no expectation written for {e.type}")


def test_the_two_runs_log_every_event_type(logged):
    events, _ = logged
    assert sorted({e.type for e in events}) == ALL_TYPES


def test_every_event_type_declares_its_audience():
    assert sorted(audience.AUDIENCE) == ALL_TYPES


@pytest.mark.parametrize("type_", ALL_TYPES)
def test_each_event_reaches_exactly_the_seats_entitled_to_it(logged, type_):
    events, by_seq = logged
    seen = [e for e in events if e.type == type_]
    assert seen, f"no {type_} in the runs"
    for e in seen:
        target = by_seq.get(e.data["target"]) if type_ == ev.RULING_MADE else None
        entitled = who_should_see(e, target)
        about = e.actor if e.actor in SEATS else None
        for a in SEATS:  # the seat the event is about (or any seat, for the system's events) ...
            if about is not None and a != about:
                continue
            for b in SEATS:  # ... and every seat that might see it
                assert visible_to(e, b, "player") == (b in entitled), (
                    f"{type_} #{e.seq} by {a}: {b} {'sees' if visible_to(e, b, 'player') else 'misses'} it")
        assert visible_to(e, "control", "control") and visible_to(e, "evaluator-1", "evaluator")


@pytest.mark.parametrize("type_", ALL_TYPES)
def test_an_event_sent_to_everyone_says_nothing_about_a_seat(logged, type_):
    events, _ = logged
    for e in events:
        if e.type == type_ and e.to is None:
            text = e.payload_json()
            assert not any(x in text for x in ("D1", "I01", "I02", "blue.ops")) or type_ == ev.EXERCISE_CREATED, text


def test_a_ruling_on_a_blue_move_never_reaches_red(logged):
    events, _ = logged
    rulings = [e for e in events if e.type == ev.RULING_MADE]
    assert rulings and not any(visible_to(e, "red.lead", "player") for e in rulings)


def test_an_event_addressed_otherwise_than_its_type_declares_is_refused(mini, wall):
    state = Session.create(mini, MemoryStore("c"), wall()).state
    wrong = Event(ev.MOVE_BLOCKED, "blue.ops", 0.0, "2027-04-04T21:50:00.000Z", {}, None, 2)
    with pytest.raises(audience.AudienceError, match="MoveBlocked"):
        audience.check(wrong, state)
    public_with_secret = Event(ev.EXERCISE_ENDED, "control", 0.0, "2027-04-04T21:50:00.000Z",
                               {"open_decisions": ["D1"]}, None, 2)
    with pytest.raises(audience.AudienceError, match="open_decisions"):
        audience.check(public_with_secret, state)


def test_an_event_for_every_seat_carries_no_list_of_them_beside_its_data(mini, wall):
    # Given an exercise under way, when control sends an inject to every seat and another to one side,
    s = Session.create(mini, MemoryStore("d"), wall())
    _accepted(s, c.Start(), "control", wall())
    def inject(to: list[str]) -> Event:
        return _accepted(s, c.AdHocInject(to=to, title={"en": "t"}, body={"en": "b"}), "control", wall()).events[0]
    everyone, blue = inject(["*"]), inject(["blue.*"])
    # then the first names its addressees once, in its data, and is sent to everyone; the second
    # still lists its seats, and reaches only them.
    assert sorted(everyone.payload.to) == sorted(mini.scenario.seats) and everyone.to is None
    assert all(visible_to(everyone, seat, "player") for seat in SEATS)
    assert set(blue.to) == {"blue.lead", "blue.ops"} and not visible_to(blue, "red.lead", "player")

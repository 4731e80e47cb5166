"""Given/when/then tests of the pure engine, through the Session (memory store).

The mini scenario (tests/fixtures/mini.yaml) runs at 60x: one wall second is
one scenario minute. I01 at +00:05 opens D1 for blue.ops (strike needs
blue.approve and the `attacked` flag, which I02 sets at +00:07); I03/I04 branch
on D1."""

from __future__ import annotations

import json

import pytest

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.core import decide, replay
from tabletop.engine.state import initial
from tabletop.session import Session
from tabletop.store import MemoryStore


def minutes(n: float) -> float:
    return n  # at 60x, n wall seconds are n scenario minutes


@pytest.fixture
def session(mini, wall):
    return Session.create(mini, MemoryStore("t"), wall())


def types(events):
    return [e.type for e in events]


def started(session, wall):
    session.handle(c.Start(), "control", wall())
    return session


def test_given_a_new_exercise_when_control_starts_then_the_clock_runs(session, wall):
    out = session.handle(c.Start(), "control", wall())
    assert out.status == "accepted"
    assert types(out.events) == [ev.EXERCISE_STARTED]
    assert session.state.phase == "running"
    assert session.state.clock.at(wall.advance(1).timestamp()) == pytest.approx(60)


def test_given_a_running_clock_when_an_inject_falls_due_then_it_reaches_only_its_audience(session, wall):
    started(session, wall)
    released = session.tick(wall.advance(minutes(5)))
    assert types(released) == [ev.INJECT_RELEASED, ev.DECISION_OPENED]
    assert released[0].data["inject"] == "I01"
    assert released[0].to == ("blue.lead", "blue.ops")
    assert not ev.visible_to(released[0], "red.lead", "player")
    assert ev.visible_to(released[0], "evaluator-1", "evaluator")
    assert released[1].to == ("blue.ops",)


def test_given_nothing_due_when_ticking_then_nothing_is_logged(session, wall):
    started(session, wall)
    before = session.store.last_seq
    assert session.tick(wall.advance(minutes(4))) == []
    assert session.store.last_seq == before


def test_given_a_chain_when_the_parent_is_released_then_the_child_follows_after_its_delay(session, wall):
    started(session, wall)
    session.tick(wall.advance(minutes(5)))
    assert session.tick(wall.advance(minutes(1))) == []
    out = session.tick(wall.advance(minutes(1)))
    assert out[0].data["inject"] == "I02" and out[0].at == pytest.approx(7 * 60)
    assert "attacked" in session.state.flags


def test_given_an_unmet_prerequisite_when_a_move_is_made_then_it_is_blocked_with_citations_and_changes_nothing(session, wall):
    started(session, wall)
    session.tick(wall.advance(minutes(5)))
    before = session.state
    out = session.handle(c.Move(decision="D1", option="strike"), "blue.ops", wall.advance(minutes(1)))
    assert out.status == "blocked"
    blocked = out.events[-1]
    assert blocked.type == ev.MOVE_BLOCKED and blocked.to == ("blue.ops",)
    texts = [r["text"]["en"] for r in blocked.data["reasons"]]
    assert texts == ["Needs approval", "Only after an attack"]
    assert blocked.data["reasons"][1]["citations"][0] == {"instrument": "Mini Act", "article": "Art. 4",
                                                          "verified": False}
    after = session.state
    assert after.decision("D1").status == "open"
    assert after.done == before.done and after.situations == before.situations and after.flags == before.flags


def test_given_prerequisites_met_when_the_move_is_made_then_the_decision_resolves_and_obligations_fall_due(session, wall):
    started(session, wall)
    session.tick(wall.advance(minutes(7)))
    session.handle(c.FreeAction(action="blue.approve"), "blue.lead", wall.advance(minutes(1)))
    out = session.handle(c.Move(decision="D1", option="strike", text="go"), "blue.ops", wall.advance(minutes(1)))
    assert out.status == "accepted"
    assert types(out.events) == [ev.MOVE_SUBMITTED, ev.OBLIGATION_DUE, ev.DECISION_RESOLVED]
    assert session.state.decision("D1").option == "strike"
    assert session.state.obligations["report#1"].due_at == pytest.approx(9 * 60 + 30 * 60)


def test_given_a_decision_branch_when_it_resolves_then_only_the_matching_inject_is_released(session, wall):
    started(session, wall)
    session.tick(wall.advance(minutes(7)))
    session.handle(c.FreeAction(action="blue.approve"), "blue.lead", wall.advance(minutes(1)))
    session.handle(c.Move(decision="D1", option="strike"), "blue.ops", wall.advance(minutes(1)))
    out = session.tick(wall.advance(minutes(11)))
    assert [e.data.get("inject") for e in out if e.type in (ev.INJECT_RELEASED, ev.INJECT_SKIPPED)] == ["I03", "I04"]
    assert session.state.inject("I03").status == "released"
    assert session.state.inject("I04").status == "skipped"


def test_given_an_open_decision_when_its_deadline_passes_then_it_times_out_to_its_default(session, wall):
    started(session, wall)
    session.tick(wall.advance(minutes(5)))
    out = session.tick(wall.advance(minutes(10)))
    assert ev.DECISION_TIMED_OUT in types(out)
    assert session.state.decision("D1").status == "timed_out"
    assert session.state.decision("D1").option == "hold"
    later = session.tick(wall.advance(minutes(5)))
    assert [e.data["inject"] for e in later if e.type == ev.INJECT_RELEASED] == ["I04"]


def test_given_a_paused_clock_when_time_passes_then_nothing_is_released(session, wall):
    started(session, wall)
    session.handle(c.Pause(), "control", wall.advance(minutes(2)))
    assert session.tick(wall.advance(minutes(30))) == []
    session.handle(c.Resume(), "control", wall())
    assert session.state.clock.at(wall().timestamp()) == pytest.approx(120)
    out = session.tick(wall.advance(minutes(3)))
    assert out[0].data["inject"] == "I01"


def test_given_a_speed_change_when_time_passes_then_scenario_time_follows_the_new_speed(session, wall):
    started(session, wall)
    session.handle(c.SetSpeed(speed=120), "control", wall.advance(1))
    assert session.state.clock.at(wall.advance(1).timestamp()) == pytest.approx(180)


def test_given_control_when_releasing_holding_and_skipping_then_the_msel_follows(session, wall):
    started(session, wall)
    session.handle(c.Hold(inject="I01"), "control", wall.advance(1))
    assert session.tick(wall.advance(minutes(10))) == []
    assert session.state.inject("I01").status == "held"
    out = session.handle(c.Release(inject="I01"), "control", wall.advance(1))
    assert out.events[0].type == ev.INJECT_RELEASED and out.events[0].actor == "control"
    skip = session.handle(c.Skip(inject="I04"), "control", wall())
    assert skip.events[0].type == ev.INJECT_SKIPPED and skip.events[0].to == ()
    again = session.handle(c.Release(inject="I01"), "control", wall())
    assert again.status == "rejected" and again.code == "inject-not-pending"


def test_given_manual_mode_when_injects_fall_due_then_they_wait_for_control(mini, wall):
    manual = mini.scenario.model_copy(update={"clock": mini.scenario.clock.model_copy(update={"mode": "manual"})})
    loaded = type(mini)(manual, mini.doctrine, mini.digest, mini.path)
    s = Session.create(loaded, MemoryStore("t"), wall())
    s.handle(c.Start(), "control", wall())
    assert s.tick(wall.advance(minutes(30))) == []
    out = s.handle(c.Release(inject="I01"), "control", wall())
    assert out.events[0].data["inject"] == "I01"


def test_given_an_adhoc_inject_when_control_sends_it_then_only_the_chosen_seats_receive_it(session, wall):
    started(session, wall)
    out = session.handle(c.AdHocInject(to=["red.*"], title={"en": "Flash"}, body={"en": "News"}), "control", wall())
    e = out.events[0]
    assert e.type == ev.INJECT_RELEASED and e.data["inject"] == "X01" and e.to == ("red.lead",)


def test_given_a_blocked_move_when_control_overrules_it_then_its_effects_apply_with_the_ruling_recorded(session, wall):
    started(session, wall)
    session.tick(wall.advance(minutes(5)))
    blocked = session.handle(c.Move(decision="D1", option="strike"), "blue.ops", wall.advance(0.1)).events[-1]
    out = session.handle(c.Ruling(target=blocked.seq, verdict="overrule", reason="exercise artificiality"),
                         "control", wall.advance(0.1))
    assert types(out.events) == [ev.RULING_MADE, ev.MOVE_SUBMITTED, ev.OBLIGATION_DUE, ev.DECISION_RESOLVED]
    assert out.events[0].data["reason"] == "exercise artificiality"
    assert out.events[1].actor == "blue.ops" and out.events[1].data["ruling"] == blocked.seq
    assert session.state.decision("D1").option == "strike"
    twice = session.handle(c.Ruling(target=blocked.seq, verdict="overrule", reason="again"), "control", wall())
    assert twice.status == "rejected" and twice.code == "already-ruled"


def test_given_a_blocked_option_when_the_decision_is_answered_since_then_it_cannot_be_overruled(session, wall):
    """Overruling it would answer the decision twice and put both orders in force; upholding still works."""
    started(session, wall)
    session.tick(wall.advance(minutes(5)))
    blocked = session.handle(c.Move(decision="D1", option="strike"), "blue.ops", wall.advance(0.1)).events[-1]
    assert blocked.type == ev.MOVE_BLOCKED
    assert session.handle(c.Move(decision="D1", option="hold"), "blue.ops", wall.advance(0.1)).status == "accepted"
    before = session.state.last_seq
    out = session.handle(c.Ruling(target=blocked.seq, verdict="overrule", reason="approved by phone"),
                         "control", wall.advance(0.1))
    assert out.status == "rejected" and out.code == "decision-closed"
    assert "D1 has been resolved (hold)" in out.message and "adjudicate" in out.message
    assert session.state.last_seq == before and session.state.decision("D1").option == "hold"  # nothing logged
    upheld = session.handle(c.Ruling(target=blocked.seq, verdict="uphold", reason="too late"), "control", wall())
    assert upheld.status == "accepted" and types(upheld.events) == [ev.RULING_MADE]


def test_given_a_supporting_side_acting_first_when_it_moves_then_the_move_is_flagged_as_a_deviation(session, wall):
    started(session, wall)
    out = session.handle(c.FreeAction(action="red.help"), "red.lead", wall.advance(1))
    assert out.status == "accepted"
    flags = out.events[0].data["flags"]
    assert len(flags) == 1 and "Guidelines deviation (OPS" in flags[0]["text"]["en"]


def test_given_an_obligation_when_it_is_discharged_late_then_the_log_says_overdue_then_met_late(session, wall):
    started(session, wall)
    session.tick(wall.advance(minutes(7)))
    session.handle(c.FreeAction(action="blue.approve"), "blue.lead", wall.advance(minutes(1)))
    session.handle(c.Move(decision="D1", option="strike"), "blue.ops", wall.advance(minutes(1)))
    overdue = session.tick(wall.advance(minutes(31)))
    assert ev.OBLIGATION_OVERDUE in types(overdue)
    met = session.handle(c.FreeAction(action="blue.report"), "blue.lead", wall.advance(1))
    assert met.events[1].type == ev.OBLIGATION_MET and met.events[1].data["late"] is True


@pytest.mark.parametrize("cmd, actor, code", [
    (c.Start(), "blue.lead", "forbidden"),
    (c.Move(decision="D1", option="strike"), "control", "forbidden"),
    (c.Observation(objective="OBJ1", rating="P"), "blue.lead", "forbidden"),
])
def test_given_a_seat_when_it_tries_what_its_kind_may_not_then_it_is_rejected(session, wall, cmd, actor, code):
    started(session, wall)
    out = session.handle(cmd, actor, wall())
    assert (out.status, out.code) == ("rejected", code)


def test_given_a_decision_for_another_seat_when_a_seat_moves_on_it_then_it_is_rejected(session, wall):
    started(session, wall)
    session.tick(wall.advance(minutes(5)))
    out = session.handle(c.Move(decision="D1", option="hold"), "blue.lead", wall())
    assert (out.status, out.code) == ("rejected", "not-your-decision")


def test_given_a_message_when_sent_then_only_recipients_and_sender_see_it(session, wall):
    started(session, wall)
    e = session.handle(c.Message(to=["red.lead"], text="hello"), "blue.lead", wall()).events[0]
    assert e.to == ("red.lead", "blue.lead")


def test_given_an_evaluator_when_recording_an_observation_then_players_do_not_see_it(session, wall):
    started(session, wall)
    e = session.handle(c.Observation(objective="OBJ1", rating="M", text="slow"), "evaluator-1", wall()).events[0]
    assert e.type == ev.OBSERVATION_RECORDED and e.to == ()
    assert not ev.visible_to(e, "blue.lead", "player")
    bad = session.handle(c.Observation(objective="OBJ9", rating="M"), "evaluator-1", wall())
    assert bad.code == "unknown-objective"


def test_given_an_ended_exercise_when_a_move_is_made_then_it_is_rejected_but_hotwash_is_accepted(session, wall):
    started(session, wall)
    session.handle(c.End(), "control", wall())
    assert session.handle(c.FreeAction(action="blue.approve"), "blue.lead", wall()).code == "ended"
    hw = session.handle(c.Hotwash(strengths="teamwork", improvements="speed"), "blue.lead", wall())
    assert hw.status == "accepted" and hw.events[0].type == ev.HOTWASH_SUBMITTED


def test_given_a_repeated_command_id_when_resubmitted_then_the_first_outcome_returns_and_nothing_is_appended(session, wall):
    started(session, wall)
    first = session.handle(c.FreeAction(action="blue.approve"), "blue.lead", wall(), command_id="abc")
    n = session.store.last_seq
    again = session.handle(c.FreeAction(action="blue.approve"), "blue.lead", wall(), command_id="abc")
    assert again.replayed and again.status == first.status and again.last_seq == first.last_seq
    assert session.store.last_seq == n


def test_replaying_the_log_to_any_point_reproduces_the_state_at_that_point(session, wall):
    started(session, wall)
    states = {}
    session.tick(wall.advance(minutes(7)))
    states[session.state.last_seq] = session.state
    session.handle(c.FreeAction(action="blue.approve"), "blue.lead", wall.advance(minutes(1)))
    session.handle(c.Move(decision="D1", option="strike"), "blue.ops", wall.advance(minutes(1)))
    states[session.state.last_seq] = session.state
    events = list(session.store.read())
    for seq, expected in states.items():
        rebuilt = replay(initial(session.scenario, session.rules), events[:seq])
        assert rebuilt == expected


def test_the_same_scenario_commands_and_timestamps_give_the_same_log_byte_for_byte(mini, fixtures):
    from tabletop.rehearsal import load_moves, rehearse

    def run() -> str:
        store = MemoryStore("det")
        s = Session.create(mini, store, mini.scenario.start)
        rehearse(s, load_moves(str(fixtures / "mini.moves.yaml")))
        return "\n".join(json.dumps(e.to_json(), sort_keys=True, ensure_ascii=False) for e in store.read())

    first, second = run(), run()
    assert first == second and first.count("\n") > 10


def test_decide_is_pure_it_changes_neither_the_state_nor_reads_the_clock(mini, wall):
    state = initial(mini.scenario, mini.doctrine)
    events = decide(state, c.Start(), wall(), "control")
    assert state.phase == "created" and events[0].wall == "2027-04-04T21:50:00.000Z"


def test_given_a_skipped_parent_when_its_chained_children_can_never_fall_due_then_they_are_skipped_with_a_reason(session, wall):
    started(session, wall)
    out = session.handle(c.Skip(inject="I01"), "control", wall.advance(1))
    assert [(e.type, e.data["inject"]) for e in out.events] == [(ev.INJECT_SKIPPED, "I01"), (ev.INJECT_SKIPPED, "I02")]
    child = out.events[1]
    assert child.actor == "system" and child.to == () and child.at == out.events[0].at
    assert "I01" in child.data["reason"]
    assert session.state.inject("I02").status == "skipped"


def with_injects(mini, extra: str):
    """The mini scenario with more injects (YAML, indented as list items under `injects:`)."""
    from pathlib import Path

    from tabletop.scenario.loader import load_scenario_text

    path = Path(mini.path)
    return load_scenario_text(path.read_text(encoding="utf-8") + extra, str(path))


def test_given_a_branch_skipped_by_the_scheduler_when_it_has_followers_then_they_are_skipped_too(mini, wall):
    loaded = with_injects(mini, """
  - {id: I05, after: {inject: I04, delay: "+00:01"}, to: ["*"], title: T, body: B}
  - {id: I06, after: {inject: I05, delay: "+00:01"}, to: ["*"], title: T, body: B}
""")
    s = Session.create(loaded, MemoryStore("t"), wall())
    s.handle(c.Start(), "control", wall())
    s.tick(wall.advance(minutes(7)))
    s.handle(c.FreeAction(action="blue.approve"), "blue.lead", wall.advance(minutes(1)))
    s.handle(c.Move(decision="D1", option="strike"), "blue.ops", wall.advance(minutes(1)))
    out = s.tick(wall.advance(minutes(11)))
    skipped = [e.data["inject"] for e in out if e.type == ev.INJECT_SKIPPED]
    assert skipped == ["I04", "I05", "I06"]
    assert {s.state.inject(i).status for i in ("I04", "I05", "I06")} == {"skipped"}


def test_a_ruling_on_a_seq_beyond_any_log_is_refused_as_a_bad_command_not_a_server_error():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="target"):
        c.parse_command({"type": "ruling", "target": 2 ** 63, "verdict": "uphold", "reason": "x"})


def test_given_an_inject_not_addressed_to_a_seat_when_it_acknowledges_it_then_it_learns_nothing(session, wall):
    started(session, wall)
    session.tick(wall.advance(minutes(5)))  # I01, to blue.* only
    assert session.handle(c.Acknowledge(inject="I01"), "blue.lead", wall()).status == "accepted"
    answers = [session.handle(c.Acknowledge(inject=i), "red.lead", wall()) for i in ("I01", "I03", "NOPE")]
    assert [(o.status, o.code) for o in answers] == [("rejected", "inject-not-released")] * 3
    assert answers[0].message.replace("I01", "X") == answers[1].message.replace("I03", "X")


@pytest.mark.parametrize("scenario", ["mini", "mini-flag-and-situation", "missile-launch", "grayzone-senkaku"])
def test_the_next_due_time_depends_only_on_the_schedule_fields(mini, fixtures, tmp_path, scenario):
    # The server wakes its clock only for a command that changed one of SCHEDULE_FIELDS; that is
    # sound only if nothing else of the state moves `next_due` or its wall time.
    from pathlib import Path

    from tabletop.engine.core import SCHEDULE_FIELDS, next_due, same_schedule
    from tabletop.engine.state import advanced
    from tabletop.rehearsal import load_moves, rehearse
    from tabletop.scenario import load_scenario
    from tabletop.scenario.loader import load_scenario_text

    if scenario == "mini":
        loaded, moves = mini, fixtures / "mini.moves.yaml"
    elif scenario == "mini-flag-and-situation":
        # The branches wait on a flag and on a situation instead of on D1.
        text = Path(mini.path).read_text(encoding="utf-8")
        text = text.replace("when: {decision: D1, option: strike}", "when: {flag: attacked}")
        text = text.replace('at: "+00:20"\n    when: {decision: D1, option: hold}',
                            'at: "+00:25"\n    when: {situation: crisis}')
        loaded = load_scenario_text(text, mini.path)
        moves = tmp_path / "m.moves.yaml"
        moves.write_text("format: tabletop-moves/1\nmoves:\n"
                         "  - {at: \"+00:06\", seat: blue.lead, action: blue.declare-crisis}\n", encoding="utf-8")
    else:
        shipped = Path(__file__).resolve().parents[2] / "scenarios"
        loaded, moves = load_scenario(str(shipped / f"{scenario}.yaml")), shipped / f"{scenario}.moves.yaml"
    session = Session.create(loaded, MemoryStore("s"), loaded.scenario.start)
    rehearse(session, load_moves(str(moves)))
    states = [initial(session.scenario, session.rules)]
    for e in session.store.read():
        states.append(replay(states[-1], [e]))
    assert any(next_due(s) is not None for s in states)
    for i, s in enumerate(states):
        for other in states[i % 7::7]:
            # The schedule fields of one state with everything else from another: the same schedule.
            hybrid = advanced(other, {f: getattr(s, f) for f in SCHEDULE_FIELDS}, other.last_seq, other.last_at)
            assert same_schedule(s, hybrid)
            assert next_due(hybrid) == next_due(s)
            due = next_due(s)
            if due is not None:
                assert hybrid.clock.wall_for(due) == s.clock.wall_for(due)
    changed = sum(not same_schedule(a, b) for a, b in zip(states, states[1:]))
    assert 0 < changed < len(states) - 1
    for f in SCHEDULE_FIELDS:  # and a change to any one of them is noticed
        s = states[-1]
        assert not same_schedule(s, advanced(s, {f: object()}, s.last_seq, s.last_at)), f


def test_given_a_sender_and_method_in_english_only_then_the_log_holds_plain_strings_and_with_japanese_both(mini, wall):
    loaded = with_injects(mini, """
  - {id: I07, manual: true, to: ["*"], title: T, body: B, from: "Exercise control", method: "Phone"}
  - {id: I08, manual: true, to: ["*"], title: T, body: B, from: {en: "Exercise control", ja: "統制部"},
     method: {en: "Phone", ja: "電話"}}
""")
    s = Session.create(loaded, MemoryStore("t"), wall())
    s.handle(c.Start(), "control", wall())
    plain = s.handle(c.Release(inject="I07"), "control", wall.advance(1)).events[0]
    both = s.handle(c.Release(inject="I08"), "control", wall.advance(1)).events[0]
    # English only: the very bytes a log held before senders had a Japanese form.
    assert '"from": "Exercise control", "method": "Phone", ' in json.dumps(plain.data, ensure_ascii=False)
    assert plain.payload.sender == "Exercise control" and plain.payload.method == "Phone"
    assert both.data["from"] == {"en": "Exercise control", "ja": "統制部"}
    assert both.data["method"] == {"en": "Phone", "ja": "電話"}
    assert both.payload.known and both.payload.sender["ja"] == "統制部" and both.payload.method["ja"] == "電話"

"""Given/when/then tests of what format tabletop/2 adds, through the engine (the Session on a
memory store). tests/fixtures/mini2.yaml runs at 60x until its second phase (30x): one wall
second is one scenario minute, then two wall seconds are one."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.core import replay
from tabletop.engine.state import initial
from tabletop.problems import ProblemsFound
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.store import MemoryStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MIN = 60.0  # scenario seconds in a scenario minute


@pytest.fixture
def mini2():
    return load_scenario(str(FIXTURES / "mini2.yaml"))


@pytest.fixture
def clock(mini2, wall):
    return type(wall)(mini2.scenario.start.astimezone(timezone.utc))


@pytest.fixture
def session(mini2, clock):
    s = Session.create(mini2, MemoryStore("v2"), clock())
    s.handle(c.Start(), "control", clock())
    return s


def ok(session, command, seat, now):
    out = session.handle(command, seat, now)
    assert out.status != "rejected", (out.code, out.message)
    return out


def of(events, type_):
    return [e for e in events if e.type == type_]


def variant(tmp_path: Path, old: str, new: str) -> str:
    """mini2.yaml with one text replaced, beside the pack it names."""
    text = (FIXTURES / "mini2.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    (tmp_path / "mini-pack.yaml").write_text((FIXTURES / "mini-pack.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return str(path)


# -- 1. the starting state ---------------------------------------------------------------

def test_given_a_starting_state_when_the_exercise_is_created_then_the_log_holds_it_with_its_grounds(session):
    log = list(session.store.read())
    assert [e.type for e in log[:2]] == [ev.EXERCISE_CREATED, ev.STARTING_STATE]
    start = log[1].payload
    assert (start.situations, start.flags, start.done) == (("crisis",), ("attacked",), ("blue.approve",))
    approve = next(i for i in start.items if i.id == "blue.approve")
    assert (approve.kind, approve.by, approve.citation, approve.verified) == ("done", "blue.lead", "Mini Act Art. 1", False)
    assert log[1].to is None  # the premise every seat is briefed on
    # The state is the fold of the log, not of the scenario: replaying the log gives it.
    folded = replay(initial(session.scenario, session.rules), log)
    assert (folded.situations, folded.flags, folded.done) == ({"crisis"}, {"attacked"}, {"blue.approve"})


def test_given_the_approval_in_force_at_startex_when_the_strike_is_chosen_then_it_is_not_blocked(session, clock):
    session.tick(clock.advance(5))  # I01 opens D1 for both blue seats
    ok(session, c.Move(decision="D1", option="strike"), "blue.lead", clock())
    out = ok(session, c.Move(decision="D1", option="strike"), "blue.ops", clock())
    assert not of(out.events, ev.MOVE_BLOCKED)
    assert of(out.events, ev.MOVE_SUBMITTED)[0].payload.action == "blue.strike"


def test_given_an_action_deemed_done_whose_conditions_are_not_in_force_then_validation_says_what_to_list(tmp_path):
    path = variant(tmp_path, "    - {id: blue.approve, by: blue.lead, citation: \"Mini Act Art. 1\", verified: false}",
                   "    - {id: blue.strike, citation: \"Mini Act Art. 3\"}")
    with pytest.raises(ProblemsFound) as err:
        load_scenario(path)
    [problem] = err.value.problems
    assert (problem.line, problem.col) == (18, 12)  # the action id
    assert "'blue.strike' could not have been taken by blue.ops before STARTEX: Needs approval" in problem.message


def test_given_a_tabletop_1_file_using_a_new_key_then_validation_asks_for_format_2(tmp_path):
    path = variant(tmp_path, "format: tabletop/2", "format: tabletop/1")
    with pytest.raises(ProblemsFound) as err:
        load_scenario(path)
    messages = [p.message for p in err.value.problems]
    assert messages and all("part of format tabletop/2: write `format: tabletop/2`" in m for m in messages)
    assert {m.split("`")[1] for m in messages} >= {"basis", "initial", "phases", "parties", "rule", "preferred"}


# -- 2. phases, jumps and real-time deadlines ------------------------------------------

def test_given_a_quiet_stretch_before_a_jump_phase_when_the_last_decision_is_made_then_the_clock_jumps(session, clock):
    session.tick(clock.advance(5))
    ok(session, c.Move(decision="D1", option="hold"), "blue.lead", clock())
    ok(session, c.Move(decision="D1", option="hold"), "blue.ops", clock())
    session.tick(clock.advance(5))  # +00:10: I02 opens D2 for the UN
    out = ok(session, c.Move(decision="D2", option="silent"), "green.un", clock())
    [began] = of(out.events, ev.PHASE_BEGAN)
    assert (began.payload.phase, began.payload.speed, began.payload.jumped_from, began.at) == ("P2", 30, 10 * MIN, 12 * 3600)
    assert session.state.clock.at(clock().timestamp()) == pytest.approx(12 * 3600)
    # The new pace: I03 (+12:30) is half an hour of scenario time, a wall minute, away.
    assert not session.tick(clock.advance(59.5))
    released = of(session.tick(clock.advance(0.5)), ev.INJECT_RELEASED)
    assert [e.payload.inject for e in released] == ["I03"]


def test_given_a_real_time_deadline_when_control_speeds_the_clock_up_then_the_window_stays_five_wall_minutes(session, clock):
    opened = of(session.tick(clock.advance(5)), ev.DECISION_OPENED)[0]  # D1: five wall minutes
    assert opened.payload.real_deadline == 5 * MIN
    assert opened.payload.deadline_at == pytest.approx(5 * MIN + 5 * MIN * 60)  # at 60x
    clock.advance(2 * 60)  # two wall minutes pass
    moved = of(ok(session, c.SetSpeed(speed=120), "control", clock()).events, ev.DEADLINE_MOVED)
    assert [e.payload.decision for e in moved] == ["D1"]
    assert not of(session.tick(clock.advance(3 * 60 - 1)), ev.DECISION_TIMED_OUT)
    assert of(session.tick(clock.advance(1)), ev.DECISION_TIMED_OUT)[0].payload.option == "hold"


def test_given_an_open_real_time_window_when_control_jumps_then_it_keeps_its_wall_time(session, clock):
    session.tick(clock.advance(5))
    clock.advance(60)  # one of the five wall minutes used
    out = ok(session, c.Jump(), "control", clock())
    began = of(out.events, ev.PHASE_BEGAN)[0]
    assert (began.payload.by, began.actor) == ("control", "control")
    # I02 (+00:10) was passed on the way, at its own time; D1's window moved with the jump.
    assert [e.payload.inject for e in of(out.events, ev.INJECT_RELEASED)] == ["I02"]
    assert of(out.events, ev.INJECT_RELEASED)[0].at == 10 * MIN
    [moved] = of(out.events, ev.DEADLINE_MOVED)
    assert moved.payload.deadline_at == pytest.approx(12 * 3600 + 4 * 60 * 30)  # 4 wall minutes at 30x
    assert session.state.decision("D1").status == "open"


# -- 3. joint decisions ------------------------------------------------------------------

def test_given_rule_all_when_the_seats_disagree_then_it_stays_open_until_they_agree(session, clock):
    session.tick(clock.advance(5))
    first = ok(session, c.Move(decision="D1", option="strike", text="go"), "blue.lead", clock())
    assert [e.type for e in first.events] == [ev.POSITION_TAKEN]
    ok(session, c.Move(decision="D1", option="hold"), "blue.ops", clock())
    assert session.state.decision("D1").status == "open"
    agreed = ok(session, c.Move(decision="D1", option="hold"), "blue.lead", clock())
    [resolved] = of(agreed.events, ev.DECISION_RESOLVED)
    assert resolved.payload.positions == {"blue.lead": "hold", "blue.ops": "hold"}
    # The action is taken by the seat with the authority for it (blue.hold: blue.ops).
    assert of(agreed.events, ev.MOVE_SUBMITTED)[0].actor == "blue.ops"
    positions = [(e.actor, e.payload.option) for e in session.store.read() if e.type == ev.POSITION_TAKEN]
    assert positions == [("blue.lead", "strike"), ("blue.ops", "hold"), ("blue.lead", "hold")]


def jumped(session, clock):
    """Play to +12:30 (the morning talks, D3 and D4)."""
    session.tick(clock.advance(5))
    ok(session, c.Move(decision="D1", option="hold"), "blue.lead", clock())
    ok(session, c.Move(decision="D1", option="hold"), "blue.ops", clock())
    session.tick(clock.advance(5))
    ok(session, c.Move(decision="D2", option="silent"), "green.un", clock())
    session.tick(clock.advance(60))
    assert session.state.decision("D3").status == "open"


def test_given_rule_lead_when_the_lead_decides_then_the_others_positions_are_consulted_not_binding(session, clock):
    jumped(session, clock)
    consulted = ok(session, c.Move(decision="D3", option="walk"), "red.lead", clock())
    assert [e.type for e in consulted.events] == [ev.POSITION_TAKEN]
    out = ok(session, c.Move(decision="D3", option="talk"), "blue.lead", clock())
    [resolved] = of(out.events, ev.DECISION_RESOLVED)
    assert (resolved.payload.option, resolved.payload.unconsulted) == ("talk", ())
    assert resolved.payload.positions == {"red.lead": "walk", "blue.lead": "talk"}
    assert set(resolved.to) == {"blue.lead", "blue.ops", "red.lead"}  # both sides of the joint decision


def test_given_rule_lead_when_the_lead_decides_first_then_the_unconsulted_seat_is_named(session, clock):
    jumped(session, clock)
    out = ok(session, c.Move(decision="D3", option="talk"), "blue.lead", clock())
    assert of(out.events, ev.DECISION_RESOLVED)[0].payload.unconsulted == ("red.lead",)
    refused = session.handle(c.Move(decision="D3", option="walk"), "red.lead", clock())
    assert refused.code == "decision-not-open"


def test_given_rule_any_when_one_seat_chooses_then_it_resolves_and_the_seat_with_authority_acts(session, clock):
    jumped(session, clock)
    out = ok(session, c.Move(decision="D4", option="announce"), "red.lead", clock())
    [resolved] = of(out.events, ev.DECISION_RESOLVED)
    assert resolved.payload.option == "announce"
    [move] = of(out.events, ev.MOVE_SUBMITTED)
    assert (move.actor, move.payload.action) == ("blue.lead", "blue.report")  # red.lead has no authority for it


# -- 4. third parties --------------------------------------------------------------------

def test_given_a_third_party_when_it_acts_then_the_pack_does_not_rule_and_nothing_is_blocked(session, clock):
    session.tick(clock.advance(10))  # I01 and I02
    out = ok(session, c.Move(decision="D2", option="call"), "green.un", clock())
    assert not of(out.events, ev.MOVE_BLOCKED)
    [move] = of(out.events, ev.MOVE_SUBMITTED)
    assert (move.payload.action, move.payload.unruled, move.to) == ("green.call-for-restraint", True, ("green.un",))
    assert of(out.events, ev.FLAGS_CHANGED)[0].payload.set == ("restraint-urged",)
    free = ok(session, c.FreeAction(action="green.call-for-restraint"), "green.un", clock())
    assert of(free.events, ev.MOVE_SUBMITTED)[0].payload.unruled


def test_given_a_third_party_when_it_tries_a_pack_action_then_the_pack_rules_it_out(session, clock):
    out = ok(session, c.FreeAction(action="blue.strike"), "green.un", clock())
    [blocked] = of(out.events, ev.MOVE_BLOCKED)
    assert "has no authority" in blocked.payload.reasons[0].text["en"]


def test_given_a_third_party_declared_in_the_pack_roles_then_validation_refuses_it(tmp_path):
    path = variant(tmp_path, "  - id: green.un\n    kind: international", "  - id: red.lead\n    kind: adversary")
    with pytest.raises(ProblemsFound) as err:
        load_scenario(path)
    assert any("is a role of the doctrine pack, which rules on it" in p.message for p in err.value.problems)


# -- the migration ------------------------------------------------------------------------

def test_given_a_tabletop_1_file_when_migrated_then_only_its_format_line_changes_and_it_loads(tmp_path):
    from click.testing import CliRunner

    from tabletop.cli import main

    old = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    (tmp_path / "mini-pack.yaml").write_text((FIXTURES / "mini-pack.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "mini.yaml"
    path.write_text(old, encoding="utf-8")
    check = CliRunner().invoke(main, ["migrate", "--check", str(path)])
    assert check.exit_code == 1 and "would change tabletop/1 -> tabletop/2" in check.output
    assert path.read_text(encoding="utf-8") == old
    done = CliRunner().invoke(main, ["migrate", str(path)])
    assert done.exit_code == 0, done.output
    assert path.read_text(encoding="utf-8") == old.replace("format: tabletop/1", "format: tabletop/2", 1)
    assert load_scenario(str(path)).scenario.format == "tabletop/2"
    again = CliRunner().invoke(main, ["migrate", str(path)])
    assert "nothing to migrate" in again.output


def test_the_json_schema_describes_every_new_key():
    from tabletop.scenario import json_schema

    schema = json_schema()
    defs = {name: next((p for p in d.get("anyOf", []) if "properties" in p), d)  # a model also written short
            for name, d in schema["$defs"].items()}
    top = schema["properties"]
    wanted = {"top": (top, ["basis", "sources", "initial", "phases", "parties"]),
              "Decision": (defs["Decision"]["properties"], ["to", "rule", "lead", "real_deadline"]),
              "Option": (defs["Option"]["properties"], ["preferred"]),
              "Expectation": (defs["Expectation"]["properties"], ["action", "taken"]),
              "InForce": (defs["InForce"]["properties"], ["id", "by", "note", "citation", "verified"]),
              "Phase": (defs["Phase"]["properties"], ["at", "speed", "jump"]),
              "Party": (defs["Party"]["properties"], ["kind", "side", "actions"])}
    undescribed = [f"{where}.{key}" for where, (props, keys) in wanted.items() for key in keys
                   if key not in props or not (props[key].get("description") or key in ("id", "action"))]
    assert undescribed == []
    assert top["format"]["enum"] == ["tabletop/1", "tabletop/2"]


def test_every_key_of_the_json_schema_has_a_description():
    from tabletop.scenario import json_schema

    schema = json_schema()
    models = {"Scenario": schema, **{name: next((p for p in d.get("anyOf", []) if "properties" in p), d)
                                     for name, d in schema["$defs"].items()}}  # a model also written short
    undescribed = [f"{name}.{key}" for name, model in models.items()
                   for key, prop in model.get("properties", {}).items() if not prop.get("description")]
    assert undescribed == []


def test_an_editor_using_the_json_schema_accepts_the_bundled_scenarios_and_flags_a_wrong_key():
    import json
    from pathlib import Path

    import jsonschema
    import yaml

    from tabletop.scenario import json_schema

    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    root = Path(__file__).resolve().parents[2] / "scenarios"
    for path in [root / "missile-launch.yaml", root / "grayzone-senkaku.yaml", root / "examples" / "aomori-2022.yaml"]:
        # Given a scenario as an editor's YAML extension reads it (dates as text)
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        # Then the schema finds nothing wrong in it: `to: jp.mod`, `expected: [id]`, `title: "..."` are all allowed
        assert [e.message for e in validator.iter_errors(data)] == [], path.name
        # And a misspelt key, or a decision without options, is flagged
        data["injects"][0]["bodyy"] = "x"
        assert any("bodyy" in e.message for e in validator.iter_errors(data))

"""Pack version 4 (issue 16): force in defense of Japan waits for the Art. 76(1)(i) order.

Given/when/then on the engine, with the coinciding-situations scenario (tests/fixtures/
coinciding.yaml: control releases the facts; the seats recognise, order and end situations).
Given a defense operation ordered for a Survival-Threatening Situation alone (76(1)(ii)), that
situation ended, and then an armed attack on Japan, its Armed Attack Situation recognised:
pack version 3 let the JJOC use force, counterstrike and retake an island on the old order
(it asked only that an order had been given and that an attack had occurred). Version 4 blocks
each move with Art. 76(1)(i) cited, until the Prime Minister orders the defense operation for the
Armed Attack Situation; then each is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playing import Exercise

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.scenario.loader import load_scenario_text

SCENARIO = (Path(__file__).resolve().parents[1] / "fixtures" / "coinciding.yaml").read_text(encoding="utf-8")
FORCE_IN_DEFENSE_OF_JAPAN = ("jp.use-of-force", "jp.counterstrike", "jp.retake-island")


@pytest.fixture
def old_order() -> Exercise:
    """Given a 76(1)(ii) order, its situation ended, then an Armed Attack Situation recognised."""
    x = Exercise(load_scenario_text(SCENARIO, "coinciding.yaml"), "v4-rule", SCENARIO)
    x.control(c.Release(inject="I02"))  # a salvo toward Guam; Washington asks for help
    for action in ("jp.convene-nsc-nine-minister", "jp.recognize-survival-threatening-situation",
                   "jp.diet-approve-defense-operation", "jp.order-defense-operation",
                   "jp.end-survival-threatening-situation"):
        x.accepted("jp.pm", action)
    x.control(c.Release(inject="I01"))  # missiles strike Okinawa: an armed attack on Japan
    x.accepted("jp.pm", "jp.recognize-armed-attack-situation")
    state = x.session.state
    assert state.situations == {"armed-attack"} and "armed-attack-occurred" in state.flags
    assert "jp.order-defense-operation" in state.done  # the order version 3 counted
    return x


@pytest.mark.parametrize("action", FORCE_IN_DEFENSE_OF_JAPAN)
def test_given_only_an_order_for_an_ended_survival_threatening_situation_force_is_blocked_citing_76_1_i(old_order,
                                                                                                        action):
    x = old_order
    outcome = x.act("jp.jjoc", action)
    assert outcome.status == "blocked"  # version 3: accepted
    blocked = outcome.events[-1]
    assert blocked.type == ev.MOVE_BLOCKED and blocked.data["action"] == action
    cited = {cit["article"] for r in blocked.data["reasons"] for cit in r["citations"]}
    assert "Art. 76(1)(i)" in cited
    said = " ".join(r["text"]["en"] for r in blocked.data["reasons"])
    assert "Armed Attack Situation was recognised" in said
    assert action not in x.session.state.done  # a blocked move changes nothing
    assert not any(o.obligation == "unsc-report-jp" for o in x.session.state.obligations.values())


def test_once_the_defense_operation_is_ordered_for_the_armed_attack_each_use_of_force_is_allowed(old_order):
    x = old_order
    x.accepted("jp.pm", "jp.order-defense-operation")  # given after the recognition: 76(1)(i)
    assert "armed-attack-order-pending" not in x.session.state.flags
    for action in FORCE_IN_DEFENSE_OF_JAPAN:
        x.accepted("jp.jjoc", action)
    log = [e for e in x.session.store.read() if e.type == ev.MOVE_SUBMITTED and e.actor == "jp.jjoc"]
    assert [e.data["action"] for e in log] == list(FORCE_IN_DEFENSE_OF_JAPAN)
    assert any(o.obligation == "unsc-report-jp" for o in x.session.state.obligations.values())

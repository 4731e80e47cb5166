"""A whole exercise over loopback: facilitator, two role players and an evaluator,
each on their own connection, seeing what their seat may see."""

from __future__ import annotations

import pytest

from tabletop.engine.events import Event, visible_to


@pytest.mark.parametrize("store", ["memory", "sqlite"])
async def test_facilitator_two_players_and_an_evaluator(exercise_factory, store):
    ex = await exercise_factory(store)
    control = await ex.join("control")
    ops = await ex.join("blue.ops")
    red = await ex.join("red.lead")
    evaluator = await ex.join("evaluator-1")

    # The facilitator sees the seats arrive; players do not.
    await control.until(lambda: {e["actor"] for e in control.events if e["type"] == "SeatJoined"}
                        >= {"control", "blue.ops", "red.lead", "evaluator-1"}, what="four SeatJoined")
    assert control.client.welcome["control"]["scenario_text"].startswith("format: tabletop/1")
    assert "control" not in ops.client.welcome and "control" not in evaluator.client.welcome

    started = await control.send({"type": "start"})
    assert started["status"] == "accepted"
    await ops.event("ExerciseStarted")
    await red.event("ExerciseStarted")

    # An inject reaches only its audience (blue.*), plus control and evaluators.
    released = await control.send({"type": "release", "inject": "I01"})
    assert released["status"] == "accepted"
    inject = await ops.event("InjectReleased", inject="I01")
    assert inject["data"]["title"]["en"] == "Warning"
    await ops.event("DecisionOpened", decision="D1")
    await evaluator.event("InjectReleased", inject="I01")
    await control.event("InjectReleased", inject="I01")

    # The participant console asks the rules before submitting: blocked, with the citation.
    verdict = await ops.client.check("blue.strike")
    assert verdict["verdict"] == "blocked"
    assert {c["article"] for r in verdict["reasons"] for c in r["citations"]} >= {"Art. 3", "Art. 4"}

    # A blocked move: the result and the logged attempt carry the reason and its citation.
    blocked = await ops.send({"type": "move", "decision": "D1", "option": "strike", "text": "now"})
    assert blocked["status"] == "blocked"
    assert blocked["reasons"][0]["text"]["en"] == "Needs approval"
    assert blocked["reasons"][0]["citations"][0] == {"instrument": "Mini Act", "article": "Art. 3", "verified": True}
    mb = await ops.event("MoveBlocked")
    assert mb["seq"] == blocked["first_seq"]
    await control.event("MoveBlocked")

    # A move accepted: the decision resolves for the blue side.
    accepted = await ops.send({"type": "move", "decision": "D1", "option": "hold", "text": "hold fire"})
    assert accepted["status"] == "accepted"
    await ops.event("DecisionResolved", decision="D1", option="hold")

    # A message from red to blue.ops reaches both ends and control, not blue.lead.
    msg = await red.send({"type": "message", "to": ["blue.ops"], "text": "stand down"})
    assert msg["status"] == "accepted"
    await ops.event("MessageSent", text="stand down")
    await red.event("MessageSent", text="stand down")

    # An observation: recorded for control and evaluators only.
    obs = await evaluator.send({"type": "observation", "objective": "OBJ1", "rating": "S", "text": "timely hold"})
    assert obs["status"] == "accepted"
    await control.event("ObservationRecorded", objective="OBJ1")
    last = obs["last_seq"]
    for console in (ops, red, evaluator, control):
        await console.seen_seq(last if console in (evaluator, control) else msg["last_seq"])

    # Nobody saw anything addressed elsewhere, and each saw all it was entitled to, in order.
    log = ex.log()
    upto = [e for e in log if e.seq <= last]
    for console, seat, kind in ((ops, "blue.ops", "player"), (red, "red.lead", "player"),
                                (evaluator, "evaluator-1", "evaluator"), (control, "control", "control")):
        expected = [e.seq for e in upto if visible_to(e, seat, kind)]
        got = [s for s in console.seqs() if s <= last]
        assert got == expected, seat
    assert "InjectReleased" not in red.types()  # I01 went to blue.* only
    assert not {"MoveBlocked", "SeatJoined", "ObservationRecorded"} & set(red.types())
    assert "ObservationRecorded" not in ops.types()
    assert all(visible_to(Event.from_json(e), "red.lead", "player") for e in red.events)


async def test_the_scenario_clock_releases_injects_by_itself(exercise):
    control = await exercise.join("control")
    red = await exercise.join("red.lead")
    await control.send({"type": "start"})
    await control.send({"type": "speed", "speed": 3600})  # an hour of scenario time per second
    e = await red.event("InjectReleased", inject="I02")
    assert e["at"] >= 7 * 60  # I01 at +00:05, I02 two minutes after it
    await control.event("DecisionTimedOut", decision="D1", timeout=15)


async def test_the_welcome_tells_a_seat_who_it_is_and_what_it_may_do(exercise):
    ops = exercise.console("blue.ops")
    w = await ops.connect()
    assert w["protocol"] == 1 and w["seat"] == "blue.ops" and w["kind"] == "player"
    assert w["exercise"] == exercise.session.store.exercise
    assert w["scenario"]["id"] == "mini"
    assert {s["id"] for s in w["scenario"]["seats"]} == {"blue.lead", "blue.ops", "red.lead"}
    assert w["roles"]["blue.ops"] == {"title": {"en": "Blue Operations", "ja": "青作戦"}, "side": "blue",
                                      "kind": "player"}
    strike = next(a for a in w["actions"] if a["id"] == "blue.strike")
    assert strike == {"id": "blue.strike", "label": {"en": "Strike", "ja": "打撃"}, "roles": ["blue.ops"],
                      "force": "force"}
    assert "injects" not in w["scenario"] and "notes" not in str(w)
    assert w["clock"]["phase"] == "created"


async def test_stopping_the_server_records_who_left_and_consoles_wait_to_reconnect(exercise):
    ops = await exercise.join("blue.ops")
    control = await exercise.join("control")
    await control.event("SeatJoined")
    await exercise.handle.close()
    await ops.until(lambda: "reconnecting" in ops.statuses, what="reconnecting")
    left = {e.actor for e in exercise.log() if e.type == "SeatLeft"}
    assert left == {"blue.ops", "control"}

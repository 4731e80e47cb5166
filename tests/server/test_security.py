"""Authorization: the seat comes from the code, and from nothing else."""

from __future__ import annotations

import pytest

from tabletop.client import BadCode, Client, SlowDown
from tabletop.engine.events import Event, visible_to
from tabletop.server.codes import Throttle


async def test_a_seat_field_in_a_message_is_refused_and_nothing_is_logged(exercise, raw):
    ws = await raw(exercise.url)
    assert (await ws.hello(exercise.codes["blue.ops"]))["seat"] == "blue.ops"
    before = exercise.session.store.last_seq
    await ws.send({"type": "command", "id": "c1", "seat": "control", "command": {"type": "start"}})
    reply = await ws.recv_until(lambda m: m["type"] in ("error", "result"))
    assert reply == {"type": "error", "code": "forbidden", "id": "c1",
                     "message": "a message cannot name a seat: your seat comes from your code"}
    await ws.send({"type": "command", "id": "c2", "command": {"type": "message", "to": ["red.lead"], "text": "hi",
                                                             "actor": "blue.lead"}})
    reply = await ws.recv_until(lambda m: m["type"] in ("error", "result"))
    assert reply["type"] == "error" and reply["code"] == "forbidden" and reply["id"] == "c2"
    # Only the server's own SeatJoined was appended; no start, no message.
    assert [e.type for e in exercise.log() if e.seq > before] in ([], ["SeatJoined"])
    assert exercise.session.state.phase == "created"


async def test_a_role_player_cannot_send_control_commands(exercise):
    ops = await exercise.join("blue.ops")
    for command in ({"type": "start"}, {"type": "release", "inject": "I01"}, {"type": "end"},
                    {"type": "adhoc", "to": ["*"], "title": "fake", "body": "fake"}):
        result = await ops.send(command)
        assert (result["status"], result["code"]) == ("rejected", "forbidden"), command
    assert exercise.session.state.phase == "created"
    assert not [e for e in exercise.log() if e.type in ("ExerciseStarted", "InjectReleased", "ExerciseEnded")]


async def test_an_evaluator_cannot_make_moves_and_a_player_cannot_record_observations(exercise):
    control = await exercise.join("control")
    await control.send({"type": "start"})
    evaluator = await exercise.join("evaluator-1")
    ops = await exercise.join("blue.ops")
    r = await evaluator.send({"type": "action", "action": "blue.hold"})
    assert (r["status"], r["code"]) == ("rejected", "forbidden")
    r = await ops.send({"type": "observation", "objective": "OBJ1", "rating": "P"})
    assert (r["status"], r["code"]) == ("rejected", "forbidden")


async def test_a_seat_cannot_act_as_another_role(exercise):
    control = await exercise.join("control")
    await control.send({"type": "start"})
    await control.send({"type": "release", "inject": "I01"})
    red = await exercise.join("red.lead")
    # D1 belongs to blue.ops; red cannot answer it, and blue's actions are blocked for red's role.
    r = await red.send({"type": "move", "decision": "D1", "option": "hold"})
    assert (r["status"], r["code"]) == ("rejected", "not-your-decision")
    r = await red.send({"type": "action", "action": "blue.approve"})
    assert r["status"] == "blocked"
    assert "no authority" in r["reasons"][0]["text"]["en"]
    assert exercise.session.state.decision("D1").status == "open"


async def test_commands_only_the_server_issues_are_refused(exercise):
    ops = await exercise.join("blue.ops")
    for kind in ("join", "leave", "tick"):
        r = await ops.send({"type": kind})
        assert (r["status"], r["code"]) == ("rejected", "forbidden"), kind


async def test_one_seat_cannot_read_or_preempt_another_seats_command_id(exercise):
    control = await exercise.join("control")
    await control.send({"type": "start"})
    await control.send({"type": "release", "inject": "I01"})
    ops = await exercise.join("blue.ops")
    red = await exercise.join("red.lead")
    first = await ops.send({"type": "move", "decision": "D1", "option": "strike"}, command_id="same-id")
    assert first["status"] == "blocked"
    mine = await red.send({"type": "message", "to": ["blue.ops"], "text": "hello"}, command_id="same-id")
    assert mine["status"] == "accepted" and not mine["replayed"]
    assert "reasons" not in mine or not mine["reasons"]


async def test_a_player_never_sees_other_seats_events_even_when_resuming(exercise):
    control = await exercise.join("control")
    await control.send({"type": "start"})
    await control.send({"type": "release", "inject": "I01"})  # blue.* only
    await control.send({"type": "release", "inject": "I02"})  # red.lead only
    ops = await exercise.join("blue.ops")
    await ops.send({"type": "move", "decision": "D1", "option": "strike"})  # blocked: blue.ops only
    await exercise.join("evaluator-1")
    # red.lead joins from scratch: the whole backlog, filtered.
    red = await exercise.join("red.lead")
    await red.event("InjectReleased", inject="I02")
    assert all(visible_to(Event.from_json(e), "red.lead", "player") for e in red.events)
    assert not {"MoveBlocked", "DecisionOpened", "SeatJoined", "FlagsChanged"} & set(red.types())
    assert [e["data"]["inject"] for e in red.events if e["type"] == "InjectReleased"] == ["I02"]
    # and resuming part-way gives only what is both newer and visible.
    resumed = exercise.console("red.lead", resume_from=3)
    await resumed.connect()
    await resumed.event("InjectReleased", inject="I02")
    assert all(e["seq"] > 3 for e in resumed.events)
    assert all(visible_to(Event.from_json(e), "red.lead", "player") for e in resumed.events)
    # control sees everything, blocked attempts included
    await control.event("MoveBlocked")


async def test_a_bad_code_is_refused(exercise, raw):
    client = Client(exercise.url, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG")
    with pytest.raises(BadCode, match="opens no seat"):
        await client.connect()
    assert client.status == "closed"
    ws = await raw(exercise.url)
    reply = await ws.hello("not-a-code")
    assert reply["type"] == "error" and reply["code"] == "bad-code"
    assert await ws.recv() is None and ws.ws.close_code == 4401
    assert not [e for e in exercise.log() if e.type == "SeatJoined"]


async def test_repeated_bad_codes_from_one_address_are_slowed_down(exercise_factory, raw):
    class Clock:
        t = 0.0

        def __call__(self):
            return self.t

    clock = Clock()
    ex = await exercise_factory(throttle=Throttle(console_free=2, base=4.0, clock=clock))
    replies = []
    for _ in range(4):
        ws = await raw(ex.url)
        replies.append(await ws.hello("WRONG-CODE"))
    assert [r["code"] for r in replies] == ["bad-code", "bad-code", "bad-code", "slow-down"]
    assert "retry_after" not in replies[0] and replies[2]["retry_after"] == 4.0
    assert replies[3]["retry_after"] == 4.0
    # While that console waits, even the right code is turned away, so guessing cannot go faster.
    ws = await raw(ex.url)
    assert (await ws.hello(ex.codes["blue.ops"]))["code"] == "slow-down"
    clock.t += 4.5
    ws = await raw(ex.url)
    assert (await ws.hello("WRONG-AGAIN"))["retry_after"] == 8.0  # the next failure doubles the wait
    clock.t += 8.5
    ws = await raw(ex.url)
    assert (await ws.hello(ex.codes["blue.ops"]))["type"] == "welcome"
    ws = await raw(ex.url)
    assert (await ws.hello("WRONG"))["retry_after"] == 16.0  # a right code cleared nothing


async def test_nothing_but_a_hello_is_accepted_first(exercise, raw):
    ws = await raw(exercise.url)
    await ws.send({"type": "command", "id": "x", "command": {"type": "start"}})
    reply = await ws.recv()
    assert reply["code"] == "not-hello"
    ws = await raw(exercise.url)
    await ws.send({"type": "hello", "protocol": 99, "code": exercise.codes["control"]})
    reply = await ws.recv()
    assert reply["code"] == "bad-protocol"
    assert exercise.session.state.phase == "created"


async def test_codes_given_for_some_seats_leave_the_other_seats_codes_valid(exercise_factory):
    from tabletop.server.app import start_server
    from tabletop.server.codes import new_code

    ex = await exercise_factory()
    await ex.handle.close()
    fresh_control = new_code()
    handle = await start_server(ex.session, {"control": fresh_control})
    try:
        ops = Client(handle.url, ex.codes["blue.ops"])
        assert (await ops.connect())["seat"] == "blue.ops"
        await ops.close()
        control = Client(handle.url, fresh_control)
        assert (await control.connect())["seat"] == "control"
        await control.close()
        with pytest.raises(BadCode):
            await Client(handle.url, ex.codes["control"]).connect()  # replaced
    finally:
        await handle.close()


async def test_a_check_on_another_roles_action_tells_nothing_about_the_exercise(exercise):
    control = await exercise.join("control")
    await control.send({"type": "start"})
    red = await exercise.join("red.lead")
    lead = await exercise.join("blue.lead")
    before = await red.client.check("blue.strike")
    await lead.send({"type": "action", "action": "blue.approve"})  # blue's move: red never sees it
    await control.send({"type": "release", "inject": "I02"})  # sets the `attacked` fact
    after = await red.client.check("blue.strike")
    assert before == after and before["verdict"] == "blocked"
    assert len(after["reasons"]) == 1 and "no authority" in after["reasons"][0]["text"]["en"]
    blocked = await red.send({"type": "action", "action": "blue.strike"})
    assert blocked["status"] == "blocked" and blocked["reasons"] == after["reasons"]
    ops = await exercise.join("blue.ops")
    verdict = await ops.client.check("blue.strike")  # approval is blue's own fact; the attack was red's news
    assert [r["text"]["en"] for r in verdict["reasons"]] == ["Only after an attack"]


async def test_a_check_does_not_tell_whether_an_inject_addressed_elsewhere_was_released(exercise):
    control = await exercise.join("control")
    await control.send({"type": "start"})
    ops = await exercise.join("blue.ops")
    before = await ops.client.check("blue.strike")
    await control.send({"type": "release", "inject": "I02"})  # to red.lead only; sets `attacked`
    assert "attacked" in exercise.session.state.flags
    assert await ops.client.check("blue.strike") == before
    await control.send({"type": "adhoc", "to": ["blue.*"], "title": {"en": "t"}, "body": {"en": "b"}})
    assert await ops.client.check("blue.strike") == before  # an unrelated inject changes nothing either

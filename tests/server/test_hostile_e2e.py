"""End to end: a hostile client beside two honest seats. The honest seats' acks and events are
complete and in order whatever the hostile one does (loopback only; bounded in count)."""

from __future__ import annotations

import asyncio
import json

import aiohttp

from tests.server.test_hostile import _tcp

HONEST_MOVES = 30


async def _hostile(ex, armed: asyncio.Event, stop: asyncio.Event) -> dict:
    """An insider holding blue.ops's code, and a stranger, trying everything at once."""
    seen = {"slow-down": 0, "errors": 0, "refused": 0}
    async with aiohttp.ClientSession() as http:
        idle = [await _tcp(ex) for _ in range(20)]  # sockets that never speak
        for n in range(8):  # wrong codes
            ws = await http.ws_connect(ex.url)
            await ws.send_str(json.dumps({"type": "hello", "protocol": 1, "code": f"GUESS-{n}"}))
            await ws.receive()
            await ws.close()
        insiders = []
        for _ in range(6):  # more connections on one code than it may hold
            ws = await http.ws_connect(ex.url)
            await ws.send_str(json.dumps({"type": "hello", "protocol": 1, "code": ex.codes["blue.ops"],
                                          "console": "insider"}))
            reply = json.loads((await ws.receive()).data)
            if reply["type"] == "welcome":
                insiders.append(ws)
            else:
                seen["refused"] += 1
                await ws.close()
        junk = ['{"type": "command", "id": "\\ud800", "command": {"type": "ack", "inject": "I01"}}',
                '{"type": "check", "id": "c", "action": "\\udfff"}', "not json", '{"type": "hello"}',
                json.dumps({"type": "command", "id": "x", "seat": "control", "command": {"type": "end"}}),
                json.dumps({"type": "command", "id": "y", "command": {"type": "start"}})]
        n = 0
        rounds = 0
        while not stop.is_set() or rounds < 3:
            rounds += 1
            for ws in insiders:
                for text in junk:
                    await ws.send_str(text)
                for _ in range(20):  # pipelined, as fast as the socket takes them
                    n += 1
                    await ws.send_str(json.dumps({"type": "command", "id": f"f{n}",
                                                  "command": {"type": "message", "to": ["*"], "text": "flood"}}))
            armed.set()  # the flood is on: the honest seats play from now
            await asyncio.sleep(0)  # let the honest seats' turns come round
            for ws in insiders:
                while True:
                    try:
                        msg = await ws.receive(timeout=0.001)
                    except asyncio.TimeoutError:
                        break
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        break
                    data = json.loads(msg.data)
                    if data.get("code") == "slow-down":
                        seen["slow-down"] += 1
                    elif data["type"] == "error":
                        seen["errors"] += 1
        for ws in insiders:
            await ws.close()
        for _, w in idle:
            w.close()
    return seen


async def test_two_honest_seats_get_every_ack_and_event_in_order_beside_a_hostile_client(exercise_factory):
    ex = await exercise_factory("sqlite", per_seat=4)
    control = await ex.join("control")
    await control.send({"type": "start"})
    lead, red = await ex.join("blue.lead"), await ex.join("red.lead")
    armed, stop = asyncio.Event(), asyncio.Event()
    hostile = asyncio.create_task(_hostile(ex, armed, stop))
    await asyncio.wait_for(armed.wait(), 10)

    async def play(console, to: str) -> list[dict]:
        results = []
        for n in range(HONEST_MOVES):
            results.append(await console.send({"type": "message", "to": [to], "text": f"{console.client.seat} {n}"}))
        return results

    try:
        lead_results, red_results = await asyncio.gather(play(lead, "red.lead"), play(red, "blue.lead"))
    finally:
        stop.set()
        seen = await hostile
    assert seen["slow-down"] > 0 and seen["refused"] == 2 and seen["errors"] > 0, seen  # it did try
    for console, results in ((lead, lead_results), (red, red_results)):
        assert [r["status"] for r in results] == ["accepted"] * HONEST_MOVES
        firsts = [r["first_seq"] for r in results]
        assert firsts == sorted(firsts)  # acknowledged in the order sent
        seat = console.client.seat
        mine = [e for e in ex.log() if e.to is None or seat in e.to]
        await console.seen_seq(mine[-1].seq)
        assert console.seqs() == [e.seq for e in mine]  # every event it may see, in order, once
        own = [e["data"]["text"] for e in console.events if e["type"] == "MessageSent" and e["actor"] == seat]
        assert own == [f"{seat} {n}" for n in range(HONEST_MOVES)]
    assert ex.session.state.phase == "running"  # nothing the hostile client sent ended or took control

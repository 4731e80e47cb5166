"""A hostile client cannot silence a connection, exhaust the server or flood its log.

Every test talks to a real server on loopback and waits for conditions, never for time."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import resource
import socket
import tracemalloc

import aiohttp
import pytest

from tabletop.client import Client, SlowDown
from tabletop.server.codes import Throttle
from tests.server.conftest import TIMEOUT


async def test_a_lone_surrogate_in_an_id_gets_an_error_and_the_connection_keeps_answering(exercise, raw):
    ws = await raw(exercise.url)
    assert (await ws.hello(exercise.codes["blue.ops"]))["seat"] == "blue.ops"
    for text in ('{"type": "command", "id": "\\ud800", "command": {"type": "ack", "inject": "I01"}}',
                 '{"type": "check", "id": "c1", "action": "\\ud800"}',
                 '{"type": "check", "id": "\\udfff", "action": "blue.strike"}'):
        await ws.send(text)
        reply = await ws.recv_until(lambda m: m["type"] == "error")
        assert reply["code"] == "bad-json" and "well-formed Unicode" in reply["message"] and "id" not in reply
    await ws.send({"type": "ping"})
    assert (await ws.recv_until(lambda m: m["type"] in ("pong", "error")))["type"] == "pong"
    await ws.send({"type": "check", "id": "c2", "action": "blue.strike"})
    assert (await ws.recv_until(lambda m: m["type"] == "verdict"))["id"] == "c2"


async def test_an_unprintable_id_is_refused_without_being_echoed(exercise, raw):
    ws = await raw(exercise.url)
    await ws.hello(exercise.codes["blue.ops"])
    await ws.send({"type": "command", "id": "a\u0000b", "command": {"type": "ack", "inject": "I01"}})
    reply = await ws.recv_until(lambda m: m["type"] == "error")
    assert reply["code"] == "bad-id" and "id" not in reply


async def test_a_connection_whose_writer_fails_is_closed_and_logged_once(exercise, raw, caplog):
    ws = await raw(exercise.url)
    await ws.hello(exercise.codes["blue.ops"])
    conn = exercise.connection("blue.ops")
    with caplog.at_level(logging.WARNING, logger="tabletop.server"):
        conn.push("\ud800")  # a text no socket can carry: the writer fails on it
        conn.push("\udfff")
        msg = await ws.ws.receive(timeout=TIMEOUT)
        while msg.type.name == "TEXT":
            msg = await ws.ws.receive(timeout=TIMEOUT)
    assert ws.ws.closed or msg.type.name in ("CLOSE", "CLOSED", "CLOSING", "ERROR")
    failures = [r for r in caplog.records if "could not be sent" in r.getMessage()]
    assert len(failures) == 1 and "blue.ops" in failures[0].getMessage()


# -- before a seat code is accepted --------------------------------------------------

async def _tcp(exercise, source: str = "127.0.0.2"):
    """A plain TCP socket to the server from a loopback `source` address (Linux routes all of 127/8)."""
    return await asyncio.open_connection("127.0.0.1", exercise.handle.port, local_addr=(source, 0))


async def _closed_by_server(reader: asyncio.StreamReader) -> bool:
    try:
        while await asyncio.wait_for(reader.read(65536), TIMEOUT):
            pass
    except ConnectionError:
        pass
    return True


async def test_idle_sockets_from_one_address_cannot_keep_a_right_code_out(exercise_factory):
    ex = await exercise_factory(preauth_per_address=4, preauth_total=64)
    idle = [await _tcp(ex) for _ in range(12)]  # send nothing at all
    await _until(lambda: ex.handle.server.gate.refused >= 8)
    assert ex.handle.server.gate.waiting == 4
    ops = await ex.join("blue.ops")  # from 127.0.0.1, while the idle ones are still open
    assert ops.client.seat == "blue.ops"
    for _, w in idle:
        w.close()


async def test_a_socket_that_never_finishes_joining_is_closed_at_its_deadline(exercise_factory):
    ex = await exercise_factory(join_deadline=0.3)
    silent = await _tcp(ex)
    half = await _tcp(ex)
    half[1].write(b"GET /ws HTTP/1.1\r\nHost: x\r\n")  # half an HTTP request
    upgraded = aiohttp.ClientSession()
    try:
        ws = await upgraded.ws_connect(ex.url)  # upgraded, but never says hello
        assert await _closed_by_server(silent[0]) and await _closed_by_server(half[0])
        msg = await ws.receive(timeout=TIMEOUT)
        assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING,
                            aiohttp.WSMsgType.TEXT)
        assert ex.handle.server.gate.waiting == 0
    finally:
        await upgraded.close()
    assert (await ex.join("blue.ops")).client.seat == "blue.ops"  # joining in time is not affected


async def test_a_flood_of_sockets_costs_a_few_log_lines(exercise_factory, caplog):
    ex = await exercise_factory(preauth_per_address=2, preauth_total=64)
    with caplog.at_level(logging.INFO, logger="tabletop.server"):
        flood = [await _tcp(ex) for _ in range(150)]
        await _until(lambda: ex.handle.server.gate.refused >= 148)
    lines = [r for r in caplog.records if r.name.startswith("tabletop.server")]
    assert 1 <= len(lines) <= 3 and not any(r.exc_info for r in lines)
    for _, w in flood:
        w.close()


async def test_running_out_of_file_descriptors_is_one_counted_line_not_a_traceback_per_accept(exercise, caplog):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    opened: list[socket.socket] = []
    with caplog.at_level(logging.WARNING):
        resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 40, hard))
        try:
            while True:  # use up every descriptor, leaving the server's accepts with none
                s = socket.socket()
                opened.append(s)
                s.setblocking(False)
                s.connect_ex(("127.0.0.1", exercise.handle.port))
        except OSError:
            pass
        try:
            await _until(lambda: any("cannot accept" in r.getMessage() for r in caplog.records))
            for _ in range(20):  # several more rounds of the loop trying to accept
                await asyncio.sleep(0)
        finally:
            for s in opened:
                s.close()
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    accept = [r for r in caplog.records if "accept" in r.getMessage()]
    assert len(accept) <= 2 and not any(r.exc_info for r in caplog.records), [r.getMessage() for r in accept]
    assert (await exercise.join("blue.ops")).client.seat == "blue.ops"  # and it serves again after


async def _until(predicate, timeout: float = TIMEOUT) -> None:
    async def wait():
        while not predicate():
            await asyncio.sleep(0.01)
    await asyncio.wait_for(wait(), timeout)


# -- guessing codes --------------------------------------------------------------------

class _Clock:
    t = 1000.0

    def __call__(self) -> float:
        return self.t


async def test_an_insider_mixing_wrong_codes_with_a_right_one_is_still_slowed_down(exercise_factory, raw):
    ex = await exercise_factory(throttle=Throttle(console_free=5, clock=_Clock()))
    replies = []
    for _ in range(3):  # five wrong codes, then the insider's own right code, again and again
        for n in range(5):
            ws = await raw(ex.url)
            replies.append((await ws.hello(f"WRONG-{n}"))["code"])
            await ws.close()
        ws = await raw(ex.url)
        replies.append((await ws.hello(ex.codes["red.lead"])).get("code", "welcome"))
        await ws.close()
    # The right code in between cleared nothing: the sixth wrong one imposed a wait, and from
    # then on nothing from that console is even checked.
    assert replies[:7] == ["bad-code"] * 5 + ["welcome", "bad-code"]
    assert replies[7:] == ["slow-down"] * 11


async def test_a_right_code_behind_a_shared_address_is_not_held_up_by_someone_elses_guesses(exercise_factory, raw):
    ex = await exercise_factory(throttle=Throttle(console_free=2, address_free=30, clock=_Clock()))
    for n in range(6):  # someone at the venue mistypes, six times (more than one address's old allowance)
        ws = await raw(ex.url)
        await ws.hello(f"TYPO-{n}")
        await ws.close()
    ws = await raw(ex.url)
    assert (await ws.hello(ex.codes["blue.ops"]))["code"] == "slow-down"  # that console waits ...
    ops = await ex.join("blue.ops")  # ... a player's console at the same address does not
    assert ops.client.status == "connected"


async def test_inventing_console_ids_does_not_buy_more_guesses(exercise_factory, raw):
    ex = await exercise_factory(throttle=Throttle(console_free=5, address_free=6, clock=_Clock()))
    replies = []
    for n in range(8):
        ws = await raw(ex.url)
        await ws.send({"type": "hello", "protocol": 1, "code": f"GUESS-{n}", "console": f"fresh-{n}"})
        replies.append((await ws.recv())["code"])
        await ws.close()
    assert replies == ["bad-code"] * 7 + ["slow-down"]
    with pytest.raises(SlowDown):
        await Client(ex.url, ex.codes["blue.ops"]).connect()  # the address as a whole now waits


async def test_a_seat_that_joins_too_often_is_told_to_slow_down(exercise_factory, raw):
    ex = await exercise_factory(throttle=Throttle(joins=3, join_every=60.0, clock=_Clock()))
    codes = []
    for _ in range(4):
        ws = await raw(ex.url)
        reply = await ws.hello(ex.codes["red.lead"])
        codes.append(reply.get("code", reply["type"]))
        await ws.close()
    assert codes == ["welcome"] * 3 + ["slow-down"]
    assert (await ex.join("blue.ops")).client.status == "connected"  # other seats are not affected


# -- one seat cannot crowd out the others ----------------------------------------------

async def test_a_seat_code_opens_a_bounded_number_of_connections(exercise_factory, raw):
    ex = await exercise_factory(per_seat=2)
    await ex.join("red.lead")
    await ex.join("red.lead")
    ws = await raw(ex.url)
    reply = await ws.hello(ex.codes["red.lead"])
    assert reply["code"] == "too-many-connections" and "ask control to drop one" in reply["message"]
    assert (await ex.join("blue.ops")).client.status == "connected"  # other seats are not affected


async def test_control_sees_every_connection_and_can_drop_one(exercise_factory):
    ex = await exercise_factory()
    control = await ex.join("control")
    first = await ex.join("red.lead")
    second = await ex.join("red.lead")  # a second screen, or someone else holding the same code

    def reds():
        return [c for c in control.client.connections if c["seat"] == "red.lead"]

    await _until(lambda: len(reds()) == 2)
    assert {c["address"] for c in reds()} == {"127.0.0.1"} and len({c["id"] for c in reds()}) == 2
    newest = max(reds(), key=lambda c: c["since"])
    assert (await control.client.drop(newest["id"]))["seat"] == "red.lead"
    await _until(lambda: len(reds()) == 1 and any(c.client.status == "closed" for c in (first, second)))
    dropped = next(c for c in (first, second) if c.client.status == "closed")
    kept = first if dropped is second else second
    assert dropped.client.dropped  # it does not reconnect by itself
    assert kept.client.status == "connected" and reds()[0]["id"] != newest["id"]


async def test_a_player_cannot_drop_a_connection(exercise, raw):
    ws = await raw(exercise.url)
    await ws.hello(exercise.codes["red.lead"])
    await ws.send({"type": "drop", "id": "d1", "connection": "c00000000"})
    reply = await ws.recv_until(lambda m: m["type"] == "error")
    assert reply["code"] == "forbidden" and reply["id"] == "d1"


async def test_a_seat_sending_too_fast_is_told_to_slow_down_and_others_are_served(exercise_factory, raw):
    ex = await exercise_factory(messages=(5, 10.0))
    control = await ex.join("control")
    await control.send({"type": "start"})
    ws = await raw(ex.url)
    await ws.hello(ex.codes["red.lead"])
    for n in range(20):  # pipelined, without waiting for answers
        await ws.send({"type": "command", "id": f"m{n}", "command": {"type": "message", "to": ["blue.lead"],
                                                                     "text": f"spam {n}"}})
    replies = [await ws.recv_until(lambda m: m["type"] in ("result", "error")) for _ in range(6)]
    slowed = [r for r in replies if r["type"] == "error"]
    assert [r["id"] for r in replies if r["type"] == "result"] == [f"m{n}" for n in range(5)]
    assert slowed[0]["code"] == "slow-down" and slowed[0]["id"] == "m5" and slowed[0]["retry_after"] > 0
    lead = await ex.join("blue.lead")  # meanwhile, another seat is served as usual
    assert (await lead.send({"type": "action", "action": "blue.approve"}))["status"] == "accepted"
    assert len([e for e in ex.log() if e.type == "MessageSent"]) == 5  # nothing over the rate was applied


async def test_the_client_sends_again_what_it_was_told_to_slow_down(exercise_factory):
    ex = await exercise_factory(messages=(2, 0.05))
    control = await ex.join("control")
    await control.send({"type": "start"})
    red = await ex.join("red.lead")
    results = await asyncio.gather(*(red.send({"type": "message", "to": ["blue.lead"], "text": f"m{n}"})
                                     for n in range(8)))
    assert [r["status"] for r in results] == ["accepted"] * 8
    assert sorted(e.data["text"] for e in ex.log() if e.type == "MessageSent") == [f"m{n}" for n in range(8)]


# -- memory ----------------------------------------------------------------------------

async def test_the_server_keeps_a_fixed_tail_of_the_log_and_reads_older_backlog_from_the_store(exercise_factory):
    ex = await exercise_factory("sqlite", recent=20, messages=(1000, 0.001))
    control = await ex.join("control")
    await control.send({"type": "start"})
    red = await ex.join("red.lead")
    for n in range(60):
        await red.send({"type": "message", "to": ["blue.lead"], "text": "x" * 500 + f" {n}"})
    assert len(ex.handle.server.recent) == 20  # not the whole log
    # A console resuming from the start (after an hour away, say) gets everything it may see ...
    lead = ex.console("blue.lead")
    connecting = asyncio.create_task(lead.connect())
    for n in range(60, 70):  # ... while the exercise goes on
        await red.send({"type": "message", "to": ["blue.lead"], "text": f"live {n}"})
    await connecting
    mine = [e for e in ex.log() if e.to is None or "blue.lead" in e.to]
    await lead.seen_seq(mine[-1].seq)
    assert lead.seqs() == [e.seq for e in mine]  # every one, in order, none twice
    assert [e["data"]["text"].split()[-1] for e in lead.events if e["type"] == "MessageSent"] == \
        [str(n) for n in range(60)] + [str(n) for n in range(60, 70)]


async def test_what_the_server_keeps_in_memory_does_not_grow_with_the_log(exercise_factory, raw):
    # Given a server keeping the log's last 20 events, and a seat sending long messages (issue 18
    # saw +16 MB per 1,000 messages of 8,000 characters) ...
    ex = await exercise_factory("sqlite", recent=20, messages=(1000, 0.001))
    control = await raw(ex.url)
    await control.hello(ex.codes["control"])
    await control.send({"type": "command", "id": "go", "command": {"type": "start"}})
    await control.recv_until(lambda m: m["type"] == "result")
    await control.close()  # no console in this process keeps what it is sent
    red = await raw(ex.url)
    await red.hello(ex.codes["red.lead"])

    async def send(first: int, count: int) -> None:
        for n in range(first, first + count):
            await red.send({"type": "command", "id": f"m{n}",
                            "command": {"type": "message", "to": ["blue.lead"], "text": f"{n:04d}" + "x" * 7996}})
            reply = await red.recv_until(lambda m: m["type"] in ("result", "error") and m.get("id") == f"m{n}")
            assert reply["type"] == "result" and reply["status"] == "accepted", reply
    await send(0, 40)  # the tail is full
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        await send(40, 200)  # ... when 200 more are logged,
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # then what the process still holds of them is about the tail's 20, not the 200 (1.6 MB of text).
    assert len([e for e in ex.log() if e.type == "MessageSent"]) == 240
    assert kept < 800_000, kept

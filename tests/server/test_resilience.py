"""Dropped sockets, resubmitted commands, slow consoles and malformed messages:
no move lost, none made twice, and one bad console never disturbs the others."""

from __future__ import annotations

import asyncio
import json
import os
import socket

import aiohttp

from tabletop.engine.events import visible_to
from tabletop.server.app import Connection
from tests.server.conftest import TIMEOUT


def drop(exercise, seat: str) -> None:
    """Cut a seat's socket from the server's side, as a network failure would."""
    for conn in exercise.handle.server.connections:
        if conn.seat == seat:
            conn.transport.abort()


async def test_a_dropped_console_reconnects_and_resumes_without_gaps_or_duplicates(exercise):
    control = await exercise.join("control")
    ops = await exercise.join("blue.ops")
    await control.send({"type": "start"})
    await control.send({"type": "release", "inject": "I01"})
    await ops.event("DecisionOpened", decision="D1")

    # Keep the console away while the exercise moves on: point it at a closed port for a while.
    real_url = ops.client.url
    ops.client.url = "ws://127.0.0.1:9/ws"
    drop(exercise, "blue.ops")
    await ops.until(lambda: "reconnecting" in ops.statuses, what="reconnecting")
    missed = []
    for i in range(5):
        r = await control.send({"type": "adhoc", "to": ["blue.*"], "title": f"while away {i}", "body": "..."})
        missed.append(r["first_seq"])
    await control.send({"type": "adhoc", "to": ["red.lead"], "title": "not for blue", "body": "..."})
    # A move made while disconnected waits, then goes through after the reconnect.
    pending = asyncio.create_task(ops.send({"type": "move", "decision": "D1", "option": "hold"}))
    await asyncio.sleep(0)  # let it register
    assert not pending.done()
    ops.client.url = real_url
    result = await asyncio.wait_for(pending, 10)
    assert result["status"] == "accepted"
    await ops.seen_seq(result["last_seq"])
    assert ops.statuses.count("connected") == 2

    seqs = ops.seqs()
    assert seqs == sorted(set(seqs)), "events arrive once each, in order"
    entitled = [e.seq for e in exercise.log() if e.seq <= result["last_seq"] and visible_to(e, "blue.ops", "player")]
    assert seqs == entitled
    assert set(missed) <= set(seqs)
    # the server recorded the reconnect as a leave and a join
    assert [e.type for e in exercise.log() if e.actor == "blue.ops" and e.type.startswith("Seat")] == [
        "SeatJoined", "SeatLeft", "SeatJoined"]


async def test_resubmitting_a_command_id_returns_the_first_result_and_appends_nothing(exercise, raw):
    control = await exercise.join("control")
    await control.send({"type": "start"})
    ws = await raw(exercise.url)
    await ws.hello(exercise.codes["red.lead"])
    command = {"type": "command", "id": "msg-1", "command": {"type": "message", "to": ["blue.ops"], "text": "once"}}
    await ws.send(command)
    first = await ws.recv_until(lambda m: m["type"] == "result")
    await ws.send(command)
    second = await ws.recv_until(lambda m: m["type"] == "result")
    assert first["status"] == second["status"] == "accepted"
    assert (first["first_seq"], first["last_seq"]) == (second["first_seq"], second["last_seq"])
    assert (first["replayed"], second["replayed"]) == (False, True)
    # and through the client library, with an id of our choosing
    again = await exercise.join("red.lead")
    third = await again.send({"type": "message", "to": ["blue.ops"], "text": "once"}, command_id="msg-1")
    assert third["replayed"] and third["first_seq"] == first["first_seq"]
    await ws.send({"type": "ping"})
    await ws.recv_until(lambda m: m["type"] == "pong")
    sent = [e for e in exercise.log() if e.type == "MessageSent"]
    assert len(sent) == 1
    await control.seen_seq(exercise.session.store.last_seq)
    assert len([e for e in control.events if e["type"] == "MessageSent"]) == 1


class StuckSocket:
    """A WebSocket whose peer never reads: every send waits forever."""

    def __init__(self):
        self.closed_with = None

    async def send_str(self, text):
        await asyncio.Event().wait()

    async def close(self, code=1000, message=b""):
        self.closed_with = code


async def test_a_console_that_falls_too_far_behind_is_dropped_not_waited_for():
    conn = Connection(StuckSocket(), "blue.ops", "player", "127.0.0.1", queue_size=4, send_timeout=60)
    conn.start()
    assert all(conn.push(f"m{i}") for i in range(4))  # the queue is full; the writer is stuck or not yet running
    assert not conn.dropped
    assert conn.push("one too many") is False
    assert conn.dropped
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert conn.ws.closed_with == 4408
    assert conn.push("more") is False


def _stuck_socket(port: int, code: str) -> socket.socket:
    """A console that joins, then never reads again: a plain socket with a small receive buffer,
    opened here, that sends the WebSocket upgrade and its hello (masked, as a client's frames
    must be) and nothing more."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    hello = json.dumps({"type": "hello", "protocol": 1, "code": code, "resume_from": 0}).encode()
    assert len(hello) < 126
    mask = os.urandom(4)
    sock.sendall(b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
                 + bytes([0x81, 0x80 | len(hello)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(hello)))
    return sock


async def test_a_stuck_console_never_delays_the_others(exercise_factory, caplog):
    ex = await exercise_factory(queue_size=16, send_timeout=300.0)  # waiting on it would outlast the test
    control = await ex.join("control")
    ops = await ex.join("blue.ops")
    await control.send({"type": "start"})
    stuck = _stuck_socket(ex.handle.port, ex.codes["blue.lead"])
    try:
        await control.until(lambda: any(e["type"] == "SeatJoined" and e["actor"] == "blue.lead"
                                        for e in control.events), what="blue.lead joined")
        body = "x" * 30_000
        for i in range(400):
            # Each command is answered while the stuck console still holds its socket: were the
            # server waiting on it, this would wait for the 300 s send timeout, not TIMEOUT.
            r = await asyncio.wait_for(control.send({"type": "adhoc", "to": ["blue.*"], "title": f"flood {i}",
                                                     "body": {"en": body, "ja": body}}), TIMEOUT)
            assert r["status"] == "accepted"
            if not [c for c in ex.handle.server.connections if c.seat == "blue.lead" and not c.dropped]:
                break
        else:
            raise AssertionError("the stuck console was never dropped")
        left = await control.until(lambda: [e for e in control.events if e["type"] == "SeatLeft"
                                            and e["actor"] == "blue.lead"], what="blue.lead dropped")
    finally:
        stuck.close()
    assert any("blue.lead fell 16 messages behind" in r.getMessage() for r in caplog.records)
    await ops.seen_seq(left[0]["seq"] - 1)
    assert [e.seq for e in ex.log() if visible_to(e, "blue.ops", "player")] == ops.seqs()


async def test_malformed_messages_get_error_replies_and_disturb_no_one(exercise, raw):
    control = await exercise.join("control")
    await control.send({"type": "start"})
    red = await exercise.join("red.lead")
    ws = await raw(exercise.url)
    await ws.hello(exercise.codes["blue.ops"])

    cases = [
        ("{not json", "bad-json"),
        ("[1, 2]", "bad-json"),
        ({"type": "teleport"}, "unknown-type"),
        ({"no": "type"}, "unknown-type"),
        ("x" * 100_000, "too-large"),
        ({"type": "command"}, "missing-field"),
        ({"type": "command", "id": "a"}, "missing-field"),
        ({"type": "command", "id": "b", "command": {"type": "move", "decision": "D1"}}, "bad-command"),
        ({"type": "command", "id": "c", "command": {"type": "fly"}}, "bad-command"),
        ({"type": "command", "id": "d", "command": {"type": "message", "to": [], "text": "x"}}, "bad-command"),
        ({"type": "command", "id": "x" * 500, "command": {"type": "ack", "inject": "I01"}}, "bad-id"),
        ({"type": "check", "id": "e"}, "missing-field"),
        ({"type": "hello", "protocol": 1, "code": exercise.codes["control"]}, "already-joined"),
    ]
    for message, code in cases:
        await ws.send(message)
        reply = await ws.recv_until(lambda m: m["type"] == "error")
        assert reply["code"] == code, (message if isinstance(message, dict) else message[:20], reply)
        assert reply["message"]
    await ws.ws.send_bytes(b"\x00\x01")
    assert (await ws.recv_until(lambda m: m["type"] == "error"))["code"] == "bad-json"
    # missing fields say which
    await ws.send({"type": "command", "id": "f", "command": {"type": "move", "decision": "D1"}})
    reply = await ws.recv_until(lambda m: m["type"] == "error")
    assert "option" in reply["message"] and reply["id"] == "f"
    # the same socket still works
    await ws.send({"type": "ping"})
    assert (await ws.recv_until(lambda m: m["type"] in ("pong", "error")))["type"] == "pong"

    # A frame beyond the transport limit closes only that socket.
    await ws.send("y" * (2 * 1024 * 1024))
    while (msg := await ws.ws.receive(timeout=10)).type == aiohttp.WSMsgType.TEXT:
        pass
    assert ws.ws.close_code == 1009

    # Others were undisturbed: no errors, and they still play.
    r = await red.send({"type": "message", "to": ["blue.ops"], "text": "still here"})
    assert r["status"] == "accepted"
    again = await exercise.join("blue.ops")
    await again.event("MessageSent", text="still here")
    assert exercise.session.state.phase == "running"
    assert not [e for e in exercise.log() if e.type in ("MoveSubmitted", "MoveBlocked", "InjectAcknowledged")]


async def test_events_appended_to_the_session_outside_the_server_still_reach_consoles(exercise):
    from datetime import datetime, timezone

    from tabletop.engine import commands as c

    control = await exercise.join("control")
    outside = exercise.session.handle(c.Start(), "control", datetime.now(timezone.utc), command_id="direct")
    r = await control.send({"type": "release", "inject": "I01"})
    await control.seen_seq(r["last_seq"])
    assert outside.first_seq in control.seqs()
    assert control.seqs() == [e.seq for e in exercise.log() if e.seq <= r["last_seq"]]


async def test_a_console_stuck_on_one_message_is_noticed_by_the_watchdog():
    conn = Connection(StuckSocket(), "blue.ops", "player", "127.0.0.1", queue_size=100, send_timeout=20)
    conn.start()
    conn.push("a message the peer never takes")
    for _ in range(3):  # let the writer reach the send (no time passes)
        await asyncio.sleep(0)
    assert conn.sending_since is not None
    assert not conn.stalled(conn.sending_since + 19)
    assert conn.stalled(conn.sending_since + 21)
    conn.writer.cancel()


async def test_a_client_reconnects_by_itself_until_closed_and_closing_is_prompt(exercise):
    ops = await exercise.join("blue.ops", backoff=5.0, backoff_max=5.0)
    ops.client.url = "ws://127.0.0.1:9/ws"
    drop(exercise, "blue.ops")
    await ops.until(lambda: "reconnecting" in ops.statuses, what="reconnecting")
    t0 = asyncio.get_running_loop().time()
    await ops.close()
    assert asyncio.get_running_loop().time() - t0 < 1.0
    assert ops.client.status == "closed" and ops.statuses[-1] == "closed"

"""A hostile client cannot silence a connection, exhaust the server or flood its log.

Every test talks to a real server on loopback and waits for conditions, never for time."""

from __future__ import annotations

import logging

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

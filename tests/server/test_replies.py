"""A command's reply leaves with its events: every console gets each event it may see once,
in order, and its own command's `result` only after that command's events."""

from __future__ import annotations

import asyncio

from tabletop.engine.events import visible_to


async def test_seats_submitting_at_once_get_every_event_in_order_and_each_result_after_its_events(
        exercise_factory, raw):
    ex = await exercise_factory("sqlite")
    seats = ["control", "blue.lead", "blue.ops", "red.lead"]
    conns = {seat: await raw(ex.url) for seat in seats}
    for seat, ws in conns.items():
        assert (await ws.hello(ex.codes[seat]))["type"] == "welcome"
    start = conns["control"]
    await start.send({"type": "command", "id": "start", "command": {"type": "start"}})
    await start.recv_until(lambda m: m.get("type") == "result" and m["id"] == "start")
    players = [s for s in seats if s != "control"]

    async def pipeline(seat: str) -> list[dict]:
        """Five messages to everyone sent back to back, then everything received up to their results."""
        ws = conns[seat]
        for k in range(5):
            await ws.send({"type": "command", "id": f"{seat}-{k}",
                           "command": {"type": "message", "to": ["*"], "text": f"{seat} says {k}"}})
        got, results = [], 0
        while results < 5:
            m = await ws.recv()
            assert m is not None, f"{seat}: the socket closed"
            if m["type"] in ("event", "result"):
                got.append(m)
            results += m["type"] == "result" and m["id"].startswith(seat)
        return got

    received = dict(zip(players, await asyncio.gather(*(pipeline(s) for s in players))))
    last = ex.session.store.last_seq
    log = {e.seq: e for e in ex.log()}
    for seat, got in received.items():
        seqs = [m["event"]["seq"] for m in got if m["type"] == "event"]
        assert seqs == sorted(set(seqs)), f"{seat}: each event once, in order"
        upto = max(seqs)
        entitled = [s for s, e in log.items() if seqs[0] <= s <= upto and visible_to(e, seat, "player")]
        assert seqs == entitled, f"{seat}: no event it may see is missing"
        mine = [m for m in got if m["type"] == "result"]
        assert [m["id"] for m in mine] == [f"{seat}-{k}" for k in range(5)], "results in the order sent"
        for m in mine:
            assert m["status"] == "accepted", m
            before = {x["event"]["seq"] for x in got[:got.index(m)] if x["type"] == "event"}
            assert set(range(m["first_seq"], m["last_seq"] + 1)) <= before, \
                f"{seat}: the result of {m['id']} came before its events"
    assert last >= 1 + 3 * 5

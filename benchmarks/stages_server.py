"""Where a move's time goes on its way to its ack: `python benchmarks/stages_server.py [--moves N] [--db memory]`.

A diagnostic beside `bench_server.py` (which `run.py` runs; this it does not). A real `tabletop
serve` runs in a subprocess with timestamps taken around each stage of a command; one console
(this process) submits moves one at a time, as bench_server's latency run does, and the median
of each stage is printed. The server's stages are wrapped from outside (this file), so the
product carries no timing code. Both processes read the same clock (perf_counter, the system's
monotonic clock), so the client's send and receive line up with the server's marks.

Stages, in the order a move takes them:
  wire in      the console's send → the server's reader has the text
  parse        JSON, the message's checks, the command's model
  to batch     queued → its batch starts (the rest of the loop's turn, for other commands to join)
  outcome      the command id looked up (was it sent before?)
  decide       the engine: events and the new state, the audience checked
  append       the store's transaction (SQLite: the durable commit)
  batch rest   the rest of the batch (outcomes, events to publish)
  publish      events and the result serialised and queued for each console
  writer       queued → the result's frame written to the socket
  wire out     written → the console has the result
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STAGES = [("wire in", "C.send", "S.text"), ("parse", "S.text", "S.run"), ("to batch", "S.run", "T.batch"),
          ("outcome", "T.outcome0", "T.outcome1"), ("decide", "T.decide0", "T.decide1"),
          ("append", "T.append0", "T.append1"), ("batch rest", "T.append1", "T.batch1"),
          ("publish", "T.batch1", "S.published"), ("writer", "S.published", "S.sent"), ("wire out", "S.sent", "C.result")]


def instrument(out: str) -> None:
    """In the server's process: wrap each stage's function to note when it starts and ends."""
    from aiohttp import web

    from tabletop.server import app, worker
    from tabletop.session import Session
    from tabletop.store import MemoryStore, SqliteStore

    marks: list[tuple[str, float]] = []
    now = time.perf_counter
    atexit.register(lambda: Path(out).write_text(json.dumps(marks)))

    def around(owner, name: str, start: str | None, end: str | None):
        original = getattr(owner, name)

        def wrapped(*args, **kwargs):
            if start:
                marks.append((start, now()))
            try:
                return original(*args, **kwargs)
            finally:
                if end:
                    marks.append((end, now()))
        setattr(owner, name, wrapped)

    original_on_text = app.Server._on_text

    async def on_text(self, conn, text):
        if '"command"' in text[:20]:
            marks.append(("S.text", now()))
        return await original_on_text(self, conn, text)
    app.Server._on_text = on_text
    original_run = worker.Worker.run

    async def run(self, command, seat, command_id=None, sender=None):
        if sender is not None:
            marks.append(("S.run", now()))
        return await original_run(self, command, seat, command_id, sender)
    worker.Worker.run = run
    original_commit = Session._commit

    def commit(self, jobs):
        marks.append(("T.batch", now()))
        try:
            return original_commit(self, jobs)
        finally:
            marks.append(("T.batch1", now()))
    Session._commit = commit
    for store in (SqliteStore, MemoryStore):
        around(store, "outcome", "T.outcome0", "T.outcome1")
        around(store, "append_batch", "T.append0", "T.append1")
    around(Session, "_decide", "T.decide0", "T.decide1")
    around(app.Server, "_after_command", None, "S.published")
    original_send = web.WebSocketResponse.send_frame

    async def send_frame(self, message, opcode, compress=None):
        try:
            return await original_send(self, message, opcode, compress)
        finally:
            if message.startswith(b'{"type":"result"'):
                marks.append(("S.sent", now()))
    web.WebSocketResponse.send_frame = send_frame


def serve(out: str, args: list[str]) -> None:
    instrument(out)
    from tabletop.cli import main

    sys.argv = ["tabletop", "serve", *args]
    main()


def per_move(marks: list[tuple[str, float]], client: list[tuple[float, float]]) -> list[dict[str, float]]:
    """Split the marks into moves (one `S.text` each) and line them up with the client's times."""
    moves: list[dict[str, float]] = []
    for name, t in marks:
        if name == "S.text":
            moves.append({})
        if moves and name not in moves[-1]:
            moves[-1][name] = t
    moves = moves[-len(client):]
    for move, (sent, got) in zip(moves, client):
        move["C.send"], move["C.result"] = sent, got
    return moves


async def drive(url: str, codes: dict[str, str], n: int) -> list[tuple[float, float]]:
    import aiohttp
    from bench_server import Seat

    out = []
    async with aiohttp.ClientSession() as http:
        control = Seat(http, url, codes["control"])
        await control.join()
        await control.send({"type": "start"}, "start")
        seat = Seat(http, url, codes["b.p001"])
        await seat.join(read=False)
        for i in range(n + 50):
            t0 = time.perf_counter()
            result = await seat.exchange({"type": "action", "action": "b.note", "text": "bench"}, f"lat-{i}")
            t1 = time.perf_counter()
            assert result["status"] == "accepted", result
            if i >= 50:
                out.append((t0, t1))
        await seat.close()
        await control.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=1000)
    parser.add_argument("--db", choices=("sqlite", "memory"), default="sqlite")
    parser.add_argument("--serve", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)  # the server's process
    args = parser.parse_args()
    if args.serve is not None:
        serve(args.serve[0], args.serve[1:])
        return
    from bench_server import Process, free_port, write_bench_scenario
    from tabletop.server.codes import parse_codes_file

    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scenario = write_bench_scenario(folder, 10)
        port, marks_file, codes_file = free_port(), folder / "marks.json", folder / "codes.txt"
        db = ":memory:" if args.db == "memory" else str(folder / "stages.db")
        proc = Process([sys.executable, __file__, "--serve", str(marks_file), str(scenario), "--port", str(port),
                        "--db", db, "--codes-file", str(codes_file), "--pace", "0"], cwd=str(folder))
        try:
            client = asyncio.run(drive(f"ws://127.0.0.1:{port}/ws", parse_codes_file(codes_file.read_text()),
                                       args.moves))
        finally:
            proc.stop()
        moves = per_move(json.loads(marks_file.read_text()), client)
    total = statistics.median(m["C.result"] - m["C.send"] for m in moves)
    print(f"{args.db}: {len(moves)} moves, move → ack median {total * 1000:.3f} ms; stages (medians, ms):")
    summed = 0.0
    for name, a, b in STAGES:
        spans = [m[b] - m[a] for m in moves if a in m and b in m]
        if spans:
            median = statistics.median(spans)
            summed += median
            print(f"  {name:<11} {median * 1000:7.3f}")
    print(f"  {'(sum)':<11} {summed * 1000:7.3f}")
    print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""Session server benchmarks: `python benchmarks/bench_server.py [--quick]`.

Prints medians and ratios, not pass/fail. The server runs as a real `tabletop serve`
subprocess (memory store, then SQLite in a temp dir); the clients run in this process.

1. Move latency: submission → acknowledgement (`result`), one console submitting one move at a
   time, as a ratio to a raw aiohttp WebSocket echo server measured in the same run (target: median ≤ 3×).
2. Fan-out: 50 connected seats each submitting messages addressed to everyone; time from a
   submission until its event has reached every seat (target: p99 < 50 ms on loopback).
3. Server RSS with 100 connected seats (target: < 150 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ECHO_SERVER = r"""
import asyncio, sys
from aiohttp import web, WSMsgType

async def ws(request):
    sock = web.WebSocketResponse(max_msg_size=1 << 20)
    await sock.prepare(request)
    async for msg in sock:
        if msg.type == WSMsgType.TEXT:
            await sock.send_str(msg.data)
    return sock

async def main():
    app = web.Application()
    app.router.add_get("/ws", ws)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", int(sys.argv[1])).start()
    print("Ready.", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_bench_scenario(folder: Path, seats: int = 100) -> Path:
    """A scenario with `seats` player seats on one side and a pack giving each a free action.
    (A free action is announced to the actor's whole side, so its cost grows with the seats.)"""
    roles = [f"b.p{i:03d}" for i in range(1, seats + 1)]
    pack = {
        "format": "tabletop-doctrine/1", "id": "bench", "title": {"en": "Bench pack", "ja": "ベンチ"},
        "sides": [{"id": "blue", "title": {"en": "Blue", "ja": "青"}},
                  {"id": "control", "title": {"en": "Control", "ja": "統制"}}],
        "roles": [{"id": r, "side": "blue", "title": {"en": f"Player {r}", "ja": r}} for r in roles]
        + [{"id": "control", "side": "control", "kind": "control", "title": {"en": "Control", "ja": "統制"}},
           {"id": "evaluator", "side": "control", "kind": "evaluator", "title": {"en": "Evaluator", "ja": "評価者"}}],
        "situations": [{"id": "none", "title": {"en": "Peacetime", "ja": "平時"}}],
        "actions": [{"id": "b.note", "label": {"en": "Note", "ja": "注"}, "roles": roles,
                     "citations": [{"instrument": "Bench Act", "article": "Art. 1", "verified": True}]}],
    }
    scenario = {
        "format": "tabletop/1", "id": "bench", "title": {"en": "Bench", "ja": "ベンチ"}, "doctrine": "bench-pack.yaml",
        "start": "2027-04-05T06:50:00+09:00", "clock": {"mode": "compressed", "speed": 1},
        "objectives": [{"id": "OBJ1", "text": {"en": "x", "ja": "x"}, "capability": {"en": "x", "ja": "x"}}],
        "seats": roles, "evaluators": 0,
        "injects": [{"id": "I01", "manual": True, "to": ["*"], "title": {"en": "t", "ja": "t"},
                     "body": {"en": "b", "ja": "b"}}],
    }
    (folder / f"bench{seats}-pack.yaml").write_text(json.dumps(pack, ensure_ascii=False), encoding="utf-8")
    scenario["doctrine"] = f"bench{seats}-pack.yaml"
    path = folder / f"bench{seats}.yaml"
    path.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
    return path


class Process:
    def __init__(self, args: list[str], cwd: str):
        self.proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in self.proc.stdout:
            if line.startswith("Ready."):
                break
        else:
            raise RuntimeError("server did not start")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_tabletop(folder: Path, scenario: Path, db: str) -> tuple[Process, str, dict[str, str]]:
    port = free_port()
    codes_file = folder / f"codes-{port}.txt"
    proc = Process([sys.executable, "-m", "tabletop", "serve", str(scenario), "--port", str(port), "--db", db,
                    "--codes-file", str(codes_file), "--pace", "0"], cwd=str(folder))  # one seat sends back to back
    from tabletop.server.codes import parse_codes_file

    return proc, f"ws://127.0.0.1:{port}/ws", parse_codes_file(codes_file.read_text())


class Seat:
    """A bare protocol connection that timestamps every event it receives."""

    def __init__(self, http: aiohttp.ClientSession, url: str, code: str):
        self.http, self.url, self.code = http, url, code
        self.received: dict[int, float] = {}
        self.results: dict[str, asyncio.Future] = {}
        self.ws = None
        self.reader = None

    async def join(self) -> dict:
        for attempt in range(50):
            try:
                self.ws = await self.http.ws_connect(self.url, max_msg_size=0)
                break
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
                # Past 64 sockets joining at once from one address the server closes the rest (as
                # from a venue's NAT); they try again, as tabletop.client does, with a backoff.
                await asyncio.sleep(0.05 * (attempt + 1))
        await self.ws.send_str(json.dumps({"type": "hello", "protocol": 1, "code": self.code, "resume_from": 0}))
        welcome = json.loads((await self.ws.receive()).data)
        assert welcome["type"] == "welcome", welcome
        self.reader = asyncio.create_task(self._read())
        return welcome

    async def _read(self) -> None:
        async for msg in self.ws:
            t = time.perf_counter()
            data = json.loads(msg.data)
            if data["type"] == "event":
                self.received[data["event"]["seq"]] = t
            elif data["type"] == "result":
                fut = self.results.pop(data["id"], None)
                if fut is not None:
                    fut.set_result((t, data))

    async def send(self, command: dict, cid: str) -> tuple[float, dict]:
        fut = asyncio.get_running_loop().create_future()
        self.results[cid] = fut
        await self.ws.send_str(json.dumps({"type": "command", "id": cid, "command": command}))
        return await fut

    async def close(self) -> None:
        if self.reader:
            self.reader.cancel()
        await self.ws.close()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def ms(x: float) -> str:
    return f"{x * 1000:7.3f} ms"


async def echo_latency(n: int) -> list[float]:
    port = free_port()
    proc = Process([sys.executable, "-c", ECHO_SERVER, str(port)], cwd=".")
    try:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"ws://127.0.0.1:{port}/ws")
            payload = json.dumps({"type": "command", "id": "x" * 32,
                                  "command": {"type": "action", "action": "b.note", "text": "bench"}})
            out = []
            for _ in range(n + 50):
                t0 = time.perf_counter()
                await ws.send_str(payload)
                await ws.receive()
                out.append(time.perf_counter() - t0)
            await ws.close()
            return out[50:]
    finally:
        proc.stop()


def bare_commit(folder: Path, n: int, idle: float = 0.0) -> list[float]:
    """The disk's floor: one small row committed in WAL mode with synchronous=FULL, as the log
    does, back to back or after `idle` seconds (some virtual disks flush slower after a pause)."""
    import sqlite3

    db = sqlite3.connect(folder / f"floor-{idle}.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (x TEXT)")
    out = []
    for _ in range(n):
        if idle:
            time.sleep(idle)
        t0 = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t VALUES (?)", ("x" * 300,))
        db.execute("COMMIT")
        out.append(time.perf_counter() - t0)
    db.close()
    return out


async def move_latency(url: str, codes: dict[str, str], n: int) -> tuple[list[float], list[float]]:
    """(raw protocol latencies, latencies through tabletop.client.Client)."""
    from tabletop.client import Client

    async with aiohttp.ClientSession() as http:
        control = Seat(http, url, codes["control"])
        await control.join()
        await control.send({"type": "start"}, "start")
        seat = Seat(http, url, codes["b.p001"])
        await seat.join()
        raw = []
        for i in range(n + 50):
            t0 = time.perf_counter()
            t1, result = await seat.send({"type": "action", "action": "b.note", "text": "bench"}, f"lat-{i}")
            assert result["status"] == "accepted", result
            raw.append(t1 - t0)
        await seat.close()
        client = Client(url, codes["b.p002"])
        await client.connect()
        lib = []
        for i in range(n // 2 + 20):
            t0 = time.perf_counter()
            result = await client.send({"type": "action", "action": "b.note", "text": "bench"})
            lib.append(time.perf_counter() - t0)
        await client.close()
        await control.close()
        return raw[50:], lib[20:]


async def fan_out(url: str, codes: dict[str, str], seats: int, *, burst_rounds: int = 0,
                  rate: float = 1.0, duration: float = 0.0) -> list[float]:
    """Messages addressed to everyone from each of `seats` seats; per event, submission → last seat.

    Steady (`duration` > 0): each seat submits at random (Poisson) times, `rate` moves per second
    per seat. Burst (`burst_rounds` > 0): all seats submit at once, then again as soon as their result
    is back — a stress test far beyond any real exercise."""
    import random

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        control = Seat(http, url, codes["control"])
        await control.join()
        await control.send({"type": "start"}, f"fan-start-{time.time()}")
        players = [Seat(http, url, codes[f"b.p{i:03d}"]) for i in range(1, seats + 1)]
        await asyncio.gather(*(p.join() for p in players))
        # Let every seat take in the backlog a new console receives before measuring anything.
        _, marker = await control.send({"type": "adhoc", "to": ["*"], "title": "sync", "body": "sync"},
                                       f"sync-{time.time()}")
        while not all(marker["first_seq"] in p.received for p in players):
            await asyncio.sleep(0.01)
        sent_at: dict[int, float] = {}
        tag = time.time()

        async def burst(p: Seat, k: int):
            for r in range(burst_rounds):
                t0 = time.perf_counter()
                _, result = await p.send({"type": "message", "to": ["*"], "text": f"r{r} from {k}"},
                                         f"burst-{tag}-{k}-{r}")
                sent_at[result["first_seq"]] = t0

        async def steady(p: Seat, k: int):
            end = time.perf_counter() + duration
            r = 0
            while True:
                await asyncio.sleep(random.expovariate(rate))
                if time.perf_counter() > end:
                    return
                t0 = time.perf_counter()
                _, result = await p.send({"type": "message", "to": ["*"], "text": f"s{r} from {k}"},
                                         f"steady-{tag}-{k}-{r}")
                sent_at[result["first_seq"]] = t0
                r += 1

        play = burst if burst_rounds else steady
        await asyncio.gather(*(play(p, k) for k, p in enumerate(players)))
        everyone = players + [control]
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not all(all(seq in p.received for seq in sent_at) for p in everyone):
            await asyncio.sleep(0.01)
        delays = [max(p.received[seq] for p in players) - t0 for seq, t0 in sent_at.items()]
        for p in everyone:
            await p.close()
        return delays


async def rss_with(proc: Process, url: str, codes: dict[str, str], seats: int) -> tuple[float, float]:
    base = proc.rss_mb()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        players = [Seat(http, url, codes[f"b.p{i:03d}"]) for i in range(1, seats + 1)]
        await asyncio.gather(*(p.join() for p in players))
        await asyncio.gather(*(p.send({"type": "action", "action": "b.note", "text": "hello"}, f"rss-{k}")
                               for k, p in enumerate(players)))
        await asyncio.sleep(0.5)
        loaded = proc.rss_mb()
        for p in players:
            await p.close()
    return base, loaded


async def main(quick: bool) -> None:
    n = 300 if quick else 2000
    n_sqlite = 150 if quick else 500
    duration = 4.0 if quick else 15.0
    rounds = 3 if quick else 10
    print(f"tabletop session server benchmark — python {sys.version.split()[0]}, {os.cpu_count()} CPU(s); "
          "server = `tabletop serve` subprocess, clients in this process")
    echo = await echo_latency(n)
    e50, e99 = statistics.median(echo), pct(echo, 99)
    print(f"\nraw aiohttp WebSocket echo (baseline):          median {ms(e50)}   p99 {ms(e99)}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = write_bench_scenario(folder, 10)
        large = write_bench_scenario(folder, 100)
        for label in ("memory", "sqlite"):
            def db(name: str) -> str:
                return ":memory:" if label == "memory" else str(folder / f"{name}.db")

            print(f"\n== store: {label} ==")
            if label == "sqlite":
                for idle in (0.0, 0.001):
                    floor = bare_commit(folder, n_sqlite, idle)
                    print(f"bare SQLite commit (WAL, synchronous=FULL), {'back to back' if not idle else 'after 1 ms idle'}: "
                          f"median {ms(statistics.median(floor))}   p99 {ms(pct(floor, 99))}")
            proc, url, codes = start_tabletop(folder, small, db("latency"))
            try:
                count = n if label == "memory" else n_sqlite
                raw, lib = await move_latency(url, codes, count)
                m50, m99 = statistics.median(raw), pct(raw, 99)
                print(f"move → ack, 10-seat exercise ({len(raw)} moves): median {ms(m50)}   p99 {ms(m99)}   "
                      f"vs echo: median {m50 / e50:4.1f}×  p99 {m99 / e99:4.1f}×")
                l50, l99 = statistics.median(lib), pct(lib, 99)
                print(f"  same through tabletop.client.Client:     median {ms(l50)}   p99 {ms(l99)}   "
                      f"vs echo: median {l50 / e50:4.1f}×")
            finally:
                proc.stop()
            proc, url, codes = start_tabletop(folder, large, db("fanout"))
            try:
                raw, _ = await move_latency(url, codes, count // 2)
                print(f"move → ack, 100-seat exercise:             median {ms(statistics.median(raw))}   "
                      f"p99 {ms(pct(raw, 99))}   vs echo: median {statistics.median(raw) / e50:4.1f}×")
                cpu0 = proc.cpu_seconds()
                delays = await fan_out(url, codes, 50, rate=1.0, duration=duration)
                cpu = proc.cpu_seconds() - cpu0
                print(f"fan-out, 50 seats each submitting ~1 move/s ({len(delays)} events to all 50): "
                      f"median {ms(statistics.median(delays))}   p99 {ms(pct(delays, 99))}   "
                      f"(server CPU {cpu / len(delays) * 1000:.2f} ms per event)")
                delays = await fan_out(url, codes, 50, burst_rounds=rounds)
                print(f"fan-out, 50 seats submitting all at once, {rounds} rounds ({len(delays)} events): "
                      f"median {ms(statistics.median(delays))}   p99 {ms(pct(delays, 99))}")
                base, loaded = await rss_with(proc, url, codes, 100)
                print(f"server RSS: {base:6.1f} MB before, {loaded:6.1f} MB with 100 seats connected "
                      f"(after {codes and 'the runs above'})")
            finally:
                proc.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    asyncio.run(main(parser.parse_args().quick))

"""Session server benchmarks: `python benchmarks/bench_server.py [--quick] [--only PART]`.

Prints medians and ratios, not pass/fail. The server runs as a real `tabletop serve`
subprocess (memory store, then SQLite in a temp dir). The measuring clients run in this process;
the crowds of the fan-out runs and the flooding seat run in client processes of their own.

1. Move latency: submission → acknowledgement (`result`), one console submitting one move at a
   time, as a ratio to a raw aiohttp WebSocket echo plus one bare durable SQLite commit, one of
   each measured right after each move (target: median ≤ 1.5×).
2. A bystander's move → ack p99 beside a seat flooding on 4 connections, at the default pace,
   as a ratio to its quiet p99 (target ≤ 2×).
3. Fan-out: an inject to everyone with 200 connections open (target p99 < 20 ms); 50 seats
   submitting messages to everyone at once, 10 rounds (target p99 < 100 ms).
4. Server RSS with 200 connections in a 5,000-event exercise (target < 100 MB).
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
from typing import Callable

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


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Process:
    def __init__(self, args: list[str], cwd: str):
        self.proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in self.proc.stdout:
            if line.startswith("Ready."):
                break
        else:
            raise RuntimeError("server did not start")
        # Keep reading what it prints (its log): a full pipe would stop the server mid-run.
        import threading

        self.output: list[str] = []
        threading.Thread(target=lambda: self.output.extend(self.proc.stdout), daemon=True).start()

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_tabletop(folder: Path, scenario: Path, db: str, pace: str = "0") -> tuple[Process, str, dict[str, str]]:
    """`pace` 0 (no limit) by default: the latency runs send one seat's moves back to back."""
    port = free_port()
    codes_file = folder / f"codes-{port}.txt"
    proc = Process([sys.executable, "-m", "tabletop", "serve", str(scenario), "--port", str(port), "--db", db,
                    "--codes-file", str(codes_file), "--pace", pace], cwd=str(folder))
    from tabletop.server.codes import parse_codes_file

    return proc, f"ws://127.0.0.1:{port}/ws", parse_codes_file(codes_file.read_text())


EVENT_PREFIX = '{"type":"event","event":{"seq":'  # how the server begins an `event` message


class Seat:
    """A bare protocol connection that timestamps every event it receives."""

    def __init__(self, http: aiohttp.ClientSession, url: str, code: str):
        self.http, self.url, self.code = http, url, code
        self.received: dict[int, float] = {}
        self.results: dict[str, asyncio.Future] = {}
        self.ws = None
        self.reader = None
        self.on_event = None  # called with (seq, time) for each event received

    async def join(self, resume_from: int = 0, read: bool = True) -> dict:
        """Join; `read`: a task of its own reads what arrives (else `exchange` reads inline)."""
        for attempt in range(50):
            try:
                self.ws = await self.http.ws_connect(self.url, max_msg_size=0)
                break
            except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
                # Past 64 sockets joining at once from one address the server closes the rest (as
                # from a venue's NAT); they try again, as tabletop.client does, with a backoff.
                await asyncio.sleep(0.05 * (attempt + 1))
        await self.ws.send_str(json.dumps({"type": "hello", "protocol": 1, "code": self.code,
                                           "resume_from": resume_from}))
        welcome = json.loads((await self.ws.receive()).data)
        assert welcome["type"] == "welcome", welcome
        if read:
            self.reader = asyncio.create_task(self._read())
        return welcome

    async def _read(self) -> None:
        async for msg in self.ws:
            t = time.perf_counter()
            text = msg.data
            if text.startswith(EVENT_PREFIX):
                # Only an event's seq is needed, and the server writes it first: read just that. The
                # consoles share the machine's 2 cores with the server, and parsing each event whole
                # (as a console on a machine of its own would) cost the crowd more than the server.
                seq = int(text[len(EVENT_PREFIX):text.index(",", len(EVENT_PREFIX))])
                self.received[seq] = t
                if self.on_event is not None:
                    self.on_event(seq, t)
                continue
            data = json.loads(text)
            if data["type"] == "result":
                fut = self.results.pop(data["id"], None)
                if fut is not None:
                    fut.set_result((t, data))

    async def send(self, command: dict, cid: str) -> tuple[float, dict]:
        fut = asyncio.get_running_loop().create_future()
        self.results[cid] = fut
        await self.ws.send_str(json.dumps({"type": "command", "id": cid, "command": command}))
        return await fut

    async def exchange(self, command: dict, cid: str) -> dict:
        """Send a command and read what arrives until its result, in this task (as the echo
        baseline reads its reply): the events before it are not parsed, only the result is."""
        await self.ws.send_str(json.dumps({"type": "command", "id": cid, "command": command}))
        while True:
            text = (await self.ws.receive()).data
            if not text.startswith(EVENT_PREFIX):
                data = json.loads(text)
                if data["type"] == "result" and data["id"] == cid:
                    return data

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


class Echo:
    """The network's floor: a raw aiohttp WebSocket echo server (a process of its own) and one
    connection to it; `round_trip()` sends a command-sized message and waits for it back."""

    async def __aenter__(self) -> "Echo":
        port = free_port()
        self.proc = Process([sys.executable, "-c", ECHO_SERVER, str(port)], cwd=".")
        self.http = aiohttp.ClientSession()
        self.ws = await self.http.ws_connect(f"ws://127.0.0.1:{port}/ws")
        self.payload = json.dumps({"type": "command", "id": "x" * 32,
                                   "command": {"type": "action", "action": "b.note", "text": "bench"}})
        return self

    async def round_trip(self) -> float:
        t0 = time.perf_counter()
        await self.ws.send_str(self.payload)
        await self.ws.receive()
        return time.perf_counter() - t0

    async def back_to_back(self, n: int) -> list[float]:
        """`n` round trips one after another (after 50 not counted): the echo at its warmest."""
        return [await self.round_trip() for _ in range(n + 50)][50:]

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()
        await self.http.close()
        self.proc.stop()


class Floor:
    """The disk's floor: one small row committed in WAL mode with synchronous=FULL, as the log does."""

    def __init__(self, folder: Path):
        import sqlite3

        self.db = sqlite3.connect(folder / f"floor-{time.time()}.db", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE t (x TEXT)")

    def commit(self) -> float:
        t0 = time.perf_counter()
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT INTO t VALUES (?)", ("x" * 300,))
        self.db.execute("COMMIT")
        return time.perf_counter() - t0


def store_commit(folder: Path, n: int) -> dict[str, list[float]]:
    """The log's own commit of one move (`SqliteStore.append_batch`: its event, its command's
    outcome and the log's head, hash chained) beside a bare one-row commit, alternately."""
    from tabletop.engine.events import Event
    from tabletop.store import SqliteStore

    store = SqliteStore(folder / f"store-{time.time()}.db", "bench")
    floor = Floor(folder)
    out: dict[str, list[float]] = {"store": [], "commit": []}
    for seq in range(1, n + 1):
        e = Event("MoveSubmitted", "b.p001", float(seq), "2027-04-05T06:50:00.000Z",
                  {"action": "b.note", "text": "bench", "side": "blue"}, None, seq)
        t0 = time.perf_counter()
        store.append_batch([([e], f"b.p001/lat-{seq}", {"status": "accepted", "first_seq": seq, "last_seq": seq})])
        out["store"].append(time.perf_counter() - t0)
        out["commit"].append(floor.commit())
    store.close()
    return out


async def move_latency(url: str, codes: dict[str, str], n: int, echo: Echo, floor: Floor | None = None
                       ) -> dict[str, list[float]]:
    """Move → ack of one console submitting one move at a time, each move beside one echo round
    trip and (with `floor`) one bare commit, so that all three see the machine and the disk in
    the same state (the disk's commit time swings several-fold within minutes here); and move →
    ack through tabletop.client.Client. Lists of seconds: "move", "echo", "commit", "client"."""
    from tabletop.client import Client

    out: dict[str, list[float]] = {"move": [], "echo": [], "commit": [], "client": []}
    # Control's console stays open (the server sends it every move) in a process of its own, as
    # on the facilitator's machine: reading it here would add its work to this console's timings.
    async with Crowd(processes=1) as crowd, aiohttp.ClientSession() as http:
        control = Seat(http, url, codes["control"])
        await control.join()
        await control.send({"type": "start"}, "start")
        await control.close()
        await crowd.join(url, [codes["control"]])
        seat = Seat(http, url, codes["b.p001"])
        await seat.join(read=False)
        for i in range(n + 50):
            t0 = time.perf_counter()
            result = await seat.exchange({"type": "action", "action": "b.note", "text": "bench"}, f"lat-{i}")
            moved = time.perf_counter() - t0
            assert result["status"] == "accepted", result
            echoed = await echo.round_trip()
            committed = floor.commit() if floor is not None else 0.0
            if i >= 50:
                out["move"].append(moved)
                out["echo"].append(echoed)
                out["commit"].append(committed)
        await seat.close()
        client = Client(url, codes["b.p002"])
        await client.connect()
        for i in range(n // 2 + 20):
            t0 = time.perf_counter()
            await client.send({"type": "action", "action": "b.note", "text": "bench"})
            if i >= 20:
                out["client"].append(time.perf_counter() - t0)
        await client.close()
    return out


CROWD_PROCESSES = 2  # client processes the fan-out runs spread their connections over


class Crowd:
    """Consoles in client processes of their own (`bench_server.py --crowd`), as on many machines:
    each process timestamps what its connections receive (perf_counter: the system's monotonic
    clock, the same in every process) and says, per event, when its last connection had it."""

    def __init__(self, processes: int = CROWD_PROCESSES):
        self.processes = processes
        self.workers: list[asyncio.subprocess.Process] = []

    async def __aenter__(self) -> "Crowd":
        for _ in range(self.processes):
            self.workers.append(await asyncio.create_subprocess_exec(
                sys.executable, __file__, "--crowd", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                limit=1 << 24))
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ask_all({"op": "close"})
        for w in self.workers:
            await w.wait()

    def cpu_seconds(self) -> float:
        """The CPU time the crowd's processes have used so far (what the consoles cost)."""
        return sum(cpu_seconds(w.pid) for w in self.workers)

    async def ask(self, worker: asyncio.subprocess.Process, request: dict) -> dict:
        worker.stdin.write((json.dumps(request) + "\n").encode())
        await worker.stdin.drain()
        return json.loads(await worker.stdout.readline())

    async def ask_all(self, request: dict | list[dict]) -> list[dict]:
        requests = request if isinstance(request, list) else [request] * len(self.workers)
        return await asyncio.gather(*(self.ask(w, r) for w, r in zip(self.workers, requests)))

    async def join(self, url: str, codes: list[str]) -> int:
        """Spread connections with these codes over the processes; the last seq they were welcomed at."""
        parts = [codes[k::len(self.workers)] for k in range(len(self.workers))]
        replies = await self.ask_all([{"op": "join", "url": url, "codes": part} for part in parts])
        return max(r["last_seq"] for r in replies)

    async def last_received(self, seqs: list[int], timeout: float = 30.0) -> dict[int, float]:
        """For each seq, when the last connection of the crowd received it."""
        out: dict[int, float] = {}
        for reply in await self.ask_all({"op": "wait", "seqs": seqs, "timeout": timeout}):
            for seq, t in reply["times"].items():
                out[int(seq)] = max(out.get(int(seq), 0.0), t)
        return out


async def crowd_main() -> None:
    """A client process of a `Crowd`: requests on stdin, one JSON line each; replies on stdout."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    seats: list[Seat] = []
    pourers: list[asyncio.Task] = []
    counts: dict[int, int] = {}
    last: dict[int, float] = {}
    changed = asyncio.Event()

    def on_event(seq: int, t: float) -> None:
        counts[seq] = counts.get(seq, 0) + 1
        last[seq] = t
        if counts[seq] == len(seats):
            changed.set()

    def reply(message: dict) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    while line := await reader.readline():
        request = json.loads(line)
        op = request["op"]
        if op == "join":
            new = [Seat(http, request["url"], code) for code in request["codes"]]
            welcomes = []
            for k in range(0, len(new), 50):
                welcomes += await asyncio.gather(*(p.join() for p in new[k:k + 50]))
            for p in new:
                p.on_event = on_event
            seats += new
            reply({"last_seq": max(w["last_seq"] for w in welcomes)})
        elif op == "wait":
            seqs, deadline = request["seqs"], time.perf_counter() + request["timeout"]
            while not all(counts.get(s, 0) >= len(seats) for s in seqs) and time.perf_counter() < deadline:
                changed.clear()
                try:
                    await asyncio.wait_for(changed.wait(), max(0.0, deadline - time.perf_counter()))
                except asyncio.TimeoutError:
                    pass
            reply({"times": {s: last[s] for s in seqs if counts.get(s, 0) >= len(seats)}})
        elif op == "burst":
            sent: dict[int, float] = {}

            async def burst(p: Seat, k: int) -> None:
                for r in range(request["rounds"]):
                    t0 = time.perf_counter()
                    _, result = await p.send({"type": "message", "to": ["*"], "text": f"r{r} from {k}"},
                                             f"burst-{request['tag']}-{k}-{r}")
                    sent[result["first_seq"]] = t0
            await asyncio.gather(*(burst(p, k) for k, p in enumerate(seats)))
            reply({"sent": sent})
        elif op == "flood":  # every connection pipelines commands, 100 at a time, until "close"
            async def pour(p: Seat, k: int) -> None:
                r = 0
                while True:
                    for _ in range(100):
                        r += 1
                        command = {"type": "action", "action": "b.note", "text": "x"}
                        await p.ws.send_str(json.dumps({"type": "command", "id": f"flood-{k}-{r}", "command": command}))
                    await asyncio.sleep(0.001)
            pourers = [asyncio.create_task(pour(p, k)) for k, p in enumerate(seats)]
            reply({})
        elif op == "close":
            for t in pourers:
                t.cancel()  # a flooder may be stuck in a full socket: the server reads it at its pace
            await asyncio.gather(*pourers, return_exceptions=True)
            for p in seats:
                await p.close()
            await http.close()
            reply({})
            return


async def inject_fan_out(url: str, codes: dict[str, str], conns: int, n: int,
                         cpu: Callable[[], float] = lambda: 0.0) -> tuple[list[float], float, float]:
    """An ad hoc inject to everyone with `conns` connections open (in the crowd's processes):
    control's command → the last connection holding it; and the CPU seconds an inject took in
    the server (`cpu`: its CPU time so far) and in the crowd's processes."""
    async with Crowd() as crowd, aiohttp.ClientSession() as http:
        control = Seat(http, url, codes["control"])
        await control.join()
        await crowd.join(url, [codes[f"b.p{i:03d}"] for i in range(1, conns + 1)])
        delays = []
        used, crowd_used = cpu(), crowd.cpu_seconds()
        for i in range(n):
            t0 = time.perf_counter()
            _, result = await control.send({"type": "adhoc", "to": ["*"], "title": "fan", "body": f"out {i}"},
                                           f"inject-{time.time()}-{i}")
            seq = result["first_seq"]
            delays.append((await crowd.last_received([seq]))[seq] - t0)
        used, crowd_used = (cpu() - used) / n, (crowd.cpu_seconds() - crowd_used) / n
        await control.close()
        return delays, used, crowd_used


async def burst_fan_out(url: str, codes: dict[str, str], seats: int, rounds: int,
                        cpu: Callable[[], float] = lambda: 0.0) -> tuple[list[float], float, float]:
    """`seats` seats (in the crowd's processes) each send a message to everyone, all at once, then
    again as soon as their result is back, `rounds` times — a stress test far beyond any real
    exercise. Per message: submission → the last of those seats receiving it."""
    async with Crowd() as crowd, aiohttp.ClientSession() as http:
        control = Seat(http, url, codes["control"])
        await control.join()
        await control.send({"type": "start"}, f"fan-start-{time.time()}")
        await crowd.join(url, [codes[f"b.p{i:03d}"] for i in range(1, seats + 1)])
        # Let every seat take in the backlog a new console receives before measuring anything.
        _, marker = await control.send({"type": "adhoc", "to": ["*"], "title": "sync", "body": "sync"},
                                       f"sync-{time.time()}")
        await crowd.last_received([marker["first_seq"]])
        sent: dict[int, float] = {}
        used, crowd_used = cpu(), crowd.cpu_seconds()
        for reply in await crowd.ask_all({"op": "burst", "rounds": rounds, "tag": time.time()}):
            sent.update({int(seq): t0 for seq, t0 in reply["sent"].items()})
        got = await crowd.last_received(sorted(sent))
        used, crowd_used = (cpu() - used) / rounds, (crowd.cpu_seconds() - crowd_used) / rounds
        await control.close()
        return [got[seq] - t0 for seq, t0 in sent.items()], used, crowd_used


async def fill_log(url: str, codes: dict[str, str], events: int, seats: int = 50) -> None:
    """Grow the log to about `events` events: moves from `seats` seats at once."""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        players = [Seat(http, url, codes[f"b.p{i:03d}"]) for i in range(1, seats + 1)]
        await asyncio.gather(*(p.join() for p in players))
        tag = time.time()

        async def play(p: Seat, k: int):
            for r in range(events // seats):
                await p.send({"type": "action", "action": "b.note", "text": f"fill {r} " + "x" * 200},
                             f"fill-{tag}-{k}-{r}")
        await asyncio.gather(*(play(p, k) for k, p in enumerate(players)))
        for p in players:
            await p.close()


async def rss_with(proc: Process, url: str, codes: dict[str, str], conns: int, last_seq: int) -> tuple[float, float]:
    """Server RSS before and with `conns` connections: most resuming 100 events back, one in ten
    from the start (their backlog read from the store)."""
    base = proc.rss_mb()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        players = [Seat(http, url, codes[f"b.p{i:03d}"]) for i in range(1, conns + 1)]
        for k in range(0, conns, 50):
            await asyncio.gather(*(p.join(0 if i % 10 == 0 else max(0, last_seq - 100))
                                   for i, p in enumerate(players[k:k + 50], start=k)))
        control = Seat(http, url, codes["control"])
        await control.join(10 ** 9)
        _, marker = await control.send({"type": "adhoc", "to": ["*"], "title": "m", "body": "m"}, f"rss-{time.time()}")
        while not all(marker["first_seq"] in p.received for p in players):  # every backlog sent
            await asyncio.sleep(0.05)
        loaded = proc.rss_mb()
        await control.close()
        for p in players:
            await p.close()
    return base, loaded


async def flood_p99(url: str, codes: dict[str, str], n: int, flood: bool) -> list[float]:
    """A bystander's move → ack while (if `flood`) another seat pipelines commands on 4
    connections, from a process of its own (as from another machine: the bystander's
    timings are not taken in the flooder's event loop)."""
    async with Crowd(processes=1 if flood else 0) as crowd, \
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        bystander = Seat(http, url, codes["b.p002"])
        await bystander.join()
        if flood:
            await crowd.join(url, [codes["b.p003"]] * 4)
            await crowd.ask_all({"op": "flood"})
        out = []
        for i in range(n):
            t0 = time.perf_counter()
            await bystander.send({"type": "action", "action": "b.note", "text": "bystander"}, f"by-{flood}-{i}")
            out.append(time.perf_counter() - t0)
            await asyncio.sleep(0.1)  # a person's pace, inside the server's (20 a second)
        await bystander.close()
        return out


PARTS = ("latency", "flood", "fanout", "rss")


async def main(quick: bool, parts: tuple[str, ...] = PARTS) -> None:
    n = 300 if quick else 2000
    n_sqlite = 300 if quick else 1000
    rounds = 10
    print(f"tabletop session server benchmark — python {sys.version.split()[0]}, {os.cpu_count()} CPU(s); "
          "server = `tabletop serve` subprocess; crowds and the flood in processes of their own; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = write_bench_scenario(folder, 10)
        large = write_bench_scenario(folder, 200)
        if "latency" in parts:
            await latency_runs(folder, small, n, n_sqlite)
        if "flood" in parts:
            proc, url, codes = start_tabletop(folder, small, str(folder / "flood.db"), pace="20")
            try:
                moves = 100 if quick else 400  # p99 of 100 is the second worst: it swung 1.7-11 ms run to run
                quiet = await flood_p99(url, codes, moves, False)
                flooded = await flood_p99(url, codes, moves, True)
                print(f"SQLite, default pace: a bystander's move → ack p99 {ms(pct(quiet, 99))} quiet, "
                      f"{ms(pct(flooded, 99))} beside a seat flooding on 4 connections "
                      f"({pct(flooded, 99) / pct(quiet, 99):4.2f}×, target ≤ 2×)")
            finally:
                proc.stop()
        if "fanout" in parts or "rss" in parts:
            await fan_out_runs(folder, large, quick, rounds, parts)
    print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


async def latency_runs(folder: Path, small: Path, n: int, n_sqlite: int) -> None:
    async with Echo() as echo:
        warm = statistics.median(await echo.back_to_back(n))
        print(f"\nraw aiohttp WebSocket echo, back to back:        median {ms(warm)}")
        proc, url, codes = start_tabletop(folder, small, ":memory:")
        try:
            got = await move_latency(url, codes, n, echo)
        finally:
            proc.stop()
        print(f"memory store: move → ack, 10 seats: median {ms(statistics.median(got['move']))}   "
              f"p99 {ms(pct(got['move'], 99))}   (echo beside each: median {ms(statistics.median(got['echo']))})")
        proc, url, codes = start_tabletop(folder, small, str(folder / f"latency-{time.time()}.db"))
        try:
            got = await move_latency(url, codes, n_sqlite, echo, Floor(folder))
        finally:
            proc.stop()
    e50, c50, m50 = (statistics.median(got[k]) for k in ("echo", "commit", "move"))
    print(f"beside each SQLite move: echo median {ms(e50)}, bare SQLite commit (WAL, synchronous=FULL) "
          f"median {ms(c50)}   p99 {ms(pct(got['commit'], 99))}")
    print(f"SQLite: move → ack, 10 seats ({len(got['move'])} moves): median {ms(m50)}   p99 {ms(pct(got['move'], 99))}   "
          f"vs echo + commit ({ms(e50 + c50)}): median {m50 / (e50 + c50):4.2f}×  (target ≤ 1.5×); "
          f"vs the back-to-back echo + commit: {m50 / (warm + c50):4.2f}×")
    l50 = statistics.median(got["client"])
    print(f"  back to back through tabletop.client.Client: median {ms(l50)}   vs echo + commit: "
          f"{l50 / (e50 + c50):4.2f}×; vs the back-to-back echo + commit: {l50 / (warm + c50):4.2f}×")
    got = store_commit(folder, n_sqlite)
    print(f"the log's commit of one move (event, command, head) median {ms(statistics.median(got['store']))} "
          f"beside a bare commit's {ms(statistics.median(got['commit']))}")


async def fan_out_runs(folder: Path, large: Path, quick: bool, rounds: int, parts: tuple[str, ...]) -> None:
    db = folder / f"fanout-{time.time()}.db"
    proc, url, codes = start_tabletop(folder, large, str(db))
    try:
        if "fanout" in parts:
            # The server's CPU time beside each figure: its own share, whatever else runs on the machine.
            delays, cpu, crowd = await inject_fan_out(url, codes, 200, 50 if quick else 200, proc.cpu_seconds)
            print(f"SQLite: inject to everyone, 200 connections ({len(delays)} injects): "
                  f"median {ms(statistics.median(delays))}   p99 {ms(pct(delays, 99))}   (target p99 < 20 ms)\n"
                  f"  CPU an inject: server {cpu * 1000:.1f} ms, the crowd's consoles {crowd * 1000:.1f} ms")
            delays, cpu, crowd = await burst_fan_out(url, codes, 50, rounds, proc.cpu_seconds)
            print(f"SQLite: 50 seats submitting at once, {rounds} rounds ({len(delays)} events to all 50): "
                  f"median {ms(statistics.median(delays))}   p99 {ms(pct(delays, 99))}   (target p99 < 100 ms)\n"
                  f"  CPU a round: server {cpu * 1000:.0f} ms, the crowd's consoles {crowd * 1000:.0f} ms")
        if "rss" not in parts:
            return
        await fill_log(url, codes, 5000)
    finally:
        proc.stop()
    # RSS in a server started afresh on that log (`serve --resume`), as after a restart.
    port = free_port()
    proc = Process([sys.executable, "-m", "tabletop", "serve", "--resume", str(db),
                    "--port", str(port), "--pace", "0"], cwd=str(folder))
    url = f"ws://127.0.0.1:{port}/ws"
    try:
        async with aiohttp.ClientSession() as http:
            probe = Seat(http, url, codes["control"])
            last = (await probe.join(10 ** 9))["last_seq"]
            await probe.close()
        base, loaded = await rss_with(proc, url, codes, 200, last)
        print(f"SQLite: server RSS {base:6.1f} MB resumed on a log of {last} events, {loaded:6.1f} MB with 200 "
              f"connections caught up (one in ten from the start)   (target < 100 MB)")
    finally:
        proc.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    parser.add_argument("--only", action="append", choices=PARTS,
                        help="run only this part (may be repeated); all of them by default")
    parser.add_argument("--crowd", action="store_true", help=argparse.SUPPRESS)  # a client process of a Crowd
    args = parser.parse_args()
    asyncio.run(crowd_main() if args.crowd else main(args.quick, tuple(args.only or PARTS)))

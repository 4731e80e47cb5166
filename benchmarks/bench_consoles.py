"""Console benchmarks: `python benchmarks/bench_consoles.py [--quick]`.

Prints medians and ratios, not pass/fail.

1. Cold start to the first screen, in a pseudo-terminal (160x45): `tabletop join` (participant
   console, after the server's welcome) and `tabletop facilitate` (facilitator console), each as
   a ratio to a bare Textual app started the same way in the same run (target: ≤ 1.5×), in wall
   time and in the CPU time the process used (steadier on a shared machine). With
   TABLETOP_EXIT_ON_FIRST_SCREEN=FILE the consoles note the time of their first refresh in FILE
   and quit; the bare app does the same. Process spawn to first screen, medians of N.
2. The facilitator console's key handling while 50 seats submit moves: an in-process, headless
   facilitator on a real server (own thread) of 50 player seats (bench_server's scenario), whose
   50 consoles (a process of their own) each submit a move every 0.2–0.6 s; time from a key press
   to the MSEL cursor having moved (target: max < 50 ms), and the CPU time the console's thread
   spent meanwhile (its own work, without the waits for a CPU on a loaded machine). The presses
   come 10–50 ms apart, as a facilitator holding ↓ would; the console leaves its full garbage
   collections to a pause in the keys (tabletop/consoles/collector.py).

`--only start` or `--only keys` runs one of the two.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import gc
import os
import random
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini.yaml"

BARE = r"""
import os, time
from pathlib import Path
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare")
    def on_mount(self):
        self.call_after_refresh(self.shown)
    def shown(self):
        Path(os.environ["TABLETOP_EXIT_ON_FIRST_SCREEN"]).write_text(repr(time.time()))
        self.exit()

Bare().run()
"""


def in_pty(argv: list[str], env: dict | None = None, timeout: float = 60,
           var: str = "TABLETOP_EXIT_ON_FIRST_SCREEN") -> tuple[float, float]:
    """(seconds from spawning `argv` in a fresh 160x45 pseudo-terminal to its first screen, CPU
    seconds the process used meanwhile). The program notes the time in the file named by `var`
    before it quits: TABLETOP_EXIT_ON_FIRST_SCREEN for the console itself (connected, welcomed,
    drawn), TABLETOP_EXIT_ON_FIRST_PAINT for its first frame. The CPU time, user + system, is what
    the start costs whatever else the machine is doing; the wall time also waits for the CPU."""
    stamp = Path(tempfile.mkdtemp(prefix="tabletop-bench-")) / "first-screen"
    env = dict(env or os.environ, **{var: str(stamp)})
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
    t0 = time.time()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    seen: list[bytes] = []
    drained = threading.Thread(target=_drain, args=(master, seen), daemon=True)
    drained.start()
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0 or not stamp.is_file():
        drained.join(5)
        shown = re.sub(r"\x1b\[[0-9;?<>=]*[a-zA-Z~]", "", b"".join(seen).decode(errors="replace"))
        raise RuntimeError(f"{' '.join(argv)} exited with {code} without noting its first screen:\n{shown[-2000:]}")
    return float(stamp.read_text()) - t0, usage.ru_utime + usage.ru_stime


def _drain(fd: int, seen: list[bytes]) -> None:
    try:
        while data := os.read(fd, 65536):
            seen.append(data)
    except OSError:
        pass
    finally:
        os.close(fd)


VAR = {False: "TABLETOP_EXIT_ON_FIRST_SCREEN", True: "TABLETOP_EXIT_ON_FIRST_PAINT"}


def user_env() -> dict:
    """The environment a console is started in, as on a user's machine: Python keeps the compiled
    modules (a user's install has them; PYTHONDONTWRITEBYTECODE, set in some shells and CI, would
    have every tabletop module compiled again at each start while the libraries' stay compiled),
    here in a cache of the benchmark's own so that nothing is written into the tree."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="tabletop-bench-pycache-")
    return env


def cold_start(n: int) -> None:
    from tabletop.consoles.embedded import EmbeddedServer

    workdir = tempfile.mkdtemp(prefix="tabletop-bench-")
    os.chdir(workdir)
    server = EmbeddedServer(str(MINI), None, None, "127.0.0.1", 0)
    started = server.start()
    env = user_env()
    py = sys.executable
    runs = {
        "bare Textual app": [py, "-c", BARE],
        # The floor: the same bare app that has also imported what a console cannot start without
        # (the protocol client's aiohttp; the command line's click; then the participant console's
        # own modules).
        "bare + aiohttp imported": [py, "-c", "import aiohttp\n" + BARE],
        "bare + aiohttp + click imported": [py, "-c", "import aiohttp, click\n" + BARE],
        "bare + the participant's imports": [py, "-c", "import tabletop.cli, tabletop.client.client, "
                                             "tabletop.consoles.app, tabletop.consoles.screens.participant\n" + BARE],
        "tabletop join (participant)": [py, "-m", "tabletop", "join", started.url, "--code", started.codes["blue.ops"]],
        "tabletop facilitate (facilitator)": [py, "-m", "tabletop", "facilitate", started.url, "--code",
                                              started.codes["control"]],
    }
    # The first frame a user sees (the connecting screen, drawn before the network client loads).
    paint = {"tabletop join, first frame": runs["tabletop join (participant)"],
             "tabletop facilitate, first frame": runs["tabletop facilitate (facilitator)"]}
    runs.update(paint)
    wall: dict[str, list[float]] = {k: [] for k in runs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    try:
        for name, argv in runs.items():  # compile and cache the modules, warm the file cache
            in_pty(argv, env, var=VAR[name in paint])
        for _ in range(n):
            for name, argv in runs.items():  # interleaved, so drift hits all alike
                w, c = in_pty(argv, env, var=VAR[name in paint])
                wall[name].append(w)
                cpu[name].append(c)
    finally:
        server.stop()
    print(f"cold start (median and fastest of {n}, 160x45 pty; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs); 'first frame' is the connecting screen, the others the console itself, "
          "connected and drawn; wall time, then the CPU time the process used:")
    base, base_cpu = statistics.median(wall["bare Textual app"]), statistics.median(cpu["bare Textual app"])
    for name in runs:
        med, c = statistics.median(wall[name]), statistics.median(cpu[name])
        target = "" if name.startswith("bare") else "  (target ≤ 1.5×)"
        ratio = "" if name == "bare Textual app" else f"  = {med / base:.2f}× / {c / base_cpu:.2f}× bare{target}"
        print(f"  {name:<36} wall {med * 1000:5.0f} ms (fastest {min(wall[name]) * 1000:4.0f})   "
              f"CPU {c * 1000:5.0f} ms (least {min(cpu[name]) * 1000:4.0f}){ratio}")


# -- key latency under load -------------------------------------------------------------

LOAD = r"""
import asyncio, json, random, sys
from tabletop.client import Client

url, codes = sys.argv[1], json.loads(sys.argv[2])

async def seat_loop(i, code, ready):
    client = Client(url, code)
    await client.connect()
    ready.append(i)
    if len(ready) == len(codes):
        print("ready", flush=True)
    rnd = random.Random(i)
    while True:
        await client.send({"type": "action", "action": "b.note", "text": f"load {i}"})
        await asyncio.sleep(rnd.uniform(0.2, 0.6))

async def main():
    ready = []
    await asyncio.gather(*(seat_loop(i, code, ready) for i, code in enumerate(codes)))

asyncio.run(main())
"""


def load_scenario(folder: Path, seats: int) -> Path:
    """bench_server's scenario of `seats` player seats with a free action each, and a second inject
    (the key presses move the facilitator's MSEL cursor between two rows)."""
    import json

    from bench_server import write_bench_scenario

    path = write_bench_scenario(folder, seats)
    scenario = json.loads(path.read_text(encoding="utf-8"))
    scenario["injects"].append(dict(scenario["injects"][0], id="I02"))
    path.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
    return path


def start_load(url: str, codes: list[str]) -> subprocess.Popen:
    """One console per seat submitting moves, in a process of their own (as on their own machines)."""
    import json

    proc = subprocess.Popen([sys.executable, "-c", LOAD, url, json.dumps(codes)],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise RuntimeError("the load generator did not connect")
    return proc


async def key_latency(presses: int, seats: int) -> None:
    from tabletop.consoles import collector

    collector.pause()  # as `tabletop facilitate` does (tabletop/consoles/collector.py)
    from textual import events

    from tabletop.consoles.app import ConsoleApp
    from tabletop.consoles.embedded import EmbeddedServer
    from tabletop.consoles.screens.facilitator import FacilitatorScreen
    from tabletop.consoles.widgets.msel_table import MselTable

    workdir = tempfile.mkdtemp(prefix="tabletop-bench-")
    os.chdir(workdir)
    server = EmbeddedServer(str(load_scenario(Path(workdir), seats)), None, None, "127.0.0.1", 0)
    started = server.start()
    app = ConsoleApp(started.url, started.control_code)
    load = None
    samples: list[float] = []
    work: list[float] = []  # CPU time of the console's thread from each key to its effect
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            while not (isinstance(app.screen, FacilitatorScreen) and app.screen._ready):
                await pilot.pause(0.01)
            screen = app.screen
            await pilot.press("s")
            while screen.view.state.phase != "running":
                await pilot.pause(0.01)
            load = start_load(started.url, [c for s, c in started.codes.items() if s.startswith("b.p")])
            await pilot.pause(2.0)  # let the flood settle in
            table = screen.query_one(MselTable)
            table.focus()
            events_before = screen.view.last_seq
            t_run = time.perf_counter()
            full = gc.get_stats()[2]["collections"]
            for i in range(presses):
                key = "down" if table.cursor_row == 0 else "up"
                target = 1 if key == "down" else 0
                t0, c0 = time.perf_counter(), time.thread_time()
                # As the terminal driver does: a Key message into the app's queue, behind whatever
                # events are already waiting there.
                app.post_message(events.Key(key, None))
                while table.cursor_row != target:
                    await asyncio.sleep(0.0005)
                samples.append(time.perf_counter() - t0)
                work.append(time.thread_time() - c0)  # the console's own work meanwhile, not the waits
                await pilot.pause(random.uniform(0.01, 0.05))
            elapsed = time.perf_counter() - t_run
            arrived = screen.view.last_seq - events_before
    finally:
        if load is not None:
            load.kill()
            load.wait()
        server.stop()
    full = gc.get_stats()[2]["collections"] - full  # during the presses
    print(f"facilitator key handling while {seats} consoles submit moves ({arrived / elapsed:.0f} events/s "
          f"reaching the console, {presses} key presses; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs; {full} full garbage collections during the presses):")
    for what, values in (("key to cursor moved", samples), ("the console thread's CPU meanwhile", work)):
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        print(f"  {what:<36} median {statistics.median(values) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
              f"max {values[-1] * 1000:6.1f} ms" + ("   (target < 50 ms)" if values is samples else ""))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--only", choices=["start", "keys"], help="run one of the two")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    cwd = os.getcwd()
    if args.only != "keys":
        cold_start(3 if args.quick else 9)
    os.chdir(cwd)
    if args.only != "start":
        asyncio.run(key_latency(40 if args.quick else 150, 50))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Replay benchmark: a jump to any point of a 5,000-event log (target < 100 ms).

A generated exercise is rehearsed into a SQLite log of at least 5,000 events. Figures
(median, 90th percentile and the worst of 300 jumps to random points, in milliseconds):
  open       read the log from the file, fold it once keeping snapshots, index the timeline
  jump       the state at a random point (nearest snapshot, then at most N-1 events folded)
  jump_view  the same plus what the facilitator console keeps besides the state (the replay
             console's projection, before Textual draws it)
  console    the replay console's whole jump (every panel set from the replayed state, 300
             lines of feed rebuilt), in a headless Textual app, before the terminal paints
  step       the console stepping one event on (→) from there
  fold_zero  baseline: the same points folded from the first event, without snapshots

Run: python benchmarks/bench_replay.py"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen import moves_yaml, scenario_yaml  # noqa: E402

import yaml  # noqa: E402

from tabletop.engine.core import replay as fold  # noqa: E402
from tabletop.rehearsal import MovesFile, rehearse  # noqa: E402
from tabletop.replay import Replay, Timeline, read_log  # noqa: E402
from tabletop.replay.fold import SNAPSHOT_EVERY  # noqa: E402
from tabletop.scenario.loader import load_scenario_text  # noqa: E402
from tabletop.session import Session  # noqa: E402
from tabletop.store import SqliteStore  # noqa: E402


def write_log(path: Path, injects: int = 400, moves: int = 4500) -> None:
    text = scenario_yaml(injects)
    loaded = load_scenario_text(text, str(Path(__file__).parent / "generated.yaml"))
    store = SqliteStore(path, "bench-replay")
    session = Session.create(loaded, store, loaded.scenario.start.astimezone(timezone.utc), scenario_text=text)
    rehearse(session, MovesFile.model_validate(yaml.safe_load(moves_yaml(injects, moves))))
    store.close()


def ms(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "long.db"
        write_log(db)
        opened: dict = {}

        def open_log() -> None:
            store = SqliteStore(db, create=False)
            played = read_log(store)
            store.close()
            opened.update(played=played, replay=Replay(played.initial(), played.events),
                          timeline=Timeline(played.events))

        open_ms = statistics.median(ms(open_log) for _ in range(5))
        played, replay = opened["played"], opened["replay"]
        from tabletop.consoles.screens.replay import ReplayView

        view = ReplayView(played, replay)
        n = len(played.events)
        points = [random.Random(k).randint(0, n) for k in range(300)]
        jumps = [ms(lambda p=p: replay.state_at(p)) for p in points]
        views = [ms(lambda p=p: view.goto(p)) for p in points]
        start = played.initial()
        zero = [ms(lambda p=p: fold(start, played.events[:p])) for p in points[:60]]
        console, steps = asyncio.run(console_jumps(played, points[:60]))
    print(f"log: {n} events ({db.name}), snapshots every {SNAPSHOT_EVERY} events")
    print(f"open       median {open_ms:7.1f} ms")
    for name, xs in (("jump", jumps), ("jump_view", views), ("console", console), ("step", steps),
                     ("fold_zero", zero)):
        p90 = statistics.quantiles(xs, n=10)[-1]
        print(f"{name:<10} median {statistics.median(xs):7.2f} ms   p90 {p90:7.2f} ms   worst {max(xs):7.2f} ms")
    print("target: a jump < 100 ms" + ("  (met)" if statistics.median(console) < 100 else "  (NOT met)"))


async def console_jumps(played, points: list[int]) -> list[float]:
    from tabletop.consoles.screens.replay import ReplayApp

    app = ReplayApp(played, 0)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        jumps, steps = [], []
        for p in points:
            jumps.append(ms(lambda p=p: app.console_screen.goto(p)))
            await pilot.pause()
            steps.append(ms(lambda: app.console_screen.action_step("event", 1)))
            await pilot.pause()
        return jumps, steps


if __name__ == "__main__":
    main()

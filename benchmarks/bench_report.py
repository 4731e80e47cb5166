"""Benchmark: the after-action report of a generated 5,000-event exercise.

    .venv/bin/python benchmarks/bench_report.py [--events 5000] [--runs 3]

Prints, as medians of a few runs, the time from the log to the HTML file
(target < 0.3 s) and to the PDF file (the log attached, the evidence appendix
printed; target < 3 s), then the whole command `tabletop report --format
html,pdf` as a user runs it a second time (Python's start and imports
included; target < 3.5 s), then the same command for the missile-launch
rehearsal in both languages (target < 2.5 s); and, as a baseline measured in
the same run, the time WeasyPrint takes for a plain document of 1,000
one-line paragraphs, so that runs on machines of different speed (or one
machine at busier times) compare.
The exercise is played by the rehearsal engine on the mini pack: injects with
decision points (some decided, some timed out), blocked attempts and rulings,
messages across sides with replies, observations, and a hotwash."""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PACK = REPO / "tests" / "fixtures" / "mini-pack.yaml"


def _t(seconds: int) -> str:
    return f'"+{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"'


def scenario_yaml(injects: int) -> str:
    lines = [
        "format: tabletop/1", "id: bench", "title: {en: Generated benchmark exercise, ja: ベンチマーク演習}",
        f"doctrine: {PACK}", "start: 2027-04-05T06:50:00+09:00", "clock: {mode: compressed, speed: 60}",
        "summary: {en: A long generated exercise., ja: 生成された長い演習。}", "poc: Benchmark cell",
        "objectives:",
        "  - {id: OBJ1, text: {en: Decide in time, ja: 期限内に決定する}, capability: {en: Decision-making, ja: 意思決定}}",
        "  - {id: OBJ2, text: {en: Coordinate, ja: 調整する}, capability: {en: Coordination, ja: 調整}}",
        "seats: [blue.lead, blue.ops, red.lead]", "injects:",
    ]
    for i in range(injects):
        lines += [f"  - id: I{i:04d}", f"    at: {_t(60 + i * 60)}", "    to: ['*']" if i % 3 else "    to: [blue.*]",
                  f"    title: {{en: 'Inject {i}: situation update', ja: 'インジェクト{i}：状況更新'}}",
                  "    body: {en: Something happened., ja: 何かが起きた。}",
                  f"    objectives: [{'OBJ1' if i % 2 else 'OBJ2'}]"]
        if i % 2 == 0:
            lines += ["    expected: [blue.approve]"]
        if i % 3 == 0:
            lines += ["    decisions:", f"      - id: D{i:04d}", "        to: blue.ops",
                      "        prompt: {en: 'Strike or hold?', ja: 打撃か待機か}", '        deadline: "+00:04"',
                      "        on_timeout: hold", "        options:",
                      "          - {id: strike, label: {en: Strike, ja: 打撃}, action: blue.strike}",
                      "          - {id: hold, label: {en: Hold, ja: 待機}, action: blue.hold}"]
    return "\n".join(lines) + "\n"


def moves_yaml(injects: int, messages_per_inject: int) -> str:
    lines = ["format: tabletop-moves/1", "moves:"]
    for i in range(injects):
        base = 60 + i * 60
        if i % 3 == 0 and i % 9 != 6:
            option = "strike" if i % 2 == 0 else "hold"
            if option == "strike":  # first attempt blocked (no approval yet), then approved and decided
                lines.append(f"  - {{at: {_t(base + 5)}, seat: blue.ops, decision: D{i:04d}, option: strike, "
                             f"text: 'strike now {i}'}}")
                lines.append(f"  - {{at: {_t(base + 6)}, seat: control, ruling: {{on: last-blocked, seat: blue.ops, "
                             f"verdict: uphold, reason: 'needs approval first ({i})'}}}}")
                lines.append(f"  - {{at: {_t(base + 10)}, seat: blue.lead, action: blue.approve, text: 'approved {i}'}}")
            lines.append(f"  - {{at: {_t(base + 20)}, seat: blue.ops, decision: D{i:04d}, option: {option}, "
                         f"text: 'decided {option} at {i}'}}")
        for k in range(messages_per_inject):
            t = base + 25 + k * 3
            if k % 2 == 0:
                lines.append(f"  - {{at: {_t(t)}, seat: blue.lead, message: {{to: [red.lead], "
                             f"text: 'Blue asks red about inject {i}, item {k}'}}}}")
            else:
                lines.append(f"  - {{at: {_t(t)}, seat: red.lead, message: {{to: [blue.lead], "
                             f"text: 'Red answers on inject {i}, item {k}'}}}}")
        rating = "PSMU"[i % 4]
        lines.append(f"  - {{at: {_t(base + 55)}, seat: evaluator, observation: {{objective: "
                     f"{'OBJ1' if i % 2 else 'OBJ2'}, rating: {rating}, text: 'observation on inject {i}'}}}}")
    end = 60 + injects * 60
    for seat in ("blue.lead", "blue.ops", "red.lead"):
        lines.append(f"  - {{at: {_t(end)}, seat: {seat}, hotwash: {{strengths: 'fast', improvements: 'slow'}}}}")
    return "\n".join(lines) + "\n"


def make_log(folder: Path, injects: int = 160, messages_per_inject: int = 28) -> tuple[Path, int]:
    """Play a generated exercise into folder/bench.db; return the path and its number of events."""
    from tabletop.rehearsal import load_moves, rehearse
    from tabletop.scenario import load_scenario
    from tabletop.session import Session
    from tabletop.store import SqliteStore

    scn = folder / "bench.yaml"
    scn.write_text(scenario_yaml(injects), encoding="utf-8")
    moves = folder / "bench.moves.yaml"
    moves.write_text(moves_yaml(injects, messages_per_inject), encoding="utf-8")
    loaded = load_scenario(str(scn))
    db = folder / "bench.db"
    store = SqliteStore(db, "bench")
    session = Session.create(loaded, store, loaded.scenario.start.astimezone(timezone.utc),
                             scenario_text=scn.read_text(encoding="utf-8"))
    rehearse(session, load_moves(str(moves)))
    n = store.last_seq
    store.close()
    return db, n


def reference_html(lines: int = 1000) -> str:
    """The baseline: a plain document of short paragraphs, no tables, links or SVG."""
    body = "".join(f"<p>Reference line {i}: the quick brown fox jumps over the lazy dog.</p>" for i in range(lines))
    return f"<html><head><style>p {{ margin: 0; font: 9pt 'DejaVu Sans'; }}</style></head><body>{body}</body></html>"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=5000, help="approximate number of events")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lang", default="en", choices=["en", "ja", "both"])
    args = ap.parse_args()

    from tabletop.report import write_report
    from tabletop.report.pdf import write_pdf

    injects = max(1, round(160 * args.events / 5000))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        db, n = make_log(folder, injects)
        rehearsal = folder / "ml.db"
        subprocess.run([sys.executable, "-m", "tabletop", "rehearse", "missile-launch", "--db", str(rehearsal)],
                       check=True, capture_output=True, cwd=REPO)
        print(f"generated exercise: {n} events ({injects} injects) in {time.perf_counter() - t0:.1f} s")
        write_pdf(reference_html(10), folder / "warm.pdf")  # WeasyPrint's first use reads the font list
        times: dict[str, list[float]] = {k: [] for k in ("html", "pdf", "command", "missile", "reference")}
        env = {**os.environ, "PYTHONPATH": str(REPO)}

        def timed(key: str, job) -> float:
            t = time.perf_counter()
            job()
            gc.collect()  # the job's garbage is collected in its time (WeasyPrint's is large)
            times[key].append(time.perf_counter() - t)
            return times[key][-1]

        def command(log: Path, lang: str, out: str) -> list[str]:
            return [sys.executable, "-m", "tabletop", "report", str(log), "--format", "html,pdf", "--lang", lang,
                    "-o", str(folder / out)]

        subprocess.run(command(db, args.lang, "warm"), check=True, capture_output=True, cwd=folder, env=env)
        for run in range(args.runs):
            h = timed("html", lambda: write_report(db, folder / "h", ("html",), args.lang, warn=lambda _: None))
            p = timed("pdf", lambda: write_report(db, folder / "p", ("pdf",), args.lang, warn=lambda _: None))
            c = timed("command", lambda: subprocess.run(command(db, args.lang, "c"), check=True, capture_output=True,
                                                        cwd=folder, env=env))
            m = timed("missile", lambda: subprocess.run(command(rehearsal, "both", "m"), check=True,
                                                        capture_output=True, cwd=folder, env=env))
            r = timed("reference", lambda: write_pdf(reference_html(), folder / "ref.pdf"))
            print(f"  run {run + 1}: HTML {h:.2f} s, PDF {p:.2f} s, the command {c:.2f} s, "
                  f"missile-launch --lang both {m:.2f} s, reference {r:.2f} s", flush=True)
        _summary(folder, n, args.lang, {k: statistics.median(v) for k, v in times.items()})


def _summary(folder: Path, n: int, lang: str, med: dict[str, float]) -> None:
    import pypdf

    pages = {name: len(pypdf.PdfReader(next((folder / name).glob("*-aar-*.pdf"))).pages) for name in ("p", "m")}
    ref = med["reference"]

    def line(label: str, key: str, target: float, what: str) -> None:
        print(f"{label:<28} median {med[key]:.2f} s ({med[key] / ref:.1f}x the reference; target < {target} s: "
              f"{'met' if med[key] < target else 'MISSED'}; {what})")

    print(f"events {n}, lang {lang}: PDF {pages['p']} pages; missile-launch --lang both: {pages['m']} pages")
    print(f"{'reference':<28} median {ref:.2f} s (WeasyPrint, 1,000 plain one-line paragraphs)")
    line("HTML", "html", 0.3, "from the log to the file")
    line("PDF (log attached)", "pdf", 3, "from the log to the file, evidence appendix printed")
    line("the whole command", "command", 3.5, "HTML + PDF, Python's start and imports included")
    line("missile-launch, both", "missile", 2.5, "the whole command, HTML + PDF")


if __name__ == "__main__":
    main()

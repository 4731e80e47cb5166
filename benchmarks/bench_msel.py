"""MSEL spreadsheets: export and import of a 1,000-inject MSEL, each against
openpyxl writing / reading the same workbook with no processing, measured in
the same run (targets: each < 1 s, and <= 2x its baseline).

- export: scenario -> rows -> styled workbook (widths, heights, merges) -> .xlsx,
  against openpyxl appending the same rows to plain sheets and saving.
- import: what `tabletop msel import` does — read, find the headings, build,
  check with the scenario's model and checks, write the YAML — against openpyxl
  opening the same workbook and reading every cell, in its default mode (the
  baseline) and in its read-only mode (which the import uses for a workbook
  without merged cells).

Run: python benchmarks/bench_msel.py   (medians of 5; the ratio is per pair)."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tabletop.msel.importer import import_msel
from tabletop.msel.writer import export, sheets
from tabletop.scenario import load_scenario
from tabletop.scenario.model import Scenario

PACK = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini-pack.yaml"
RUNS = 5


def offset(seconds: int) -> str:
    return f"+{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def scenario(injects: int) -> Scenario:
    """A planner-sized MSEL: every inject with a paragraph in both languages, sender, method and notes;
    a decision point with two options on every fifth."""
    items = []
    for i in range(injects):
        inj = {"id": f"I{i:04d}", "at": offset(i * 30), "to": ["blue.*"] if i % 2 else ["*"],
               "from": "Joint Staff J2", "method": "Secure phone",
               "title": {"en": f"Track update {i}", "ja": f"航跡情報 {i}"},
               "body": {"en": f"At {i} minutes past the hour the radar reported a second track heading east at "
                              "high speed; the assessment is that it may reach the coast within ten minutes. " * 2,
                        "ja": f"{i}分、レーダーが東へ高速で向かう第二の航跡を探知した。十分以内に沿岸に達するおそれがある。" * 2},
               "objectives": ["OBJ1"], "notes": "Expect the lead to ask for an assessment; give it after a minute."}
        if i % 5 == 0:
            inj["decisions"] = [{"id": f"D{i:04d}", "to": "blue.ops", "prompt": {"en": "Strike or hold?", "ja": "打撃か待機か"},
                                 "deadline": "+00:05", "on_timeout": "hold",
                                 "options": [{"id": "strike", "label": {"en": "Strike", "ja": "打撃"}, "action": "blue.strike"},
                                             {"id": "hold", "label": {"en": "Hold", "ja": "待機"}, "action": "blue.hold"}]}]
        items.append(inj)
    return Scenario.model_validate({
        "format": "tabletop/1", "id": "bench", "title": {"en": "Bench", "ja": "計測"}, "doctrine": str(PACK),
        "start": "2027-04-05T06:50:00+09:00", "clock": {"mode": "compressed", "speed": 4},
        "objectives": [{"id": "OBJ1", "text": {"en": "O", "ja": "オ"}, "capability": {"en": "C", "ja": "シ"}}],
        "seats": ["blue.lead", "blue.ops", "red.lead"], "injects": items})


def timed(fn) -> tuple[float, float]:
    """Wall time and this process's CPU time (the second is less disturbed by others on a shared machine)."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def paired(ours, *baselines) -> dict:
    """Alternate ours and the baselines so that all see the same load on a shared machine."""
    runs: list[list[tuple[float, float]]] = [[] for _ in range(1 + len(baselines))]
    for _ in range(RUNS):
        for k, fn in enumerate((ours, *baselines)):
            runs[k].append(timed(fn))
    wall = [statistics.median(w for w, _ in r) for r in runs]
    cpu = [statistics.median(c for _, c in r) for r in runs]
    out = {"median_s": round(wall[0], 3), "cpu_median_s": round(cpu[0], 3)}
    for k, name in enumerate(("baseline", "baseline_read_only")[: len(baselines)], start=1):
        out[f"{name}_median_s"] = round(wall[k], 3)
        out[f"ratio_to_{name}"] = round(wall[0] / wall[k], 2)
        out[f"cpu_ratio_to_{name}"] = round(cpu[0] / cpu[k], 2)
    out["target"] = "< 1 s and <= 2x the baseline"
    return out


def main() -> None:
    s = scenario(1000)
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        book = sheets(s)
        xlsx = folder / "msel.xlsx"

        def raw_write() -> None:
            wb = Workbook()
            wb.remove(wb.active)
            for sheet in book:
                ws = wb.create_sheet(sheet.kind)
                ws.append([c.heading for c in sheet.columns])
                for row in sheet.rows:
                    ws.append(row)
            wb.save(folder / "raw.xlsx")

        export_fig = paired(lambda: export(s, xlsx), raw_write)
        xlsx_kb = xlsx.stat().st_size // 1000

        def raw_read(read_only: bool = False) -> None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = load_workbook(xlsx, data_only=True, read_only=read_only)
            for ws in wb.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass

        out = folder / "back.yaml"

        def ours_import() -> None:  # what the command does: read, build, check at the cells, write the YAML
            out.write_text(import_msel(xlsx, out).text, encoding="utf-8")

        import_fig = paired(ours_import, raw_read, lambda: raw_read(read_only=True))
        # What `tabletop validate` would then spend reading the scenario written (not part of the import).
        import_fig["loader_reading_the_yaml_s"] = round(statistics.median(
            timed(lambda: load_scenario(str(out)))[0] for _ in range(RUNS)), 3)
    print(json.dumps({"injects": len(s.injects), "workbook_kb": xlsx_kb, "export_xlsx": export_fig,
                      "import_xlsx": import_fig}, indent=2))


if __name__ == "__main__":
    sys.exit(main())

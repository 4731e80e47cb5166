"""MSEL spreadsheets: export and import of a 1,000-inject MSEL, each against
openpyxl writing / reading the same workbook with no processing, measured in
the same run (targets: each < 1 s, and <= 2x its baseline).

- export: scenario -> rows -> styled workbook (widths, heights, merges) -> .xlsx,
  against openpyxl appending the same rows to plain sheets and saving.
- import: what `tabletop msel import` does — read, find the headings, build,
  check with the scenario's model and checks, write the YAML, load it back —
  against openpyxl opening the same workbook and reading every cell.

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


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def paired(ours, baseline) -> dict:
    """Alternate the two so that both see the same load on a shared machine."""
    a, b = [], []
    for _ in range(RUNS):
        a.append(timed(ours))
        b.append(timed(baseline))
    mine, base = statistics.median(a), statistics.median(b)
    return {"median_s": round(mine, 3), "baseline_median_s": round(base, 3), "ratio": round(mine / base, 2),
            "target": "< 1 s and <= 2x"}


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

        def raw_read() -> None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = load_workbook(xlsx, data_only=True)
            for ws in wb.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass

        out = folder / "back.yaml"

        def ours_import() -> None:  # the whole command
            result = import_msel(xlsx, out)
            out.write_text(result.text, encoding="utf-8")
            load_scenario(str(out))

        import_fig = paired(ours_import, raw_read)
        # Its parts: up to the YAML text (read, headings, build, checks at the cells, YAML written), and the
        # scenario loader reading the written file back (the same loader as `tabletop validate`).
        import_fig["until_yaml_text_s"] = paired(lambda: import_msel(xlsx, out), raw_read)["median_s"]
        import_fig["loader_reading_the_yaml_s"] = round(statistics.median(
            timed(lambda: load_scenario(str(out))) for _ in range(RUNS)), 3)
    print(json.dumps({"injects": len(s.injects), "workbook_kb": xlsx_kb, "export_xlsx": export_fig,
                      "import_xlsx": import_fig}, indent=2))


if __name__ == "__main__":
    sys.exit(main())

"""`tabletop msel export`: the workbook a reviewer opens — one MSEL row per
inject in time order under a frozen two-language heading row, fitted and
wrapped columns, the decision points, objectives and settings on their own
sheets; and the same as CSV files Excel reads in Japanese."""

from __future__ import annotations

import csv
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from tabletop.engine.clock import format_offset
from tabletop.msel.writer import time_order
from tabletop.scenario import load_scenario

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_the_workbook_has_the_msel_columns_and_its_sheets(tmp_path, run_cli):
    s = load_scenario("missile-launch").scenario
    out = tmp_path / "msel.xlsx"
    result = run_cli("msel", "export", "missile-launch", "-o", str(out), "--startex", "09:00")
    assert result.exit_code == 0, result.output
    decisions = sum(len(i.decisions) for i in s.injects)
    assert f"{len(s.injects)} injects, {decisions} decision points, {len(s.objectives)} objectives" in result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["MSEL", "Decisions 決定事項", "Objectives 演習目標", "Exercise 演習概要"]
    ws = wb["MSEL"]
    assert ws["A1"].value == "EXERCISE EXERCISE EXERCISE / 演習" and ws["A2"].value == f"{s.title.en} / {s.title.ja}"
    heads = [c.value for c in ws[5]]
    assert heads[:4] == ["Inject no.\n付与番号", "Scenario time\n想定経過時間", "Scenario clock\n想定時刻",
                         "Wall time\n実時刻"]
    assert "Inject text (ja)\n付与内容（日）" in heads and "Branch condition\n分岐条件" in heads
    assert ws.freeze_panes == "C6"
    rows = {r[0].value: r for r in ws.iter_rows(min_row=6)}
    assert len(rows) == len(s.injects)
    timed = [i for i in s.injects if i.at is not None and i.at > 0]
    inj = max(timed, key=lambda i: len(i.body.ja or ""))
    row = rows[inj.id]
    assert row[1].value == format_offset(inj.at)
    assert row[2].value == (s.start + timedelta(seconds=inj.at)).strftime("%H:%M:%S")
    assert s.clock.mode == "compressed"  # the wall clock runs slower than the scenario's by its speed
    wall = datetime(2027, 1, 1, 9, 0) + timedelta(seconds=inj.at / s.clock.speed)
    assert row[3].value == wall.strftime("%H:%M:%S")
    assert row[12].value == inj.body.ja and row[12].alignment.wrap_text
    assert 20 <= ws.column_dimensions["M"].width <= 52
    # The sender and the method in both languages, beside each other as every bilingual text.
    assert heads[4:9] == ["From (en)\n発信者（英）", "From (ja)\n発信者（日）", "To / audience\n宛先",
                          "Method (en)\n伝達手段（英）", "Method (ja)\n伝達手段（日）"]
    assert [row[4].value, row[5].value, row[7].value, row[8].value] == [
        inj.from_.en, inj.from_.ja, inj.method.en, inj.method.ja]
    assert ws.row_dimensions[row[0].row].height > 30  # a long text gets a taller row
    order = [_release(s, rows[k][1].value) for k in rows if rows[k][1].value[:1] == "+"]
    assert order == sorted(order)  # time order


def _release(s, cell: str) -> int:
    return int(cell[1:3]) * 3600 + int(cell[4:6]) * 60 + int(cell[7:9])


def test_decision_points_have_a_row_per_option_with_the_decision_on_the_first(tmp_path, run_cli):
    s = load_scenario("missile-launch").scenario
    out = tmp_path / "msel.xlsx"
    run_cli("msel", "export", "missile-launch", "-o", str(out))
    ws = load_workbook(out)["Decisions 決定事項"]
    assert ws["A1"].value == "Decision\n決定事項番号"
    first = next(d for i in time_order(s) for d in i.decisions)
    owner = next(i for i in s.injects if first in i.decisions)
    rows = list(ws.iter_rows(min_row=2, max_row=1 + len(first.options), values_only=True))
    assert [r[7] for r in rows] == [o.id for o in first.options]
    # who decides by the role's name, as a person reads it (the import reads names and ids)
    assert rows[0][:3] == (first.id, owner.id, "Minister of Defense") and all(r[0] is None for r in rows[1:])
    assert first.to == "jp.mod"


def test_audiences_are_role_and_side_names_in_the_msels_language(tmp_path, run_cli):
    """`tabletop --lang ja msel export` writes 内閣総理大臣、内閣官房長官 and 日本、米国 where the scenario
    says jp.pm, jp.ccs and jp.*, us.*; no seat id is left; the import reads them back (test_roundtrip)."""
    s = load_scenario("missile-launch").scenario
    i04 = s.inject("I04")
    assert s.inject("I01").to == ["jp.*", "us.*"] and i04.to == ["jp.pm", "jp.ccs"]
    want = {"en": ("Japan; United States", "Prime Minister; Chief Cabinet Secretary",
                   "Commander, U.S. Indo-Pacific Command"),
            "ja": ("日本、米国", "内閣総理大臣、内閣官房長官", "米インド太平洋軍司令官")}
    for lang, (both_sides, i04_to, decider) in want.items():
        out = tmp_path / f"msel-{lang}.xlsx"
        assert run_cli("--lang", lang, "msel", "export", "missile-launch", "-o", str(out)).exit_code == 0
        wb = load_workbook(out)
        audiences = {r[0]: r[6] for r in wb["MSEL"].iter_rows(min_row=6, values_only=True)}
        deciders = [r[2] for r in wb["Decisions 決定事項"].iter_rows(min_row=2, values_only=True) if r[2]]
        assert audiences["I01"] == both_sides and audiences["I04"] == i04_to and decider in deciders
        written = [*audiences.values(), *deciders]
        assert [a for a in written if any(seat in a for seat in s.seats)] == []


def test_a_japanese_workbook_names_the_clock_mode_and_the_timeout_option_in_japanese(tmp_path, run_cli):
    """The STARTEX line's Japanese half says 時計：圧縮（×1.5）, not `compressed`; 期限切れ時 is the option's
    label with its id in brackets; the banner has 演習. The import reads the id back (test_roundtrip)."""
    out = tmp_path / "msel.xlsx"
    assert run_cli("--lang", "ja", "msel", "export", "missile-launch", "-o", str(out)).exit_code == 0
    wb = load_workbook(out)
    ws = wb["MSEL"]
    english, japanese = ws["A3"].value.split(" / ")
    assert "clock compressed ×1.5" in english
    assert "時計：圧縮（×1.5）" in japanese and "compressed" not in japanese
    assert ws["A1"].value == "EXERCISE EXERCISE EXERCISE / 演習"
    d1 = next(r for r in wb["Decisions 決定事項"].iter_rows(min_row=2, values_only=True) if r[0] == "D1")
    assert d1[6] == "さらなる情報を待つ（wait）"


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path, run_cli):
    shutil.copy(FIXTURES / "mini-pack.yaml", tmp_path / "mini-pack.yaml")
    scenario = tmp_path / "f.yaml"
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    scenario.write_text(text.replace("doctrine: mini-pack.yaml\n", 'doctrine: mini-pack.yaml\npoc: "=HYPERLINK(\\"x\\")"\n'),
                        encoding="utf-8")
    assert run_cli("msel", "export", str(scenario), "-o", str(tmp_path / "m.xlsx")).exit_code == 0
    ws = load_workbook(tmp_path / "m.xlsx")["Exercise 演習概要"]
    cell = next(r[2] for r in ws.iter_rows(min_row=2) if r[0].value == "poc")
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"
    run_cli("msel", "export", str(scenario), "-o", str(tmp_path / "m.csv"))
    rows = list(csv.reader((tmp_path / "m.exercise.csv").open(encoding="utf-8-sig")))
    assert ["poc", "Point of contact / 連絡先", '\'=HYPERLINK("x")'] in rows


def test_csv_export_is_one_utf8_file_per_sheet_with_a_bom(tmp_path, run_cli):
    out = tmp_path / "msel.csv"
    result = run_cli("msel", "export", "grayzone-senkaku", "-o", str(out))
    assert result.exit_code == 0, result.output
    for name in ("msel.csv", "msel.decisions.csv", "msel.objectives.csv", "msel.exercise.csv"):
        assert (tmp_path / name).read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][:2] == ["Inject no.", "Scenario time"]
    assert any("尖閣" in cell for row in rows for cell in row)


def test_a_shift_jis_csv_from_japanese_excel_is_read(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "番号,経過時間,宛先,付与内容（英）,付与内容（日）\r\nI01,０：０５,内閣総理大臣,Launch.,発射。\r\n"
    (tmp_path / "sj.csv").write_bytes(text.encode("cp932"))
    result = run_cli("msel", "import", "sj.csv", "-o", "s.yaml", "--start", "2027-04-05T06:50:00+09:00")
    assert result.exit_code == 0, result.output
    inj = load_scenario("s.yaml").scenario.injects[0]
    assert (inj.at, inj.to, inj.body.ja) == (300, ["jp.pm"], "発射。")

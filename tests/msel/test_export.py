"""`tabletop msel export`: the workbook a reviewer opens — one MSEL row per
inject in time order under a frozen two-language heading row, fitted and
wrapped columns, the decision points, objectives and settings on their own
sheets; and the same as CSV files Excel reads in Japanese."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from tabletop.scenario import load_scenario


def test_the_workbook_has_the_msel_columns_and_its_sheets(tmp_path, run_cli):
    out = tmp_path / "msel.xlsx"
    result = run_cli("msel", "export", "missile-launch", "-o", str(out), "--startex", "09:00")
    assert result.exit_code == 0, result.output
    assert "30 injects, 26 decision points, 5 objectives" in result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["MSEL", "Decisions 判断事項", "Objectives 演習目標", "Exercise 演習概要"]
    ws = wb["MSEL"]
    assert ws["A1"].value == "EXERCISE EXERCISE EXERCISE"
    heads = [c.value for c in ws[5]]
    assert heads[:4] == ["Inject no.\n付与番号", "Scenario time\n想定経過時間", "Scenario clock\n想定時刻",
                         "Wall time\n実時刻"]
    assert "Inject text (ja)\n付与内容（日）" in heads and "Branch condition\n分岐条件" in heads
    assert ws.freeze_panes == "C6"
    assert ws["A6"].value == "I01" and ws["B6"].value == "+00:00:00" and ws["C6"].value == "06:40:00"
    assert ws["D6"].value == "09:00:00"
    s = load_scenario("missile-launch").scenario
    i05 = next(i for i in s.injects if i.id == "I05")
    row = next(r for r in ws.iter_rows(min_row=6) if r[0].value == "I05")
    # compressed ×1.5: 12 scenario minutes after STARTEX are 8 wall minutes after 09:00
    assert row[1].value == "+00:12:00" and row[3].value == "09:08:00" and i05.at == 720
    assert row[10].value == i05.body.ja and row[10].alignment.wrap_text
    assert 20 <= ws.column_dimensions["K"].width <= 52
    assert ws.row_dimensions[row[0].row].height > 30  # a long text gets a taller row
    times = [r[0].value for r in ws.iter_rows(min_row=6)]
    assert len(times) == 30


def test_decision_points_have_a_row_per_option_with_the_decision_on_the_first(tmp_path, run_cli):
    out = tmp_path / "msel.xlsx"
    run_cli("msel", "export", "missile-launch", "-o", str(out))
    ws = load_workbook(out)["Decisions 判断事項"]
    assert ws["A1"].value == "Decision\n判断事項番号"
    d1 = list(ws.iter_rows(min_row=2, max_row=4, values_only=True))
    assert [r[7] for r in d1] == ["standing", "seek-pm", "wait"]
    assert d1[0][:3] == ("D1", "I02", "jp.mod") and d1[1][0] is None


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path, run_cli):
    scenario = tmp_path / "f.yaml"
    text = open(load_scenario("missile-launch").path, encoding="utf-8").read()
    scenario.write_text(text.replace('poc: "Exercise Director, tabletop White Cell"', 'poc: "=HYPERLINK(\\"x\\")"'),
                        encoding="utf-8")
    run_cli("msel", "export", str(scenario), "-o", str(tmp_path / "m.xlsx"))
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

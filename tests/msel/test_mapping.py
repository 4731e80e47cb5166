"""A mapping file names a planner's own headings as MSEL columns; a mistake in
it is reported as FILE:LINE:COL like every other file tabletop reads."""

from __future__ import annotations

from tabletop.scenario import load_scenario

START = "2027-04-05T06:50:00+09:00"
ROWS = [["Serial", "H-hour", "Players", "Message (EN)", "Message (JP)", "Umpire"],
        ["S1", "+00:10", "jp.pm, us.president", "Launch detected.", "発射を探知。", "Watch for the call."]]


def test_a_mapping_file_reads_the_planners_own_headings(tmp_path, book, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book(tmp_path / "own.xlsx", {"Cover": [["Drill"]], "Injects 2027": [["Drill MSEL"], *ROWS]})
    (tmp_path / "map.yaml").write_text(
        'sheet: "Injects 2027"\nheader_row: 2\ncolumns:\n  Serial: id\n  H-hour: time\n  Players: to\n'
        '  "Message (EN)": body.en\n  "Message (JP)": body.ja\n  Umpire: notes\n', encoding="utf-8")
    result = run_cli("msel", "import", "own.xlsx", "--map", "map.yaml", "-o", "s.yaml", "--start", START)
    assert result.exit_code == 0, result.output
    inj = load_scenario("s.yaml").scenario.injects[0]
    assert (inj.id, inj.at, inj.to) == ("S1", 600, ["jp.pm", "us.president"])
    assert (inj.body.en, inj.body.ja, inj.notes) == ("Launch detected.", "発射を探知。", "Watch for the call.")


def test_without_the_mapping_the_unknown_headings_are_named(tmp_path, book, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book(tmp_path / "own.xlsx", {"MSEL": ROWS})
    result = run_cli("msel", "import", "own.xlsx", "-o", "s.yaml", "--start", START)
    assert "own.xlsx:MSEL!B1: warning: column 'H-hour' is not a MSEL column and is ignored" in result.output


def test_a_mistake_in_the_mapping_file_is_named_at_its_line(tmp_path, book, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book(tmp_path / "own.xlsx", {"MSEL": ROWS})
    (tmp_path / "map.yaml").write_text("columns:\n  Serial: id\n  H-hour: tme\nsheets: x\n", encoding="utf-8")
    result = run_cli("msel", "import", "own.xlsx", "--map", "map.yaml", "-o", "s.yaml", "--start", START)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "map.yaml:3:11: 'tme' is not a MSEL column; use one of: id, time" in result.output
    assert "map.yaml:4:1: unknown key 'sheets'" in result.output

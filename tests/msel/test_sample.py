"""The sample workbook in scenarios/examples/ is an export a planner can open
and import; its folder does not pass for a bundled scenario."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tabletop.scenario import load_scenario
from tabletop.scenario.loader import bundled_scenarios

SAMPLE = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "msel-sample.xlsx"


def test_the_sample_is_an_export_that_imports_cleanly(tmp_path, run_cli):
    assert load_workbook(SAMPLE).sheetnames == ["MSEL", "Decisions 決定事項", "Objectives 演習目標", "Exercise 演習概要"]
    out = tmp_path / "sample.yaml"
    result = run_cli("msel", "import", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0, (f"{result.output}\nIf the scenario or the doctrine pack changed, make the sample "
                                   "again: tabletop msel export missile-launch -o "
                                   "scenarios/examples/msel-sample.xlsx --startex 09:00")
    assert "warning" not in result.output
    s = load_scenario(str(out)).scenario
    assert s.id == "missile-launch" and len(s.injects) >= 20 and any(i.decisions for i in s.injects)


def test_the_examples_folder_is_not_a_bundled_scenario(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert {"missile-launch", "grayzone-senkaku"} <= set(bundled_scenarios())
    assert "examples" not in bundled_scenarios() and "msel-sample" not in bundled_scenarios()
    result = run_cli("validate", "examples")
    assert result.exit_code == 2 and "no bundled scenario by that name" in result.output

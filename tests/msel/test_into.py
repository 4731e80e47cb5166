"""`--into`: the sheet updates an existing scenario's injects by id, keeps what
the sheet does not hold (decision points, conditions, injects it does not
list), adds the new ones in the sheet's order, and shows what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from tabletop.scenario import load_scenario

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEAD = ["Inject no.", "Scenario time", "To", "Inject title (en)", "Inject title (ja)", "Inject text (en)",
        "Inject text (ja)"]


def scenario_copy(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "mini-pack.yaml", tmp_path / "mini-pack.yaml")
    target = tmp_path / "mini.yaml"
    target.write_text("# The mini exercise, kept by the test.\n" + (FIXTURES / "mini.yaml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    return target


def test_into_updates_by_id_keeps_the_rest_and_shows_a_diff(tmp_path, book, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = scenario_copy(tmp_path)
    before = load_scenario(str(target)).scenario
    book(tmp_path / "review.xlsx", {"MSEL": [
        HEAD,
        ["I01", "+00:06", "blue.*", "Warning", "警報", "Something is coming fast.", "何かが急速に来る。"],
        ["I01b", "+00:07", "Blue Leader", "Follow-up", "続報", "It is closer.", "さらに接近。"],
        ["I03", "+00:20", "*", "After the strike", "打撃後", "The strike happened.", "打撃が行われた。"],
    ]})
    result = run_cli("msel", "import", "review.xlsx", "--into", "mini.yaml")
    assert result.exit_code == 0, result.output
    assert "-      en: Something is coming." in result.output or "-    body: {en: Something is coming." in result.output
    assert "+    body: {en: Something is coming fast., ja: 何かが急速に来る。}" in result.output
    assert '-    at: "+00:05:00"' in result.output and '+    at: "+00:06:00"' in result.output
    assert "1 inject(s) changed, 1 added, 1 unchanged; kept as they were (not in the sheet): I02, I04" in result.output
    after = load_scenario(str(target)).scenario
    assert [i.id for i in after.injects] == ["I01", "I01b", "I02", "I03", "I04"]
    i01 = after.inject("I01")
    assert i01.at == 360 and i01.body.en == "Something is coming fast."
    assert i01.decisions == before.inject("I01").decisions  # no Decisions sheet: the decision point is kept
    assert i01.objectives == ["OBJ1"]  # no objectives column: kept
    assert after.inject("I03").when == before.inject("I03").when  # no condition column: kept
    assert after.inject("I01b").to == ["blue.lead"]
    assert after.inject("I02") == before.inject("I02") and after.inject("I04") == before.inject("I04")
    assert target.read_text(encoding="utf-8").startswith("# The mini exercise, kept by the test.\n")


def test_into_with_nothing_new_says_so_and_changes_nothing(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = scenario_copy(tmp_path)
    assert run_cli("msel", "export", "mini.yaml", "-o", "m.xlsx").exit_code == 0
    result = run_cli("msel", "import", "m.xlsx", "--into", "mini.yaml", "-o", "again.yaml")
    assert result.exit_code == 0, result.output
    assert "no change to the scenario" in result.output
    assert load_scenario("again.yaml").scenario == load_scenario(str(target)).scenario


def test_into_a_broken_scenario_names_its_own_problems(tmp_path, book, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.yaml").write_text("format: tabletop/1\nid: x\n", encoding="utf-8")
    book(tmp_path / "r.xlsx", {"MSEL": [HEAD, ["I01", "+00:01", "*", "T", "T", "B", "B"]]})
    result = run_cli("msel", "import", "r.xlsx", "--into", "broken.yaml")
    assert result.exit_code == 2 and "broken.yaml:1:1: missing required key 'title'" in result.output


def test_into_with_the_scenarios_own_export_changes_nothing_and_says_so(tmp_path, run_cli, monkeypatch):
    # Given a scenario and the MSEL exported from it, when that MSEL is imported into it unchanged,
    # then nothing is said to have changed.
    monkeypatch.chdir(tmp_path)
    target = scenario_copy(tmp_path)
    assert run_cli("msel", "export", "mini.yaml", "-o", "same.xlsx").exit_code == 0
    result = run_cli("msel", "import", "same.xlsx", "--into", "mini.yaml")
    assert result.exit_code == 0, result.output
    n = len(load_scenario(str(target)).scenario.injects)
    assert "no change to the scenario" in result.output
    assert f"0 inject(s) changed, 0 added, {n} unchanged" in result.output


def test_the_comments_of_a_scenario_imported_in_japanese_are_japanese_and_it_still_loads(tmp_path, book, run_cli,
                                                                                        monkeypatch):
    """Given a planner's sheet, when it is imported with the CLI in Japanese, then every comment the
    importer writes into the scenario is Japanese (file names, commands and docs paths aside), and
    the file loads and validates as it would in English."""
    import re

    monkeypatch.chdir(tmp_path)
    scenario_copy(tmp_path)
    assert run_cli("msel", "export", "mini.yaml", "-o", "review.xlsx").exit_code == 0
    result = run_cli("--lang", "ja", "msel", "import", "review.xlsx", "-o", "made.yaml")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "made.yaml").read_text(encoding="utf-8")
    comments = [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]
    assert comments[:2] == ["# MSELのブックreview.xlsxから`tabletop msel import`で取り込んだシナリオ。",
                            "# `tabletop validate`で検査すること。各キーの説明はdocs/scenario-format.mdにある。"]
    assert "# MSELシート 6行目" in comments, comments
    typed = r"review\.xlsx|`[^`]*`|docs/\S+|MSEL"
    assert [c for c in comments if re.search(r"[A-Za-z]{3,}", re.sub(typed, "", c))] == []
    assert run_cli("--lang", "ja", "validate", "made.yaml").exit_code == 0
    english = run_cli("msel", "import", "review.xlsx", "-o", "made-en.yaml")
    assert english.exit_code == 0, english.output
    assert load_scenario("made.yaml").scenario == load_scenario("made-en.yaml").scenario
    assert "# MSEL row 6" in (tmp_path / "made-en.yaml").read_text(encoding="utf-8")

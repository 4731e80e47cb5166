"""Problems a planner can act on: each names the file, the sheet and the cell
and says what to type, all of them are printed at once, the command exits 2,
writes nothing and shows no traceback."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime

import pytest

HEAD = ["Inject no.", "To", "From", "Scenario time", "Inject text (en)", "Inject text (ja)", "Expected actions",
        "Branch condition"]
START = "2027-04-05T06:50:00+09:00"


def good_row(n: int) -> list:
    return [f"I{n:02d}", "jp.pm", "Control", f"+00:{n:02d}", f"Inject {n}", f"付与 {n}", None, None]


@pytest.fixture
def msel(tmp_path, book, run_cli, monkeypatch):
    """import_(rows after the ten good ones, or replacing some of them) -> the CLI's result."""

    def import_(changes: dict[int, list] | None = None, extra: dict | None = None, name: str = "msel.xlsx"):
        rows = [["EXERCISE EXERCISE EXERCISE"], ["Dawn launch"], [], HEAD] + [good_row(n) for n in range(1, 11)]
        for row_number, row in (changes or {}).items():
            while len(rows) < row_number:
                rows.append([])
            rows[row_number - 1] = row
        monkeypatch.chdir(tmp_path)  # the file is named as the planner typed it: msel.xlsx
        book(tmp_path / name, {"MSEL": rows, **(extra or {})}, {"MSEL": ["A1:H1", "A2:H2"]})
        out = tmp_path / "out.yaml"
        result = run_cli("msel", "import", name, "-o", "out.yaml", "--start", START)
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert result.exit_code == 2 and not out.exists(), result.output
        return result
    return import_


def lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if re.match(r"\S+\.(xlsx|csv):", line)]


def test_a_time_that_is_not_a_time_is_named_at_its_cell(msel):
    result = msel({14: ["I10", "jp.pm", "Control", "9:7O", "Inject 10", "付与 10", None, None]})
    assert 'msel.xlsx:MSEL!D14: time "9:7O" is not a time (use H:MM or +HH:MM:SS)' in lines(result)


def test_every_problem_is_reported_at_once(msel):
    result = msel({6: ["I02", "jp.pm", "C", "+00:02", "x", None, "jp.no-such-action", None],
                   9: ["I05", "Prime Minster", "C", "+00:05", "x", None, None, None],
                   12: ["I08", "jp.pm", "C", "+00:08", "x", None, None, "decision D1 ==> go"]})
    found = lines(result)
    assert any(line.startswith("msel.xlsx:MSEL!G6: ") and "jp.no-such-action" in line for line in found)
    assert any(line.startswith("msel.xlsx:MSEL!B9: 'Prime Minster' is not a role (did you mean 'Prime Minister'?)")
               for line in found)
    assert any(line.startswith('msel.xlsx:MSEL!H12: condition "decision D1 ==> go" is not understood') for line in found)
    assert "3 error(s); nothing was written" in result.output


def test_a_duplicate_inject_number_is_named_at_the_second(msel):
    result = msel({8: good_row(3)})
    assert "msel.xlsx:MSEL!A8: duplicate inject id 'I03'" in lines(result)


def test_an_unknown_inject_to_follow_is_named_at_the_time_cell(msel):
    result = msel({7: ["I03", "jp.pm", "C", "after I99 +00:03", "x", None, None, None]})
    assert any(line.startswith("msel.xlsx:MSEL!D7: unknown inject 'I99'") for line in lines(result))


def test_an_excel_date_in_the_time_column_says_to_type_a_time(msel):
    result = msel({5: ["I01", "jp.pm", "C", datetime(2027, 4, 5, 7, 0), "x", None, None, None]})
    assert any(line.startswith("msel.xlsx:MSEL!D5: time 2027-04-05 07:00 is a date") for line in lines(result))


def test_an_inject_without_text_or_audience_is_named(msel):
    result = msel({5: ["I01", None, "C", "+00:01", None, None, None, None]})
    found = lines(result)
    assert any(line.startswith("msel.xlsx:MSEL!B5: no audience") for line in found)
    assert any(line.startswith("msel.xlsx:MSEL!E5: no inject text") for line in found)


def test_a_decision_that_its_seat_can_never_take_is_named_at_its_action_cell(msel):
    decisions = [["Decision", "Inject no.", "Decided by", "Question (en)", "Option", "Option text (en)", "Doctrine action"],
                 ["D1", "I01", "jp.pm", "Destroy?", "destroy", "Destroy it", "jp.order-bmd-destruction"],
                 [None, None, None, None, "track", "Track only", None],
                 ["D2", "I77", "jp.pm", "Lost?", "a", "A", None]]
    result = msel(extra={"Decisions": decisions})
    found = lines(result)
    assert any(line.startswith("msel.xlsx:Decisions!G2: jp.pm can never take 'jp.order-bmd-destruction'")
               for line in found), found
    assert any(line.startswith("msel.xlsx:Decisions!B4: inject 'I77' is not in the MSEL sheet") for line in found)


def test_two_columns_for_one_thing_are_named(msel):
    result = msel({4: HEAD[:7] + ["To"]})
    assert any(line.startswith("msel.xlsx:MSEL!H4: a second column for 'To / audience' (the first is B4)")
               for line in lines(result))


def test_a_sheet_without_a_heading_row_says_which_headings_are_read(tmp_path, book, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book(tmp_path / "notes.xlsx", {"Sheet1": [["just"], ["some notes"]]})
    result = run_cli("msel", "import", "notes.xlsx", "-o", "s.yaml", "--start", START)
    assert result.exit_code == 2
    assert "notes.xlsx:Sheet1: no heading row found in the top rows" in result.output and "--map" in result.output


def test_a_formula_counts_as_the_result_it_last_showed(tmp_path, book, run_cli):
    """A workbook saved by Excel keeps each formula's last result; the import reads that result."""
    rows = [HEAD, ["I01", "jp.pm", "C", "=TIME(0,5,0)", "x", "エックス", None, None]]
    path = book(tmp_path / "f.xlsx", {"MSEL": rows})
    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(saved, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>TIME(0,5,0)</f><v />", b"<f>TIME(0,5,0)</f><v>0.003472222222</v>")
            dst.writestr(item, data)
    out = tmp_path / "s.yaml"
    result = run_cli("msel", "import", str(saved), "-o", str(out), "--start", START)
    assert result.exit_code == 0, result.output
    assert 'at: "+00:05:00"' in out.read_text(encoding="utf-8")


def test_an_unknown_exercise_setting_is_named(msel):
    result = msel(extra={"Exercise": [["Key", "Item", "Value"], ["id", "", "drill"], ["stat", "", "2027"]]})
    assert any(line.startswith("msel.xlsx:Exercise!A3: unknown setting 'stat'") for line in lines(result))


@pytest.mark.parametrize("name, content, japanese", [
    ("plan.db", b"not a spreadsheet\n" * 50, ".xlsxのブックではない（zip形式でない）"),
    ("plan.xlsx", None, ".xlsxのブックではない（ブックを含まないzip形式のファイル）"),
])
def test_a_file_that_is_no_workbook_is_said_in_words_not_as_openpyxls_exception(tmp_path, run_cli, monkeypatch,
                                                                              name, content, japanese):
    """Given a file that is not an .xlsx (not a zip; a zip without a workbook), when it is imported
    in Japanese, then the problem says so and what to do, with no Python exception's name in it."""
    monkeypatch.chdir(tmp_path)
    if content is None:
        with zipfile.ZipFile(name, "w") as z:
            z.writestr("notes.txt", "hello")
    else:
        (tmp_path / name).write_bytes(content)
    result = run_cli("--lang", "ja", "msel", "import", name, "-o", "s.yaml")
    assert result.exit_code == 2 and f"{name}: {japanese}" in result.output, result.output
    assert not re.search(r"BadZipFile|KeyError|Error:", result.output) and not (tmp_path / "s.yaml").exists()

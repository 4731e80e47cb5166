"""Files the import refuses before reading them: one over the size limit, and
an .xlsx whose parts declare they unpack far past their packed size (a zip
bomb). Neither is opened by openpyxl."""

from __future__ import annotations

import zipfile

import pytest

from tabletop.msel import reader


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Opening the workbook would be a failure of the refusal."""
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was opened")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, run_cli, monkeypatch, no_openpyxl):
    monkeypatch.chdir(tmp_path)
    with open("big.xlsx", "wb") as fh:  # sparse: the size is declared, nothing is written
        fh.truncate(reader.MAX_FILE + 1)
    result = run_cli("msel", "import", "big.xlsx", "-o", "s.yaml")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "big.xlsx: the file is 20 MB, over the 20 MB limit" in result.output
    assert not (tmp_path / "s.yaml").exists()


def test_a_csv_over_the_size_limit_is_refused_unread(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open("big.csv", "wb") as fh:
        fh.truncate(reader.MAX_FILE + 1)
    result = run_cli("msel", "import", "big.csv", "-o", "s.yaml")
    assert result.exit_code == 2 and "over the 20 MB limit" in result.output


def test_a_zip_bomb_is_refused_from_its_declared_sizes(tmp_path, run_cli, monkeypatch, no_openpyxl):
    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile("bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as part:  # 64 MB of one byte packs to some 60 kB
            chunk = b"0" * 1_000_000
            for _ in range(64):
                part.write(chunk)
    assert (tmp_path / "bomb.xlsx").stat().st_size < 1_000_000
    result = run_cli("msel", "import", "bomb.xlsx", "-o", "s.yaml")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "bomb.xlsx: refused without reading it: part xl/worksheets/sheet1.xml unpacks" in result.output
    assert "zip bomb" in result.output


def test_a_workbook_whose_parts_add_up_past_the_limit_is_refused(tmp_path, monkeypatch, no_openpyxl):
    monkeypatch.setattr(reader, "MAX_UNPACKED", 1000)
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for k in range(3):
            z.writestr(f"xl/part{k}.xml", "x" * 500)
    with pytest.raises(reader.SheetProblems) as caught:
        reader.open_book(path, "many.xlsx")
    assert "3 parts unpacking to 0 MB" in str(caught.value)


def test_a_file_that_is_not_a_workbook_is_named(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "msel.xlsx").write_text("Inject,To\n")
    result = run_cli("msel", "import", "msel.xlsx", "-o", "s.yaml")
    assert result.exit_code == 2 and "msel.xlsx: not an .xlsx workbook (it is not a zip archive)" in result.output
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = run_cli("msel", "import", "old.xls", "-o", "s.yaml")
    assert result.exit_code == 2 and "old.xls: .xls files are not read; save the workbook as .xlsx" in result.output


def test_a_sheet_longer_than_the_row_limit_is_refused(tmp_path, book, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    path = book(tmp_path / "long.xlsx", {"MSEL": [["Inject no.", "To"]] + [[f"I{n}", "*"] for n in range(9)]})
    with pytest.raises(reader.SheetProblems) as caught:
        reader.open_book(path, "long.xlsx")
    assert "long.xlsx:MSEL: more than 5 rows; delete the empty rows below the MSEL or split it" in str(caught.value)


def test_a_sheet_whose_scenario_the_loader_would_refuse_is_refused_before_writing(tmp_path, book, run_cli,
                                                                                  monkeypatch):
    import tabletop.msel.importer as importer

    monkeypatch.setattr(importer, "MAX_BYTES", 2_000)
    monkeypatch.chdir(tmp_path)
    rows = [["Inject no.", "Scenario time", "To", "Inject text (en)"]] + [[f"I{n}", f"+00:{n:02d}", "*", "x" * 100]
                                                                          for n in range(30)]
    book(tmp_path / "big.xlsx", {"MSEL": rows})
    result = run_cli("msel", "import", "big.xlsx", "-o", "s.yaml", "--start", "2027-04-05T06:50:00+09:00")
    assert result.exit_code == 2 and "big.xlsx:MSEL: the scenario would be" in result.output
    assert "split the MSEL" in result.output and not (tmp_path / "s.yaml").exists()

"""Reading a planner's spreadsheet: refused before it is read when it is too
large or a zip bomb, then opened (openpyxl, or the csv module), merged cells
filled in, and each sheet's heading row found below any title rows.

Every problem is a SheetProblem, `msel.xlsx:MSEL!D14: message`."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tabletop.msel import columns as C
from tabletop.msel.values import is_japanese
from tabletop.problems import Say, said
from tabletop.text import Text

MAX_FILE = 20_000_000          # bytes on disk
MAX_UNPACKED = 200_000_000     # bytes the .xlsx's parts say they unpack to
MAX_RATIO = 200                # a part unpacking to more than this many times its packed size is a bomb
MAX_PARTS = 2_000
MAX_ROWS = 20_000
HEAD_SCAN = 30                 # rows searched for the heading row
_AUTO = "auto"                 # a text column whose language the cells' script decides


def cell_name(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


@dataclass(frozen=True)
class SheetProblem:
    file: str
    sheet: str
    row: int
    col: int
    message: str | Say  # a Say when the scenario's checks found it (said in the reader's language)
    severity: str = "error"

    def text(self, lang: str | None = None) -> str:
        """FILE:SHEET!CELL: message, in `lang` where the message has a phrasebook form."""
        where = (f"{self.sheet}!{cell_name(self.row, self.col)}" if self.row and self.col
                 else f"{self.sheet}!{self.row}:{self.row}" if self.row else self.sheet)
        message = said(self.message, lang)
        if self.severity != "error":
            message = Say("problems.warning", message=message).text(lang)
        return f"{self.file}:{where}: {message}" if where else f"{self.file}: {message}"

    def __str__(self) -> str:
        return self.text()

    def __lt__(self, other: "SheetProblem") -> bool:
        return (self.sheet, self.row, self.col, str(self.message)) < (other.sheet, other.row, other.col, str(other.message))


class SheetProblems(Exception):
    def __init__(self, problems: list[SheetProblem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))

    @property
    def errors(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class Grid:
    """One sheet's cell values (1-based row and column numbers in `rows[r-1][c-1]`)."""

    name: str
    rows: list[list]


@dataclass
class Table:
    """A sheet read under its headings: which column holds what, and its data rows."""

    kind: str
    sheet: str
    head_row: int
    columns: dict[int, tuple[C.Column, str | None]]     # column number -> (column, language or "auto")
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, values)
    titles: list[tuple[int, int, str]] = field(default_factory=list)  # text above the headings: (row, column, text)

    def has(self, key: str) -> bool:
        return any(col.key == key for col, _ in self.columns.values())


def check_size(path: Path, file: str) -> None:
    """Refuse a file too large to read, or an .xlsx whose parts would unpack too far, before reading it."""
    size = path.stat().st_size
    if size > MAX_FILE:
        raise SheetProblems([SheetProblem(file, "", 0, 0, Say("msel.problems.too_big_file", mb=f"{size / 1e6:.0f}",
                                                                     max_mb=MAX_FILE // 1_000_000))])
    if path.suffix.lower() != ".xlsx":
        return
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except zipfile.BadZipFile:
        raise SheetProblems([SheetProblem(file, "", 0, 0, Say("msel.problems.not_zip"))]) from None
    unpacked = sum(p.file_size for p in parts)
    bomb = [p for p in parts if p.file_size > 1_000_000 and p.file_size > MAX_RATIO * max(p.compress_size, 1)]
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED or bomb:
        what = (Say("msel.problems.bomb_part", part=bomb[0].filename,
                    ratio=bomb[0].file_size // max(bomb[0].compress_size, 1))
                if bomb else Say("msel.problems.bomb_parts", n=len(parts), mb=f"{unpacked / 1e6:.0f}"))
        raise SheetProblems([SheetProblem(file, "", 0, 0, Say("msel.problems.bomb", what=what))])


def open_book(path: Path, file: str) -> list[Grid]:
    """The sheets of an .xlsx (or the CSV file and its sibling sheets), as grids of values."""
    check_size(path, file)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_book(path, file)
    if suffix in (".xls", ".ods", ".numbers"):
        raise SheetProblems([SheetProblem(file, "", 0, 0, Say("msel.problems.old_format", suffix=suffix))])
    return _xlsx_book(path, file)


def _has_merges(path: Path) -> bool:
    """Whether a sheet of the workbook merges cells (only openpyxl's full reading reports them; its
    read-only mode, used otherwise, reads a sheet in about half the time)."""
    with zipfile.ZipFile(path) as z:
        return any(b"<mergeCell " in z.read(p) for p in z.namelist() if p.startswith("xl/worksheets/"))


def _xlsx_book(path: Path, file: str) -> list[Grid]:
    import warnings

    from openpyxl import load_workbook

    try:
        merges = _has_merges(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation and styles it does not keep
            wb = load_workbook(path, data_only=True, read_only=not merges)  # a formula: its last result
    except zipfile.BadZipFile:  # a file named otherwise that is no workbook at all
        raise SheetProblems([SheetProblem(file, "", 0, 0, Say("msel.problems.not_zip"))]) from None
    except KeyError:  # a zip archive without a workbook's parts in it
        raise SheetProblems([SheetProblem(file, "", 0, 0, Say("msel.problems.no_workbook_inside"))]) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SheetProblems([SheetProblem(file, "", 0, 0, Say("msel.problems.unreadable",
                                                                     detail=f"{type(exc).__name__}: {exc}"))]) from None
    try:
        return [_grid(ws, file) for ws in wb.worksheets]
    except SheetProblems:
        raise
    except Exception as exc:  # a read-only workbook finds a damaged sheet only as it reads it
        raise SheetProblems([SheetProblem(file, "", 0, 0, Say("msel.problems.unreadable",
                                                                     detail=f"{type(exc).__name__}: {exc}"))]) from None
    finally:
        if not merges:
            wb.close()  # a read-only workbook keeps its file open


def _grid(ws, file: str) -> Grid:
    rows = []
    for row in ws.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > MAX_ROWS:
            raise SheetProblems([SheetProblem(file, ws.title, 0, 0, Say("msel.problems.too_many_rows", max=MAX_ROWS))])
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    merged = ws.merged_cells.ranges if hasattr(ws, "merged_cells") else ()  # read-only sheets have none
    for rng in merged:
        value = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(rows) else None
        for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):  # a merged cell's value is every cell's
            row = rows[r - 1]
            for c in range(rng.min_col, min(rng.max_col, len(row)) + 1):
                row[c - 1] = value
    return Grid(ws.title, rows)


def _decode(raw: bytes) -> str:
    """UTF-8 (a BOM dropped), else Shift_JIS as Japanese Excel saves CSV."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp932")


def _csv_grid(path: Path, name: str, file: str) -> Grid:
    try:
        text = _decode(path.read_bytes())
    except UnicodeDecodeError:
        raise SheetProblems([SheetProblem(file, name, 0, 0, Say("msel.problems.csv_encoding"))]) from None
    rows = [[_uncsv(v) for v in row] for row in csv.reader(io.StringIO(text, newline=""))]
    if len(rows) > MAX_ROWS:
        raise SheetProblems([SheetProblem(file, name, 0, 0, Say("msel.problems.csv_rows", n=len(rows), max=MAX_ROWS))])
    return Grid(name, rows)


def _uncsv(value: str):
    if value[:2] in ("'=", "'+", "'-", "'@"):  # the export's guard against formula injection
        return value[1:]
    return value if value.strip() else None


def _csv_book(path: Path, file: str) -> list[Grid]:
    from tabletop.msel.writer import csv_paths

    grids = [_csv_grid(path, C.MSEL, file)]
    for kind, sibling in csv_paths(path).items():
        if kind != C.MSEL and sibling.is_file():
            check_size(sibling, str(sibling))
            grids.append(_csv_grid(sibling, kind, str(sibling)))
    return grids


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def find_table(grid: Grid, kind: str, file: str, mapping: dict[str, str] | None,
               problems: list[SheetProblem], head_row: int | None = None) -> Table | None:
    """The heading row (the first of the top rows naming at least two known columns) and the data below it."""
    cols = C.COLUMNS[kind]
    index = C.heading_index(cols)
    by_key = {(c.key, c.lang): c for c in cols}
    mapped = {C.fold(k): v for k, v in (mapping or {}).items()}
    best: tuple[int, dict] | None = None
    candidates = [head_row] if head_row else range(1, min(len(grid.rows), HEAD_SCAN) + 1)
    for r in candidates:
        if r > len(grid.rows):
            break
        found: dict[int, tuple[C.Column, str | None]] = {}
        for c, value in enumerate(grid.rows[r - 1], start=1):
            if _blank(value) or not isinstance(value, str):
                continue
            col = _mapped(value, mapped, by_key) or C.match_heading(value, index)
            if col is not None:
                tagged = any(C.split_heading(line)[1] for line in value.splitlines()) or C.fold(value) in mapped
                found[c] = (col, col.lang if (col.lang is None or tagged) else _AUTO)
        if len({col.key for col, _ in found.values()}) >= 2:  # a merged title row repeats one word
            best = (r, found)
            break
    if best is None:
        return None
    r, found = best
    seen: dict[tuple[str, str | None], int] = {}
    for c, (col, lang) in sorted(found.items()):
        slot = (col.key, col.lang if lang != _AUTO else "en")
        if slot in seen:
            problems.append(SheetProblem(file, grid.name, r, c, Say("msel.problems.second_column", first=cell_name(r, seen[slot]),
                                             column=Text(en=col.en, ja=col.ja))))
        seen.setdefault(slot, c)
    for c, value in enumerate(grid.rows[r - 1], start=1):
        if c not in found and not _blank(value):
            problems.append(SheetProblem(file, grid.name, r, c, Say("msel.problems.ignored_column", column=str(value).splitlines()[0],
                                             kind=Say(f"msel.sheet.{kind.lower()}")), "warning"))
    data = [(n, row) for n, row in enumerate(grid.rows[r:], start=r + 1) if not all(_blank(v) for v in row)]
    titles = [(n, c, str(v).strip()) for n, row in enumerate(grid.rows[: r - 1], start=1)
              for c, v in [next(((c, v) for c, v in enumerate(row, start=1) if not _blank(v)), (0, None))] if c]
    return Table(kind, grid.name, r, found, data, titles)


def _mapped(heading: str, mapped: dict[str, str], by_key: dict) -> C.Column | None:
    target = mapped.get(C.fold(heading))
    if target is None:
        return None
    key, _, lang = target.partition(".")
    return by_key.get((key, lang or None)) or by_key.get((key, "en"))


def cell_text_lang(lang: str | None, value: str) -> str:
    """Which language a text cell holds: its column's, or for an untagged heading, its script's."""
    if lang == _AUTO:
        return "ja" if is_japanese(value) else "en"
    return lang or "en"

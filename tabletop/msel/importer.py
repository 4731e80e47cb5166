"""`tabletop msel import`: a spreadsheet to a checked scenario's YAML text.

read the file (refusing bombs and oversize files first) → find each sheet's
heading row → build scenario data with the cell of every value → (with
--into) lay it over the existing scenario → check it with the scenario's own
model and checks (tabletop.scenario.loader), problems at their cells → the
YAML text (within the loader's size and node limits), and a diff. The tests
read every YAML written back with the loader; the command does not read it a
second time (that doubled an import's time)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tabletop.msel import columns as C
from tabletop.phrasebook import phrase
from tabletop.problems import Say
from tabletop.msel.assemble import Options, scenario
from tabletop.msel.mapping import SheetMap
from tabletop.msel.merge import merge
from tabletop.msel.reader import Grid, SheetProblem, SheetProblems, Table, find_table, open_book
from tabletop.msel.validate import validate
from tabletop.msel.yamlout import scenario_yaml
from tabletop.yamlsrc import MAX_BYTES, MAX_NODES
from tabletop.scenario.loader import Loaded, load_scenario
from tabletop.scenario.model import Scenario


@dataclass
class Imported:
    text: str
    loaded: Loaded
    diff: str = ""
    summary: list[str] = field(default_factory=list)


def tables_of(grids: list[Grid], file: str, maps: dict[str, SheetMap], problems: list[SheetProblem]) -> dict:
    """Each kind of sheet's table: the sheet named in the mapping, or by its name, or (the MSEL) by its headings."""
    tables: dict[str, Table] = {}
    by_name = {g.name: g for g in grids}
    for kind in (C.MSEL, C.DECISIONS, C.OBJECTIVES, C.EXERCISE):
        m = maps.get(kind, SheetMap())
        if m.sheet is not None:
            if m.sheet not in by_name:
                problems.append(SheetProblem(file, m.sheet, 0, 0, Say("msel.problems.no_sheet", sheet=m.sheet,
                                                                             sheets=", ".join(by_name))))
                continue
            candidates = [by_name[m.sheet]]
        else:
            candidates = [g for g in grids if C.sheet_kind(g.name) == kind]
            if kind == C.MSEL and not candidates:
                candidates = [g for g in grids if C.sheet_kind(g.name) is None] or grids[:1]
        for grid in candidates:
            table = find_table(grid, kind, file, m.columns, problems, m.header_row)
            if table is not None:
                tables[kind] = table
                break
    if C.MSEL not in tables:
        sheet = maps.get(C.MSEL, SheetMap()).sheet or (grids[0].name if grids else C.MSEL)
        problems.append(SheetProblem(file, sheet, 0, 0, Say("msel.problems.no_heading_row")))
    return tables


def scenario_id(path: Path) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-.") or "msel"
    return slug if slug[0].isalpha() else f"msel-{slug}"


def import_msel(path: Path, out: Path, *, into: Path | None = None, maps: dict[str, SheetMap] | None = None,
                start: datetime | None = None, doctrine: str | None = None, lang: str = "en") -> Imported:
    """Raise SheetProblems (every problem at its cell) or ProblemsFound (the --into file's own). The
    scenario's comments are written in `lang`."""
    file = str(path)
    problems: list[SheetProblem] = []
    tables = tables_of(open_book(path, file), file, maps or {}, problems)
    if C.MSEL not in tables:
        raise SheetProblems(problems)
    base = (into or out).resolve().parent
    existing = canonical(load_scenario(str(into)).scenario) if into is not None else None
    opts = Options(existing.get("id", scenario_id(out)) if existing else scenario_id(out), start, doctrine, base)
    if existing and "start" in existing and start is None:
        opts.start = _start(existing["start"])
    if existing and "doctrine" in existing and doctrine is None:
        opts.doctrine = existing["doctrine"]
    built = scenario(tables, file, opts)
    problems += built.problems
    data, cells, summary = built.data, built.cells, []
    if existing is not None:
        merged = merge(existing, data, cells, tables, built.settings)
        data, cells = merged.data, merged.cells
        kept = Say("cli.msel.kept", ids=", ".join(merged.kept)) if merged.kept else ""
        summary = [Say("cli.msel.merged", updated=len(merged.updated),
                       added=len(merged.added), unchanged=len(merged.unchanged), kept=kept)]
    loaded = validate(data, cells, file, base, problems)
    notes = {inj.get("id"): phrase("msel.comments.row", lang, sheet=tables[C.MSEL].sheet, row=_row_of(cells, n))
             for n, inj in enumerate(data["injects"]) if _row_of(cells, n)}
    header = _header(path, into, lang)
    text = scenario_yaml(canonical(loaded.scenario), header, notes, lang)
    diff = ""
    if into is not None:
        before = scenario_yaml(existing, header, notes, lang)
        diff = "".join(difflib.unified_diff(before.splitlines(True), text.splitlines(True),
                                            fromfile=str(into), tofile=str(out)))
        text = _keep_opening_comments(into, text, header)
    _within_loader_limits(text, data, file, tables[C.MSEL].sheet)
    return Imported(text, loaded, diff, summary)


def _within_loader_limits(text: str, data: dict, file: str, sheet: str) -> None:
    """The scenario loader refuses files over its size and node limits; say so before writing one."""
    size, nodes = len(text.encode("utf-8")), _nodes(data)
    if size > MAX_BYTES or nodes > MAX_NODES:
        raise SheetProblems([SheetProblem(file, sheet, 0, 0, Say("msel.problems.too_big_scenario", mb=f"{size / 1e6:.1f}", nodes=nodes,
                                                              max_mb=MAX_BYTES // 1_000_000, max_nodes=MAX_NODES))])


def _nodes(value) -> int:
    if isinstance(value, dict):
        return 1 + sum(_nodes(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_nodes(v) for v in value)
    return 1


def canonical(s: Scenario) -> dict:
    """A scenario as the data its YAML is written from: every value in its written form
    ("+00:05:00"), nothing empty or unset, in the format's key order."""
    data = s.model_dump(mode="json", by_alias=True, exclude_none=True)
    return _prune(data)


def _prune(value):
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in ([], None) and not (k == "manual" and v is False)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _start(value) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def _row_of(cells: dict, n: int) -> int | None:
    where = cells.get(("injects", n))
    return where[1] if where and where[1] else None


def _header(path: Path, into: Path | None, lang: str) -> list[str]:
    made = phrase("msel.comments.updated" if into is not None else "msel.comments.imported", lang, workbook=path.name)
    return [made, phrase("msel.comments.check", lang)]


def _keep_opening_comments(into: Path, text: str, header: list[str]) -> str:
    """The existing file's opening comment block stays at the top (comments further down are not kept)."""
    opening = []
    for line in into.read_text(encoding="utf-8").splitlines(True):
        if not line.startswith("#") and line.strip():
            break
        opening.append(line)
    if not any(line.strip() for line in opening):
        return text
    ours = len(header)
    return "".join(opening).rstrip("\n") + "\n" + "".join(text.splitlines(True)[ours:])

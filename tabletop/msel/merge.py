"""`--into`: a sheet's injects laid over an existing scenario. An inject of
the sheet replaces, by id, what the sheet holds of it (the columns it has, its
decision points when it has a Decisions sheet) and keeps the rest; injects
only the scenario has are kept; new ones go after the sheet's inject before
them. Pure: data in, data out."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from tabletop.msel import columns as C
from tabletop.msel.reader import Table
from tabletop.msel.yamlout import ordered

TRIGGER = ("at", "after", "manual")
_COLUMN_KEYS = {"when": "when", "to": "to", "from": "from", "method": "method", "title": "title", "body": "body",
                "objectives": "objectives", "expected": "expected", "notes": "notes", "set_flags": "set_flags",
                "clear_flags": "clear_flags"}


@dataclass
class Merged:
    data: dict
    cells: dict = field(default_factory=dict)
    updated: list[str] = field(default_factory=list)  # in the sheet and changed by it
    unchanged: list[str] = field(default_factory=list)  # in the sheet, the same as the scenario has it
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def held_keys(tables: dict[str, Table]) -> set[str]:
    """The inject keys the sheet holds: a key it has no column for is kept as the scenario has it."""
    msel = tables[C.MSEL]
    held = {key for key, col in _COLUMN_KEYS.items() if msel.has(col)}
    if msel.has("body") and not msel.has("title"):
        held.discard("title")  # a title made from the text is not the planner's
    if msel.has("time") or msel.has("clock"):
        held.update(TRIGGER)
    if C.DECISIONS in tables:
        held.add("decisions")
    return held


def _exercise_keys(data: dict, tables: dict[str, Table], settings: set[str]) -> set[str]:
    keys = set(settings)  # written in the Exercise sheet
    if C.OBJECTIVES in tables:
        keys.add("objectives")
    return keys & set(data)


def merge(existing: dict, sheet: dict, cells: dict, tables: dict[str, Table], settings: set[str]) -> Merged:
    held = held_keys(tables)
    out = copy.deepcopy(existing)
    for key in _exercise_keys(sheet, tables, settings):
        out[key] = sheet[key]
    result = Merged(out)
    injects = out.setdefault("injects", [])
    position = {inj.get("id"): n for n, inj in enumerate(injects)}
    previous = -1
    for new in sheet.get("injects", []):
        iid = new.get("id")
        if iid in position:
            old = injects[position[iid]]
            before = dict(old)
            for key in held:
                old.pop(key, None)
                if key in new:
                    old[key] = new[key]
            injects[position[iid]] = ordered(old)
            (result.updated if old != before else result.unchanged).append(iid)
            previous = position[iid]
        else:
            previous += 1
            injects.insert(previous, new)
            position = {inj.get("id"): k for k, inj in enumerate(injects)}
            result.added.append(iid)
    sheet_ids = {inj.get("id") for inj in sheet.get("injects", [])}
    result.kept = [inj.get("id") for inj in injects if inj.get("id") not in sheet_ids]
    final = {inj.get("id"): k for k, inj in enumerate(injects)}
    for path, where in cells.items():
        if len(path) >= 2 and path[0] == "injects":
            iid = sheet["injects"][path[1]].get("id")
            if iid in final:
                result.cells[("injects", final[iid]) + path[2:]] = where
        else:
            result.cells[path] = where
    return result

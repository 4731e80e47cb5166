"""The mapping file: a planner's own headings named as MSEL columns.

```yaml
sheet: "Injects 2027"          # which sheet holds the MSEL (default: found by name or headings)
header_row: 4                  # the heading row (default: found in the top 30 rows)
columns:
  Serial: id
  H-hour: time
  Message (EN): body.en
  Message (JP): body.ja
decisions: {sheet: DPs, columns: {Q: prompt.en}}   # the same for the Decisions and Objectives sheets
```

Loaded safely with positions; every problem is FILE:LINE:COL."""

from __future__ import annotations

from dataclasses import dataclass, field

from tabletop.msel import columns as C
from tabletop.problems import ProblemsFound, Say
from tabletop.yamlsrc import load_file

_SECTIONS = {"decisions": C.DECISIONS, "objectives": C.OBJECTIVES, "exercise": C.EXERCISE}


@dataclass
class SheetMap:
    sheet: str | None = None
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)


def targets(kind: str) -> list[str]:
    out = []
    for col in C.COLUMNS[kind]:
        out.append(f"{col.key}.{col.lang}" if col.lang else col.key)
    return out


def load_mapping(path: str) -> dict[str, SheetMap]:
    located = load_file(path)
    data = located.data
    problems = []
    if not isinstance(data, dict):
        raise ProblemsFound([located.problem((), Say("msel.problems.map_not_mapping"))])
    out: dict[str, SheetMap] = {}

    def section(kind: str, value, path: tuple) -> None:
        if not isinstance(value, dict):
            problems.append(located.problem(path, Say("msel.problems.map_sheet_not_mapping")))
            return
        m = SheetMap()
        for key, v in value.items():
            where = path + (key,)
            if kind == C.MSEL and key in _SECTIONS:
                section(_SECTIONS[key], v, where)
            elif key == "sheet" and isinstance(v, (str, int)):
                m.sheet = str(v)
            elif key == "header_row" and isinstance(v, int) and not isinstance(v, bool) and v >= 1:
                m.header_row = v
            elif key == "columns" and isinstance(v, dict):
                allowed = targets(kind)
                for heading, target in v.items():
                    if target not in allowed:
                        problems.append(located.problem(where + (heading,), Say("msel.problems.map_bad_target", target=target,
                                                            kind=Say(f"msel.sheet.{kind.lower()}"),
                                                            allowed=", ".join(allowed))))
                    else:
                        m.columns[str(heading)] = target
            elif key in ("sheet", "header_row", "columns"):
                problems.append(located.problem(where, Say(f"msel.problems.map_expected_{key}")))
            else:
                problems.append(located.problem(where, Say("msel.problems.map_unknown_key_msel" if kind == C.MSEL
                                                            else "msel.problems.map_unknown_key", key=key), key=True))
        out[kind] = m

    section(C.MSEL, data, ())
    if problems:
        raise ProblemsFound(problems)
    return out

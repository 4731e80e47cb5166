"""The imported scenario checked by the scenario format's own model and
cross-checks (`tabletop.scenario`), with every problem reported at the cell
its value came from instead of at a line of YAML not yet written."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from tabletop.doctrine.rules import load_doctrine
from tabletop.msel import columns as C
from tabletop.msel.reader import SheetProblem, SheetProblems
from tabletop.problems import ProblemsFound, Say
from tabletop.scenario.loader import Loaded, check
from tabletop.scenario.model import Scenario
from tabletop.yamlsrc import Located, pydantic_problems


class CellLocated(Located):
    """A scenario's data whose positions are spreadsheet cells."""

    names_items = False  # a cell's row is the inject (tabletop/modelproblems.py, place)

    def __init__(self, file: str, data: dict, cells: dict[tuple, tuple[str, int, int]]):
        super().__init__(file, data)
        self.cells = cells

    def problem(self, path, message: "Say | str", severity: str = "error", *, key: bool = False) -> SheetProblem:
        asked = path = tuple(path)
        while path and path not in self.cells:
            path = path[:-1]
        sheet, row, col = self.cells.get(path, (C.MSEL, 0, 0))
        if not row:
            message = _what(self.data, asked, message)
        return SheetProblem(self.file, sheet, row, col, message, severity)


def _what(data: dict, path: tuple, message: "Say | str") -> "Say | str":
    """'inject I07: ...' for a problem in a part of the scenario the sheet does not hold (kept with --into)."""
    if len(path) >= 2 and path[0] == "injects" and isinstance(path[1], int) and path[1] < len(data.get("injects", [])):
        return Say("msel.problems.in_inject", id=data["injects"][path[1]].get("id"), problem=message)
    return Say("msel.problems.in_part", part=path[0], problem=message) if path else message


def validate(data: dict, cells: dict, file: str, base: Path, earlier: list[SheetProblem]) -> Loaded:
    """Check `data` as a scenario; raise SheetProblems with the earlier problems and these, all at once.
    A cell that could not be read is not reported a second time by the model's checks."""
    located = CellLocated(file, data, cells)
    errors_at = {(p.sheet, p.row, p.col) for p in earlier if p.severity == "error"}

    def fail(found: list[SheetProblem]):
        fresh = [p for p in found if (p.sheet, p.row, p.col) not in errors_at or not p.row]
        raise SheetProblems(list(dict.fromkeys(earlier + fresh)))

    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        fail(pydantic_problems(located, exc))
    try:
        doctrine = load_doctrine(scenario.doctrine, base=base)
    except ProblemsFound as exc:
        fail([located.problem(("doctrine",), Say("msel.problems.doctrine", problem=p.say or p.message))
              for p in exc.problems])
    problems = check(scenario, doctrine, located)
    if errors_at or any(p.severity == "error" for p in problems):
        fail(problems)
    warnings = [p for p in dict.fromkeys(earlier + problems) if p.severity == "warning"]
    return Loaded(scenario, doctrine, "", file, sorted(warnings))

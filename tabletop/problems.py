"""Problems found in a user's file, reported as FILE:LINE:COL: message.

Every loader in tabletop collects problems instead of raising on the first one,
so an author sees all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "warning: "
        return f"{self.file}:{self.line}:{self.col}: {tag}{self.message}"


class ProblemsFound(Exception):
    """Raised by a loader when a file has errors; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

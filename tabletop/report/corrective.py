"""The corrective-actions file: the improvement plan's columns that people fill
in after the exercise, keyed by issue id (format in docs/report.md)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tabletop.problems import ProblemsFound
from tabletop.text import Text
from tabletop.yamlsrc import load_file, pydantic_problems


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _date_text(value: Any) -> Any:
    if value is None or isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD") from None
    raise ValueError("write dates as YYYY-MM-DD")


class CorrectiveAction(_M):
    action: str = Field(description="What will be done")
    element: str | None = Field(None, description="HSEEP capability element: Planning, Organization, Equipment, "
                                                  "Training or Exercises")
    organisation: Text | None = Field(None, description="Primary responsible organisation")
    poc: str | None = Field(None, description="Organisation point of contact")
    start: str | None = Field(None, description="Start date, YYYY-MM-DD")
    completion: str | None = Field(None, description="Completion date, YYYY-MM-DD")
    # The lifecycle `tabletop ip` records (docs/archive.md); optional, so older files stay valid.
    status: Literal["open", "in-progress", "done", "verified"] | None = Field(None, description="Where it stands")
    verified_in: str | None = Field(None, description="The later exercise that showed it fixed")

    _dates = field_validator("start", "completion", mode="before")(lambda cls, v: _date_text(v))


class Issue(CorrectiveAction):
    """An issue's words and its corrective actions: `actions:` a list, or the keys of one action
    directly under the issue's id (then errors point at those keys as written)."""

    action: str | None = Field(None, description="What will be done (one action; several: `actions:`)")
    issue: Text | None = Field(None, description="The issue in words; required for an issue not found in the log")
    capability: Text | None = None
    root_cause: Text | None = Field(None, description="The root cause agreed at the after-action meeting")
    actions: list[CorrectiveAction] = []

    @property
    def all_actions(self) -> list[CorrectiveAction]:
        one = {k: getattr(self, k) for k in CorrectiveAction.model_fields}
        return ([CorrectiveAction(**one)] if self.action else []) + list(self.actions)


class Approver(_M):
    role: Text
    name: str | None = None
    organisation: Text | None = None
    date: str | None = None

    _date = field_validator("date", mode="before")(lambda cls, v: _date_text(v))


class Exercise(_M):
    """The HSEEP fields a sponsor expects that the scenario does not hold."""

    type: Text | None = Field(None, description="Exercise type; default: tabletop exercise (TTX), discussion-based")
    sponsor: Text | None = None
    director: str | None = Field(None, description="Exercise director, for the approval block")
    poc: Text | None = Field(None, description="The exercise's point of contact; default: the scenario's `poc`")
    location: Text | None = None
    mission_areas: Text | None = None
    threat: Text | None = Field(None, description="Threat or hazard; default: the scenario's scope")
    evaluation: Text | None = Field(None, description="Evaluation method")
    approval: list[Approver] = Field([], description="Who signs the AAR/IP; default: the sponsor and the director")


class CorrectiveFile(_M):
    format: Literal["tabletop-corrective-actions/1"] = "tabletop-corrective-actions/1"
    exercise: Exercise = Exercise()
    issues: dict[str, Issue] = {}


def load_corrective(path: str | Path) -> dict[str, dict]:
    """Parse and check the file; return {issue id: {issue, capability, root_cause, actions: [...]}}, and
    under `_exercise` the exercise's HSEEP fields and approvers; bilingual text as {en, ja} dicts.

    Raises ProblemsFound with FILE:LINE:COL for every problem."""
    located = load_file(path)
    try:
        parsed = CorrectiveFile.model_validate(located.data)
    except ValidationError as exc:
        raise ProblemsFound(pydantic_problems(located, exc)) from None
    issues = {str(k): {"issue": _plain(v.issue), "capability": _plain(v.capability), "root_cause": _plain(v.root_cause),
                       "actions": [_plain(a) for a in v.all_actions]} for k, v in parsed.issues.items()}
    return {"_exercise": _plain(parsed.exercise), **issues}


def _plain(value: Any) -> Any:
    """A parsed value as plain data; bilingual text as {en, ja} (Japanese defaulting to English)."""
    if isinstance(value, Text):
        return value.both()
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value}
    return [_plain(v) for v in value] if isinstance(value, list) else value

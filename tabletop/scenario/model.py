"""Scenario format v1 (`format: tabletop/1`): objectives, seats, injects on an
exercise clock, and the decision points they open. See docs/scenario-format.md."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from tabletop.text import LANGS, Offset, Text

ID = r"^[A-Za-z][A-Za-z0-9_.-]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Clock(_Model):
    mode: Literal["realtime", "compressed", "manual"] = Field(
        "realtime", description="realtime: 1 s of scenario time per second; compressed: `speed` times faster; "
                                "manual: injects wait for control to release them")
    speed: float = Field(1.0, gt=0, le=3600, description="Scenario seconds per wall-clock second")


class Objective(_Model):
    id: str = Field(pattern=ID)
    text: Text
    capability: Text = Field(description="The capability exercised, e.g. 'Ballistic missile defense (Guidelines IV.C.2.b.ii)'")


class Option(_Model):
    id: str = Field(pattern=ID)
    label: Text
    action: str | None = Field(None, description="Doctrine action the option takes; checked against the rules")


class Decision(_Model):
    id: str = Field(pattern=ID)
    to: str = Field(description="The seat (doctrine role id) that decides")
    prompt: Text
    deadline: Offset | None = Field(None, description="Scenario time allowed after the inject is released")
    options: list[Option] = Field(min_length=1)
    on_timeout: str | None = Field(None, description="Option id recorded when the deadline passes")


class After(_Model):
    inject: str = Field(description="Id of the inject this one follows")
    delay: Offset = Field(0, description="Scenario time after that inject is released")


class When(_Model):
    """A condition on the exercise; every key given must hold."""

    decision: str | None = Field(None, description="Decision point id; with `option`, it resolved to that option")
    option: str | None = None
    situation: str | None = Field(None, description="This situation is among those in force")
    flag: str | None = Field(None, description="This scenario fact holds")
    not_flag: str | None = Field(None, description="This scenario fact does not hold")

    @model_validator(mode="after")
    def _needs_something(self) -> "When":
        if self.option is not None and self.decision is None:
            raise ValueError("`option` needs `decision`")
        if not any((self.decision, self.situation, self.flag, self.not_flag)):
            raise ValueError("give at least one of decision, situation, flag, not_flag")
        return self


class Inject(_Model):
    id: str = Field(pattern=ID)
    at: Offset | None = Field(None, description="Offset from STARTEX in scenario time")
    after: After | None = Field(None, description="Release this long after another inject")
    manual: bool = Field(False, description="Released only by control (no time of its own)")
    when: When | None = Field(None, description="Release only if this holds (branching)")
    to: list[str] = Field(min_length=1, description="Audience: role ids or wildcards such as 'jp.*'; others never receive it")
    from_: Text | None = Field(None, alias="from", description="Simulated sender (MSEL 'from')")
    method: Text | None = Field(None, description="Delivery method (MSEL)")
    title: Text
    body: Text
    objectives: list[str] = []
    expected: list[str] = Field([], description="Doctrine action ids the players are expected to take")
    notes: str | None = Field(None, description="Controller note, never shown to players")
    set_flags: list[str] = Field([], description="Scenario facts that hold once the inject is released")
    clear_flags: list[str] = []
    decisions: list[Decision] = []

    @model_validator(mode="after")
    def _one_trigger(self) -> "Inject":
        given = [k for k in ("at", "after") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError("give either `at` or `after`, not both")
        if not given and not self.manual:
            raise ValueError("give `at` (offset from STARTEX), `after` (another inject) or `manual: true`")
        return self


class Scenario(_Model):
    format: Literal["tabletop/1"] = Field(description="Format version")
    id: str = Field(pattern=ID)
    title: Text
    summary: Text | None = Field(None, description="Scenario summary for the report and the facilitator")
    scope: Text | None = None
    poc: str | None = Field(None, description="Exercise point of contact, for the report")
    doctrine: str = Field("us-japan", description="Doctrine pack: a bundled name or a path")
    banner: str = Field("EXERCISE EXERCISE EXERCISE", description="Classification banner on every screen and page")
    languages: list[Literal["en", "ja"]] = Field(list(LANGS), min_length=1)
    start: AwareDatetime = Field(description="Scenario clock at STARTEX, with its UTC offset")
    duration: Offset | None = Field(None, description="Planned length; the exercise may end earlier or later")
    clock: Clock = Clock()
    objectives: list[Objective] = []
    seats: list[str] = Field(min_length=1, description="Doctrine roles in play")
    evaluators: int = Field(2, ge=0, le=50, description="Evaluator seats to issue codes for")
    injects: list[Inject] = Field(min_length=1)
    _injects: dict = PrivateAttr(default_factory=dict)
    _decisions: dict = PrivateAttr(default_factory=dict)

    @field_validator("start", mode="before")
    @classmethod
    def _start_text(cls, value):
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a date-time; write e.g. 2027-04-05T06:50:00+09:00") from None
            if parsed.tzinfo is None:
                raise ValueError("give the UTC offset, e.g. 2027-04-05T06:50:00+09:00")
            return parsed
        return value

    def inject(self, inject_id: str) -> Inject:
        return self._injects[inject_id]

    def decision(self, decision_id: str) -> tuple[Inject, Decision]:
        return self._decisions[decision_id]

    def model_post_init(self, __context) -> None:
        self._injects = {i.id: i for i in self.injects}
        self._decisions = {d.id: (i, d) for i in self.injects for d in i.decisions}

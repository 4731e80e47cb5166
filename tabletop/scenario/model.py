"""Scenario format (`format: tabletop/1`, and `tabletop/2` which adds keys to it):
objectives, seats, injects on an exercise clock, and the decision points they open;
in tabletop/2 also the state in force at STARTEX, phases, joint decisions, third
parties, restraint expected, and the scenario's basis. See docs/scenario-format.md."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import (AwareDatetime, BaseModel, ConfigDict, Field, PrivateAttr, field_serializer, field_validator,
                      model_serializer, model_validator)

from tabletop.problems import Invalid
from tabletop.text import LANGS, Offset, Text

ID = r"^[A-Za-z][A-Za-z0-9_.-]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _v1_form(handler, value, defaults: dict) -> dict:
    """A model's data without the tabletop/2 keys left at their defaults, so that a scenario that
    uses none of them is written (by `msel import`, say) as the tabletop/1 file it is."""
    data = handler(value)
    return {k: v for k, v in data.items() if not (k in defaults and v == defaults[k])}


class Clock(_Model):
    mode: Literal["realtime", "compressed", "manual"] = Field(
        "realtime", description="realtime: 1 s of scenario time per second; compressed: `speed` times faster; "
                                "manual: injects wait for control to release them")
    speed: float = Field(1.0, gt=0, le=3600, description="Scenario seconds per wall-clock second")


class Objective(_Model):
    id: str = Field(pattern=ID, description="Objective id, e.g. 'OBJ1'; injects and observations name it")
    text: Text = Field(description="The objective, as the report states it")
    capability: Text = Field(description="The capability exercised, e.g. 'Ballistic missile defense (Guidelines IV.C.2.b.ii)'")


class Option(_Model):
    id: str = Field(pattern=ID, description="Option id, unique in its decision; moves files and `when` name it")
    label: Text = Field(description="What the deciding seat reads on the option")
    action: str | None = Field(None, description="Doctrine action the option takes; checked against the rules")
    preferred: bool = Field(False, description="(tabletop/2) The option the exercise designers prefer; the report "
                                               "says whether it was chosen")

    @model_serializer(mode="wrap")
    def _written(self, handler):
        return _v1_form(handler, self, {"preferred": False})


Rule = Literal["any", "all", "lead"]


class Decision(_Model):
    id: str = Field(pattern=ID, description="Decision id, unique in the scenario, e.g. 'D1'")
    deciders: list[str] = Field(alias="to", min_length=1, description=(
        "The seat that decides, or (tabletop/2) a list of seats deciding jointly, resolved by `rule`"))
    rule: Rule | None = Field(None, description=(
        "(tabletop/2) How a joint decision resolves: all (every seat chooses the same option), any (the first "
        "seat's choice), lead (the `lead` seat decides; the others' positions are recorded as consulted)"))
    lead: str | None = Field(None, description="(tabletop/2) With rule: lead, the seat that decides")
    prompt: Text = Field(description="The question the deciding seat reads")
    deadline: Offset | None = Field(None, description="Scenario time allowed after the inject is released")
    real_deadline: Offset | None = Field(None, description=(
        "(tabletop/2) Instead of `deadline`: wall-clock time the players live through ('+00:05' is five "
        "minutes of play), whatever the speed of the scenario clock; paused time does not count"))
    options: list[Option] = Field(min_length=1, description="The choices; each may take a doctrine action, or none")
    on_timeout: str | None = Field(None, description="Option id recorded when the deadline passes")

    @field_validator("deciders", mode="before")
    @classmethod
    def _one_seat(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_serializer("deciders")
    def _one_seat_written(self, value: list[str]):
        return value[0] if len(value) == 1 else value

    @model_validator(mode="after")
    def _joint(self) -> "Decision":
        if self.deadline is not None and self.real_deadline is not None:
            raise Invalid("problems.format2.deadline_or_real")
        if len(self.deciders) > 1 and self.rule is None:
            raise Invalid("problems.format2.joint_needs_rule")
        if self.rule == "lead" and self.lead is None:
            raise Invalid("problems.format2.lead_needs_lead")
        if self.lead is not None and self.lead not in self.deciders:
            raise Invalid("problems.format2.lead_not_decider", lead=self.lead, seats=list(self.deciders))
        return self

    @property
    def to(self) -> str:
        """The seat that decides; for a joint decision its lead, or the first seat named."""
        return self.lead or self.deciders[0]

    @property
    def joint(self) -> bool:
        return len(self.deciders) > 1

    @property
    def window(self) -> int | None:
        """The time allowed, scenario or wall-clock, whichever is given."""
        return self.deadline if self.deadline is not None else self.real_deadline


class After(_Model):
    inject: str = Field(description="Id of the inject this one follows")
    delay: Offset = Field(0, description="Scenario time after that inject is released")


class When(_Model):
    """A condition on the exercise; every key given must hold."""

    decision: str | None = Field(None, description="Decision point id; with `option`, it resolved to that option")
    option: str | None = Field(None, description="With `decision`: the option it resolved to")
    situation: str | None = Field(None, description="This situation is among those in force")
    flag: str | None = Field(None, description="This scenario fact holds")
    not_flag: str | None = Field(None, description="This scenario fact does not hold")

    @model_validator(mode="after")
    def _needs_something(self) -> "When":
        if self.option is not None and self.decision is None:
            raise Invalid("problems.model.when_option")
        if not any((self.decision, self.situation, self.flag, self.not_flag)):
            raise Invalid("problems.model.when_empty")
        return self


class Expectation(_Model):
    """An action the players should take — or, with `taken: false`, should not (restraint)."""

    action: str = Field(description="Doctrine (or third-party) action id")
    taken: bool = Field(True, description="false: the action should NOT be taken; holding back is the expected play")

    @model_validator(mode="before")
    @classmethod
    def _plain_id(cls, value: Any) -> Any:
        return {"action": value} if isinstance(value, str) else value

    @model_serializer(mode="wrap")
    def _written(self, handler):
        return self.action if self.taken else handler(self)


class Inject(_Model):
    id: str = Field(pattern=ID, description="Inject id, unique in the scenario, e.g. 'I01'")
    at: Offset | None = Field(None, description="Offset from STARTEX in scenario time")
    after: After | None = Field(None, description="Release this long after another inject")
    manual: bool = Field(False, description="Released only by control (no time of its own)")
    when: When | None = Field(None, description="Release only if this holds (branching)")
    to: list[str] = Field(min_length=1, description="Audience: role ids or wildcards such as 'jp.*'; others never receive it")
    from_: Text | None = Field(None, alias="from", description="Simulated sender (MSEL 'from')")
    method: Text | None = Field(None, description="Delivery method (MSEL)")
    title: Text = Field(description="Headline the audience reads in its inbox")
    body: Text = Field(description="The inject's text; authoring marks such as (◇ unverified) are not shown to players")
    objectives: list[str] = Field([], description="Objective ids this inject exercises")
    expectations: list[Expectation] = Field([], alias="expected", description=(
        "Doctrine action ids the players are expected to take; (tabletop/2) `{action: ID, taken: false}` for one "
        "they should not take"))
    notes: str | None = Field(None, description="Controller note, never shown to players")
    set_flags: list[str] = Field([], description="Scenario facts that hold once the inject is released")
    clear_flags: list[str] = Field([], description="Scenario facts that no longer hold once the inject is released")
    decisions: list[Decision] = Field([], description="Decision points the inject opens when it is released")

    @property
    def expected(self) -> list[str]:
        """The actions expected to be taken."""
        return [e.action for e in self.expectations if e.taken]

    @property
    def not_expected(self) -> list[str]:
        """The actions expected NOT to be taken."""
        return [e.action for e in self.expectations if not e.taken]

    @model_validator(mode="after")
    def _one_trigger(self) -> "Inject":
        given = [k for k in ("at", "after") if getattr(self, k) is not None]
        if len(given) > 1:
            raise Invalid("problems.model.at_or_after")
        if not given and not self.manual:
            raise Invalid("problems.model.no_trigger")
        return self


class Source(_Model):
    """A source a historical or adapted scenario rests on."""

    id: str | None = Field(None, description="Short reference used in notes, e.g. 'S26'")
    title: str = Field(description="What it is: publisher, title, date")
    url: str | None = Field(None, description="Where a reader finds it")

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return {"title": value} if isinstance(value, str) else value


class InForce(_Model):
    """One thing already in force at STARTEX, with what it rests on."""

    id: str = Field(description="The situation, flag or doctrine action id")
    by: str | None = Field(None, description="(done actions) The role that took it; default: the first role "
                                             "with the authority")
    note: Text | None = Field(None, description="Why it is in force, e.g. 'renewed every three months since 2016'")
    citation: str | None = Field(None, description="The instrument and article, or the source, e.g. "
                                                   "'SDF Act Art. 82-3(3) [S12]'")
    verified: bool = Field(True, description="false: the fact has not been checked against a public source (◇)")

    @model_validator(mode="after")
    def _grounded(self) -> "InForce":
        if self.note is None and self.citation is None:
            raise Invalid("problems.format2.in_force_grounded", id=self.id)
        return self


class StartingState(_Model):
    """What is already in force when the exercise starts (STARTEX)."""

    situations: list[InForce] = Field([], description="Situations already recognised")
    flags: list[InForce] = Field([], description="Scenario facts that already hold")
    done: list[InForce] = Field([], description="Doctrine actions deemed already taken (a standing order)")


class Phase(_Model):
    """A stretch of the scenario with its own pace; `jump` skips the quiet time before it."""

    id: str = Field(pattern=ID, description="Phase id, e.g. 'morning'")
    title: Text = Field(description="Shown on the consoles' clock and the report's timeline")
    at: Offset = Field(description="Scenario time the phase begins, from STARTEX")
    speed: float | None = Field(None, gt=0, le=3600, description="Scenario seconds per wall second in this phase "
                                                                "(default: the speed in force)")
    jump: bool = Field(False, description="Jump the scenario clock to `at` as soon as nothing is open or due "
                                          "before it (control can also jump at any time)")


class PartyAction(_Model):
    """An action a third party may take; the scenario defines it and the pack does not judge it."""

    id: str = Field(pattern=ID, description="Action id, not one of the pack's, e.g. 'dprk.second-launch'")
    label: Text = Field(description="What the party's seat reads in its action picker")
    description: Text | None = Field(None, description="A longer explanation for the party's player")
    set_flags: list[str] = Field([], description="Scenario facts that hold once the action is taken")
    clear_flags: list[str] = Field([], description="Scenario facts that no longer hold once the action is taken")


class Party(_Model):
    """A third party played by a seat (an ally, an adversary's red cell, an international
    organisation): the doctrine pack does not rule on what it does."""

    id: str = Field(pattern=ID, description="Its seat id, e.g. 'rok.president'; list it in `seats` too")
    kind: Literal["ally", "adversary", "international"] = Field(
        description="ally, adversary (a red cell) or international (an organisation such as the UN)")
    title: Text = Field(description="The party's name, as seats and the report show it")
    side: str | None = Field(None, description="Parties with the same side see each other's moves (default: its own)")
    actions: list[PartyAction] = Field([], description="What it may do; its moves are logged, never judged by the pack")


class Scenario(_Model):
    format: Literal["tabletop/1", "tabletop/2"] = Field(description="Format version")
    id: str = Field(pattern=ID, description="Short name, used in log and report file names")
    title: Text = Field(description="The scenario's title")
    summary: Text | None = Field(None, description="Scenario summary for the report and the facilitator")
    scope: Text | None = Field(None, description="Scope statement for the report")
    poc: Text | None = Field(None, description="Exercise point of contact, for the report (plain English or {en, ja})")
    doctrine: str = Field("us-japan", description="Doctrine pack: a bundled name or a path")
    banner: str = Field("EXERCISE EXERCISE EXERCISE", description="Classification banner on every screen and page")
    basis: Literal["fictional", "historical", "adapted"] = Field("fictional", description=(
        "(tabletop/2) fictional; historical (a replay of real events); adapted (real events, changed for the "
        "exercise). Shown on the consoles' banner and in the report's handling instructions"))
    sources: list[Source] = Field([], description="(tabletop/2) What a historical or adapted scenario rests on")
    initial: StartingState | None = Field(None, description="(tabletop/2) What is already in force at STARTEX")
    phases: list[Phase] = Field([], description="(tabletop/2) Phases, each with its pace; a jump skips quiet time")
    parties: list[Party] = Field([], description="(tabletop/2) Third-party seats the doctrine pack does not rule on")
    languages: list[Literal["en", "ja"]] = Field(list(LANGS), min_length=1, description=(
        "The languages every participant text must carry; a text without one is a warning"))
    start: AwareDatetime = Field(description="Scenario clock at STARTEX, with its UTC offset")
    duration: Offset | None = Field(None, description="Planned length; the exercise may end earlier or later")
    clock: Clock = Field(Clock(), description="How the exercise clock runs: realtime, compressed or manual")
    objectives: list[Objective] = Field([], description="HSEEP exercise objectives")
    seats: list[str] = Field(min_length=1, description="Doctrine roles in play")
    evaluators: int = Field(2, ge=0, le=50, description="Evaluator seats to issue codes for")
    injects: list[Inject] = Field(min_length=1, description="The MSEL: injects on the exercise clock")
    _injects: dict = PrivateAttr(default_factory=dict)
    _decisions: dict = PrivateAttr(default_factory=dict)
    _parties: dict = PrivateAttr(default_factory=dict)

    @field_validator("start", mode="before")
    @classmethod
    def _start_text(cls, value):
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                raise Invalid("problems.model.not_datetime", value=value) from None
            if parsed.tzinfo is None:
                raise Invalid("problems.model.no_utc_offset")
            return parsed
        return value

    def inject(self, inject_id: str) -> Inject:
        return self._injects[inject_id]

    def decision(self, decision_id: str) -> tuple[Inject, Decision]:
        return self._decisions[decision_id]

    @model_serializer(mode="wrap")
    def _written(self, handler):
        return _v1_form(handler, self, {"basis": "fictional"})

    def party(self, seat: str) -> Party | None:
        """The third party a seat plays, if it plays one."""
        return self._parties.get(seat)

    def model_post_init(self, __context) -> None:
        self._injects = {i.id: i for i in self.injects}
        self._decisions = {d.id: (i, d) for i in self.injects for d in i.decisions}
        self._parties = {p.id: p for p in self.parties}

"""The doctrine pack format: roles, legal situations, flags, actions, obligations,
and the 2015 Guidelines' division of roles, as data.

A pack is YAML (see docs/doctrine-format.md); these models validate it. Nothing
here knows about the US-Japan alliance in particular: another alliance is
another pack.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tabletop.text import Offset, Text

ID = r"^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Model):
    """Where a rule comes from. `verified: false` marks a fact not yet checked
    against a public source (◇ in doctrine.md); the tool says so when citing it."""

    instrument: str = Field(description="The instrument, in English: 'SDF Act', 'AASRA', '1960 Treaty', '2015 Guidelines'")
    article: str = Field(description="Article or section: 'Art. 82-3(1)', 'IV.C.2.b.ii'")
    ja: str | None = Field(None, description="The whole citation in its Japanese form: '自衛隊法第82条の3第1項'")
    quote: str | None = Field(None, description="A short phrase from the instrument, in your own words or quoted")
    quote_ja: str | None = Field(None, description="The quote in Japanese: the statute's own words where it is Japanese law")
    verified: bool = Field(description="False when the fact has not been checked against a public source")
    source: str | None = Field(None, description="Reference to the source list (e.g. 'S11')")

    def text(self, lang: str = "en") -> str:
        """The citation as a reader of `lang` writes it: 'SDF Act Art. 82-3(1)' in English,
        '自衛隊法第82条の3第1項' in Japanese (its `ja` form; English where a pack gives none)."""
        if lang == "ja" and self.ja:
            return self.ja
        return f"{self.instrument} {self.article}"

    def short(self, lang: str = "en") -> str:
        """`text(lang)`, marked when the fact has not been checked against a public source."""
        from tabletop.phrasebook import phrase

        return self.text(lang) + ("" if self.verified else phrase("doctrine.citation.unverified", lang))


class Side(_Model):
    id: str = Field(pattern=ID)
    title: Text


class Role(_Model):
    id: str = Field(pattern=ID, description="Seat id, e.g. 'jp.mod'")
    side: str = Field(description="Id of one of the pack's sides")
    kind: Literal["player", "control", "evaluator"] = "player"
    title: Text
    org: Text | None = None
    citations: list[Citation] = []


class Situation(_Model):
    id: str = Field(pattern=ID)
    title: Text
    definition: Text | None = None
    unlocks: Text | None = Field(None, description="What the situation makes lawful, in words")
    citations: list[Citation] = []


class Flag(_Model):
    """A scenario fact the rules may test (set by injects or by actions)."""

    id: str = Field(pattern=ID)
    title: Text
    description: Text | None = None


class Test(_Model):
    """A condition on the exercise state. Every key given must hold."""

    situation: list[str] | None = Field(None, description="At least one of these situations is in force")
    not_situation: list[str] | None = Field(None, description="None of these situations is in force")
    flag: str | None = Field(None, description="This scenario fact holds")
    not_flag: str | None = Field(None, description="This scenario fact does not hold")
    done: str | None = Field(None, description="This action has been taken (accepted) earlier in the exercise")
    not_done: str | None = Field(None, description="This action has not been taken")
    any: list[Test] | None = Field(None, description="At least one of these tests holds")


class Requirement(Test):
    """A condition an action needs, with the words shown when it is not met and
    the citation that makes it a rule."""

    text: Text = Field(description="The condition in words, shown to a player when it is unmet")
    citations: list[Citation] = Field(min_length=1)


class Effects(_Model):
    declare: str | None = Field(None, description="This situation is recognised too (it ends none of the others)")
    end: list[str] = Field([], description="These recognised situations end")
    set_flags: list[str] = []
    clear_flags: list[str] = []
    obligations: list[str] = Field([], description="Obligations that become due when the action is taken")


class Action(_Model):
    id: str = Field(pattern=ID)
    label: Text
    description: Text | None = None
    roles: list[str] = Field(min_length=1, description="Roles with the authority to take the action (who decides)")
    carried_out_by: list[str] = Field(
        [], description="Roles that carry the action out once it is decided (shown; they take no move of their own)")
    authority: Text | None = Field(None, description="Who may take the action, in words, shown when another role tries")
    authority_citations: list[Citation] = []
    requires: list[Requirement] = []
    advisories: list[Requirement] = Field(
        [], description="Conditions whose absence does not block the action but flags it (e.g. Diet approval sought afterwards)")
    effects: Effects = Effects()
    force: Literal["none", "weapons", "force"] = Field(
        "none", description="'weapons': police-type use of weapons; 'force': use of force in self-defense")
    operation: str | None = Field(None, description="Id of the Guidelines division this action belongs to")
    basis: Literal["law", "policy"] = Field(
        "law", description="'policy': a step of diplomacy or signalling that no statute grants or conditions; its "
                           "citations say who may take it and what precedents there are, not a legal authority")
    citations: list[Citation] = Field(min_length=1)


class Obligation(_Model):
    id: str = Field(pattern=ID)
    title: Text
    owed_by: list[str] = Field(min_length=1, description="Roles that discharge it")
    due: Offset = Field(description="Scenario time allowed after the triggering action")
    discharged_by: list[str] = Field(min_length=1, description="Actions that discharge it")
    citations: list[Citation] = Field(min_length=1)


class Division(_Model):
    """Which side is primary for an operation under the Guidelines. A supporting
    side's action taken before any primary-side action is flagged as a deviation."""

    id: str = Field(description="The Guidelines section, e.g. 'IV.C.2.b.ii'")
    title: Text
    primary: str = Field(description="Side id with primary responsibility")
    primary_actions: list[str] = Field(min_length=1)
    supporting_actions: list[str] = Field(min_length=1)
    text: Text = Field(description="The division in words, shown with the flag")
    citations: list[Citation] = Field(min_length=1)


class GlossaryEntry(_Model):
    term: str
    en: str
    ja: str | None = None


class Pack(_Model):
    format: Literal["tabletop-doctrine/1"]
    id: str = Field(pattern=ID)
    version: int = Field(1, ge=1, description="The pack's version, recorded with every exercise played under it")
    title: Text
    description: Text | None = None
    default_situation: str = Field("none", description="Situation in force while no other is recognised")
    sides: list[Side] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    situations: list[Situation] = Field(min_length=1)
    flags: list[Flag] = []
    actions: list[Action] = Field(min_length=1)
    obligations: list[Obligation] = []
    divisions: list[Division] = []
    glossary: list[GlossaryEntry] = []

"""The report model: everything the after-action report says, as plain data.

Pure: built by the section builders (tabletop.report.sections) from one index
of the log (tabletop.report.index); rendered by Jinja2 (tabletop.report.render).

Text comes in two kinds. Text the tool writes is bilingual: a `Bi` dict
``{"en": ..., "ja": ...}`` (tabletop.report.words). Text a person typed during the
exercise (a move's note, a message, an observation, a hotwash) is a plain `str`,
shown as written.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tabletop.report.words import Bi, headline


@dataclass
class Citation:
    text: Bi  # 'SDF Act Art. 82-3(1)' / '自衛隊法第82条の3第1項' (English where the pack gives no Japanese form)
    quote: str | None = None  # a phrase of the instrument, in English
    verified: bool = True
    quote_ja: str | None = None  # the same phrase in Japanese, where the pack gives one


@dataclass
class Reason:
    text: Bi
    citations: list[Citation]


@dataclass
class Ref:
    """A pointer from a finding to an event of the log (printed in the evidence appendix)."""

    seq: int
    at: float
    text: Bi


@dataclass
class Finding:
    """A strength or an area for improvement, with its evidence; an area's `id` keys the IP."""

    kind: str  # observation | decision | expected | blocked | flagged | obligation
    text: Bi | str  # one line: what the executive summary and the Improvement Plan say
    evidence: list[Ref] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    id: str | None = None
    rating: str | None = None
    org: Bi | None = None
    element: str | None = None
    priority: int = 5  # lower is more important (for the executive summary)
    notes: list[str] = field(default_factory=list)  # an evaluator's words folded into this finding
    home: str = ""  # the objective it is listed under in full (the first of its objectives)
    detail: Bi | None = None  # why, with its citations: said in the analysis, after the text

    root_cause: Bi | str = ""  # agreed at the after-action meeting (the corrective-actions file)
    label: Bi | None = None  # what a person reads: "Issue 3" / "課題3", "Strength 2" (the id is the file's key)

    @property
    def anchor(self) -> str:
        return self.id or f"{self.kind}-{self.evidence[-1].seq if self.evidence else 0}"

    @property
    def itself(self) -> bool:
        """An evaluator's observation that is its own evidence (nothing folded into it)."""
        return self.kind == "observation" and len(self.evidence) == 1

    @property
    def title(self) -> Bi | str:
        """The short title the executive summary and the Improvement Plan give: an observation's
        first sentence, cut short; the tool's own one-line text as it is."""
        return headline(self.text) if isinstance(self.text, str) else self.text


@dataclass
class Move:
    seq: int
    at: float
    seat: str
    role: Bi
    status: str  # accepted | blocked
    action: str | None
    action_label: Bi | None
    decision: str | None
    option: str | None
    option_label: Bi | None
    text: str
    reasons: list[Reason] = field(default_factory=list)
    flags: list[Reason] = field(default_factory=list)
    ruling: int | None = None
    ruled: list[int] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    issue: str | None = None  # the id of its blocked or flagged finding (the Improvement Plan's row)
    issue_label: Bi | None = None  # that finding's label ("Issue 3")
    unruled: bool = False  # a third party's move: the doctrine pack does not rule on it


@dataclass
class Expected:
    """One expected action of an objective, over the released injects expecting it."""

    action: str
    label: Bi
    injects: list[str]
    outcome: str  # taken | alternative | restraint (held back from an unlawful one) | lesser (less force) | before | missed;
    # held_back | taken_against (an action expected not to be taken)
    by: Bi | None = None
    seq: int | None = None
    after: float | None = None  # seconds from the first inject to the move
    via: Bi | None = None  # the alternative taken, or the option chosen in restraint
    blocked: list[int] = field(default_factory=list)
    avoid: bool = False  # expected NOT to be taken (scenario format tabletop/2)


@dataclass
class InjectRef:
    id: str
    title: Bi
    status: str  # released | skipped (by control) | off_branch | held | pending
    released_at: float | None
    seq: int | None
    objectives: list[str]
    to: list[str]
    adhoc: bool = False


@dataclass
class Objective:
    id: str
    text: Bi
    capability: Bi
    status: str  # rated | not_rated | not_exercised
    reason: Bi | None
    overall: str | None
    counts: dict[str, int]
    evaluators: int
    observations: int
    expected: list[Expected]
    strengths: list[Finding]
    improvements: list[Finding]


@dataclass
class DecisionPoint:
    id: str
    inject: str
    to: str
    role: Bi
    prompt: Bi
    options: list[Any]  # the scenario's options (id, label, action)
    status: str  # resolved | timed_out | open | not_opened
    objectives: list[str]
    released_at: float | None = None
    opened_at: float | None = None
    deadline_at: float | None = None
    closed_at: float | None = None
    option_label: Bi | None = None
    action_label: Bi | None = None
    by_role: Bi | None = None
    elapsed: float | None = None
    deadline_met: bool | None = None
    citations: list[Citation] = field(default_factory=list)
    basis: str = "law"  # policy: diplomacy or signalling, which no statute governs; third_party: not the pack's
    basis_note: Bi | None = None  # said instead of citations (a third party's move)
    move_seq: int | None = None
    closed_seq: int | None = None
    text: str = ""
    flags: list[Reason] = field(default_factory=list)
    ruling: int | None = None
    blocked: list[int] = field(default_factory=list)
    option: str | None = None
    action: str | None = None

    @property
    def in_full(self) -> bool:
        """Printed as a whole record (the others as a row of a table): it carries an area for
        improvement (timed out, open at ENDEX, late, flagged), a blocked attempt or a ruling."""
        return self.status in ("timed_out", "open") or self.deadline_met is False or bool(
            self.flags or self.blocked or self.ruling)


@dataclass
class Ruling:
    seq: int
    at: float
    target: int
    target_text: Bi
    verdict: str
    reason: str


@dataclass
class ObligationRow:
    key: str
    obligation: str
    title: Bi
    owed_by: list[str]
    owed_roles: list[Bi]
    trigger: str
    trigger_label: Bi
    due_seq: int
    opened_at: float
    due_at: float
    status: str  # met | late | overdue | due
    met_at: float | None = None
    met_seq: int | None = None
    overdue_seq: int | None = None
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Message:
    seq: int
    at: float
    sender: str
    sender_role: Bi
    side: str
    to: list[str]
    to_roles: list[Bi]
    text: str
    cross_side: bool
    reply_seq: int | None = None
    reply_after: float | None = None


@dataclass
class Situation:
    seq: int
    at: float
    situation: str
    title: Bi
    previous_title: Bi
    by: str
    by_role: Bi


@dataclass
class Participant:
    seat: str
    role: Bi
    side: str
    side_title: Bi
    org: Bi | None
    kind: str  # player | control | evaluator
    in_scenario: bool
    staffed: bool = True  # False: nobody sat in the seat; control played it
    joined: str | None = None
    moves: int = 0
    blocked: int = 0
    messages: int = 0
    observations: int = 0


@dataclass
class Hotwash:
    seq: int
    seat: str
    role: Bi
    strengths: str
    improvements: str


@dataclass
class IPRow:
    """One row of the HSEEP Improvement Plan matrix; blank fields render as "to be assigned"."""

    issue_id: str
    capability: Bi | str
    issue: Bi | str  # the short title (a str: an observation, as the evaluator typed it)
    detail: Bi | None = None  # why (a blocked or flagged move), printed here only if no objective lists it
    objectives: list[str] = field(default_factory=list)  # the one it is analysed under first
    root_cause: Bi | str = ""  # printed here only for an issue the analysis does not list
    action: Bi | str = ""
    element: str = ""
    organisation: Bi | str = ""
    poc: str = ""
    start: str = ""
    completion: str = ""
    status: str = ""  # open | in-progress | done | verified, as `tabletop ip` records it
    from_log: bool = True
    label: Bi | None = None  # "Issue 3" / "課題3": the area's number, the same in the summary and the analysis


@dataclass
class Side:
    """A lane of the timeline: a side of the pack with seats in play, or control."""

    id: str
    title: Bi


@dataclass
class Coverage:
    """What was played, against what was scripted: the report's limitations come from here."""

    played: float
    injects_released: int
    injects_scripted: int
    injects_adhoc: int
    decisions_reached: int
    decisions: int
    seats_staffed: int
    seats: int
    ended: bool
    early: bool  # ENDEX with scripted injects never released
    verified: bool
    limitations: list[Bi] = field(default_factory=list)


@dataclass
class Figures:
    events: int = 0
    resolved: int = 0
    timed_out: int = 0
    open_at_end: int = 0
    not_reached: int = 0
    blocked: int = 0
    rulings: int = 0
    flagged: int = 0
    obligations: int = 0
    obligations_missed: int = 0
    messages: int = 0
    cross_side: int = 0
    replied: int = 0
    median_decision: float | None = None
    median_reply: float | None = None


@dataclass
class Integrity:
    ok: bool
    message: Bi
    events: int
    head_seq: int | None
    head_hash: str | None
    allowed: bool = False  # a failing log reported anyway (--allow-unverified)
    file: str = "LOG.db"  # the log's file name, for the instructions to verify it


@dataclass
class Meta:
    """The HSEEP fields a sponsor expects (corrective-actions file's `exercise:`, else the scenario)."""

    type: Bi
    sponsor: Bi | str | None = None
    location: Bi | str | None = None
    mission_areas: Bi | str | None = None
    threat: Bi | str | None = None
    evaluation: Bi | str | None = None
    director: str | None = None
    poc: Bi | None = None
    approvers: list[dict] = field(default_factory=list)  # {role, name, organisation}


@dataclass
class Report:
    exercise: str
    scenario_id: str
    title: Bi
    banner: str
    summary: Bi | None
    scope: Bi | None
    doctrine: Bi
    doctrine_id: str
    start: datetime
    wall_started: str | None
    wall_ended: str | None
    rehearsal: bool
    generated: str | None
    meta: Meta
    integrity: Integrity
    coverage: Coverage
    figures: Figures
    objectives: list[Objective]
    capabilities: list[Bi]
    organisations: list[Bi]
    injects: list[InjectRef]
    decisions: list[DecisionPoint]
    blocked: list[Move]
    rulings: list[Ruling]
    flagged: list[Move]
    obligations: list[ObligationRow]
    situations: list[Situation]
    final_situation: Bi
    situation_default: str
    situation_start: str  # in force at STARTEX (format tabletop/2 `initial`), else the default
    situation_titles: dict[str, Bi]
    messages: list[Message]
    sides: list[Side]
    participants: list[Participant]
    hotwash: list[Hotwash]
    strengths: list[Finding]
    improvements: list[Finding]
    narrative: list[Bi]  # the executive summary's paragraphs
    conclusion: Bi
    plan: list[IPRow]
    evidence: list[Any]  # logtext.Entry of every event a finding cites, in log order
    glossary: list[tuple[str, str, str]]
    warnings: list[str] = field(default_factory=list)
    log: list[Any] = field(default_factory=list)  # every event in words, when the log is printed
    events: list[Any] = field(default_factory=list, repr=False)  # the log as read (the PDF's attachments)
    basis: str = "fictional"  # fictional | historical | adapted (scenario format tabletop/2)
    sources: list[dict] = field(default_factory=list)  # {id, title, url}
    jumps: list[tuple[float, float]] = field(default_factory=list)  # (from, to): the clock jumped over it

    @functools.cached_property
    def cited(self) -> set[int]:
        """The seqs of the events in the evidence appendix (the only ones a link may point to)."""
        return {e.seq for e in self.evidence}

    def clock(self, at: float) -> datetime:
        return self.start + timedelta(seconds=at)

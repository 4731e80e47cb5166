"""The report context: everything the after-action report says, computed from
the event log, the scenario and the doctrine pack, as plain data.

Pure: no rendering, no templates, no file or clock access. The renderers (HTML
through Jinja2, then PDF) only choose words and layout for what is here; every
figure in the report is computed once, in this module, from the log.

Text comes in two kinds. Text the tool writes (titles from the scenario and
the pack, findings it derives) is bilingual: a `Bi` dict ``{"en": ..., "ja": ...}``.
Text a person typed during the exercise (a move's note, a message, an
observation, a hotwash) is a plain `str`, shown as written, in one language.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable

from tabletop.engine import events as ev
from tabletop.engine.events import Event
from tabletop.hseep import RATING_NAME
from tabletop.text import format_offset

Bi = dict[str, str]

RATING_SCORE = {"P": 4, "S": 3, "M": 2, "U": 1}


def bi(en: str, ja: str | None = None) -> Bi:
    return {"en": en, "ja": ja if ja else en}


def text_bi(value: Any) -> Bi:
    """A scenario/pack Text model, a {en, ja} dict or a plain string, as Bi."""
    if value is None:
        return bi("")
    if isinstance(value, str):
        return bi(value)
    if isinstance(value, dict):
        return bi(str(value.get("en", "")), value.get("ja"))
    return bi(value.en, getattr(value, "ja", None))


def _join(items: Iterable[Bi], sep: Bi | None = None) -> Bi:
    items = list(items)
    sep = sep or {"en": ", ", "ja": "、"}
    return {lang: sep[lang].join(i[lang] for i in items) for lang in ("en", "ja")}


def _join_sentences(items: Iterable[Bi]) -> Bi:
    """Texts one after another: as sentences when each is one ('A. B.'), else with semicolons ('a; b')."""
    items = list(items)
    out: Bi = {}
    for lang, stop, between, sep in (("en", ".", " ", "; "), ("ja", "。", "", "；")):
        parts = [i[lang].strip() for i in items]
        out[lang] = (between if all(p.endswith(stop) for p in parts) else sep).join(parts)
    return out


def minutes(seconds: float | None) -> Bi:
    """A duration in words: '4 min 30 s' / '4分30秒'."""
    if seconds is None:
        return bi("—")
    total = int(round(abs(seconds)))
    h, m, s = total // 3600, total % 3600 // 60, total % 60
    en, ja = [], []
    if h:
        en.append(f"{h} h")
        ja.append(f"{h}時間")
    if m:
        en.append(f"{m} min")
        ja.append(f"{m}分")
    if s or not (h or m):
        en.append(f"{s} s")
        ja.append(f"{s}秒")
    sign = "−" if seconds < 0 else ""
    return {"en": sign + " ".join(en), "ja": sign + "".join(ja)}


# -- the pieces of the report ------------------------------------------------------


@dataclass
class Citation:
    instrument: str
    article: str
    quote: str | None = None
    verified: bool = True

    @property
    def short(self) -> str:
        return f"{self.instrument} {self.article}"


@dataclass
class Reason:
    """A rule's words about a move (why it was blocked, or why it was flagged), with its citations."""

    text: Bi
    citations: list[Citation]


@dataclass
class Ref:
    """A pointer from a finding to the event in the log that supports it."""

    seq: int
    at: float
    text: Bi


@dataclass
class Finding:
    """A strength or an area for improvement, with the evidence behind it.

    Areas for improvement carry an `id` (stable for a given log: it is made of
    log sequence numbers and scenario ids) that keys the improvement plan and
    the corrective-actions file."""

    kind: str  # observation | decision | expected | blocked | flagged | obligation
    text: Bi | str
    evidence: list[Ref] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    id: str | None = None
    rating: str | None = None
    org: Bi | None = None  # organisation suggested as primary responsible
    element: str | None = None  # HSEEP capability element suggested
    priority: int = 5  # lower is more important (for the summary)


@dataclass
class Observation:
    seq: int
    at: float
    evaluator: str
    objective: str
    rating: str
    text: str


@dataclass
class Move:
    """An accepted or blocked move, as it appears in the analysis."""

    seq: int
    at: float
    seat: str
    role: Bi
    side: str
    status: str  # accepted | blocked
    action: str | None
    action_label: Bi | None
    decision: str | None
    option: str | None
    option_label: Bi | None
    text: str
    reasons: list[Reason] = field(default_factory=list)  # blocked: why
    flags: list[Reason] = field(default_factory=list)  # accepted with flags
    ruling: int | None = None  # accepted by a ruling on this blocked move's seq
    ruled: list[int] = field(default_factory=list)  # blocked: seqs of rulings on it


@dataclass
class ExpectedAction:
    inject: str
    action: str
    label: Bi
    taken: bool
    by: str | None = None
    by_role: Bi | None = None
    at: float | None = None
    seq: int | None = None
    after_inject: float | None = None  # seconds from the inject's release (negative: before)
    blocked: list[int] = field(default_factory=list)  # seqs of blocked attempts at it


@dataclass
class ExpectedSummary:
    """One expected action over every inject of an objective that expects it."""

    action: str
    label: Bi
    injects: int  # released injects that expect it
    taken: int  # of those, how many saw it taken (after the inject, or already before it)
    before: int  # of the taken, how many only before the inject was released
    median_after: float | None  # median seconds from the inject to the move, over those taken after it
    missed: list[str] = field(default_factory=list)  # inject ids where it was never taken
    blocked: list[int] = field(default_factory=list)  # seqs of blocked attempts at it


@dataclass
class InjectRef:
    id: str
    title: Bi
    status: str  # released | skipped | held | pending
    released_at: float | None
    seq: int | None
    objectives: list[str]
    to: list[str]
    from_: str | None = None
    decisions: list[str] = field(default_factory=list)
    adhoc: bool = False


@dataclass
class ObjectiveAnalysis:
    id: str
    text: Bi
    capability: Bi
    observations: list[Observation]
    overall: str | None  # P/S/M/U, or None when nobody rated it
    injects: list[InjectRef]
    expected: list[ExpectedAction]
    moves: list[Move]
    decisions: list[str]
    strengths: list[Finding]
    improvements: list[Finding]
    expected_summary: list[ExpectedSummary] = field(default_factory=list)


@dataclass
class Option:
    id: str
    label: Bi
    action: str | None
    action_label: Bi | None


@dataclass
class DecisionPoint:
    id: str
    inject: str
    inject_title: Bi
    to: str
    role: Bi
    prompt: Bi
    options: list[Option]
    status: str  # resolved | timed_out | open | not_opened
    released_at: float | None = None  # the inject's release
    opened_at: float | None = None
    deadline_at: float | None = None
    closed_at: float | None = None
    option: str | None = None
    option_label: Bi | None = None
    action: str | None = None
    action_label: Bi | None = None
    by: str | None = None
    by_role: Bi | None = None
    elapsed: float | None = None  # inject release -> decision
    deadline_met: bool | None = None
    citations: list[Citation] = field(default_factory=list)
    move_seq: int | None = None
    resolved_seq: int | None = None
    text: str = ""
    flags: list[Reason] = field(default_factory=list)
    ruling: int | None = None
    blocked: list[int] = field(default_factory=list)
    on_timeout: str | None = None
    objectives: list[str] = field(default_factory=list)


@dataclass
class Ruling:
    seq: int
    at: float
    target: int
    target_text: Bi
    verdict: str
    reason: str
    seat: str | None


@dataclass
class ObligationRow:
    key: str
    obligation: str
    title: Bi
    owed_by: list[str]
    owed_roles: list[Bi]
    triggered_by: str
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
    to_sides: list[str]
    text: str
    cross_side: bool
    reply_seq: int | None = None
    reply_after: float | None = None


@dataclass
class Consultation:
    """Cross-side messages from one role to another, and how quickly that role answered."""

    sender: str
    sender_role: Bi
    recipient: str
    recipient_role: Bi
    count: int
    answered: int
    median_reply: float | None
    longest_reply: float | None


@dataclass
class SideTraffic:
    src: str
    dst: str
    src_title: Bi
    dst_title: Bi
    count: int


@dataclass
class Situation:
    seq: int
    at: float
    situation: str
    title: Bi
    previous: str
    previous_title: Bi
    by: str
    by_role: Bi
    action: str | None


@dataclass
class Participant:
    seat: str
    role: Bi
    side: str
    side_title: Bi
    org: Bi | None
    kind: str  # player | control | evaluator
    in_scenario: bool
    joined: str | None = None  # first join, wall time
    left: str | None = None  # last leave, wall time
    moves: int = 0
    blocked: int = 0
    messages: int = 0
    observations: int = 0


@dataclass
class Hotwash:
    seq: int
    at: float
    seat: str
    role: Bi
    strengths: str
    improvements: str


@dataclass
class LogRow:
    seq: int
    at: float
    wall: str
    actor: str
    type: str
    text: Bi | str
    note: str = ""  # participant text carried by the event (never translated)
    audience: str = ""


@dataclass
class ImprovementItem:
    """One row of the HSEEP improvement plan matrix."""

    issue_id: str
    capability: Bi | str
    issue: Bi | str
    corrective_action: str = ""
    element: str = ""
    organisation: Bi | str = ""
    poc: str = ""
    start: str = ""
    completion: str = ""
    from_log: bool = True  # False: added by the corrective-actions file
    objectives: list[str] = field(default_factory=list)


@dataclass
class Side:
    id: str
    title: Bi
    seats: list[str]


@dataclass
class Glossary:
    term: str
    en: str
    ja: str


@dataclass
class Figures:
    injects_scripted: int = 0
    injects_released: int = 0
    injects_adhoc: int = 0
    injects_skipped: int = 0
    decision_points: int = 0
    opened: int = 0
    resolved: int = 0
    timed_out: int = 0
    open_at_end: int = 0
    not_reached: int = 0
    moves: int = 0
    blocked: int = 0
    rulings: int = 0
    overruled: int = 0
    upheld: int = 0
    adjudicated: int = 0
    flagged: int = 0
    obligations: int = 0
    obligations_met: int = 0
    obligations_late: int = 0
    obligations_overdue: int = 0
    obligations_due: int = 0
    messages: int = 0
    cross_side_messages: int = 0
    observations: int = 0
    situations_declared: int = 0
    events: int = 0
    median_decision: float | None = None  # seconds, inject -> decision, resolved ones
    median_reply: float | None = None  # seconds, cross-side message -> reply


@dataclass
class ReportContext:
    exercise: str
    scenario_id: str
    title: Bi
    banner: str
    summary: Bi | None
    scope: Bi | None
    poc: str | None
    doctrine: Bi
    doctrine_id: str
    start: datetime  # scenario clock at STARTEX (aware)
    wall_created: str | None
    wall_started: str | None
    wall_ended: str | None
    ended: bool
    played: float  # scenario seconds played
    final_situation: Bi
    objectives: list[ObjectiveAnalysis]
    general: ObjectiveAnalysis | None  # findings tied to no objective
    capabilities: list[Bi]
    sides: list[Side]  # pack sides with seats in play (timeline lanes), control last
    participants: list[Participant]
    organisations: list[Bi]
    injects: list[InjectRef]
    decisions: list[DecisionPoint]
    blocked: list[Move]
    rulings: list[Ruling]
    flagged: list[Move]
    obligations: list[ObligationRow]
    situations: list[Situation]
    messages: list[Message]
    traffic: list[SideTraffic]
    consultations: list[Consultation]
    hotwash: list[Hotwash]
    log: list[LogRow]
    glossary: list[Glossary]
    strengths: list[Finding]  # major strengths (summary)
    improvements: list[Finding]  # primary areas for improvement (summary)
    plan: list[ImprovementItem]
    figures: Figures
    verification: Bi | str | None = None  # result of the log's hash-chain check
    rehearsal: bool = False  # played by `tabletop rehearse`: its wall-clock times are simulated
    verified: bool | None = None
    generated: str | None = None  # date the report was made (given by the caller)
    situation_default: str = "none"
    situation_titles: dict[str, Bi] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def objective(self, oid: str) -> ObjectiveAnalysis | None:
        return next((o for o in self.objectives if o.id == oid), None)

    def clock(self, at: float) -> datetime:
        """Scenario clock time (in the scenario's own UTC offset) at scenario second `at`."""
        return self.start + timedelta(seconds=at)


# -- building it ------------------------------------------------------------------


class _Names:
    """Bilingual names of roles, sides, actions and situations from the pack."""

    def __init__(self, rules):
        self.rules = rules

    def role(self, seat: str | None) -> Bi:
        if seat is None:
            return bi("—")
        r = self.rules.roles.get(seat)
        if r is not None:
            return text_bi(r.title)
        if seat == "control":
            return bi("Control", "統制")
        if seat == "system":
            return bi("Exercise clock", "演習時計")
        if seat.startswith("evaluator"):
            base = self.rules.roles.get("evaluator")
            name = text_bi(base.title) if base else bi("Evaluator", "評価者")
            suffix = seat[len("evaluator"):].lstrip(".-_")
            return {k: f"{v} {suffix}".strip() for k, v in name.items()}
        return bi(seat)

    def side(self, seat: str) -> str:
        if seat in ("control", "system") or seat.startswith("evaluator"):
            r = self.rules.roles.get(seat) or self.rules.roles.get("evaluator" if seat.startswith("evaluator") else "control")
            return r.side if r is not None and r.kind != "player" else "control"
        r = self.rules.roles.get(seat)
        if r is not None and r.kind != "player":
            return "control"
        return self.rules.side_of(seat)

    def side_title(self, side: str) -> Bi:
        s = self.rules.sides.get(side)
        if s is not None:
            return text_bi(s.title)
        if side == "control":
            return bi("Control", "統制")
        return bi(side)

    def action(self, action: str | None) -> Bi | None:
        if action is None:
            return None
        a = self.rules.actions.get(action)
        return text_bi(a.label) if a is not None else bi(action)

    def situation(self, sid: str | None) -> Bi:
        if sid is None:
            return bi("—")
        s = self.rules.situations.get(sid)
        return text_bi(s.title) if s is not None else bi(sid)

    def citations(self, action: str | None) -> list[Citation]:
        a = self.rules.actions.get(action) if action else None
        return [_cite(c) for c in a.citations] if a is not None else []


def _cite(c: Any) -> Citation:
    if isinstance(c, dict):
        return Citation(c.get("instrument", ""), c.get("article", ""), c.get("quote"), bool(c.get("verified", False)))
    return Citation(c.instrument, c.article, c.quote, c.verified)


def _reasons(items: list[dict] | None) -> list[Reason]:
    return [Reason(text_bi(r.get("text")), [_cite(c) for c in r.get("citations", [])]) for r in items or []]


def _seat_kind(rules, seat: str) -> str:
    r = rules.roles.get(seat)
    if r is not None:
        return r.kind
    if seat in ("control", "system"):
        return "control"
    if seat.startswith("evaluator"):
        return "evaluator"
    return "player"


def build_context(events: Iterable[Event], scenario, rules, *, verification: Bi | str | None = None,
                  verified: bool | None = None, generated: str | None = None,
                  corrective: dict[str, dict] | None = None, rehearsal: bool = False) -> ReportContext:
    """The whole report, from the log.

    `scenario` and `rules` are the exercise's Scenario and Doctrine (as rebuilt
    by `Session.resume`). `corrective` maps improvement-plan issue ids to
    corrective-action fields (see docs/report.md); ids not found in the log are
    added as new rows when they give an `issue`, else listed in `warnings`."""
    events = list(events)
    names = _Names(rules)
    scn = scenario
    start = scn.start
    warnings: list[str] = []

    by_seq = {e.seq: e for e in events}
    first = {t: None for t in (ev.EXERCISE_CREATED, ev.EXERCISE_STARTED, ev.EXERCISE_ENDED)}
    for e in events:
        if e.type in first and first[e.type] is None:
            first[e.type] = e
    ended = first[ev.EXERCISE_ENDED] is not None
    played = max((e.at for e in events), default=0.0)

    # -- injects --------------------------------------------------------------
    released: dict[str, Event] = {}
    status: dict[str, str] = {}
    adhoc: list[Event] = []
    for e in events:
        if e.type == ev.INJECT_RELEASED:
            if e.data.get("adhoc"):
                adhoc.append(e)
            else:
                released.setdefault(e.data["inject"], e)
                status[e.data["inject"]] = "released"
        elif e.type == ev.INJECT_SKIPPED:
            status[e.data["inject"]] = "skipped"
        elif e.type == ev.INJECT_HELD:
            status.setdefault(e.data["inject"], "held")
            if status[e.data["inject"]] != "released":
                status[e.data["inject"]] = "held"
    injects: list[InjectRef] = []
    for inj in scn.injects:
        r = released.get(inj.id)
        injects.append(InjectRef(inj.id, text_bi(inj.title), status.get(inj.id, "pending"),
                                 r.at if r else None, r.seq if r else None, list(inj.objectives),
                                 list(r.data.get("to", [])) if r else list(inj.to), inj.from_,
                                 [d.id for d in inj.decisions]))
    for e in adhoc:
        injects.append(InjectRef(e.data["inject"], text_bi(e.data.get("title")), "released", e.at, e.seq, [],
                                 list(e.data.get("to", [])), e.data.get("from"), [], adhoc=True))
    injects.sort(key=lambda i: (i.released_at is None, i.released_at or 0, i.seq or 0))
    inject_of_decision = {d.id: inj.id for inj in scn.injects for d in inj.decisions}
    objectives_of_inject = {inj.id: list(inj.objectives) for inj in scn.injects}

    # -- moves, blocked attempts, rulings -------------------------------------------
    moves: list[Move] = []
    move_by_seq: dict[int, Move] = {}
    rulings_on: dict[int, list[int]] = {}
    for e in events:
        if e.type == ev.RULING_MADE:
            rulings_on.setdefault(int(e.data.get("target", 0)), []).append(e.seq)
    for e in events:
        if e.type not in (ev.MOVE_SUBMITTED, ev.MOVE_BLOCKED):
            continue
        d = e.data
        decision, option = d.get("decision"), d.get("option")
        option_label = None
        if decision and option and decision in scn._decisions:
            opt = next((o for o in scn.decision(decision)[1].options if o.id == option), None)
            option_label = text_bi(opt.label) if opt else bi(option)
        m = Move(e.seq, e.at, e.actor, names.role(e.actor), names.side(e.actor),
                 "blocked" if e.type == ev.MOVE_BLOCKED else "accepted", d.get("action"),
                 names.action(d.get("action")), decision, option, option_label, d.get("text") or "",
                 reasons=_reasons(d.get("reasons")) if e.type == ev.MOVE_BLOCKED else [],
                 flags=_reasons(d.get("flags")) if e.type == ev.MOVE_SUBMITTED else [],
                 ruling=d.get("ruling"), ruled=rulings_on.get(e.seq, []))
        moves.append(m)
        move_by_seq[e.seq] = m
    blocked = [m for m in moves if m.status == "blocked"]
    flagged = [m for m in moves if m.status == "accepted" and m.flags]

    def describe_target(seq: int) -> Bi:
        t = by_seq.get(seq)
        if t is None:
            return {"en": f"event #{seq}", "ja": f"イベント#{seq}"}
        if t.type == ev.MOVE_BLOCKED:
            label = names.action(t.data.get("action")) or bi("—")
            role = names.role(t.actor)
            return {"en": f"blocked move #{seq}: {role['en']} — {label['en']}",
                    "ja": f"阻止された行動 #{seq}：{role['ja']} — {label['ja']}"}
        return {"en": f"#{seq} {t.type} ({names.role(t.actor)['en']})",
                "ja": f"#{seq} {t.type}（{names.role(t.actor)['ja']}）"}

    rulings = [Ruling(e.seq, e.at, int(e.data.get("target", 0)), describe_target(int(e.data.get("target", 0))),
                      e.data.get("verdict", ""), e.data.get("reason") or "", e.data.get("seat"))
               for e in events if e.type == ev.RULING_MADE]

    # -- decision points ------------------------------------------------------------
    opened: dict[str, Event] = {}
    closed: dict[str, Event] = {}
    for e in events:
        if e.type == ev.DECISION_OPENED:
            opened.setdefault(e.data["decision"], e)
        elif e.type in (ev.DECISION_RESOLVED, ev.DECISION_TIMED_OUT):
            closed.setdefault(e.data["decision"], e)
    decisions: list[DecisionPoint] = []
    for inj in scn.injects:
        for d in inj.decisions:
            options = [Option(o.id, text_bi(o.label), o.action, names.action(o.action)) for o in d.options]
            dp = DecisionPoint(d.id, inj.id, text_bi(inj.title), d.to, names.role(d.to), text_bi(d.prompt), options,
                               "not_opened", on_timeout=d.on_timeout, objectives=list(inj.objectives))
            rel = released.get(inj.id)
            dp.released_at = rel.at if rel else None
            o = opened.get(d.id)
            if o is not None:
                dp.status = "open"
                dp.opened_at = o.at
                dp.deadline_at = o.data.get("deadline_at")
            c = closed.get(d.id)
            if c is not None:
                dp.closed_at = c.at
                dp.resolved_seq = c.seq
                dp.option = c.data.get("option")
                opt = next((x for x in options if x.id == dp.option), None)
                dp.option_label = opt.label if opt else (bi(dp.option) if dp.option else None)
                base = dp.released_at if dp.released_at is not None else dp.opened_at
                dp.elapsed = None if base is None else c.at - base
                if c.type == ev.DECISION_TIMED_OUT:
                    dp.status = "timed_out"
                    dp.deadline_met = False
                else:
                    dp.status = "resolved"
                    dp.by = c.actor
                    dp.by_role = names.role(c.actor)
                    dp.deadline_met = True if dp.deadline_at is None else c.at <= dp.deadline_at + 0.0005
                    move = next((m for m in reversed(moves) if m.status == "accepted" and m.decision == d.id
                                 and m.seq < c.seq), None)
                    if move is not None:
                        dp.move_seq = move.seq
                        dp.text = move.text
                        dp.flags = move.flags
                        dp.ruling = move.ruling
                        dp.action = move.action
                        dp.action_label = move.action_label
                    elif opt is not None:
                        dp.action, dp.action_label = opt.action, opt.action_label
                    dp.citations = names.citations(dp.action)
            elif o is not None and ended:
                dp.deadline_met = False if dp.deadline_at is not None and played >= dp.deadline_at else None
            dp.blocked = [m.seq for m in blocked if m.decision == d.id]
            decisions.append(dp)
    decisions.sort(key=lambda x: (x.opened_at is None, x.opened_at or 0, x.id))

    # -- obligations ----------------------------------------------------------------
    obligations: dict[str, ObligationRow] = {}
    for e in events:
        d = e.data
        if e.type == ev.OBLIGATION_DUE:
            ob = rules.obligations.get(d["obligation"])
            owed = list(d.get("owed_by", []))
            obligations[d["key"]] = ObligationRow(
                d["key"], d["obligation"], text_bi(ob.title) if ob else bi(d["obligation"]), owed,
                [names.role(s) for s in owed], d.get("action", ""), names.action(d.get("action")) or bi("—"),
                e.seq, e.at, float(d.get("due_at", e.at)), "due",
                citations=[_cite(c) for c in ob.citations] if ob else [])
        elif e.type == ev.OBLIGATION_MET and d.get("key") in obligations:
            row = obligations[d["key"]]
            row.status = "late" if d.get("late") else "met"
            row.met_at, row.met_seq = e.at, e.seq
        elif e.type == ev.OBLIGATION_OVERDUE and d.get("key") in obligations:
            row = obligations[d["key"]]
            if row.status == "due":
                row.status = "overdue"
            row.overdue_seq = e.seq
    obligation_rows = list(obligations.values())

    # -- situations, messages -------------------------------------------------------
    situations = [Situation(e.seq, e.at, e.data["situation"], names.situation(e.data["situation"]),
                            e.data.get("previous", ""), names.situation(e.data.get("previous")), e.actor,
                            names.role(e.actor), e.data.get("action"))
                  for e in events if e.type == ev.SITUATION_DECLARED]
    messages: list[Message] = []
    for e in events:
        if e.type != ev.MESSAGE_SENT:
            continue
        to = list(e.data.get("to", []))
        side = names.side(e.actor)
        to_sides = list(dict.fromkeys(names.side(s) for s in to))
        messages.append(Message(e.seq, e.at, e.actor, names.role(e.actor), side, to, [names.role(s) for s in to],
                                to_sides, e.data.get("text") or "", any(s != side for s in to_sides)))
    sent_to: dict[tuple[str, str], list[int]] = {}  # (sender, recipient) -> indexes in `messages`
    for i, m in enumerate(messages):
        for r in m.to:
            sent_to.setdefault((m.sender, r), []).append(i)

    def reply_index(i: int, sender: str, recipient: str) -> int | None:
        """Index of the first message after messages[i] from `recipient` back to `sender`."""
        later = sent_to.get((recipient, sender), [])
        k = bisect.bisect_right(later, i)
        return later[k] if k < len(later) else None

    for i, m in enumerate(messages):
        if not m.cross_side:
            continue
        found = [j for r in m.to if names.side(r) != m.side for j in [reply_index(i, m.sender, r)] if j is not None]
        if found:
            reply = messages[min(found)]
            m.reply_seq, m.reply_after = reply.seq, reply.at - m.at
    traffic_count: dict[tuple[str, str], int] = {}
    for m in messages:
        for s in m.to_sides:
            if s != m.side:
                traffic_count[(m.side, s)] = traffic_count.get((m.side, s), 0) + 1
    traffic = [SideTraffic(a, b, names.side_title(a), names.side_title(b), n)
               for (a, b), n in sorted(traffic_count.items())]
    pair_replies: dict[tuple[str, str], list[float | None]] = {}
    for i, m in enumerate(messages):
        for r in m.to:
            if names.side(r) == m.side:
                continue
            j = reply_index(i, m.sender, r)
            pair_replies.setdefault((m.sender, r), []).append(None if j is None else messages[j].at - m.at)
    consultations = []
    for (a, b), waits in sorted(pair_replies.items()):
        answered = [w for w in waits if w is not None]
        consultations.append(Consultation(a, names.role(a), b, names.role(b), len(waits), len(answered),
                                          statistics.median(answered) if answered else None,
                                          max(answered) if answered else None))

    # -- observations, hotwash ------------------------------------------------------
    observations = [Observation(e.seq, e.at, e.actor, e.data.get("objective", ""), e.data.get("rating", ""),
                                e.data.get("text") or "")
                    for e in events if e.type == ev.OBSERVATION_RECORDED]
    hotwash = [Hotwash(e.seq, e.at, e.actor, names.role(e.actor), e.data.get("strengths") or "",
                       e.data.get("improvements") or "")
               for e in events if e.type == ev.HOTWASH_SUBMITTED]

    # -- which objectives a move, obligation or decision belongs to -------------------
    released_order = sorted(released.values(), key=lambda e: e.seq)

    def objectives_of_move(m: Move) -> list[str]:
        if m.decision and m.decision in inject_of_decision:
            return objectives_of_inject.get(inject_of_decision[m.decision], [])
        out: list[str] = []
        if m.action:
            for r in released_order:
                if r.seq < m.seq and m.action in scn.inject(r.data["inject"]).expected:
                    out += [o for o in objectives_of_inject.get(r.data["inject"], []) if o not in out]
        return out

    def move_before(action: str, seq: int) -> Move | None:
        return next((m for m in reversed(moves) if m.status == "accepted" and m.action == action and m.seq < seq),
                    None)

    def org_of(seat: str | None) -> Bi | None:
        r = rules.roles.get(seat) if seat else None
        if r is not None and r.org is not None:
            return text_bi(r.org)
        return None

    # -- findings -----------------------------------------------------------------
    findings: list[Finding] = []
    for o in observations:
        good = o.rating in ("P", "S")
        findings.append(Finding(
            "observation", o.text or RATING_NAME.get(o.rating, bi(o.rating)),
            [Ref(o.seq, o.at, {"en": f"by {names.role(o.evaluator)['en']}",
                               "ja": f"{names.role(o.evaluator)['ja']}の所見"})],
            [o.objective], None if good else f"OBS-{o.seq}", o.rating,
            priority={"P": 1, "S": 3, "M": 1, "U": 0}.get(o.rating, 5)))
    for dp in decisions:
        inj_ref = {"en": f"inject {dp.inject} released", "ja": f"インジェクト{dp.inject}配布"}
        refs = []
        rel = released.get(dp.inject)
        if rel is not None:
            refs.append(Ref(rel.seq, rel.at, inj_ref))
        if dp.status == "resolved":
            chosen = dp.option_label or bi(dp.option or "—")
            within = (bi("") if dp.deadline_at is None or dp.released_at is None else
                      {"en": f" (allowed {minutes(dp.deadline_at - (dp.released_at or 0))['en']})",
                       "ja": f"（制限{minutes(dp.deadline_at - (dp.released_at or 0))['ja']}）"})
            el = minutes(dp.elapsed)
            if dp.move_seq is not None:
                refs.append(Ref(dp.move_seq, by_seq[dp.move_seq].at,
                                {"en": f"move by {dp.by_role['en']}", "ja": f"{dp.by_role['ja']}の行動"}))
            findings.append(Finding(
                "decision",
                {"en": f"Decision {dp.id} taken by {dp.by_role['en']} {el['en']} after the inject{within['en']}: "
                       f"{chosen['en']}.",
                 "ja": f"決定{dp.id}：{dp.by_role['ja']}がインジェクトから{el['ja']}で決定{within['ja']}：{chosen['ja']}。"},
                refs, dp.objectives, priority=4))
        elif dp.status in ("timed_out", "open") and dp.opened_at is not None:
            if dp.status == "timed_out":
                default = dp.option_label or bi(dp.option or "—")
                text = {"en": f"Decision {dp.id} ({dp.role['en']}) was not taken before its deadline; "
                              f"the default \u201c{default['en']}\u201d applied.",
                        "ja": f"決定{dp.id}（{dp.role['ja']}）は期限までに行われず、既定の「{default['ja']}」が適用された。"}
                refs.append(Ref(dp.resolved_seq or 0, dp.closed_at or 0, {"en": "deadline passed", "ja": "期限経過"}))
            elif ended:
                text = {"en": f"Decision {dp.id} ({dp.role['en']}) was still open when the exercise ended.",
                        "ja": f"決定{dp.id}（{dp.role['ja']}）は演習終了時点で未決定であった。"}
            else:
                continue
            findings.append(Finding("decision", text, refs, dp.objectives, f"DEC-{dp.id}",
                                    org=org_of(dp.to), element="Planning", priority=2))
    # Expected actions, one finding per action (an action may be expected after several injects).
    expected_by_action: dict[str, list[Event]] = {}
    for inj in scn.injects:
        rel = released.get(inj.id)
        if rel is not None:
            for action in inj.expected:
                expected_by_action.setdefault(action, []).append(rel)
    for action, rels in expected_by_action.items():
        label = names.action(action) or bi(action)
        objs = list(dict.fromkeys(o for r in rels for o in objectives_of_inject.get(r.data["inject"], [])))
        after = ", ".join(r.data["inject"] for r in rels)
        refs = [Ref(r.seq, r.at, {"en": f"inject {r.data['inject']} released", "ja": f"インジェクト{r.data['inject']}配布"})
                for r in rels]
        m = next((x for x in moves if x.status == "accepted" and x.action == action), None)
        if m is not None:
            when = m.at - rels[0].at
            rel_words = ({"en": f"{minutes(when)['en']} after inject {rels[0].data['inject']}",
                          "ja": f"インジェクト{rels[0].data['inject']}の{minutes(when)['ja']}後"} if when >= 0 else
                         {"en": f"before inject {rels[0].data['inject']}", "ja": f"インジェクト{rels[0].data['inject']}より前"})
            findings.append(Finding(
                "expected",
                {"en": f"Expected action taken: {label['en']} — by {m.role['en']}, {rel_words['en']}.",
                 "ja": f"期待された行動を実施：{label['ja']} — {m.role['ja']}、{rel_words['ja']}。"},
                refs[:1] + [Ref(m.seq, m.at, {"en": f"move by {m.role['en']}", "ja": f"{m.role['ja']}の行動"})],
                objs, priority=3))
            continue
        attempts = [x for x in blocked if x.action == action]
        refs += [Ref(x.seq, x.at, {"en": f"blocked attempt by {x.role['en']}", "ja": f"{x.role['ja']}の阻止された試み"})
                 for x in attempts]
        tail = ({"en": f"; {len(attempts)} attempt(s) were blocked", "ja": f"。阻止された試み{len(attempts)}件"}
                if attempts else bi(""))
        owners = [x for x in scn.seats if rules.can_ever(x, action)]
        findings.append(Finding(
            "expected",
            {"en": f"Expected action never taken: {label['en']} (expected after inject {after}){tail['en']}.",
             "ja": f"期待された行動が実施されなかった：{label['ja']}（インジェクト{after}の後に期待）{tail['ja']}。"},
            refs, objs, f"EXP-{action}", org=org_of(owners[0]) if owners else None, element="Planning", priority=2))

    # Blocked attempts and flagged moves, one finding per role and action.
    def grouped(items: list[Move]) -> dict[tuple[str, str], list[Move]]:
        out: dict[tuple[str, str], list[Move]] = {}
        for x in items:
            out.setdefault((x.seat, x.action or "-"), []).append(x)
        return out

    def why_of(reasons: list[Reason]) -> tuple[Bi, str]:
        texts: list[Bi] = []
        cites: list[str] = []
        for r in reasons:
            if r.text not in texts:
                texts.append(r.text)
            for c in r.citations:
                if c.short not in cites:
                    cites.append(c.short)
        return _join_sentences(texts), "; ".join(cites)

    for (seat, action), ms in grouped(blocked).items():
        m = ms[0]
        why, cites = why_of([r for x in ms for r in x.reasons])
        label = m.action_label or bi("—")
        times = ({"en": f" {len(ms)} times", "ja": f"（{len(ms)}回）"} if len(ms) > 1 else bi(""))
        refs = []
        for x in ms:
            refs.append(Ref(x.seq, x.at, {"en": f"blocked move by {x.role['en']}", "ja": f"{x.role['ja']}の阻止された行動"}))
            refs += [Ref(r, by_seq[r].at, {"en": f"control ruling: {by_seq[r].data.get('verdict')}",
                                           "ja": f"統制の裁定：{by_seq[r].data.get('verdict')}"})
                     for r in x.ruled if r in by_seq]
        objs = list(dict.fromkeys(o for x in ms for o in objectives_of_move(x)))
        findings.append(Finding(
            "blocked",
            {"en": f"{m.role['en']} attempted \u201c{label['en']}\u201d without the legal basis{times['en']}: {why['en']}"
                   + (f" [{cites}]" if cites else ""),
             "ja": f"{m.role['ja']}が法的根拠なく「{label['ja']}」を試みた{times['ja']}：{why['ja']}" + (f"［{cites}］" if cites else "")},
            refs, objs, f"BLK-{seat}-{action}", org=org_of(seat), element="Training", priority=3))
    for (seat, action), ms in grouped(flagged).items():
        m = ms[0]
        why, cites = why_of([r for x in ms for r in x.flags])
        label = m.action_label or bi("—")
        times = ({"en": f" ({len(ms)} times)", "ja": f"（{len(ms)}回）"} if len(ms) > 1 else bi(""))
        findings.append(Finding(
            "flagged",
            {"en": f"{m.role['en']} took \u201c{label['en']}\u201d{times['en']} with a flag: {why['en']}"
                   + (f" [{cites}]" if cites else ""),
             "ja": f"{m.role['ja']}が「{label['ja']}」を実施{times['ja']}（注意事項あり）：{why['ja']}" + (f"［{cites}］" if cites else "")},
            [Ref(x.seq, x.at, {"en": f"move by {x.role['en']}", "ja": f"{x.role['ja']}の行動"}) for x in ms],
            list(dict.fromkeys(o for x in ms for o in objectives_of_move(x))), f"DEV-{seat}-{action}",
            org=org_of(seat), element="Training", priority=3))

    # Obligations, one finding per obligation: met on time (a strength) or not (an issue).
    by_obligation: dict[str, list[ObligationRow]] = {}
    for ob in obligation_rows:
        by_obligation.setdefault(ob.obligation, []).append(ob)
    for obl_id, rows in by_obligation.items():
        first_row = rows[0]
        who = _join(first_row.owed_roles)
        objs: list[str] = []
        for ob in rows:
            trigger = move_before(ob.triggered_by, ob.due_seq)
            objs += [o for o in (objectives_of_move(trigger) if trigger else []) if o not in objs]
        good = [ob for ob in rows if ob.status == "met"]
        bad = [ob for ob in rows if ob.status != "met"]
        if good:
            refs = []
            for ob in good:
                refs += [Ref(ob.due_seq, ob.opened_at, {"en": "obligation became due", "ja": "義務発生"}),
                         Ref(ob.met_seq or 0, ob.met_at or 0, {"en": "met", "ja": "履行"})]
            took = minutes(max((ob.met_at or 0) - ob.opened_at for ob in good))
            findings.append(Finding(
                "obligation",
                {"en": f"Obligation met on time: {first_row.title['en']} ({who['en']})"
                       + (f", {len(good)} times" if len(good) > 1 else "") + f", within {took['en']} of falling due.",
                 "ja": f"義務を期限内に履行：{first_row.title['ja']}（{who['ja']}）"
                       + (f"、{len(good)}回" if len(good) > 1 else "") + f"、発生から{took['ja']}以内。"},
                refs, objs, priority=4))
        if not bad:
            continue
        refs = []
        parts_en: list[str] = []
        parts_ja: list[str] = []
        for ob in bad:
            refs.append(Ref(ob.due_seq, ob.opened_at, {"en": "obligation became due", "ja": "義務発生"}))
            if ob.status == "late":
                refs.append(Ref(ob.met_seq or 0, ob.met_at or 0, {"en": "met late", "ja": "遅延履行"}))
                late = minutes((ob.met_at or 0) - ob.due_at)
                parts_en.append(f"met {late['en']} late (due {format_offset(ob.due_at)})")
                parts_ja.append(f"期限（{format_offset(ob.due_at)}）から{late['ja']}遅れて履行")
            elif ob.status == "overdue":
                refs.append(Ref(ob.overdue_seq or 0, ob.due_at, {"en": "overdue", "ja": "期限超過"}))
                parts_en.append(f"due at {format_offset(ob.due_at)} and never discharged")
                parts_ja.append(f"期限（{format_offset(ob.due_at)}）を過ぎても不履行")
            else:
                parts_en.append(f"still open at the end (due {format_offset(ob.due_at)})")
                parts_ja.append(f"終了時点で未履行（期限{format_offset(ob.due_at)}）")
        findings.append(Finding(
            "obligation",
            {"en": f"Obligation not met on time: {first_row.title['en']} ({who['en']}): " + "; ".join(parts_en) + ".",
             "ja": f"義務が期限内に履行されなかった：{first_row.title['ja']}（{who['ja']}）：" + "；".join(parts_ja) + "。"},
            refs, objs, f"OBL-{obl_id}", org=org_of(first_row.owed_by[0]) if first_row.owed_by else None,
            element="Planning", priority=2))

    strengths_all = [f for f in findings if f.id is None]
    improvements_all = [f for f in findings if f.id is not None]

    # -- per objective -----------------------------------------------------------
    def analyse(oid: str | None, text: Bi, capability: Bi) -> ObjectiveAnalysis:
        if oid is None:
            objs_injects = [i for i in injects if not i.objectives]
            match = lambda f: not f.objectives  # noqa: E731
        else:
            objs_injects = [i for i in injects if oid in i.objectives]
            match = lambda f: oid in f.objectives  # noqa: E731
        inject_ids = {i.id for i in objs_injects}
        exp: list[ExpectedAction] = []
        for inj in scn.injects:
            if inj.id not in inject_ids or inj.id not in released:
                continue
            rel = released[inj.id]
            for action in inj.expected:
                # the first time it was taken once the inject was out; else the last time before (still in force)
                m = next((x for x in moves if x.status == "accepted" and x.action == action and x.seq > rel.seq),
                         None) or move_before(action, rel.seq)
                exp.append(ExpectedAction(inj.id, action, names.action(action) or bi(action), m is not None,
                                          m.seat if m else None, m.role if m else None, m.at if m else None,
                                          m.seq if m else None, (m.at - rel.at) if m else None,
                                          [x.seq for x in blocked if x.action == action]))
        expected_actions = {x.action for x in exp}
        obj_moves = [m for m in moves
                     if (m.decision and inject_of_decision.get(m.decision) in inject_ids)
                     or (not m.decision and m.action in expected_actions)
                     or (oid is not None and oid in objectives_of_move(m) and m.status == "blocked")]
        obs = [o for o in observations if o.objective == oid] if oid else []
        return ObjectiveAnalysis(
            oid or "", text, capability, obs, overall_rating([o.rating for o in obs]), objs_injects, exp, obj_moves,
            [d.id for d in decisions if d.inject in inject_ids],
            sorted([f for f in strengths_all if match(f)], key=_order),
            sorted([f for f in improvements_all if match(f)], key=_order),
            _expected_summary(exp))

    objectives = [analyse(o.id, text_bi(o.text), text_bi(o.capability)) for o in scn.objectives]
    general = analyse(None, bi("Findings not tied to an objective", "目標に関連付けられていない所見"), bi(""))
    if not (general.strengths or general.improvements):
        general = None
    else:
        general.injects = []
        general.moves = []
        general.decisions = []
    capabilities: list[Bi] = []
    for o in scn.objectives:
        c = text_bi(o.capability)
        if c not in capabilities:
            capabilities.append(c)

    # -- summary: major strengths, primary areas for improvement ----------------------
    summary_strengths = sorted(strengths_all, key=lambda f: (f.priority, f.evidence[0].seq if f.evidence else 0))[:6]
    summary_improvements = sorted(improvements_all,
                                  key=lambda f: (f.priority, f.evidence[0].seq if f.evidence else 0))[:8]

    # -- improvement plan ---------------------------------------------------------------
    cap_of = {o.id: text_bi(o.capability) for o in scn.objectives}
    plan: list[ImprovementItem] = []
    seen: set[str] = set()
    for f in sorted(improvements_all, key=_plan_order(scn)):
        if f.id in seen:
            continue
        seen.add(f.id)
        caps = [cap_of[o] for o in f.objectives if o in cap_of]
        plan.append(ImprovementItem(f.id or "", caps[0] if caps else bi("—"), f.text, element=f.element or "",
                                    organisation=f.org or "", objectives=list(f.objectives)))
    if corrective:
        by_id = {p.issue_id: p for p in plan}
        for issue_id, fields in corrective.items():
            row = by_id.get(issue_id)
            if row is None:
                if not fields.get("issue"):
                    warnings.append(f"corrective actions: no issue {issue_id!r} in this report "
                                    f"(issue ids: {', '.join(by_id) or 'none'}); give `issue:` to add a new row")
                    continue
                row = ImprovementItem(issue_id, fields.get("capability") or bi("—"), fields["issue"], from_log=False)
                plan.append(row)
                by_id[issue_id] = row
            for key in ("capability", "issue"):
                if fields.get(key):
                    setattr(row, key, fields[key])
            actions = fields.get("actions") or []
            if not actions:
                continue
            first_action = actions[0]
            _apply(row, first_action)
            idx = plan.index(row)
            for extra in actions[1:]:
                more = ImprovementItem(row.issue_id, row.capability, row.issue, from_log=row.from_log,
                                       element=row.element, organisation=row.organisation,
                                       objectives=row.objectives)
                _apply(more, extra)
                idx += 1
                plan.insert(idx, more)

    # -- participants ---------------------------------------------------------------------
    seats_in_play = list(scn.seats)
    actors = list(dict.fromkeys(e.actor for e in events if e.actor != "system"))
    participants: list[Participant] = []
    for seat in seats_in_play + [a for a in actors if a not in seats_in_play]:
        kind = _seat_kind(rules, seat)
        side = names.side(seat)
        participants.append(Participant(seat, names.role(seat), side, names.side_title(side), org_of(seat), kind,
                                        seat in seats_in_play))
    pmap = {p.seat: p for p in participants}
    for e in events:
        p = pmap.get(e.actor)
        if p is None:
            continue
        if e.type == ev.SEAT_JOINED and p.joined is None:
            p.joined = e.wall
        elif e.type == ev.SEAT_LEFT:
            p.left = e.wall
        elif e.type == ev.MOVE_SUBMITTED:
            p.moves += 1
        elif e.type == ev.MOVE_BLOCKED:
            p.blocked += 1
        elif e.type == ev.MESSAGE_SENT:
            p.messages += 1
        elif e.type == ev.OBSERVATION_RECORDED:
            p.observations += 1
    organisations: list[Bi] = []
    for p in participants:
        if p.in_scenario and p.org is not None and p.org not in organisations:
            organisations.append(p.org)

    # -- sides (timeline lanes) ---------------------------------------------------------------
    sides: list[Side] = []
    for s in rules.pack.sides:
        seats = [x for x in seats_in_play if names.side(x) == s.id]
        if seats and s.id != "control":
            sides.append(Side(s.id, text_bi(s.title), seats))
    known = {s.id for s in sides}
    for seat in seats_in_play:  # seats whose side the pack does not declare
        sid = names.side(seat)
        if sid not in known and sid != "control":
            sides.append(Side(sid, names.side_title(sid), [x for x in seats_in_play if names.side(x) == sid]))
            known.add(sid)
    sides.append(Side("control", names.side_title("control"), []))

    # -- figures --------------------------------------------------------------------------
    f = Figures()
    f.events = len(events)
    f.injects_scripted = len(scn.injects)
    f.injects_released = len(released)
    f.injects_adhoc = len(adhoc)
    f.injects_skipped = sum(1 for s in status.values() if s == "skipped")
    f.decision_points = len(decisions)
    f.opened = sum(1 for d in decisions if d.status != "not_opened")
    f.resolved = sum(1 for d in decisions if d.status == "resolved")
    f.timed_out = sum(1 for d in decisions if d.status == "timed_out")
    f.open_at_end = sum(1 for d in decisions if d.status == "open")
    f.not_reached = sum(1 for d in decisions if d.status == "not_opened")
    f.moves = sum(1 for m in moves if m.status == "accepted")
    f.blocked = len(blocked)
    f.rulings = len(rulings)
    f.overruled = sum(1 for r in rulings if r.verdict == "overrule")
    f.upheld = sum(1 for r in rulings if r.verdict == "uphold")
    f.adjudicated = sum(1 for r in rulings if r.verdict == "adjudicate")
    f.flagged = len(flagged)
    f.obligations = len(obligation_rows)
    f.obligations_met = sum(1 for o in obligation_rows if o.status == "met")
    f.obligations_late = sum(1 for o in obligation_rows if o.status == "late")
    f.obligations_overdue = sum(1 for o in obligation_rows if o.status == "overdue")
    f.obligations_due = sum(1 for o in obligation_rows if o.status == "due")
    f.messages = len(messages)
    f.cross_side_messages = sum(1 for m in messages if m.cross_side)
    f.observations = len(observations)
    f.situations_declared = len(situations)
    times = [d.elapsed for d in decisions if d.status == "resolved" and d.elapsed is not None]
    f.median_decision = statistics.median(times) if times else None
    replies = [m.reply_after for m in messages if m.reply_after is not None]
    f.median_reply = statistics.median(replies) if replies else None

    # -- the full log -----------------------------------------------------------------------
    log = [_log_row(e, names, scn) for e in events]

    final_situation = situations[-1].situation if situations else rules.pack.default_situation
    created = first[ev.EXERCISE_CREATED]
    started = first[ev.EXERCISE_STARTED]
    ended_e = first[ev.EXERCISE_ENDED]
    exercise = created.data.get("exercise", "") if created else ""
    return ReportContext(
        exercise=exercise, scenario_id=scn.id, title=text_bi(scn.title), banner=scn.banner,
        summary=text_bi(scn.summary) if scn.summary else None, scope=text_bi(scn.scope) if scn.scope else None,
        poc=scn.poc, doctrine=text_bi(rules.pack.title), doctrine_id=rules.id, start=start,
        wall_created=created.wall if created else None, wall_started=started.wall if started else None,
        wall_ended=ended_e.wall if ended_e else None, ended=ended, played=played,
        final_situation=names.situation(final_situation), objectives=objectives, general=general,
        capabilities=capabilities, sides=sides, participants=participants, organisations=organisations,
        injects=injects, decisions=decisions, blocked=blocked, rulings=rulings, flagged=flagged,
        obligations=obligation_rows, situations=situations, messages=messages, traffic=traffic,
        consultations=consultations, hotwash=hotwash,
        log=log, glossary=[Glossary(g.term, g.en, g.ja or g.en) for g in rules.pack.glossary],
        strengths=summary_strengths, improvements=summary_improvements, plan=plan, figures=f,
        verification=verification, verified=verified, generated=generated, rehearsal=rehearsal,
        situation_default=rules.pack.default_situation,
        situation_titles={s.id: text_bi(s.title) for s in rules.pack.situations}, warnings=warnings)


def overall_rating(ratings: list[str]) -> str | None:
    """One rating for an objective: the mean of the evaluators' ratings, rounded
    down to the more cautious rating (P=4, S=3, M=2, U=1)."""
    scores = [RATING_SCORE[r] for r in ratings if r in RATING_SCORE]
    if not scores:
        return None
    mean = int(sum(scores) // len(scores))
    return {4: "P", 3: "S", 2: "M", 1: "U"}[mean]


def _order(f: Finding) -> tuple:
    return (f.evidence[0].seq if f.evidence else 0, f.id or "")


def _plan_order(scn):
    index = {o.id: i for i, o in enumerate(scn.objectives)}

    def key(f: Finding) -> tuple:
        first_obj = min((index.get(o, 999) for o in f.objectives), default=999)
        return (first_obj, f.evidence[0].seq if f.evidence else 0, f.id or "")

    return key


def _apply(row: ImprovementItem, action: dict) -> None:
    for key, attr in (("action", "corrective_action"), ("element", "element"), ("organisation", "organisation"),
                      ("poc", "poc"), ("start", "start"), ("completion", "completion")):
        value = action.get(key)
        if value not in (None, ""):
            setattr(row, attr, value)


def _who(names: _Names, seats: list[str]) -> Bi:
    return _join([names.role(s) for s in seats]) if seats else bi("—")


def _expected_summary(rows: list[ExpectedAction]) -> list[ExpectedSummary]:
    """The expected actions of an objective, one line per action, in the order first expected."""
    out: dict[str, ExpectedSummary] = {}
    after: dict[str, list[float]] = {}
    for x in rows:
        s = out.get(x.action)
        if s is None:
            s = out[x.action] = ExpectedSummary(x.action, x.label, 0, 0, 0, None, [], list(x.blocked))
            after[x.action] = []
        s.injects += 1
        if not x.taken:
            s.missed.append(x.inject)
            continue
        s.taken += 1
        if x.after_inject is not None and x.after_inject < 0:
            s.before += 1
        elif x.after_inject is not None:
            after[x.action].append(x.after_inject)
    for action, s in out.items():
        s.median_after = statistics.median(after[action]) if after[action] else None
    return list(out.values())


def _log_row(e: Event, names: _Names, scn) -> LogRow:
    d = e.data
    t = e.type
    note = ""
    if t == ev.EXERCISE_CREATED:
        text = {"en": f"Exercise {d.get('exercise', '')} created (scenario {d.get('scenario')}, doctrine "
                      f"{d.get('doctrine')})",
                "ja": f"演習{d.get('exercise', '')}作成（シナリオ{d.get('scenario')}、ドクトリン{d.get('doctrine')}）"}
    elif t == ev.EXERCISE_STARTED:
        mode = d.get("mode", "")
        mode_ja = {"compressed": "短縮", "realtime": "実時間", "manual": "手動"}.get(mode, mode)
        text = {"en": f"STARTEX (clock {mode}, speed ×{d.get('speed', 1)})",
                "ja": f"演習開始（時計：{mode_ja}、速度×{d.get('speed', 1)}）"}
    elif t == ev.CLOCK_PAUSED:
        text = bi("Clock paused", "時計停止")
    elif t == ev.CLOCK_RESUMED:
        text = bi("Clock resumed", "時計再開")
    elif t == ev.SPEED_CHANGED:
        text = {"en": f"Clock speed ×{d.get('previous')} → ×{d.get('speed')}",
                "ja": f"時計速度 ×{d.get('previous')} → ×{d.get('speed')}"}
    elif t == ev.INJECT_RELEASED:
        title = text_bi(d.get("title"))
        who = _who(names, list(d.get("to", [])))
        kind = {"en": "Ad hoc inject", "ja": "臨時インジェクト"} if d.get("adhoc") else {"en": "Inject", "ja": "インジェクト"}
        text = {"en": f"{kind['en']} {d.get('inject')} released to {who['en']}: {title['en']}",
                "ja": f"{kind['ja']}{d.get('inject')}を{who['ja']}に配布：{title['ja']}"}
    elif t == ev.INJECT_HELD:
        text = {"en": f"Inject {d.get('inject')} held", "ja": f"インジェクト{d.get('inject')}保留"}
    elif t == ev.INJECT_SKIPPED:
        text = {"en": f"Inject {d.get('inject')} skipped", "ja": f"インジェクト{d.get('inject')}省略"}
        note = d.get("reason") or ""
    elif t == ev.INJECT_ACKNOWLEDGED:
        text = {"en": f"Inject {d.get('inject')} acknowledged", "ja": f"インジェクト{d.get('inject')}受領確認"}
    elif t == ev.DECISION_OPENED:
        role = names.role(d.get("to"))
        prompt = text_bi(d.get("prompt"))
        text = {"en": f"Decision {d.get('decision')} opened for {role['en']}: {prompt['en']}",
                "ja": f"決定{d.get('decision')}を{role['ja']}に提示：{prompt['ja']}"}
    elif t in (ev.MOVE_SUBMITTED, ev.MOVE_BLOCKED):
        label = names.action(d.get("action")) or bi(d.get("option") or "—")
        on = ({"en": f" on {d.get('decision')} ({d.get('option')})", "ja": f"（決定{d.get('decision')}：{d.get('option')}）"}
              if d.get("decision") else bi(""))
        if t == ev.MOVE_SUBMITTED:
            flagged = ({"en": f" — flagged ({len(d['flags'])})", "ja": f" — 注意事項{len(d['flags'])}件"}
                       if d.get("flags") else bi(""))
            ruled = ({"en": f" — by ruling on #{d['ruling']}", "ja": f" — #{d['ruling']}への裁定による"}
                     if d.get("ruling") is not None else bi(""))
            text = {"en": f"Move: {label['en']}{on['en']}{flagged['en']}{ruled['en']}",
                    "ja": f"行動：{label['ja']}{on['ja']}{flagged['ja']}{ruled['ja']}"}
        else:
            cites = "; ".join(f"{c.get('instrument')} {c.get('article')}" for r in d.get("reasons", [])
                              for c in r.get("citations", []))
            text = {"en": f"Move blocked: {label['en']}{on['en']} [{cites}]",
                    "ja": f"行動阻止：{label['ja']}{on['ja']}［{cites}］"}
        note = d.get("text") or ""
    elif t == ev.DECISION_RESOLVED:
        text = {"en": f"Decision {d.get('decision')} resolved: {d.get('option')}",
                "ja": f"決定{d.get('decision')}確定：{d.get('option')}"}
    elif t == ev.DECISION_TIMED_OUT:
        text = {"en": f"Decision {d.get('decision')} timed out (default: {d.get('option')})",
                "ja": f"決定{d.get('decision')}期限切れ（既定：{d.get('option')}）"}
    elif t == ev.SITUATION_DECLARED:
        new, old = names.situation(d.get("situation")), names.situation(d.get("previous"))
        text = {"en": f"Situation declared: {new['en']} (was {old['en']})",
                "ja": f"事態認定：{new['ja']}（従前：{old['ja']}）"}
    elif t == ev.FLAGS_CHANGED:
        text = {"en": f"Facts set: {', '.join(d.get('set', [])) or '—'}; cleared: {', '.join(d.get('cleared', [])) or '—'}",
                "ja": f"状況設定：{'、'.join(d.get('set', [])) or '—'}；解除：{'、'.join(d.get('cleared', [])) or '—'}"}
    elif t == ev.OBLIGATION_DUE:
        text = {"en": f"Obligation due: {d.get('obligation')} ({d.get('key')})",
                "ja": f"義務発生：{d.get('obligation')}（{d.get('key')}）"}
    elif t == ev.OBLIGATION_MET:
        late = {"en": " (late)", "ja": "（遅延）"} if d.get("late") else bi("")
        text = {"en": f"Obligation met: {d.get('key')}{late['en']}", "ja": f"義務履行：{d.get('key')}{late['ja']}"}
    elif t == ev.OBLIGATION_OVERDUE:
        text = {"en": f"Obligation overdue: {d.get('key')}", "ja": f"義務期限超過：{d.get('key')}"}
    elif t == ev.MESSAGE_SENT:
        who = _who(names, list(d.get("to", [])))
        text = {"en": f"Message to {who['en']}", "ja": f"{who['ja']}へのメッセージ"}
        note = d.get("text") or ""
    elif t == ev.OBSERVATION_RECORDED:
        text = {"en": f"Observation on {d.get('objective')}: {d.get('rating')}",
                "ja": f"{d.get('objective')}に関する所見：{d.get('rating')}"}
        note = d.get("text") or ""
    elif t == ev.RULING_MADE:
        text = {"en": f"Ruling on #{d.get('target')}: {d.get('verdict')}", "ja": f"#{d.get('target')}への裁定：{d.get('verdict')}"}
        note = d.get("reason") or ""
    elif t == ev.HOTWASH_SUBMITTED:
        text = bi("Hotwash submitted", "ホットウォッシュ提出")
        note = " / ".join(x for x in (d.get("strengths"), d.get("improvements")) if x)
    elif t == ev.SEAT_JOINED:
        text = bi("Seat joined", "席に参加")
    elif t == ev.SEAT_LEFT:
        text = bi("Seat left", "席を離脱")
    elif t == ev.EXERCISE_ENDED:
        text = bi("ENDEX", "演習終了")
    else:
        text = bi(t)
    audience = "*" if e.to is None else (" ".join(e.to) if e.to else "control")
    return LogRow(e.seq, e.at, e.wall, e.actor, t, text, note, audience)


__all__ = ["Bi", "ReportContext", "build_context", "overall_rating", "minutes", "bi", "text_bi", "RATING_NAME"]

"""What `lessons` needs of one exercise, made from its log in one pass (pure).

A digest is derived data: the log stays the source of truth, and a digest is
remade when the log grew or DIGEST_VERSION changed. Areas for improvement carry
the report's issue ids (docs/report.md, "How findings are made"), so a corrective
action recorded against `BLK-jp.mod-jp.order-bmd-destruction` in one place is
the same issue in the other."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

from tabletop.engine import events as ev
from tabletop.engine.events import Event
from tabletop.phrasebook import phrase

DIGEST_VERSION = 2  # 2: each label, objective, capability and the title in Japanese too (`*_ja`)
RATING = {"P": 4, "S": 3, "M": 2, "U": 1}


def _en(text: Any, lang: str = "en") -> str:
    """A scenario's or pack's text in `lang` (English where it has no Japanese)."""
    if text is None:
        return ""
    if isinstance(text, dict):
        return str(text.get(lang) or text.get("en") or next(iter(text.values()), ""))
    get = getattr(text, "get", None)
    return get(lang) if callable(get) else str(text)


def _label(kind: str, lang: str, **fields: Any) -> str:
    """An area for improvement's label in `lang` (cli.archive.finding.*); a field given as a
    {en, ja} mapping gives each language its own words; an empty tail is left off."""
    return phrase(f"cli.archive.finding.{kind}", lang, **{k: _en(v, lang) for k, v in fields.items()}).rstrip(": ：")


class _Plan:
    """The scenario's objectives, and which objectives each decision and expected action serves."""

    def __init__(self, scenario: Any | None):
        self.objectives: dict[str, dict] = {}
        self.decision_objectives: dict[str, list[str]] = {}
        self.decision_prompts: dict[str, str] = {}
        self.decision_prompts_ja: dict[str, str] = {}
        self.option_actions: dict[tuple[str, str], str] = {}
        self.inject_objectives: dict[str, list[str]] = {}
        self.inject_expected: dict[str, list[str]] = {}
        if scenario is None:
            return
        for o in scenario.objectives:
            self.objectives[o.id] = {"text": _en(o.text), "capability": _en(o.capability),
                                     "text_ja": _en(o.text, "ja"), "capability_ja": _en(o.capability, "ja")}
        for inj in scenario.injects:
            self.inject_objectives[inj.id] = list(inj.objectives)
            self.inject_expected[inj.id] = list(inj.expected)
            for d in inj.decisions:
                self.decision_objectives[d.id] = list(inj.objectives)
                self.decision_prompts[d.id] = _en(d.prompt)
                self.decision_prompts_ja[d.id] = _en(d.prompt, "ja")
                for opt in d.options:
                    if opt.action:
                        self.option_actions[(d.id, opt.id)] = opt.action


class _Reader:
    """One pass over the log, gathering what the digest holds."""

    def __init__(self, plan: _Plan):
        self.plan = plan
        self.findings: dict[str, dict] = {}
        self.ratings: dict[str, list[str]] = defaultdict(list)
        self.attempts: Counter = Counter()
        self.blocked: Counter = Counter()
        self.opened: dict[str, float] = {}
        self.decisions: dict[str, dict] = {}
        self.taken: set[str] = set()
        self.released: list[str] = []  # injects, in order of release
        self.obligations: dict[str, dict] = {}
        self.first_wall = self.started = None
        self.ended = False
        self.n = 0

    def objectives_for(self, decision: str | None, action: str | None) -> list[str]:
        """A decision's inject's objectives; for a free action, those of the injects released so far
        that expected it."""
        if decision and decision in self.plan.decision_objectives:
            return self.plan.decision_objectives[decision]
        out: list[str] = []
        for inj in self.released:
            if action in self.plan.inject_expected.get(inj, ()):
                out += [o for o in self.plan.inject_objectives.get(inj, ()) if o not in out]
        return out

    def prompt(self, did: str) -> dict:
        return {"en": self.plan.decision_prompts.get(did, ""), "ja": self.plan.decision_prompts_ja.get(did, "")}

    def find(self, issue: str, kind: str, rule: str, label: tuple[str, dict], seq: int, objectives: list[str],
             role: str | None = None) -> None:
        """`label`: its phrase (cli.archive.finding.*) and fields, said in both languages."""
        said = {lang: _label(label[0], lang, **label[1]) for lang in ("en", "ja")}
        f = self.findings.setdefault(issue, {"id": issue, "kind": kind, "rule": rule, "label": said["en"],
                                             "label_ja": said["ja"], "role": role,
                                             "objectives": objectives, "count": 0, "seq": seq})
        f["count"] += 1

    def read(self, e: Event) -> None:
        self.n += 1
        self.first_wall = self.first_wall or e.wall
        handler = getattr(self, "on_" + e.type, None)
        if handler is not None and e.known:  # a row this tabletop cannot read is counted, not read
            handler(e, e.payload)

    def on_ExerciseStarted(self, e: Event, d) -> None:
        self.started = self.started or e.wall

    def on_ExerciseEnded(self, e: Event, d) -> None:
        self.ended = True

    def on_InjectReleased(self, e: Event, d) -> None:
        self.released.append(d.inject)

    def on_MoveSubmitted(self, e: Event, d) -> None:
        self.attempts[e.actor] += 1
        action = d.action or self.plan.option_actions.get((d.decision, d.option))
        if action:
            self.taken.add(action)
        if d.flags and action:
            self.find(f"DEV-{e.actor}-{action}", "deviation", action, ("deviation", {"action": action}), e.seq, self.objectives_for(d.decision, action), e.actor)

    def on_MoveBlocked(self, e: Event, d) -> None:
        self.attempts[e.actor] += 1
        action = d.action or "?"
        self.blocked[(e.actor, action)] += 1
        self.find(f"BLK-{e.actor}-{action}", "blocked", action,
                  ("blocked", {"action": action, "why": d.reasons[0].text if d.reasons else None}), e.seq,
                  self.objectives_for(d.decision, action), e.actor)

    def on_DecisionOpened(self, e: Event, d) -> None:
        self.opened[d.decision] = e.at

    def on_DecisionResolved(self, e: Event, d) -> None:  # and DecisionTimedOut
        did, plan = d.decision, self.plan
        timed_out = e.type == ev.DECISION_TIMED_OUT or d.timed_out
        self.decisions[did] = {"seconds": None if timed_out or did not in self.opened else e.at - self.opened[did],
                               "timed_out": timed_out, "prompt": plan.decision_prompts.get(did, did),
                               "prompt_ja": plan.decision_prompts_ja.get(did, did)}
        if timed_out:
            self.find(f"DEC-{did}", "decision", did, ("timed_out", {"decision": did, "prompt": self.prompt(did)}),
                      e.seq, plan.decision_objectives.get(did, []))
        elif (did, d.option) in plan.option_actions:
            self.taken.add(plan.option_actions[(did, d.option)])

    on_DecisionTimedOut = on_DecisionResolved

    def on_SituationDeclared(self, e: Event, d) -> None:
        if d.action:
            self.taken.add(d.action)

    def on_ObservationRecorded(self, e: Event, d) -> None:
        obj, rating = d.objective, d.rating
        if obj and rating in RATING:
            self.ratings[obj].append(rating)
            if rating in ("M", "U"):
                self.find(f"OBS-{e.seq}", "observation", obj,
                          ("rated", {"objective": obj, "rating": rating, "text": d.text or ""}), e.seq, [obj])

    def on_ObligationDue(self, e: Event, d) -> None:
        self.obligations[d.key] = {"id": d.obligation, "seq": e.seq, "state": "due"}

    def on_ObligationMet(self, e: Event, d) -> None:  # and ObligationOverdue
        o = self.obligations.setdefault(d.key, {"id": d.obligation, "seq": e.seq})
        o["state"] = "late" if e.type == ev.OBLIGATION_OVERDUE or d.late else "met"
        o["seq"] = e.seq

    on_ObligationOverdue = on_ObligationMet

    def at_the_end(self) -> None:
        """What the log's end says: decision points still open, obligations still due, expected
        actions never taken."""
        plan = self.plan
        for did in self.opened:
            if did not in self.decisions:
                self.decisions[did] = {"seconds": None, "timed_out": False, "open": True,
                                       "prompt": plan.decision_prompts.get(did, did),
                                       "prompt_ja": plan.decision_prompts_ja.get(did, did)}
                self.find(f"DEC-{did}", "decision", did, ("still_open", {"decision": did, "prompt": self.prompt(did)}),
                          0, plan.decision_objectives.get(did, []))
        for o in self.obligations.values():
            if o["state"] in ("due", "late") and o["id"]:
                self.find(f"OBL-{o['id']}", "obligation", o["id"],
                          ("late" if o["state"] == "late" else "still_due", {"obligation": o["id"]}), o["seq"], [])
        for inj in self.released:
            for action in plan.inject_expected.get(inj, ()):
                if action not in self.taken and f"EXP-{action}" not in self.findings:
                    self.find(f"EXP-{action}", "expected", action, ("never_taken", {"action": action}), 0,
                              self.objectives_for(None, action))
        for f in self.findings.values():
            f["functions"] = sorted({plan.objectives[o]["capability"] for o in f["objectives"]
                                     if o in plan.objectives})


def make_digest(exercise: str, events: Iterable[Event], scenario: Any | None = None,
                kind: str | None = None) -> dict:
    """The digest of an exercise's log (`scenario`: its Scenario, for objectives; None if unknown)."""
    r = _Reader(_Plan(scenario))
    for e in events:
        r.read(e)
    r.at_the_end()
    return {
        "version": DIGEST_VERSION, "exercise": exercise, "kind": kind or "exercise",
        "scenario": getattr(scenario, "id", None), "title": _en(getattr(scenario, "title", None)) or exercise,
        "title_ja": _en(getattr(scenario, "title", None), "ja") or exercise,
        "date": r.started or r.first_wall, "ended": r.ended, "events": r.n,
        "objectives": r.plan.objectives,
        "findings": sorted(r.findings.values(), key=lambda f: f["id"]),
        "ratings": dict(r.ratings),
        "moves": {role: {"attempts": r.attempts[role],
                         "blocked": sum(v for (who, _), v in r.blocked.items() if who == role)} for role in r.attempts},
        "blocked": [[role, rule, count] for (role, rule), count in sorted(r.blocked.items())],
        "decisions": r.decisions,
    }

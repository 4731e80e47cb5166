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

DIGEST_VERSION = 1
RATING = {"P": 4, "S": 3, "M": 2, "U": 1}


def _en(text: Any) -> str:
    if text is None:
        return ""
    if isinstance(text, dict):
        return str(text.get("en") or next(iter(text.values()), ""))
    get = getattr(text, "get", None)
    return get("en") if callable(get) else str(text)


class _Plan:
    """The scenario's objectives, and which objectives each decision and expected action serves."""

    def __init__(self, scenario: Any | None):
        self.objectives: dict[str, dict] = {}
        self.decision_objectives: dict[str, list[str]] = {}
        self.decision_prompts: dict[str, str] = {}
        self.option_actions: dict[tuple[str, str], str] = {}
        self.inject_objectives: dict[str, list[str]] = {}
        self.inject_expected: dict[str, list[str]] = {}
        if scenario is None:
            return
        for o in scenario.objectives:
            self.objectives[o.id] = {"text": _en(o.text), "capability": _en(o.capability)}
        for inj in scenario.injects:
            self.inject_objectives[inj.id] = list(inj.objectives)
            self.inject_expected[inj.id] = list(inj.expected)
            for d in inj.decisions:
                self.decision_objectives[d.id] = list(inj.objectives)
                self.decision_prompts[d.id] = _en(d.prompt)
                for opt in d.options:
                    if opt.action:
                        self.option_actions[(d.id, opt.id)] = opt.action


def make_digest(exercise: str, events: Iterable[Event], scenario: Any | None = None,
                kind: str | None = None) -> dict:
    """The digest of an exercise's log (`scenario`: its Scenario, for objectives; None if unknown)."""
    plan = _Plan(scenario)
    findings: dict[str, dict] = {}
    ratings: dict[str, list[str]] = defaultdict(list)
    attempts: Counter = Counter()
    blocked: Counter = Counter()
    opened: dict[str, float] = {}
    decisions: dict[str, dict] = {}
    taken: set[str] = set()
    released: list[str] = []  # injects, in order of release
    obligations: dict[str, dict] = {}
    first_wall = started = None
    ended = False
    n = 0

    def objectives_for(decision: str | None, action: str | None) -> list[str]:
        if decision and decision in plan.decision_objectives:
            return plan.decision_objectives[decision]
        out: list[str] = []
        for inj in released:
            if action in plan.inject_expected.get(inj, ()):
                out += [o for o in plan.inject_objectives.get(inj, ()) if o not in out]
        return out

    def find(issue: str, kind_: str, rule: str, label: str, seq: int, objectives: list[str], role: str | None = None):
        f = findings.setdefault(issue, {"id": issue, "kind": kind_, "rule": rule, "label": label, "role": role,
                                        "objectives": objectives, "count": 0, "seq": seq})
        f["count"] += 1

    for e in events:
        n += 1
        d = e.data
        first_wall = first_wall or e.wall
        t = e.type
        if t == ev.EXERCISE_STARTED and started is None:
            started = e.wall
        elif t == ev.EXERCISE_ENDED:
            ended = True
        elif t == ev.INJECT_RELEASED:
            released.append(d.get("inject"))
        elif t == ev.MOVE_SUBMITTED:
            attempts[e.actor] += 1
            action = d.get("action") or plan.option_actions.get((d.get("decision"), d.get("option")))
            if action:
                taken.add(action)
            if d.get("flags") and action:
                find(f"DEV-{e.actor}-{action}", "deviation", action, f"{action}: Guidelines role division not "
                     "followed", e.seq, objectives_for(d.get("decision"), action), e.actor)
        elif t == ev.MOVE_BLOCKED:
            attempts[e.actor] += 1
            action = d.get("action") or "?"
            blocked[(e.actor, action)] += 1
            reasons = d.get("reasons") or [{}]
            find(f"BLK-{e.actor}-{action}", "blocked", action, f"{action}: {_en(reasons[0].get('text'))}".rstrip(": "),
                 e.seq, objectives_for(d.get("decision"), action), e.actor)
        elif t == ev.DECISION_OPENED:
            opened[d.get("decision")] = e.at
        elif t in (ev.DECISION_RESOLVED, ev.DECISION_TIMED_OUT):
            did = d.get("decision")
            timed_out = t == ev.DECISION_TIMED_OUT or bool(d.get("timed_out"))
            decisions[did] = {"seconds": None if timed_out or did not in opened else e.at - opened[did],
                              "timed_out": timed_out, "prompt": plan.decision_prompts.get(did, did)}
            if timed_out:
                find(f"DEC-{did}", "decision", did, f"{did} timed out: {plan.decision_prompts.get(did, '')}".rstrip(": "),
                     e.seq, plan.decision_objectives.get(did, []))
            elif d.get("option") and (did, d.get("option")) in plan.option_actions:
                taken.add(plan.option_actions[(did, d["option"])])
        elif t == ev.SITUATION_DECLARED and d.get("action"):
            taken.add(d["action"])
        elif t == ev.OBSERVATION_RECORDED:
            obj, rating = d.get("objective"), d.get("rating")
            if obj and rating in RATING:
                ratings[obj].append(rating)
                if rating in ("M", "U"):
                    find(f"OBS-{e.seq}", "observation", obj, f"{obj} rated {rating}: {d.get('text') or ''}".rstrip(": "),
                         e.seq, [obj])
        elif t == ev.OBLIGATION_DUE:
            obligations[d.get("key")] = {"id": d.get("obligation"), "seq": e.seq, "state": "due"}
        elif t in (ev.OBLIGATION_MET, ev.OBLIGATION_OVERDUE):
            o = obligations.setdefault(d.get("key"), {"id": d.get("obligation"), "seq": e.seq})
            o["state"] = "late" if t == ev.OBLIGATION_OVERDUE or d.get("late") else "met"
            o["seq"] = e.seq
    for did, at in opened.items():
        if did not in decisions:
            decisions[did] = {"seconds": None, "timed_out": False, "prompt": plan.decision_prompts.get(did, did),
                              "open": True}
            find(f"DEC-{did}", "decision", did, f"{did} still open at ENDEX: {plan.decision_prompts.get(did, '')}"
                 .rstrip(": "), 0, plan.decision_objectives.get(did, []))
    for o in obligations.values():
        if o["state"] in ("due", "late") and o["id"]:
            find(f"OBL-{o['id']}", "obligation", o["id"], f"{o['id']}: "
                 + ("met late or missed" if o["state"] == "late" else "still due at ENDEX"), o["seq"], [])
    for inj in released:
        for action in plan.inject_expected.get(inj, ()):
            if action not in taken and f"EXP-{action}" not in findings:
                find(f"EXP-{action}", "expected", action, f"{action}: expected, never taken", 0,
                     objectives_for(None, action))
    for f in findings.values():
        f["functions"] = sorted({plan.objectives[o]["capability"] for o in f["objectives"] if o in plan.objectives})
    return {
        "version": DIGEST_VERSION, "exercise": exercise, "kind": kind or "exercise",
        "scenario": getattr(scenario, "id", None), "title": _en(getattr(scenario, "title", None)) or exercise,
        "date": started or first_wall, "ended": ended, "events": n,
        "objectives": plan.objectives,
        "findings": sorted(findings.values(), key=lambda f: f["id"]),
        "ratings": dict(ratings),
        "moves": {role: {"attempts": attempts[role], "blocked": sum(v for (r, _), v in blocked.items() if r == role)}
                  for role in attempts},
        "blocked": [[role, rule, count] for (role, rule), count in sorted(blocked.items())],
        "decisions": decisions,
    }

"""The analysis: findings (strengths and areas for improvement), the expected actions that know
the branch taken, each objective's rating or why it was not rated, and the Improvement Plan.

Pure: from the index of the log and the moves and decisions the section builders made."""

from __future__ import annotations

import statistics

from tabletop.engine.events import Event
from tabletop.report.index import LogIndex
from tabletop.report.model import DecisionPoint, Expected, Finding, InjectRef, IPRow, Move, Objective, ObligationRow, Ref
from tabletop.report.words import Bi, bi, join, minutes, phrase, semicolon, sentences, text_bi
from tabletop.report.sections import Names
from tabletop.text import format_offset

SCORE = {"P": 4, "S": 3, "M": 2, "U": 1}


def overall_rating(ratings: list[str]) -> str | None:
    """The mean of the evaluators' ratings (P=4 … U=1), rounded down to the more cautious one."""
    scores = [SCORE[r] for r in ratings if r in SCORE]
    return {4: "P", 3: "S", 2: "M", 1: "U"}[sum(scores) // len(scores)] if scores else None


def tie_moves(moves: list[Move], ix: LogIndex) -> None:
    """A move belongs to the objectives of its decision's inject; a free action (or a blocked one),
    to those of the injects its seat was working on (its open decisions, the last inject it got)
    and of the injects released before it that expected that action."""
    order = sorted(ix.released.values(), key=lambda e: e.seq)
    for m in moves:
        if m.decision in ix.inject_of:
            m.objectives = ix.objectives_of[ix.inject_of[m.decision]]
            continue
        injects = ix.working_on.get(m.seq, []) + [r.payload.inject for r in order if r.seq < m.seq
                                                   and m.action in ix.expected_of.get(r.payload.inject, ())]
        m.objectives = list(dict.fromkeys(o for i in injects for o in ix.objectives_of.get(i, [])))


def _ref(seq: int, at: float, key: str, **fields) -> Ref:
    """A finding's pointer to an event, in the words of the phrasebook's `report.ref_KEY`."""
    return Ref(seq, at, phrase(f"ref_{key}", **fields))


def grouped_moves(moves: list[Move], kind: str, names: Names, ix: LogIndex) -> list[Finding]:
    """Blocked attempts (kind 'blocked') or flagged moves ('flagged'), one finding per role and action."""
    groups: dict[tuple[str, str], list[Move]] = {}
    for m in moves:
        if (kind == "blocked") == (m.status == "blocked") and (kind == "blocked" or m.flags):
            groups.setdefault((m.seat, m.action or "-"), []).append(m)
    out = []
    for (seat, action), ms in groups.items():
        m, label = ms[0], ms[0].action_label or bi("—")
        why = [r for x in ms for r in (x.reasons if kind == "blocked" else x.flags)]
        texts = list({r.text["en"]: r.text for r in why}.values())
        cited = list({c.text["en"]: c for r in why for c in r.citations}.values())
        cites = join((c.text for c in cited), phrase("cite_sep"))
        refs = []
        for x in ms:
            refs.append(_ref(x.seq, x.at, kind, role=x.role))
            refs += [_ref(r, ix.by_seq[r].at, "ruling") for r in x.ruled if r in ix.by_seq]
        text = phrase(kind, role=m.role, action=label, times=phrase("times", n=len(ms)) if len(ms) > 1 else "")
        cites = phrase("cites", cites=cites) if cited else bi("")
        detail = {lang: sentences([t[lang] for t in texts], lang) + cites[lang] for lang in ("en", "ja")}
        objs = list(dict.fromkeys(o for x in ms for o in x.objectives))
        out.append(Finding(kind, text, refs, objs, f"{'BLK' if kind == 'blocked' else 'DEV'}-{seat}-{action}",
                           org=names.org(seat), element="Training", priority=3, detail=detail))
        for x in ms:
            x.issue = out[-1].id
    return out


def observation_findings(obs: list[Event], folded_into: list[Finding]) -> list[Finding]:
    """P: a strength. S ("performed with some challenges": the challenge is what the observation
    records), M, U: an area for improvement; each observation is one finding, as in HSEEP's AAR.
    An S, M or U observation of a blocked or flagged move (the evaluator's next word on one of its
    objectives after it) is folded into that move's finding: one issue, one row."""
    out = []
    for e in obs:
        o, ref = e.payload, _ref(e.seq, e.at, "observation")
        host = None if o.rating == "P" else _host(e, folded_into, obs)
        if host is not None:
            host.notes.append(o.text)
            host.evidence.append(ref)
            continue
        out.append(Finding("observation", o.text or o.rating, [ref], [o.objective],
                           None if o.rating == "P" else f"OBS-{e.seq}", o.rating,
                           priority={"P": 1, "S": 3, "M": 1, "U": 0}.get(o.rating, 5)))
    return out


def _host(o: Event, candidates: list[Finding], obs: list[Event]) -> Finding | None:
    """The blocked or flagged move's finding this observation is about (the latest such move on its
    objective with no other observation on it since), if any."""
    best, latest, objective = None, -1, o.payload.objective
    for f in candidates:
        before = [r.seq for r in f.evidence if r.seq < o.seq]
        if objective not in f.objectives or f.notes or not before or max(before) < latest:
            continue
        if not any(max(before) < x.seq < o.seq and x.payload.objective == objective for x in obs):
            best, latest = f, max(before)
    return best


def _preferred(dp: DecisionPoint, scn) -> Bi | None:
    """Whether a decision went the way its scenario prefers (an option marked `preferred`)."""
    if scn is None or dp.id not in {d.id for i in scn.injects for d in i.decisions}:
        return None
    preferred = [o for o in scn.decision(dp.id)[1].options if o.preferred]
    if not preferred:
        return None
    if dp.option in {o.id for o in preferred}:
        return phrase("the_preferred")
    return phrase("not_preferred", option=text_bi(preferred[0].label))


def decision_findings(decisions: list[DecisionPoint], ix: LogIndex, names: Names, scn=None) -> list[Finding]:
    """A decision taken on time, unflagged, with no blocked attempt or ruling on it: a strength.
    Taken late, timed out or left open at ENDEX: an area for improvement (`DEC-<id>`). A flagged
    one, or one with a blocked attempt or a ruling, is that move's finding alone: one issue, one row."""
    out = []
    for dp in decisions:
        rel = ix.released.get(dp.inject)
        refs = [_ref(rel.seq, rel.at, "released", inject=dp.inject)] if rel else []
        option = dp.option_label or bi(dp.option or "—")
        if dp.move_seq is not None:
            refs.append(_ref(dp.move_seq, ix.by_seq[dp.move_seq].at, "move_by", role=dp.by_role))
        if dp.status == "resolved" and not dp.in_full:
            allowed = (dp.deadline_at - dp.released_at) if dp.deadline_at is not None and dp.released_at is not None else None
            out.append(Finding("decision", phrase(
                "decided", id=dp.id, role=dp.by_role, elapsed=minutes(dp.elapsed), option=option,
                allowed=phrase("allowed", time=minutes(allowed)) if allowed is not None else "",
                expected=_preferred(dp, scn) or phrase("the_expected" if dp.action in ix.expected_of.get(dp.inject, ())
                                                       else "full_stop")),
                refs, dp.objectives, priority=4))
            continue
        if dp.status == "resolved" and dp.deadline_met is False:
            text = phrase("decided_late", id=dp.id, role=dp.by_role, option=option,
                          late=minutes((dp.closed_at or 0) - (dp.deadline_at or 0)))
        elif dp.status == "timed_out" or (dp.status == "open" and ix.ended):
            text = phrase(dp.status if dp.status == "timed_out" else "open_at_end", id=dp.id, role=dp.role, option=option)
            if dp.status == "timed_out":
                refs.append(_ref(dp.closed_seq or 0, dp.closed_at or 0, "deadline"))
        else:
            continue
        out.append(Finding("decision", text, refs, dp.objectives, f"DEC-{dp.id}", org=names.org(dp.to),
                           element="Planning", priority=2))
    return out


def alternatives(rules) -> dict[str, set[str]]:
    """Lawful alternatives, from the pack: actions that satisfy the same requirement of another
    action (`any: [{done: A}, {done: B}]`, or `{flag: F}` for B where B's effects set F: A and B
    are alternative routes to it)."""
    out: dict[str, set[str]] = {}
    setting = {f: a.id for a in rules.actions.values() for f in a.effects.set_flags}

    def walk(test) -> None:
        group = [t.done or setting[t.flag] for t in (test.any or []) if t.done or t.flag in setting]
        for a in group:
            out.setdefault(a, set()).update(x for x in group if x != a)
        for t in test.any or []:
            walk(t)

    for action in rules.actions.values():
        for req in list(action.requires) + list(action.advisories):
            walk(req)
    return out


def expected_actions(injects: list[InjectRef], scn, ix: LogIndex, moves: list[Move], decisions: list[DecisionPoint],
                     rules, names: Names, alts: dict[str, set[str]]) -> list[Expected]:
    """Each expected action of the released injects of `injects`, with what became of it: taken
    (after the first inject expecting it, or already in force before), met by a lawful
    alternative, rightly held back (a decision offering it was answered with another option while
    the rules would have blocked it, or with an option using less force), or missed."""
    accepted = [m for m in moves if m.status == "accepted" and m.action]
    out: dict[str, Expected] = {}
    for inj in (i for i in injects if i.status == "released" and not i.adhoc):
        for action in scn.inject(inj.id).expected:
            x = out.get(action)
            if x is None:
                x = out[action] = Expected(action, names.action(action) or bi(action), [], "missed",
                                           blocked=[m.seq for m in moves if m.status == "blocked" and m.action == action])
                _outcome(x, inj, accepted, decisions, ix, rules, names, alts)
            x.injects.append(inj.id)
        for action in scn.inject(inj.id).not_expected:
            x = out.get(f"not {action}")
            if x is None:
                x = out[f"not {action}"] = Expected(action, names.action(action) or bi(action), [], "held_back",
                                                    avoid=True)
                # Judged from the inject's release until a later inject expects the action after all.
                planned = {i.id for i in scn.injects}
                until = min((e.seq for key, e in ix.released.items() if key in planned and e.seq > (inj.seq or 0)
                             and action in scn.inject(key).expected), default=None)
                taken = next((m for m in accepted if m.action == action and m.seq > (inj.seq or 0)
                              and (until is None or m.seq < until)), None)
                if taken is not None:
                    x.outcome, x.by, x.seq, x.after = "taken_against", taken.role, taken.seq, taken.at - (inj.released_at or 0)
            x.injects.append(inj.id)
    return list(out.values())


def _outcome(x: Expected, inj: InjectRef, accepted: list[Move], decisions, ix, rules, names, alts) -> None:
    """Taken (after the inject, or before it); else rightly held back on a decision point that
    offered it; else met by a lawful alternative; else missed (the default)."""
    after = next((m for m in accepted if m.action == x.action and m.seq > (inj.seq or 0)), None)
    before = next((m for m in reversed(accepted) if m.action == x.action and m.seq < (inj.seq or 0)), None)
    if after or before:
        m = after or before
        x.outcome, x.by, x.seq, x.after = "taken" if m is after else "before", m.role, m.seq, m.at - (inj.released_at or 0)
        return
    for dp in decisions:
        if dp.inject != inj.id or dp.status != "resolved" or x.action not in [o.action for o in dp.options]:
            continue
        legal = ix.legal_at_close.get(dp.id)
        unlawful = legal is not None and rules.evaluate(legal, dp.to, x.action).blocked
        if unlawful or _force(rules, x.action) > _force(rules, dp.action):
            x.outcome = "restraint" if unlawful else "lesser"
            x.by, x.seq, x.via = dp.by_role, dp.move_seq or dp.closed_seq, dp.option_label
            return
    alt = next((m for m in accepted if m.action in alts.get(x.action, ())), None)
    if alt is not None:
        x.outcome, x.by, x.seq, x.after, x.via = "alternative", alt.role, alt.seq, alt.at - (inj.released_at or 0), alt.action_label


def _force(rules, action: str | None) -> int:
    """How much force an action uses (none 0, police-type use of weapons 1, force 2)."""
    a = rules.actions.get(action) if action else None
    return {"weapons": 1, "force": 2}.get(getattr(a, "force", "none"), 0)


def expected_findings(items: list[Expected], ix: LogIndex, scn, rules, names: Names) -> list[Finding]:
    """An area for improvement per expected action missed, or taken though expected not to be.
    One met in any way is no finding of its own: the objective's list of expected actions says
    what became of it, in one line."""
    out = []
    for x in (x for x in items if x.outcome in ("missed", "taken_against")):
        objs = list(dict.fromkeys(o for i in x.injects for o in ix.objectives_of.get(i, [])))
        refs = [_ref(r.seq, r.at, "released", inject=r.payload.inject) for r in (ix.released[i] for i in x.injects)]
        if x.outcome == "missed":
            owners = [s for s in scn.seats if rules.can_ever(s, x.action)]
            out.append(Finding("expected", phrase(
                "missed", action=x.label, injects=join(bi(i) for i in x.injects),
                tail=phrase("missed_blocked", n=len(x.blocked)) if x.blocked else ""),
                refs + [_ref(s, ix.by_seq[s].at, "attempt") for s in x.blocked],
                objs, f"EXP-{x.action}", org=names.org(owners[0]) if owners else None, element="Planning", priority=2))
        else:
            out.append(Finding("expected", phrase("taken_against", action=x.label, by=x.by or bi("—"),
                                                  inject=x.injects[0], after=minutes(x.after)),
                               refs + [_ref(x.seq, ix.by_seq[x.seq].at, "move")], objs, f"AVOID-{x.action}",
                               element="Planning", priority=2))
    return out


def obligation_findings(rows: list[ObligationRow], moves: list[Move], names: Names) -> list[Finding]:
    by: dict[str, list[ObligationRow]] = {}
    for ob in rows:
        by.setdefault(ob.obligation, []).append(ob)
    out = []
    for oid, obs in by.items():
        first = obs[0]
        who = join(first.owed_roles)
        objs = list(dict.fromkeys(o for ob in obs for m in moves if m.status == "accepted" and m.action == ob.trigger
                                  and m.seq < ob.due_seq for o in m.objectives))
        good = [ob for ob in obs if ob.status == "met"]
        bad = [ob for ob in obs if ob.status != "met"]
        if good:
            refs = [r for ob in good for r in (_ref(ob.due_seq, ob.opened_at, "due"),
                                               _ref(ob.met_seq or 0, ob.met_at or 0, "met"))]
            out.append(Finding("obligation", phrase("obligation_met", title=first.title, who=who), refs, objs, priority=4))
        if bad:
            parts = [phrase(f"obl_{ob.status}", due=format_offset(ob.due_at)) for ob in bad]
            refs = [_ref(ob.due_seq, ob.opened_at, "due") for ob in bad]
            refs += [_ref(ob.met_seq or ob.overdue_seq, ob.met_at or ob.due_at, ob.status)
                     for ob in bad if ob.met_seq or ob.overdue_seq]
            out.append(Finding("obligation", phrase("obligation_missed", title=first.title, who=who, parts=join(parts, semicolon())),
                refs, objs, f"OBL-{oid}", org=names.org(first.owed_by[0]) if first.owed_by else None,
                element="Planning", priority=2))
    return out


def build_objective(obj, injects: list[InjectRef], obs: list[Event], findings: list[Finding],
                    expected: list[Expected]) -> Objective:
    """One objective: rated (the evaluators' ratings), not rated (exercised, but no observation),
    or not exercised (none of its injects released), with the reason."""
    mine = [i for i in injects if obj.id in i.objectives]
    rated = [o.payload for o in obs if o.payload.objective == obj.id]
    status, reason = "rated", None
    if not any(i.status == "released" for i in mine):
        kinds = {i.status for i in mine}
        status = "not_exercised"
        reason = phrase("not_exercised_branch" if kinds == {"off_branch"} else "not_exercised_skipped"
                        if kinds == {"skipped"} else "not_exercised", ids=join(bi(i.id) for i in mine) if mine else "—")
    elif not rated:
        status, reason = "not_rated", phrase("not_rated")
    key = lambda f: (f.evidence[0].seq if f.evidence else 0, f.id or "")  # noqa: E731
    ours = sorted((f for f in findings if obj.id in f.objectives), key=key)
    return Objective(
        obj.id, text_bi(obj.text), text_bi(obj.capability), status, reason, overall_rating([o.rating for o in rated]),
        {c: sum(o.rating == c for o in rated) for c in "PSMU"}, len({o.actor for o in obs if o.payload.objective == obj.id}), len(rated), expected,
        [f for f in ours if f.id is None], [f for f in ours if f.id is not None])


def plan_rows(improvements: list[Finding], scn, corrective: dict | None, warnings: list[str]) -> list[IPRow]:
    """The Improvement Plan (HSEEP's matrix): one row per area for improvement, its short title
    linked to the finding, under the capability of the objective it is listed under (in the order
    of the objectives), then the new issues of the corrective-actions file; one row per corrective
    action agreed, the file's words (issue, capability) over the log's. A root cause agreed for a
    finding the analysis lists is given to that finding, and said there."""
    index = {o.id: i for i, o in enumerate(scn.objectives)}
    cap = {o.id: text_bi(o.capability) for o in scn.objectives}
    found = {f.id: f for f in sorted(improvements, key=lambda f: (index.get(f.home, len(index)),
                                                                  f.evidence[0].seq if f.evidence else 0))}
    given = {k: v for k, v in (corrective or {}).items() if k != "_exercise"}
    for issue_id in (k for k, v in given.items() if k not in found and not v.get("issue")):
        warnings.append(f"corrective actions: no issue {issue_id!r} in this report (issue ids: "
                        f"{', '.join(found) or 'none'}); give `issue:` to add a new row")
    rows = []
    for issue_id in list(found) + [k for k, v in given.items() if k not in found and v.get("issue")]:
        f, g = found.get(issue_id), given.get(issue_id, {})
        if f is not None and f.objectives:  # the analysis lists it, with its root cause
            f.root_cause = g.get("root_cause") or ""
        row = dict(issue_id=issue_id, capability=g.get("capability") or cap.get(f.home if f else "", bi("—")),
                   issue=g.get("issue") or f.title, objectives=sorted(f.objectives, key=lambda o: o != f.home) if f else [],
                   detail=f.detail if f and not g.get("issue") else None,
                   root_cause="" if f and f.objectives else g.get("root_cause") or "",
                   element=(f.element or "") if f else "", organisation=(f.org or "") if f else "", from_log=f is not None)
        for action in g.get("actions") or [{}]:
            rows.append(IPRow(**{**row, **{k: v for k, v in action.items() if k in IP_ACTION and v not in (None, "")}}))
    return rows


IP_ACTION = ("action", "element", "organisation", "poc", "start", "completion", "status")  # a corrective action's columns


def number(found: list[Finding], plan: list[IPRow], moves: list[Move], order: list[str]) -> None:
    """The labels a person reads instead of ids: each area for improvement "Issue N" in the
    Improvement Plan's order (the analysis's too), each strength "Strength N" in the analysis's
    order. The id stays beside it, small: it is the corrective-actions file's key."""
    ids = list(dict.fromkeys(r.issue_id for r in plan))
    label = {i: phrase("issue_label", n=n) for n, i in enumerate(ids, 1)}
    for row in plan:
        row.label = label[row.issue_id]
    for f in found:
        f.label = label.get(f.id or "")
    for m in moves:
        m.issue_label = label.get(m.issue or "")
    rank = {o: n for n, o in enumerate(order)}
    strengths = sorted((f for f in found if f.id is None),
                       key=lambda f: (rank.get(f.home, len(rank)), f.evidence[0].seq if f.evidence else 0))
    for n, f in enumerate(strengths, 1):
        f.label = phrase("strength_label", n=n)


def summary(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Major strengths and primary areas for improvement, the most important first."""
    key = lambda f: (f.priority, f.evidence[0].seq if f.evidence else 0)  # noqa: E731
    return (sorted((f for f in findings if f.id is None), key=key)[:6],
            sorted((f for f in findings if f.id is not None), key=key)[:8])


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None

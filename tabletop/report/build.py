"""The report model of a log: the index made once, then one builder per HSEEP section."""

from __future__ import annotations

from typing import Iterable

from tabletop.engine import events as ev
from tabletop.engine.events import Event
from tabletop.report import findings as fd
from tabletop.report import sections as sc
from tabletop.report.index import index_log
from tabletop.report.logtext import entry
from tabletop.report.model import Coverage, Figures, Finding, Integrity, Meta, Objective, Report
from tabletop.phrasebook import banner, phrase as say
from tabletop.report.words import Bi, bi, join, minutes, phrase, text_bi



def build_report(events: Iterable[Event], scenario, rules, integrity: Integrity, *, corrective: dict | None = None,
                 generated: str | None = None, rehearsal: bool = False, full_log: bool = False) -> Report:
    """Every section of the after-action report, from the log (`scenario` and `rules` as the log
    carries them). `corrective` is the parsed corrective-actions file (report/corrective.py);
    `full_log` puts every event in words in `log` (for the printed log)."""
    scn, names, warnings = scenario, sc.Names(rules, scenario), []
    ix = index_log(events, scn)
    injects = sc.build_injects(ix, scn)
    moves = sc.build_moves(ix, scn, names)
    fd.tie_moves(moves, ix)
    decisions = sc.build_decisions(ix, scn, names, moves)
    obligations = sc.build_obligations(ix, rules, names)
    participants = sc.build_participants(ix, scn, names)
    coverage = sc.build_coverage(ix, scn, injects, decisions, participants, integrity.ok)
    messages = sc.build_coordination(ix, names)
    alts = fd.alternatives(rules)
    per_objective = {o.id: fd.expected_actions([i for i in injects if o.id in i.objectives], scn, ix, moves,
                                               decisions, rules, names, alts) for o in scn.objectives}
    every = fd.expected_actions(injects, scn, ix, moves, decisions, rules, names, alts)
    moved = fd.grouped_moves(moves, "blocked", names, ix) + fd.grouped_moves(moves, "flagged", names, ix)
    obs = ix.observations
    found: list[Finding] = (fd.observation_findings(obs, [f for f in moved if f.kind == "blocked"])
                            + fd.decision_findings(decisions, ix, names, scn)
                            + fd.expected_findings(every, ix, scn, rules, names)
                            + moved + fd.obligation_findings(obligations, moves, names))
    order = [o.id for o in scn.objectives]
    for f in found:  # listed in full under the first objective its inject names (the scenario's order of them)
        f.home = next((o for o in f.objectives if o in order), "")
    objectives = [fd.build_objective(o, injects, obs, found, per_objective[o.id]) for o in scn.objectives]
    strengths, improvements = fd.summary(found)
    plan = fd.plan_rows([f for f in found if f.id], scn, corrective, warnings)
    fd.number(found, plan, moves, order)
    figures = _figures(ix, decisions, moves, obligations, messages)
    # an observation that is a finding of its own is printed whole in the analysis, with its number
    # and time: the appendix holds what the findings cite besides themselves
    cited = sorted({r.seq for f in found if not f.itself for r in f.evidence} & set(ix.by_seq))
    situations = sc.build_situations(ix, names)
    meta = _meta(scn, (corrective or {}).get("_exercise") or {})
    default, begun = rules.pack.default_situation, ix.first.get(ev.STARTING_STATE)
    return Report(
        exercise=ix.exercise,
        scenario_id=scn.id, title=text_bi(scn.title), banner=banner(scn.banner), basis=scn.basis,
        sources=[src.model_dump() for src in scn.sources],
        jumps=ix.jumps,
        summary=text_bi(scn.summary) if scn.summary else None, scope=text_bi(scn.scope) if scn.scope else None,
        doctrine=text_bi(rules.pack.title), doctrine_id=rules.id, start=scn.start,
        wall_started=getattr(ix.first.get("ExerciseStarted"), "wall", None),
        wall_ended=getattr(ix.first.get("ExerciseEnded"), "wall", None), rehearsal=rehearsal, generated=generated,
        meta=meta, integrity=integrity, coverage=coverage, figures=figures, objectives=objectives,
        capabilities=list({c["en"]: c for c in (text_bi(o.capability) for o in scn.objectives)}.values()),
        organisations=list({o["en"]: o for p in participants if p.in_scenario and (o := p.org)}.values()),
        injects=injects, decisions=decisions, blocked=[m for m in moves if m.status == "blocked"],
        rulings=sc.build_rulings(ix, names), flagged=[m for m in moves if m.status == "accepted" and m.flags],
        obligations=obligations, situations=situations,
        final_situation=join(names.situation(x) for x in sorted(ix.legal().situations or {rules.pack.default_situation})),
        situation_default=default,
        situation_start=min(begun.payload.situations or [default]) if begun is not None and begun.known else default,
        situation_titles={s.id: text_bi(s.title) for s in rules.pack.situations}, messages=messages,
        sides=sc.build_sides(rules, participants), participants=participants,
        hotwash=sc.build_hotwash(ix, names), strengths=strengths, improvements=improvements,
        narrative=narrative(scn, coverage, objectives, figures, strengths, improvements),
        conclusion=conclusion(objectives, improvements, coverage), plan=plan,
        evidence=[entry(ix.by_seq[s], names.book) for s in cited],
        glossary=[(g.term, g.en, g.ja or g.en) for g in rules.pack.glossary], warnings=warnings,
        log=[entry(e, names.book) for e in ix.events] if full_log else [], events=ix.events)


def _figures(ix, decisions, moves, obligations, messages) -> Figures:
    times = [d.elapsed for d in decisions if d.status == "resolved" and d.elapsed is not None]
    status = [d.status for d in decisions]
    return Figures(
        events=len(ix.events), resolved=status.count("resolved"), timed_out=status.count("timed_out"),
        open_at_end=status.count("open"), not_reached=status.count("not_opened"),
        blocked=sum(m.status == "blocked" for m in moves), rulings=len(ix.rulings),
        flagged=sum(bool(m.flags) for m in moves), obligations=len(obligations),
        obligations_missed=sum(o.status != "met" for o in obligations), messages=len(messages),
        cross_side=sum(m.cross_side for m in messages), replied=sum(m.reply_seq is not None for m in messages),
        median_decision=fd.median(times),
        median_reply=fd.median([m.reply_after for m in messages if m.reply_after is not None]))


def _meta(scn, given: dict) -> Meta:
    """The HSEEP fields: what the corrective-actions file's `exercise:` block gives, else the scenario."""
    return Meta(type=given.get("type") or phrase("exercise_type"),
                sponsor=given.get("sponsor"), location=given.get("location"),
                mission_areas=given.get("mission_areas"),
                threat=given.get("threat") or (text_bi(scn.scope) if scn.scope else None),
                evaluation=given.get("evaluation") or phrase("evaluation"), director=given.get("director"),
                poc=given.get("poc") or (text_bi(scn.poc) if scn.poc else None),
                approvers=list(given.get("approval") or []))


def narrative(scn, cov: Coverage, objectives: list[Objective], f: Figures, strengths, improvements) -> list[Bi]:
    """The executive summary in sentences: what was played, how the objectives fared, what the rules stopped."""
    rated = [o for o in objectives if o.status == "rated"]
    counts = {c: sum(o.overall == c for o in rated) for c in "PSMU"}
    not_ex = [o.id for o in objectives if o.status == "not_exercised"]
    ratings = [phrase("narrative_rating", n=n, code=c) for c, n in counts.items() if n]
    out = [phrase("narrative_played", title=text_bi(scn.title), played=minutes(cov.played), released=cov.injects_released,
                  scripted=cov.injects_scripted, reached=cov.decisions_reached, decisions=cov.decisions,
                  staffed=cov.seats_staffed, seats=cov.seats, early=phrase("narrative_early" if cov.early else "full_stop")),
           phrase("narrative_rated", objectives=len(objectives), rated=len(rated), strengths=len(strengths),
                  areas=len(improvements), ratings=join(ratings) if ratings else phrase("narrative_none"),
                  not_exercised=phrase("narrative_not_exercised", ids=join(bi(i) for i in not_ex)) if not_ex else "")]
    return out + [phrase("narrative_rules", blocked=f.blocked, rulings=f.rulings)] * bool(f.blocked or f.rulings)


def conclusion(objectives: list[Objective], improvements: list[Finding], cov: Coverage) -> Bi:
    weak = [o for o in objectives if o.overall in ("M", "U")]
    of_phrases = {lang: say("common.list.of_phrases", lang) for lang in ("en", "ja")}
    text = (phrase("conclusion_weak", capabilities=join((o.capability for o in weak), of_phrases)) if weak
            else phrase("conclusion_unrated") if not any(o.status == "rated" for o in objectives)
            else phrase("conclusion_areas" if improvements else "conclusion_clean"))
    if cov.early or any(o.status == "not_exercised" for o in objectives):
        text = {k: v + phrase("conclusion_untested")[k] for k, v in text.items()}
    return text

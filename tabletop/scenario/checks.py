"""The cross-reference checks of a scenario that its model alone cannot make: against
itself (ids, chains, conditions) and against its doctrine pack (roles, actions, flags,
situations). Each check is a small function that reports through a `Checks`; every
sentence is a phrasebook key (tabletop/phrasebook/data/problems.yaml), so an author
reads it in English or Japanese."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from tabletop.doctrine.rules import Doctrine
from tabletop.modelproblems import placed
from tabletop.problems import Problem, Say, hint
from tabletop.scenario import format2
from tabletop.scenario.model import Decision, Inject, Scenario
from tabletop.text import Text
from tabletop.yamlsrc import Located

ADHOC_ID = re.compile(r"^X\d+$")  # the engine numbers control's ad-hoc injects X01, X02, ...


def audience(patterns: list[str], seats: list[str]) -> list[str]:
    """Seats addressed by role ids and wildcards ('jp.*', '*')."""
    if "*" in patterns:
        return list(seats)
    plain = {p for p in patterns if not any(ch in p for ch in "*?[")}  # ids: a set look-up, not fnmatch
    wild = [p for p in patterns if p not in plain]
    return [seat for seat in seats if seat in plain or any(fnmatch.fnmatchcase(seat, p) for p in wild)]


@dataclass
class Checks:
    """What the checks found, and what they look things up in."""

    s: Scenario
    d: Doctrine
    loc: Located
    out: list[Problem] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)  # the seats in play that the pack knows

    def err(self, path: tuple, message: Say) -> None:
        self.out.append(self.loc.problem(path, placed(self.loc, path, message)))

    def warn(self, path: tuple, message: Say) -> None:
        self.out.append(self.loc.problem(path, placed(self.loc, path, message), "warning"))

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.out)


def check(s: Scenario, d: Doctrine, loc: Located) -> list[Problem]:
    """Every cross-reference problem of `s`, errors and warnings, positioned in `loc`."""
    c = Checks(s, d, loc)
    check_seats(c)
    check_unique_ids(c)
    decisions = {dec.id: dec for inj in s.injects for dec in inj.decisions}
    for ii, inj in enumerate(s.injects):
        base = ("injects", ii)
        check_inject_refs(c, inj, base)
        check_condition(c, inj, base, decisions)
        for di, dec in enumerate(inj.decisions):
            check_decision(c, inj, dec, base + ("decisions", di))
    check_loops(c)
    if not c.failed:
        from tabletop.scenario import briefed
        from tabletop.scenario.loader import unreachable

        for ii in unreachable(s, d):
            c.warn(("injects", ii, "id"), Say("problems.scenario.unreachable", inject=s.injects[ii].id))
        briefed.check(s, d, c.seats, c.warn)
    check_languages(c)
    return c.out


def check_seats(c: Checks) -> None:
    """Seats are player roles of the pack, each listed once, none named like control."""
    s, d = c.s, c.d
    seen: set[str] = set()
    for i, seat in enumerate(s.seats):
        role = d.roles.get(seat)
        if role is None and s.party(seat) is not None:
            pass  # a third party the scenario declares (format2.check_parties)
        elif role is None:
            c.err(("seats", i), Say("problems.scenario.unknown_role", role=seat, hint=hint(seat, d.roles)))
        elif role.kind != "player":
            c.err(("seats", i), Say("problems.scenario.not_player", role=seat, kind=Say(f"doctrine.kind.{role.kind}")))
        elif seat in ("control", "system") or seat.startswith("evaluator"):
            c.err(("seats", i), Say("problems.scenario.reserved_seat", role=seat))
        if seat in seen:
            c.err(("seats", i), Say("problems.scenario.seat_twice", role=seat))
        seen.add(seat)
    c.seats = [x for x in s.seats if x in d.roles or s.party(x) is not None]
    format2.check(s, d, c.seats, c.err)


def check_unique_ids(c: Checks) -> None:
    """Objective, inject and decision ids are unique; no inject takes an ad-hoc inject's id."""
    def unique(kind: str, items: list, path_of) -> None:
        seen: set[str] = set()
        for idx, item in enumerate(items):
            if item.id in seen:
                c.err(path_of(idx) + ("id",), Say(f"problems.scenario.duplicate_{kind}", id=item.id))
            seen.add(item.id)

    unique("objective", c.s.objectives, lambda i: ("objectives", i))
    unique("inject", c.s.injects, lambda i: ("injects", i))
    located = [(("injects", ii, "decisions", di), dec) for ii, inj in enumerate(c.s.injects)
               for di, dec in enumerate(inj.decisions)]
    unique("decision", [dec for _, dec in located], lambda i: located[i][0])
    for ii, inj in enumerate(c.s.injects):
        if ADHOC_ID.match(inj.id):
            c.err(("injects", ii, "id"), Say("problems.scenario.adhoc_id", id=inj.id))


def check_inject_refs(c: Checks, inj: Inject, base: tuple) -> None:
    """An inject's audience, chain, objectives, expected actions and flags name what exists."""
    s, d = c.s, c.d
    injects = {i.id for i in s.injects}
    objectives = {o.id for o in s.objectives}
    for j, pattern in enumerate(inj.to):
        if not audience([pattern], c.seats):
            c.err(base + ("to", j), Say("problems.scenario.no_audience", pattern=pattern, seats=list(c.seats),
                                        hint=hint(pattern, c.seats) if "*" not in pattern else ""))
    if inj.after is not None and inj.after.inject not in injects:
        c.err(base + ("after", "inject"), Say("problems.scenario.unknown_inject", id=inj.after.inject,
                                              hint=hint(inj.after.inject, injects)))
    if inj.after is not None and inj.after.inject == inj.id:
        c.err(base + ("after", "inject"), Say("problems.scenario.follows_itself"))
    for j, obj in enumerate(inj.objectives):
        if obj not in objectives:
            c.err(base + ("objectives", j), Say("problems.scenario.unknown_objective", id=obj,
                                                hint=hint(obj, objectives)))
    for key in ("set_flags", "clear_flags"):
        for j, flag in enumerate(getattr(inj, key)):
            if flag not in d.flags:
                c.err(base + (key, j), Say("problems.scenario.unknown_flag", id=flag, hint=hint(flag, d.flags)))


def check_condition(c: Checks, inj: Inject, base: tuple, decisions: dict[str, Decision]) -> None:
    """A `when` names a decision (and one of its options) it can wait for, a situation, flags."""
    w, d = inj.when, c.d
    if w is None:
        return
    if w.decision is not None:
        if w.decision not in decisions:
            c.err(base + ("when", "decision"), Say("problems.scenario.unknown_decision", id=w.decision,
                                                   hint=hint(w.decision, decisions)))
        elif any(x.id == w.decision for x in inj.decisions):
            c.err(base + ("when", "decision"), Say("problems.scenario.waits_for_itself", inject=inj.id,
                                                   decision=w.decision))
        elif w.option is not None and w.option not in {o.id for o in decisions[w.decision].options}:
            c.err(base + ("when", "option"), Say("problems.scenario.no_such_option", decision=w.decision,
                                                 option=w.option,
                                                 options=list(o.id for o in decisions[w.decision].options)))
    if w.situation is not None and w.situation not in d.situations:
        c.err(base + ("when", "situation"), Say("problems.scenario.unknown_situation", id=w.situation,
                                                hint=hint(w.situation, d.situations)))
    for key in ("flag", "not_flag"):
        val = getattr(w, key)
        if val is not None and val not in d.flags:
            c.err(base + ("when", key), Say("problems.scenario.unknown_flag", id=val, hint=hint(val, d.flags)))


def check_decision(c: Checks, inj: Inject, dec: Decision, base: tuple) -> None:
    """A decision goes to a seat in play that receives its inject; its options take actions that
    seat may take; its deadline and timeout make sense."""
    format2.check_decision(c.s, c.d, dec, base, c.seats, c.err)
    for seat in dec.deciders:
        if seat in c.seats and seat not in audience(inj.to, c.seats):
            c.warn(base + ("to",), Say("problems.scenario.decision_unseen", decision=dec.id, seat=seat, inject=inj.id,
                                       to=list(inj.to)))
    if dec.deadline is not None and dec.deadline <= 0:
        c.err(base + ("deadline",), Say("problems.scenario.deadline"))
    opt_ids = [o.id for o in dec.options]
    for oi, opt in enumerate(dec.options):
        if opt_ids.index(opt.id) != oi:
            c.err(base + ("options", oi, "id"), Say("problems.scenario.duplicate_option", id=opt.id))
    if dec.on_timeout is not None and dec.on_timeout not in opt_ids:
        c.err(base + ("on_timeout",), Say("problems.scenario.on_timeout", option=dec.on_timeout,
                                          options=list(opt_ids)))
    if dec.on_timeout is not None and dec.window is None:
        c.err(base + ("on_timeout",), Say("problems.scenario.on_timeout_deadline"))


def check_loops(c: Checks) -> None:
    """No `after` chain loops back on itself. Each inject follows at most one other, so one walk
    per chain, marking what it has seen, finds every inject on a loop in time linear in the MSEL."""
    injects = {i.id: i for i in c.s.injects}
    on_loop: set[str] = set()
    walked: dict[str, bool] = {}  # inject id -> True while on the current walk, False once done
    for inj in c.s.injects:
        path: list[str] = []
        cur: str | None = inj.id
        while cur is not None and cur in injects and cur not in walked:
            walked[cur] = True
            path.append(cur)
            after = injects[cur].after
            cur = after.inject if after is not None else None
        if cur is not None and walked.get(cur) is True:
            on_loop.update(path[path.index(cur):])
        for key in path:
            walked[key] = False
    for ii, inj in enumerate(c.s.injects):
        if inj.id in on_loop and inj.after is not None:
            c.err(("injects", ii, "after", "inject"), Say("problems.scenario.loop", id=inj.id))


def check_languages(c: Checks) -> None:
    """Every text a participant reads has each of the scenario's languages (warnings)."""
    wanted = tuple(c.s.languages)

    def text(path: tuple, t: Text | None) -> None:
        missing = t.missing(wanted) if t is not None else []
        if missing:
            c.warn(path, Say("problems.scenario.language", first=missing[0],
                             missing=[Say(f"problems.scenario.language_name.lang_{x}") for x in missing]))

    text(("title",), c.s.title)
    text(("summary",), c.s.summary)
    for oi, o in enumerate(c.s.objectives):
        text(("objectives", oi, "text"), o.text)
    for ii, inj in enumerate(c.s.injects):
        text(("injects", ii, "title"), inj.title)
        text(("injects", ii, "body"), inj.body)
        for di, dec in enumerate(inj.decisions):
            text(("injects", ii, "decisions", di, "prompt"), dec.prompt)
            for oi, opt in enumerate(dec.options):
                text(("injects", ii, "decisions", di, "options", oi, "label"), opt.label)

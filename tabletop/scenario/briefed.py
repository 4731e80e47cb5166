"""Is each deciding seat told the facts its options need?

The server answers a seat from what that seat has been told (tabletop/engine/audience.py,
`SeatKnowledge`): a flag set by an inject is known to the inject's addressees, a flag set
by a move to the mover's side, an action done to the seats its move reached; the state in
force at STARTEX and every recognised situation are known to all. A decision option whose
action needs a flag or an action done that, on the scripted path, only injects or moves the
deciding seat is never told can set, is shown to that seat as blocked while the rules allow
it, and is then accepted. This check finds such options, before the exercise (a warning;
`validate --strict` refuses it).

The scripted path is what the scenario itself writes down: its injects' `set_flags`, the
actions of its decision options (and their effects), its third parties' actions, and its
starting state. Free actions a seat may take outside a decision are not scripted: a fact
only they can set is not this check's concern. Only facts an option needs to hold are
checked (a `flag` or a `done`; in an `any`, the option is fine when one branch is)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from tabletop.doctrine.model import Test
from tabletop.doctrine.rules import Doctrine
from tabletop.problems import Say
from tabletop.scenario.checks import audience
from tabletop.scenario.format2 import party_actions, taker
from tabletop.scenario.model import Decision, Scenario

Report = Callable[[tuple, Say], None]


INF = float("inf")


@dataclass
class Source:
    """One scripted way a fact comes to hold, the seats it is told to, and the earliest
    scenario time it can happen (None: any time, e.g. a manual inject or a free move)."""

    kind: str  # "inject" or "move"
    name: str  # the inject's id, "D3/option" for a decision option, or a third party's action id
    told: frozenset[str]
    at: float | None


@dataclass
class Sources:
    flags: dict[str, list[Source]] = field(default_factory=dict)
    done: dict[str, list[Source]] = field(default_factory=dict)
    everyone: set[tuple[str, str]] = field(default_factory=set)  # ("flag"|"done", id) in force at STARTEX
    times: dict[str, float | None] = field(default_factory=dict)  # inject id -> its release time


def sides_of(s: Scenario, d: Doctrine) -> dict[str, frozenset[str]]:
    """Seat -> the seats in play on its side (as tabletop/engine/plan.py works them out)."""
    def side(seat: str) -> str:
        party = s.party(seat)
        return (party.side or party.id) if party is not None else d.side_of(seat)

    of = {seat: side(seat) for seat in s.seats}
    return {seat: frozenset(x for x in s.seats if of[x] == of[seat]) for seat in s.seats}


def release_times(s: Scenario) -> dict[str, float | None]:
    """Each inject's scheduled scenario time: its `at`, or its chain's (None: manual, or on a
    chain that starts at a manual inject). Walks each chain once, without recursion."""
    byid = {i.id: i for i in s.injects}
    times: dict[str, float | None] = {}
    for inj in s.injects:
        chain: list[str] = []
        cur: str | None = inj.id
        while cur is not None and cur not in times and cur not in chain:
            chain.append(cur)
            found = byid.get(cur)
            cur = found.after.inject if found is not None and found.at is None and found.after is not None else None
        base = times.get(cur) if cur is not None else None
        for iid in reversed(chain):
            found = byid.get(iid)
            if found is None or found.manual:
                base = None
            elif found.at is not None:
                base = float(found.at)
            elif base is not None:
                base = base + float(found.after.delay)
            times[iid] = base
    return times


def sources(s: Scenario, d: Doctrine, seats: list[str]) -> Sources:
    """Every scripted source of every flag and action done, with whom each one tells and when."""
    out = Sources(times=release_times(s))
    sides = sides_of(s, d)
    if s.initial is not None:
        out.everyone |= {("flag", i.id) for i in s.initial.flags} | {("done", i.id) for i in s.initial.done}
        for item in s.initial.done:
            action = d.actions.get(item.id)
            out.everyone |= {("flag", f) for f in (action.effects.set_flags if action else [])}
    options = {(dec.id, o.id): o.action for inj in s.injects for dec in inj.decisions for o in dec.options}
    told_by: dict[tuple[str, ...], frozenset[str]] = {}
    for inj in s.injects:
        key = tuple(inj.to)
        if key not in told_by:
            told_by[key] = frozenset(audience(inj.to, seats))
        told, at = told_by[key], out.times[inj.id]
        for flag in inj.set_flags:
            out.flags.setdefault(flag, []).append(Source("inject", inj.id, told, at))
        outcome = options.get((inj.when.decision, inj.when.option)) if inj.when is not None else None
        if outcome:  # released on an option's outcome: its addressees know that option was taken
            out.done.setdefault(outcome, []).append(Source("inject", inj.id, told, at))
        for dec in inj.decisions:
            for opt in dec.options:
                mover = taker(s, d, dec, opt.action) if opt.action else None
                if mover is None:
                    continue
                side = sides.get(mover, frozenset((mover,)))
                name = f"{dec.id}/{opt.id}"
                seen = side | frozenset(x for seat in dec.deciders for x in sides.get(seat, ())) if dec.joint else side
                out.done.setdefault(opt.action, []).append(Source("move", name, seen, at))
                for flag in _sets(s, d, opt.action):
                    out.flags.setdefault(flag, []).append(Source("move", name, side, at))
    for p in s.parties:
        for a in p.actions:
            for flag in a.set_flags:
                out.flags.setdefault(flag, []).append(Source("move", a.id, sides.get(p.id, frozenset((p.id,))), None))
    return out


def _sets(s: Scenario, d: Doctrine, action: str) -> list[str]:
    if action in d.actions:
        return list(d.actions[action].effects.set_flags)
    return [f for p in s.parties for a in p.actions if a.id == action for f in a.set_flags]


def unseen(test: Test, seat: str, src: Sources, opens: float, closes: float) -> list[tuple[str, str, list[Source]]]:
    """The facts `test` needs that may hold while the decision is open (from `opens` to
    `closes`, scenario time) with `seat` told by none of their sources yet: (kind, id, the
    sources that set it out of the seat's sight). Empty when the seat can know them."""
    found: list[tuple[str, str, list[Source]]] = []
    for kind, fact, table in (("flag", test.flag, src.flags), ("done", test.done, src.done)):
        if fact is None or (kind, fact) in src.everyone:
            continue
        ways = table.get(fact, [])
        hidden = [w for w in ways if seat not in w.told and (w.at is None or w.at <= closes)]
        if any(not _told_by(ways, seat, max(opens, w.at if w.at is not None else opens)) for w in hidden):
            found.append((kind, fact, hidden))
    if test.any:
        branches = [unseen(t, seat, src, opens, closes) for t in test.any]
        if all(branches):
            found += [f for b in branches for f in b]
    return found


def _told_by(ways: list[Source], seat: str, when: float) -> bool:
    """Has some source told `seat` the fact by scenario time `when` (a source of no fixed time
    counts: it may come first)?"""
    return any(seat in w.told and (w.at is None or w.at <= when) for w in ways)


def check(s: Scenario, d: Doctrine, seats: list[str], warn: Report) -> None:
    """Warn, at each decision, of every option its deciding seat could be shown blocked while
    the fact it needs holds (see the module's docstring)."""
    src = sources(s, d, seats)
    for ii, inj in enumerate(s.injects):
        opens = src.times.get(inj.id)
        for di, dec in enumerate(inj.decisions):
            start = opens if opens is not None else 0.0
            closes = start + float(dec.deadline) if opens is not None and dec.deadline is not None else INF
            for oi, opt in enumerate(dec.options):
                action = d.actions.get(opt.action) if opt.action else None
                if action is None or not action.requires:
                    continue
                seat = taker(s, d, dec, opt.action)
                if seat is None:
                    continue
                for req in action.requires:
                    for kind, fact, ways in unseen(req, seat, src, start, closes):
                        warn(("injects", ii, "decisions", di, "options", oi), _say(dec, opt.id, seat, kind, fact, ways))


def _say(dec: Decision, option: str, seat: str, kind: str, fact: str, ways: list[Source]) -> Say:
    injects = [w.name for w in ways if w.kind == "inject"]
    moves = [w.name for w in ways if w.kind == "move"]
    by = [Say("problems.scenario.unbriefed_by_inject", inject=i) for i in injects]
    by += [Say("problems.scenario.unbriefed_by_move", move=m) for m in moves]
    if injects:
        todo = Say("problems.scenario.unbriefed_fix_inject", inject=injects[0], seat=seat, decision=dec.id)
    elif kind == "flag":
        todo = Say("problems.scenario.unbriefed_fix_flag", seat=seat, decision=dec.id)
    else:
        todo = Say("problems.scenario.unbriefed_fix_done", decision=dec.id)
    return Say("problems.scenario.unbriefed", decision=dec.id, option=option, seat=seat,
               fact=Say(f"problems.scenario.unbriefed_{kind}", id=fact), by=by, todo=todo)

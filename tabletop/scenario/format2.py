"""The cross-checks of what format tabletop/2 adds: the state in force at STARTEX (checked
against the doctrine pack as if it had been played), phases, joint decisions, third
parties, and expectations of restraint. Called from scenario/checks.py; reports through its
`err`, every sentence a phrasebook key (problems.format2)."""

from __future__ import annotations

from typing import Callable

from tabletop.doctrine.rules import Doctrine, SimpleContext
from tabletop.problems import Say, hint
from tabletop.scenario.model import Decision, Scenario

Report = Callable[[tuple, Say], None]

V2_TOP = ("basis", "sources", "initial", "phases", "parties")


def party_actions(s: Scenario) -> dict[str, str]:
    """Third-party action id -> the party seat that may take it."""
    return {a.id: p.id for p in s.parties for a in p.actions}


def known_actions(s: Scenario, d: Doctrine) -> set[str]:
    return set(d.actions) | set(party_actions(s))


def v2_keys(s: Scenario) -> list[tuple[tuple, str]]:
    """Where a file uses what format tabletop/1 does not have: (path, key)."""
    found = [((key,), key) for key in V2_TOP if getattr(s, key) not in (None, [], "fictional")]
    for ii, inj in enumerate(s.injects):
        for j, e in enumerate(inj.expectations):
            if not e.taken:
                found.append((("injects", ii, "expected", j), "expected: {action, taken: false}"))
        for di, dec in enumerate(inj.decisions):
            base = ("injects", ii, "decisions", di)
            for key in ("rule", "lead", "real_deadline"):
                if getattr(dec, key) is not None:
                    found.append((base + (key,), key))
            if dec.joint:
                found.append((base + ("to",), "to: [several seats]"))
            for oi, opt in enumerate(dec.options):
                if opt.preferred:
                    found.append((base + ("options", oi, "preferred"), "preferred"))
    return found


def check_format(s: Scenario, err: Report) -> None:
    if s.format != "tabletop/1":
        return
    for path, key in v2_keys(s):
        err(path, Say("problems.format2.needs_v2", key=key))


def check_parties(s: Scenario, d: Doctrine, err: Report) -> None:
    seen: set[str] = set()
    for pi, p in enumerate(s.parties):
        base = ("parties", pi)
        if p.id in d.roles:
            err(base + ("id",), Say("problems.format2.party_is_role", id=p.id))
        if p.id in seen:
            err(base + ("id",), Say("problems.format2.party_twice", id=p.id))
        seen.add(p.id)
        if p.id not in s.seats:
            err(base + ("id",), Say("problems.format2.party_not_seat", id=p.id))
        for ai, a in enumerate(p.actions):
            if a.id in d.actions:
                err(base + ("actions", ai, "id"), Say("problems.format2.party_action_is_pack", id=a.id))
            for key in ("set_flags", "clear_flags"):
                for j, flag in enumerate(getattr(a, key)):
                    if flag not in d.flags:
                        err(base + ("actions", ai, key, j), Say("problems.scenario.unknown_flag", id=flag, hint=hint(flag, d.flags)))
    ids = [a.id for p in s.parties for a in p.actions]
    for pi, p in enumerate(s.parties):
        for ai, a in enumerate(p.actions):
            if ids.count(a.id) > 1:
                err(("parties", pi, "actions", ai, "id"), Say("problems.format2.party_action_twice", id=a.id))


def check_phases(s: Scenario, err: Report) -> None:
    ids: set[str] = set()
    for pi, ph in enumerate(s.phases):
        if ph.id in ids:
            err(("phases", pi, "id"), Say("problems.format2.duplicate_phase", id=ph.id))
        ids.add(ph.id)
        if pi and ph.at <= s.phases[pi - 1].at:
            err(("phases", pi, "at"), Say("problems.format2.phase_order", id=ph.id))
        if ph.jump and ph.at <= 0:
            err(("phases", pi, "jump"), Say("problems.format2.jump_at_zero"))


def check_decision(s: Scenario, d: Doctrine, dec: Decision, dbase: tuple, seats: list[str], err: Report) -> None:
    """A decision's seats and options' actions (single or joint, pack or third-party)."""
    for j, seat in enumerate(dec.deciders):
        if seat not in seats:
            path = dbase + (("to", j) if dec.joint else ("to",))
            err(path, Say("problems.scenario.decision_seat", seat=seat, hint=hint(seat, seats)))
    if len(set(dec.deciders)) != len(dec.deciders):
        err(dbase + ("to",), Say("problems.format2.decider_twice"))
    if dec.real_deadline is not None and dec.real_deadline <= 0:
        err(dbase + ("real_deadline",), Say("problems.format2.real_deadline"))
    party_of = party_actions(s)
    for oi, opt in enumerate(dec.options):
        if opt.action is None:
            continue
        path = dbase + ("options", oi, "action")
        if opt.action not in d.actions and opt.action not in party_of:
            err(path, Say("problems.scenario.unknown_option_action", id=opt.action, hint=hint(opt.action, known_actions(s, d))))
        elif taker(s, d, dec, opt.action) is None:
            if opt.action in party_of:
                who = party_of[opt.action]
            else:
                who = list(d.actions[opt.action].roles)
            if dec.joint:
                err(path, Say("problems.format2.never_allowed_joint", seats=list(dec.deciders), action=opt.action,
                              who=who))
            else:
                err(path, Say("problems.scenario.never_allowed", seat=dec.to, action=opt.action, who=who))


def taker(s: Scenario, d: Doctrine, dec: Decision, action: str) -> str | None:
    """The deciding seat that takes an option's action: the lead (or the only seat) if it may,
    else the first deciding seat with the authority. None if none may."""
    owner = party_actions(s).get(action)
    order = [dec.to] + [x for x in dec.deciders if x != dec.to]
    for seat in order:
        if owner == seat or (owner is None and d.can_ever(seat, action)):
            return seat
    return None


def _ignore(path: tuple, message: Say) -> None:
    return None


def starting_state(s: Scenario, d: Doctrine, err: Report = _ignore) -> tuple[set[str], set[str], list[str]]:
    """The situations, flags and actions in force at STARTEX: those listed, with the effects of the
    actions deemed done. Checks, through `err`, that the starting state names what the pack knows,
    and that each action deemed done could have been taken: its role has the authority, and its
    conditions hold in the state listed before it."""
    if s.initial is None:
        return set(), set(), []
    init = s.initial
    ctx_sits: set[str] = set()
    flags: set[str] = set()
    for j, item in enumerate(init.situations):
        if item.id not in d.situations:
            err(("initial", "situations", j, "id"), Say("problems.scenario.unknown_situation", id=item.id,
                                                           hint=hint(item.id, d.situations)))
        ctx_sits.add(item.id)
    for j, item in enumerate(init.flags):
        if item.id not in d.flags:
            err(("initial", "flags", j, "id"), Say("problems.scenario.unknown_flag", id=item.id, hint=hint(item.id, d.flags)))
        flags.add(item.id)
    done: list[str] = []
    for j, item in enumerate(init.done):
        path = ("initial", "done", j)
        action = d.actions.get(item.id)
        if action is None:
            err(path + ("id",), Say("problems.scenario.unknown_action", id=item.id, hint=hint(item.id, d.actions)))
            continue
        by = item.by or action.roles[0]
        if item.by is not None and item.by not in d.roles:
            err(path + ("by",), Say("problems.format2.unknown_role", role=item.by, hint=hint(item.by, d.roles)))
            continue
        verdict = d.evaluate(SimpleContext(frozenset(ctx_sits), frozenset(flags), frozenset(done)), by, item.id)
        if verdict.blocked:
            err(path + ("id",), Say("problems.format2.not_before_startex", id=item.id, by=by,
                                    why=verdict.reasons[0].text if verdict.reasons else ""))
        done.append(item.id)
        eff = action.effects
        if eff.declare:
            ctx_sits.add(eff.declare)
        ctx_sits -= set(eff.end)
        flags = (flags | set(eff.set_flags)) - set(eff.clear_flags)
    return ctx_sits - {d.pack.default_situation}, flags, done


def check_expected(s: Scenario, d: Doctrine, err: Report) -> None:
    known = known_actions(s, d)
    for ii, inj in enumerate(s.injects):
        for j, e in enumerate(inj.expectations):
            if e.action not in known:
                err(("injects", ii, "expected", j), Say("problems.scenario.unknown_action", id=e.action,
                                                        hint=hint(e.action, known)))
        both = set(inj.expected) & set(inj.not_expected)
        for j, e in enumerate(inj.expectations):
            if e.action in both and not e.taken:
                err(("injects", ii, "expected", j), Say("problems.format2.expected_both", id=e.action))


def check(s: Scenario, d: Doctrine, seats: list[str], err: Report) -> None:
    check_format(s, err)
    check_parties(s, d, err)
    check_phases(s, err)
    starting_state(s, d, err)
    check_expected(s, d, err)

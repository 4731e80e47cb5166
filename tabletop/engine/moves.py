"""Moves: a seat answers a decision point or takes a free action; the rules are asked, a
blocked move is logged and changes nothing, an accepted one takes its effects."""

from __future__ import annotations

import dataclasses

from tabletop.doctrine.verdict import Verdict
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.out import Rejected, _Out, side_seats as _side_seats
from tabletop.engine.state import State

def _move(out: _Out, cmd: c.Move, actor: str) -> None:
    state = out.state
    if cmd.decision not in state.plan.decisions:
        raise Rejected("unknown-decision", f"no decision point {cmd.decision!r}")
    _, decision = state.plan.decisions[cmd.decision]
    if actor not in decision.deciders:
        raise Rejected("not-your-decision", f"decision {cmd.decision} is addressed to {', '.join(decision.deciders)}")
    status = state.decision(cmd.decision).status
    if status != "open":
        raise Rejected("decision-not-open", f"decision {cmd.decision} is {status.replace('_', ' ')}")
    option = next((o for o in decision.options if o.id == cmd.option), None)
    if option is None:
        raise Rejected("unknown-option", f"decision {cmd.decision} has no option {cmd.option!r}; "
                                         f"options: {', '.join(o.id for o in decision.options)}")
    if decision.joint:
        joint_move(out, actor, decision, option, cmd.text)
        return
    _attempt(out, actor, cmd.decision, option.id, option.action, cmd.text)


def _free_action(out: _Out, cmd: c.FreeAction, actor: str) -> None:
    if cmd.action not in out.state.rules.actions and _party_action(out.state, actor, cmd.action) is None:
        raise Rejected("unknown-action", f"no doctrine action {cmd.action!r}")
    _attempt(out, actor, None, None, cmd.action, cmd.text)


def _party_action(state: State, seat: str, action: str | None):
    """The third party's own action, when `seat` plays a third party that declares `action`."""
    party = state.scenario.party(seat)
    if party is None or action is None:
        return None
    return next((a for a in party.actions if a.id == action), None)


def _taker(state: State, decision, action: str | None, mover: str) -> str:
    """Who takes a joint decision's action: the seat whose move resolves it if it has the
    authority, else the lead, else the first deciding seat that has it (validation makes sure one does)."""
    if action is None:
        return mover
    for seat in [mover, decision.to, *decision.deciders]:
        if _party_action(state, seat, action) is not None or state.rules.can_ever(seat, action):
            return seat
    return mover


def option_blocked(state: State, decision_id: str, action: str | None) -> bool:
    """Would the rules block this option of a decision now, for the seat that would take it?
    (Never for an option without an action, nor for a third party's own action.)"""
    if action is None:
        return False
    _, decision = state.plan.decisions[decision_id]
    seat = _taker(state, decision, action, decision.to)
    if _party_action(state, seat, action) is not None:
        return False
    return state.rules.evaluate(state, seat, action).blocked


def joint_move(out: _Out, actor: str, decision, option, text: str) -> None:
    """A seat's position on a joint decision, logged; the decision resolves by its rule:
    any (this position), all (when every seat's last position is the same option), or
    lead (the lead's position; the others are consulted, and those who were not are named)."""
    audience = out.state.plan.audiences[decision.id]
    out.emit(ev.POSITION_TAKEN, actor, {"decision": decision.id, "option": option.id, "text": text}, to=audience)
    positions = dict(out.state.decision(decision.id).positions)
    if decision.rule == "all" and not (len(positions) == len(decision.deciders)
                                       and set(positions.values()) == {option.id}):
        return
    if decision.rule == "lead" and actor != decision.to:
        return
    resolved = {"positions": positions}
    if decision.rule == "lead":
        resolved["unconsulted"] = [x for x in decision.deciders if x not in positions]
    seat = _taker(out.state, decision, option.action, actor)
    _attempt(out, seat, decision.id, option.id, option.action, text, resolved=resolved)


def verdict_for(state: State, seat: str, action: str) -> Verdict:
    """The rules' verdict on a player's action, saying only what the seat may know: for an
    action its role has no authority for, that is the whole answer. (The other unmet
    conditions would tell it the scenario's facts and the other side's moves.)"""
    verdict = state.rules.evaluate(state, seat, action)
    if verdict.blocked and action in state.rules.actions and not state.rules.can_ever(seat, action):
        return dataclasses.replace(verdict, reasons=verdict.reasons[:1])
    return verdict


def _attempt(out: _Out, seat: str, decision: str | None, option: str | None, action: str | None, text: str,
             resolved: dict | None = None) -> None:
    """A move: checked against the rules; blocked moves are logged and change nothing. A third
    party's own action is not the pack's to judge: it is logged as such (`unruled`)."""
    state = out.state
    if action is None:
        _accept(out, seat, decision, option, None, text, flags=[], resolved=resolved)
        return
    if _party_action(state, seat, action) is not None:
        _accept(out, seat, decision, option, action, text, flags=[], resolved=resolved, unruled=True)
        return
    verdict = verdict_for(state, seat, action)
    if verdict.blocked:
        out.emit(ev.MOVE_BLOCKED, seat, {
            "decision": decision, "option": option, "action": action, "text": text,
            "reasons": [r.to_json() for r in verdict.reasons],
        }, to=(seat,))
        return
    _accept(out, seat, decision, option, action, text, flags=[f.to_json() for f in verdict.flags],
            resolved=resolved)


def _accept(out: _Out, seat: str, decision: str | None, option: str | None, action: str | None, text: str,
            flags: list, ruling: int | None = None, resolved: dict | None = None, unruled: bool = False) -> None:
    """An accepted move and its effects; `resolved` adds a joint decision's positions to its outcome."""
    state = out.state
    side = _side_seats(state, seat)
    if decision is not None and state.plan.decisions[decision][1].joint:
        side = state.plan.audiences[decision]
    data = {"decision": decision, "option": option, "action": action, "text": text, "flags": flags}
    if ruling is not None:
        data["ruling"] = ruling
    if unruled:
        data["unruled"] = True
    out.emit(ev.MOVE_SUBMITTED, seat, data, to=side)
    if unruled:
        _party_effects(out, seat, _party_action(state, seat, action))
    elif action is not None:
        _effects(out, seat, action)
    if decision is not None:
        out.emit(ev.DECISION_RESOLVED, seat, {"decision": decision, "option": option, "timed_out": False,
                                              **(resolved or {})}, to=side)


def _party_effects(out: _Out, seat: str, action) -> None:
    set_ = [f for f in action.set_flags if f not in out.state.flags]
    clear = [f for f in action.clear_flags if f in out.state.flags]
    if set_ or clear:
        out.emit(ev.FLAGS_CHANGED, seat, {"set": set_, "cleared": clear, "source": action.id}, to=())



def _effects(out: _Out, seat: str, action_id: str) -> None:
    state = out.state
    action = state.rules.actions[action_id]
    eff = action.effects
    # Recognising a situation ends none of the others; ending one is an action's own effect.
    if eff.declare and eff.declare not in out.state.situations:
        now = out.state.situations | {eff.declare}
        out.emit(ev.SITUATION_DECLARED, seat, {"situation": eff.declare, "action": action_id,
                                               "situations": state.rules.in_force(now)})
    for ended in eff.end:
        if ended in out.state.situations:
            now = out.state.situations - {ended}
            out.emit(ev.SITUATION_ENDED, seat, {"situation": ended, "action": action_id,
                                                "situations": state.rules.in_force(now)})
    set_ = [f for f in eff.set_flags if f not in out.state.flags]
    clear = [f for f in eff.clear_flags if f in out.state.flags]
    if set_ or clear:
        out.emit(ev.FLAGS_CHANGED, seat, {"set": set_, "cleared": clear, "source": action_id}, to=())
    for key, obl in list(out.state.obligations.items()):
        if obl.status != "met" and action_id in state.rules.obligations[obl.obligation].discharged_by:
            late = out.at > obl.due_at
            out.emit(ev.OBLIGATION_MET, seat, {"key": key, "obligation": obl.obligation, "action": action_id,
                                              "late": late}, to=obl.owed_by)
    for obl_id in eff.obligations:
        obligation = state.rules.obligations[obl_id]
        n = sum(1 for o in out.state.obligations.values() if o.obligation == obl_id) + 1
        owed = tuple(s for s in state.scenario.seats if s in obligation.owed_by)
        out.emit(ev.OBLIGATION_DUE, seat, {"key": f"{obl_id}#{n}", "obligation": obl_id, "owed_by": list(obligation.owed_by),
                                          "due_at": out.at + obligation.due, "action": action_id}, to=owed)


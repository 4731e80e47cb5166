"""Every action the us-japan-industry pack adds, played on the engine (issue 23).

test_industry_pack.py asks the pack (`evaluate`) about each case. Here the same cases are played
through a session, as an exercise plays them: given a scenario under us-japan-industry whose
control releases the facts (one manual inject per flag), the Important Influence Situation
recognised by the Prime Minister where a case needs it, and the earlier actions taken by a seat
with the authority (overruled by control where the pack would block them: the case needs only
that they were done), when the seat takes the action, then the log holds a `MoveSubmitted` with
no warning (allowed) or a `MoveBlocked` addressed to that seat alone, whose reason a player reads
in both languages and cites the article (blocked), and a blocked move changes nothing.

What cannot be blocked: every one of the 51 actions names the roles that take it, so each is
blocked at least for a seat without that authority; the 24 of ONLY_THE_SEAT have no condition in
law (a refusal, a request, a certification, a DICAS or SoSA step, a tariff step) and are blocked
*only* for the wrong seat (docs/doctrine-format.md, "Tests of the industry pack's 51 actions").
The third party's
own actions (arsenal's ph.request-direct and ph.request-via-us) are not the pack's: they are
never blocked, only logged as `unruled`, and another seat cannot take them at all (rejected
as an unknown action, nothing logged); the last test shows both."""

from __future__ import annotations

import pytest
import yaml
from playing import Exercise
from test_industry_pack import ALLOWED, BLOCKED, Allowed, Blocked

from tabletop.doctrine.rules import load_doctrine
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.scenario.loader import load_scenario_text

IIS = "important-influence"


ONLY_THE_SEAT = {  # no condition in law: blocked only for a seat without the authority
    "jp.nsc4-find-special-circumstances", "jp.nsc4-refuse-transfer", "jp.nsc9-revise-guidelines",
    "us.request-transfer-from-japan", "us.ddtc-approve-retransfer", "us.certify-coproduction-agreement",
    "us.clear-fms-notification", "jp.mod-request-fms-expedite", "us.readiness-statement",
    "us.delay-fms-deliveries", "us.voyage-repair-in-japan", "bilateral.dicas-coproduction-plan",
    "bilateral.dicas-supply-chain-measure", "bilateral.sosa-request-priority", "us.dpa-priority-rating",
    "us.dpa-title-iii-expansion", "jp.mod-certify-production-plan", "jp.mod-request-specification-adjustment",
    "us.offer-tariff-relief-for-purchases", "jp.keep-procurement-separate", "jp.offer-purchases-for-tariff-relief",
    "jp.present-planned-purchases", "us.commerce-initiate-232", "us.report-232-to-congress",
}


def _scenario_text() -> str:
    pack = load_doctrine("us-japan-industry")
    cases = ALLOWED + BLOCKED
    flags = sorted({f for case in cases for f in case.ctx.flags})
    seats = {case.role for case in cases} | {"jp.pm"} | {pack.actions[a].roles[0] for k in cases for a in k.ctx.done}
    return yaml.safe_dump({
        "format": "tabletop/2",
        "id": "industry-cases",
        "title": {"en": "The industry pack's cases", "ja": "産業パックの事例"},
        "doctrine": "us-japan-industry",
        "start": "2027-10-04T09:00:00+09:00",
        "clock": {"mode": "manual"},
        "objectives": [{"id": "OBJ1", "text": {"en": "Decide lawfully", "ja": "適法に決定する"},
                        "capability": {"en": "Defense-industrial cooperation", "ja": "防衛産業協力"}}],
        "seats": sorted(seats) + ["ph.gov"],
        "parties": [{"id": "ph.gov", "kind": "ally", "title": {"en": "The Philippines", "ja": "フィリピン"},
                     "actions": [{"id": "ph.request-direct", "label": {"en": "Ask Japan", "ja": "日本に要請"}}]}],
        "injects": [{"id": _inject(f), "manual": True, "to": ["*"], "title": {"en": f, "ja": f},
                     "body": {"en": f"Control releases the fact {f}.", "ja": f"統制部が事実{f}を付与する。"},
                     "set_flags": [f]} for f in flags],
    }, allow_unicode=True, sort_keys=False)


def _inject(flag: str) -> str:
    return "F-" + flag


@pytest.fixture(scope="module")
def loaded():
    text = _scenario_text()
    return load_scenario_text(text, "industry-cases.yaml")


class Cases(Exercise):
    """A session on the cases' scenario."""

    def __init__(self, loaded) -> None:
        super().__init__(loaded, "industry-cases")
        self.pack = loaded.doctrine

    def given(self, case) -> None:
        """The case's facts released, its situation recognised, its earlier actions done."""
        for flag in sorted(case.ctx.flags):
            self.control(c.Release(inject=_inject(flag)))
        if IIS in case.ctx.situations:
            for action in ("jp.convene-nsc", "jp.recognize-important-influence-situation"):
                assert self.act("jp.pm", action).status == "accepted"
        for action in sorted(case.ctx.done, key=_order):
            outcome = self.act(self.pack.actions[action].roles[0], action)
            if outcome.status == "blocked":
                self.control(c.Ruling(target=outcome.events[-1].seq, verdict="overrule",
                                      reason="Given for the case: this action was taken earlier."))
        state = self.session.state
        assert case.ctx.flags <= state.flags and case.ctx.situations <= state.situations
        assert case.ctx.done <= state.done


def _order(action: str) -> int:
    """Earlier actions in the order an exercise takes them (a clearance before its notification)."""
    chain = ["us.clear-fms-notification", "us.notify-congress-fms", "us.certify-emergency", "us.issue-loa",
             "jp.nsc4-approve-transfer-to-third-country", "us.ddtc-approve-retransfer"]
    return chain.index(action) if action in chain else len(chain)


def _log(x: Cases, seat: str, action: str, kind: str):
    return [e for e in x.session.store.read() if e.type == kind and e.actor == seat and e.data.get("action") == action]


@pytest.mark.parametrize("case", ALLOWED, ids=lambda k: f"{k.action}-by-{k.role}")
def test_given_the_case_when_the_seat_takes_the_action_then_the_log_holds_it_accepted(loaded, case: Allowed):
    x = Cases(loaded)
    x.given(case)
    outcome = x.act(case.role, case.action)
    assert outcome.status == "accepted", outcome.events[-1].data
    [move] = [e for e in outcome.events if e.type == ev.MOVE_SUBMITTED]
    assert (move.actor, move.data["action"], move.data["flags"]) == (case.role, case.action, [])
    assert case.action in x.session.state.done


@pytest.mark.parametrize("case", BLOCKED, ids=lambda k: f"{k.action}-by-{k.role}")
def test_given_the_case_when_the_seat_takes_the_action_then_the_log_holds_it_blocked_with_its_citation(
        loaded, case: Blocked):
    x = Cases(loaded)
    x.given(case)
    before = x.session.state
    outcome = x.act(case.role, case.action)
    assert outcome.status == "blocked"
    [blocked] = [e for e in outcome.events if e.type == ev.MOVE_BLOCKED]
    assert (blocked.actor, blocked.data["action"]) == (case.role, case.action)
    assert blocked.to == (case.role,)  # the reasons are the seat's alone
    matching = [r for r in blocked.data["reasons"] if case.reason in r["text"]["en"]]
    assert matching, [r["text"]["en"] for r in blocked.data["reasons"]]
    assert case.article in [cit["article"] for r in matching for cit in r["citations"]]
    assert all(r["text"]["ja"] and all(cit["ja"] for cit in r["citations"]) for r in matching)
    after = x.session.state
    assert (after.done, after.flags, after.situations) == (before.done, before.flags, before.situations)
    assert not [e for e in outcome.events if e.type == ev.MOVE_SUBMITTED]


def test_every_new_action_is_played_allowed_and_blocked_on_the_engine(loaded):
    uj = load_doctrine("us-japan")
    new = {a.id for a in loaded.doctrine.pack.actions if a.id not in uj.actions}
    assert len(new) == 51
    assert {k.action for k in ALLOWED} == new == {k.action for k in BLOCKED}


def test_the_actions_without_a_condition_are_blocked_only_for_the_wrong_seat(loaded):
    pack = loaded.doctrine
    new = {a.id for a in pack.pack.actions if a.id not in load_doctrine("us-japan").actions}
    assert {a for a in new if not pack.actions[a].requires} == ONLY_THE_SEAT
    for action in ONLY_THE_SEAT:
        assert all(k.role not in pack.actions[action].roles for k in BLOCKED if k.action == action)


def test_a_third_partys_own_action_is_never_blocked_and_no_other_seat_can_take_it(loaded):
    x = Cases(loaded)
    own = x.act("ph.gov", "ph.request-direct")
    [move] = [e for e in own.events if e.type == ev.MOVE_SUBMITTED]
    assert own.status == "accepted" and move.data["unruled"] is True
    other = x.act("jp.meti", "ph.request-direct")
    assert (other.status, other.code) == ("rejected", "unknown-action")
    assert not _log(x, "jp.meti", "ph.request-direct", ev.MOVE_BLOCKED)

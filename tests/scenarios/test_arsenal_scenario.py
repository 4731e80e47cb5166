"""The arsenal scenario (issue 23, points 2 and 3), move by move.

Given scenarios/arsenal.yaml and its moves file, when the rehearsal plays them, then the log
holds the branches the moves drive, the five blocked attempts with the instrument that forbids
each, the two upheld rulings, the joint decisions and the third party's move; the other
branches are wired too (moves written here); and the report reads as a report of approvals
and sales."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from tabletop.engine import events as ev
from tabletop.rehearsal import load_moves, rehearse
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.store import MemoryStore

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "arsenal.yaml"


def play(moves_path: Path):
    loaded = load_scenario(str(SCENARIO))
    session = Session.create(loaded, MemoryStore("arsenal-test"), loaded.scenario.start.astimezone(timezone.utc))
    return rehearse(session, load_moves(str(moves_path)))


@pytest.fixture(scope="module")
def r():
    return play(SCENARIO.with_name("arsenal.moves.yaml"))


def play_written(path: Path, moves: str):
    """Play a moves file written here, which must meet its own expectations."""
    path.write_text(moves, encoding="utf-8")
    r = play(path)
    assert r.problems == [] and r.unmet == [], (r.problems, r.unmet)
    return r


def blocked(r, seat, action):
    return [e for e in r.events if e.type == ev.MOVE_BLOCKED and e.actor == seat and e.data["action"] == action]


def cited(event) -> str:
    return " | ".join(f"{c['instrument']} {c['article']}" for x in event.data["reasons"] for c in x["citations"])


def decision(r, key):
    d = r.session.state.decision(key)
    return d.status, d.option


def released(r, inject):
    return r.session.state.inject(inject).status == "released"


def test_the_scenario_has_the_shape_the_issue_asks_for():
    s = load_scenario(str(SCENARIO)).scenario
    decisions = [d for i in s.injects for d in i.decisions]
    assert len(s.injects) >= 20 and len(decisions) >= 10
    assert s.format == "tabletop/2" and s.basis == "adapted" and s.sources
    assert any(d.joint and set(d.deciders) == {"jp.mod", "us.secdef"} for d in decisions)  # the two governments
    assert [p.id for p in s.parties] == ["ph.gov"]
    assert "cyber-intrusion-suspected" in s.inject("I07").set_flags
    assert s.inject("I15").when.option == "link"  # the tariff-linkage gambit
    assert all("DICAS" in o.capability.en for o in s.objectives)
    assert [i.id for i in s.injects if not i.notes] == []  # every inject has its controller note


def test_nsc_before_meti_blocked_upheld_then_permitted(r):
    early = blocked(r, "jp.meti", "jp.meti-permit-export-to-us")
    assert len(early) == 1 and "deliberation of weapons transfers by the NSC" in cited(early[0])
    assert "Second Principle" in cited(early[0])
    rulings = [e for e in r.events if e.type == ev.RULING_MADE]
    assert [x.data["target"] for x in rulings][0] == early[0].seq and rulings[0].data["verdict"] == "uphold"
    assert decision(r, "D2") == ("resolved", "us-only")
    assert decision(r, "D3") == ("resolved", "permit")
    assert released(r, "I05A") and not released(r, "I05B") and not released(r, "I05C")


def test_the_intrusion_is_reported_in_time_and_its_secrets_stay_secret(r):
    assert decision(r, "D4") == ("resolved", "confirm")
    assert released(r, "I08A") and released(r, "I09") and not released(r, "I08B")
    leak = blocked(r, "jp.contractor", "jp.contractor-disclose-details")
    assert len(leak) == 1 and "Arts. 27, 38" in cited(leak[0])
    assert decision(r, "D5") == ("resolved", "confirm-only")
    obligations = {o.obligation: o.status for o in r.session.state.obligations.values()}
    assert obligations == {"cyber-report-mod": "met", "dfars-72-hour-report": "met"}


def test_no_loa_inside_the_review_period_until_the_emergency(r):
    early = blocked(r, "us.secdef", "us.issue-loa")
    assert len(early) == 1 and "§36(b)(1), (b)(6)" in cited(early[0])
    accepted = [e for e in r.events if e.type == ev.MOVE_SUBMITTED and e.data.get("action") == "us.issue-loa"]
    emergency = [e for e in r.events if e.type == ev.MOVE_SUBMITTED and e.data.get("action") == "us.certify-emergency"]
    assert early[0].seq < emergency[0].seq < accepted[0].seq
    assert decision(r, "D7") == ("resolved", "emergency")
    assert decision(r, "D8") == ("resolved", "pass") and decision(r, "D9") == ("resolved", "veto")
    assert "joint-resolution-passed" not in r.session.state.flags  # the veto cleared it
    assert not released(r, "I24")
    assert "jp.mod-sign-loa" in r.session.state.done


def test_tariffs_ieepa_blocked_linkage_refused_by_the_pm(r):
    ieepa = blocked(r, "us.president", "us.impose-ieepa-tariff")
    assert len(ieepa) == 1 and "decided 20 Feb 2026" in cited(ieepa[0])
    assert decision(r, "D10") == ("resolved", "link")
    resolved = next(e for e in r.events if e.type == ev.DECISION_RESOLVED and e.data["decision"] == "D11")
    assert resolved.data["option"] == "separate"
    positions = [e for e in r.events if e.type == ev.POSITION_TAKEN and e.data["decision"] == "D11"]
    assert {(p.actor, p.data["option"]) for p in positions} == {("jp.erm", "planned"), ("jp.pm", "separate")}
    assert released(r, "I16A") and not released(r, "I16B") and not released(r, "I16C")
    assert "us.commerce-initiate-232" in r.session.state.done


def test_the_yard_the_parts_and_the_supplier(r):
    assert decision(r, "D13") == ("resolved", "voyage")
    flagged = [e for e in r.events if e.type == ev.MOVE_SUBMITTED and e.data.get("action") == "us.voyage-repair-in-japan"]
    assert "voyage repair" in flagged[0].data["flags"][0]["text"]["en"]  # battle damage: not settled (◇)
    assert "us.overhaul-in-japan" not in r.session.state.done
    assert decision(r, "D14") == ("resolved", "sosa") and decision(r, "D15") == ("resolved", "certify")
    assert "jp.mod-acquire-plant" not in r.session.state.done


def test_third_countries_need_the_nsc_ddtc_and_japans_consent(r):
    party = next(e for e in r.events if e.type == ev.MOVE_SUBMITTED and e.actor == "ph.gov")
    assert party.data.get("unruled") is True
    assert released(r, "I21") and not released(r, "I21B")
    early = blocked(r, "jp.meti", "jp.meti-permit-export-to-third-country")
    assert len(early) == 1 and "§123.9(a)" in cited(early[0])
    done = r.session.state.done
    assert {"jp.nsc4-approve-transfer-to-third-country", "us.ddtc-approve-retransfer",
            "jp.meti-permit-export-to-third-country", "jp.nsc4-find-special-circumstances",
            "jp.nsc4-consent-third-party-transfer", "us.transfer-to-third-country"} <= done
    assert decision(r, "D19") == ("resolved", "coproduce")


ALTERNATE = """\
format: tabletop-moves/1
moves:
  - {at: "+01:00", seat: us.secdef, decision: D1, option: divert}
  - {at: "+05:00", seat: jp.nsc4, decision: D2, option: refuse}
  - {at: "+53:00", seat: us.secstate, action: us.clear-fms-notification}
  - {at: "+54:00", seat: us.secdef, action: us.notify-congress-fms}
  - {at: "+58:00", seat: us.president, decision: D7, option: review}
  - {at: "+98:00", seat: us.president, decision: D10, option: link}
  - {at: "+105:00", seat: jp.pm, decision: D11, option: new-buys}
  - {at: "+146:00", seat: us.secdef, decision: D13, option: overhaul}
  - {at: "+241:00", seat: ph.gov, decision: D16, option: via-us}
  - {at: "+269:00", seat: jp.nsc4, decision: D18, option: consent}
  - {at: "+417:00", seat: us.secdef, action: us.issue-loa}
expect:
  decisions: {D1: divert, D2: refuse, D4: timeout, D7: review, D10: link, D11: new-buys, D16: via-us}
  released: [I03B, I05C, I08B, I16C, I21B, I24]
  not_released: [I05A, I08A, I12A, I16A, I21]
  blocked: [{seat: us.secdef, action: us.overhaul-in-japan}]
  rulings: 0
"""


def test_the_other_branches_are_wired(tmp_path):
    r = play_written(tmp_path / "arsenal.alt.moves.yaml", ALTERNATE)
    over = blocked(r, "us.secdef", "us.overhaul-in-japan")
    assert over and "§8680(a)(1), (b)(1); DFARS 225.7013" in cited(over[0])
    # The review period ran (I24), so the LOA issues without an emergency.
    assert "fms-review-period-elapsed" in r.session.state.flags and "us.issue-loa" in r.session.state.done
    # Consent where combat is under way, without special circumstances: allowed, and flagged.
    consent = next(e for e in r.events if e.type == ev.MOVE_SUBMITTED
                   and e.data.get("action") == "jp.nsc4-consent-third-party-transfer")
    assert "no special circumstances" in consent.data["flags"][0]["text"]["en"]
    # A late declaration: the reporting clocks never started.
    assert not any(o.obligation.startswith(("cyber", "dfars")) for o in r.session.state.obligations.values())


ONWARD = """\
format: tabletop-moves/1
moves:
  - {at: "+01:00", seat: us.secdef, decision: D1, option: ask-japan}
  - {at: "+05:00", seat: jp.nsc4, decision: D2, option: onward}
  - {at: "+06:00", seat: jp.meti, decision: D3, option: permit}
  - {at: "+270:00", seat: us.secdef, action: us.transfer-to-third-country}
expect:
  decisions: {D1: ask-japan, D2: onward, D3: permit}
  released: [I05B]
  not_released: [I05A, I05C]
  blocked: []
  rulings: 0
"""


def test_approval_with_onward_consent_lets_meti_permit_and_the_us_pass_the_missiles_on(tmp_path):
    # D2 "onward" is one decision of the four-minister meeting: the transfer approved without the
    # US-only condition, and Japan's consent to onward transfer given with it. METI may permit at
    # once, and the US may pass the missiles to the ally under attack without asking again, the
    # Guidelines' warning shown (combat is under way there, no special circumstances found).
    r = play_written(tmp_path / "arsenal.onward.moves.yaml", ONWARD)
    assert decision(r, "D2") == ("resolved", "onward") and decision(r, "D3") == ("resolved", "permit")
    assert "jp.nsc4-approve-transfer-with-onward-consent" in r.session.state.done
    assert not [e for e in r.events if e.type == ev.MOVE_BLOCKED]
    passed = next(e for e in r.events if e.type == ev.MOVE_SUBMITTED
                  and e.data.get("action") == "us.transfer-to-third-country")
    assert passed.at > next(e.at for e in r.events if e.type == ev.INJECT_RELEASED and e.data["inject"] == "I22")
    assert "consented in advance, before this destination was known" in passed.data["flags"][0]["text"]["en"]
    assert "licensed weapons to third countries" in [c["article"] for c in passed.data["flags"][0]["citations"]]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The report model of `tabletop rehearse arsenal`, as `tabletop report` builds it."""
    from click.testing import CliRunner

    from tabletop.cli import main
    from tabletop.report import load_report
    from tabletop.store import SqliteStore

    db = tmp_path_factory.mktemp("arsenal-report") / "arsenal.db"
    rehearsed = CliRunner().invoke(main, ["rehearse", "arsenal", "--db", str(db)])
    assert rehearsed.exit_code == 0, rehearsed.output
    store = SqliteStore(db, create=False)
    try:
        return load_report(store)
    finally:
        store.close()


def test_the_report_reads_as_a_report_of_approvals_and_sales(report):
    f = report.figures
    assert (f.resolved, f.timed_out, f.blocked, f.rulings) == (19, 0, 5, 2)
    by_id = {d.id: d for d in report.decisions}
    # A decision at law says on what it stands; a policy step says it is policy, not law.
    assert by_id["D3"].basis == "law" and "Art. 48(1)" in " ".join(c.text["en"] for c in by_id["D3"].citations)
    assert by_id["D1"].basis == "policy"
    assert "Approve transfer of licence-produced interceptors" in by_id["D2"].action_label["en"]
    # Every blocked attempt is an approval or a sale out of order, cited in Japanese too.
    assert [m.action for m in report.blocked] == [
        "jp.meti-permit-export-to-us", "jp.contractor-disclose-details", "us.issue-loa",
        "us.impose-ieepa-tariff", "jp.meti-permit-export-to-third-country"]
    assert all(c.text["ja"] for m in report.blocked for r in m.reasons for c in r.citations)


def test_the_report_states_the_situation_the_exercise_began_in(report):
    # arsenal starts in an Important Influence Situation (initial.situations) and nothing ends it.
    assert report.final_situation["en"] == "Important Influence Situation"
    # ... and the timeline's legal-situation band says so from STARTEX, not the pack's default.
    from tabletop.report.charts import timeline

    band = timeline(report).segments
    assert [s.situation for s in band] == ["important-influence"]
    assert band[0].title["ja"] == "重要影響事態"


def test_the_report_names_the_philippine_cell_a_third_party_not_by_its_seat_id(report):
    ph = next(p for p in report.participants if p.seat == "ph.gov")
    assert ph.side_title == {"en": "Third party", "ja": "第三者"}
    assert {"en": "Third party", "ja": "第三者"} in [s.title for s in report.sides]


def test_the_report_says_the_co_chairs_took_the_joint_decision_together(report):
    # D19 (rule: all) is the DICAS co-chairs' decision, not the last seat's to answer.
    d19 = next(d for d in report.decisions if d.id == "D19")
    assert d19.role == d19.by_role
    assert d19.by_role["en"] == "Minister of Defense, Secretary of Defense (jointly)"
    assert d19.by_role["ja"] == "防衛大臣、米国国防長官（共同）"

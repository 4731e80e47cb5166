"""The us-japan-industry pack (issue 23, point 1): the defense-industrial law of the alliance.

Given an exercise state (situations, flags, actions done), when a seat takes one of the
pack's own actions, then the pack allows it, flags it, or blocks it with the reason a player
reads and the instrument that forbids it. Every action the pack adds to us-japan has an
allowed case and a blocked case; the easy-to-get-wrong rules of the domain reference
(industry.md) have their own tests, and every fact it marks ◇ stays `verified: false`."""

from __future__ import annotations

import pytest
from test_us_japan_actions import Allowed, Blocked, ctx  # the same given/when/then cases as for us-japan

from tabletop.doctrine.rules import Doctrine, load_doctrine


@pytest.fixture(scope="module")
def ind() -> Doctrine:
    return load_doctrine("us-japan-industry")


@pytest.fixture(scope="module")
def new_actions(ind, uj) -> list[str]:
    return [a.id for a in ind.pack.actions if a.id not in uj.actions]


NSC_OK = "jp.nsc4-approve-transfer-to-licensor"
THIRD = "jp.nsc4-approve-transfer-to-third-country"
CONSENT = "jp.nsc4-consent-third-party-transfer"
BOTH = "jp.nsc4-approve-transfer-with-onward-consent"
CLEARED = "us.clear-fms-notification"
NOTIFIED = "us.notify-congress-fms"
EMERGENCY = "us.certify-emergency"
CONFIRMED = "jp.contractor-confirm-intrusion"
AGREEMENT = "destination-has-transfer-agreement"
IIS = "important-influence"

ALLOWED = [
    Allowed(NSC_OK, "jp.nsc4"),
    Allowed(CONSENT, "jp.nsc4"),
    Allowed(CONSENT, "jp.nsc4", ctx(flags=("third-country-in-combat", "special-circumstances-found"))),
    Allowed(BOTH, "jp.nsc4"),
    Allowed("jp.nsc4-find-special-circumstances", "jp.nsc4"),
    Allowed(THIRD, "jp.nsc4", ctx(flags=(AGREEMENT,))),
    Allowed("jp.nsc4-refuse-transfer", "jp.nsc4"),
    Allowed("jp.mod-provide-interceptors-to-us-forces", "jp.mod", ctx(IIS, flags=("interceptors-deemed-ammunition",))),
    Allowed("jp.nsc9-revise-guidelines", "jp.nsc9"),
    Allowed("jp.meti-permit-export-to-us", "jp.meti", ctx(done=(NSC_OK,))),
    Allowed("jp.meti-permit-export-to-us", "jp.meti", ctx(done=(BOTH,))),  # one decision, both deliberated
    Allowed("jp.meti-permit-export-to-third-country", "jp.meti", ctx(done=(THIRD, "us.ddtc-approve-retransfer"))),
    Allowed("us.request-transfer-from-japan", "us.secdef"),
    Allowed("us.ddtc-approve-retransfer", "us.secstate"),
    Allowed("us.transfer-to-third-country", "us.president", ctx(done=(CONSENT,))),
    Allowed("us.transfer-to-third-country", "us.secdef", ctx(done=(BOTH,))),  # consent given with the approval
    Allowed("us.certify-coproduction-agreement", "us.secstate"),
    Allowed("us.ddtc-approve-coproduction-agreement", "us.secstate",
            ctx(flags=("coproduction-review-period-elapsed",), done=("us.certify-coproduction-agreement",))),
    Allowed(CLEARED, "us.secstate"),
    Allowed(NOTIFIED, "us.secdef", ctx(done=(CLEARED,))),
    Allowed("jp.mod-request-fms-expedite", "jp.mod"),
    Allowed(EMERGENCY, "us.president", ctx(done=(NOTIFIED,))),
    Allowed("us.issue-loa", "us.secdef", ctx(done=(NOTIFIED, EMERGENCY))),
    Allowed("us.issue-loa", "us.secdef", ctx(flags=("fms-review-period-elapsed",), done=(NOTIFIED,))),
    Allowed("jp.mod-sign-loa", "jp.mod", ctx(done=("us.issue-loa",))),
    Allowed("us.congress-joint-resolution", "us.congress", ctx(done=(NOTIFIED,))),
    Allowed("us.veto-joint-resolution", "us.president", ctx(flags=("joint-resolution-passed",))),
    Allowed("us.sell-from-stocks", "us.secdef"),
    Allowed("us.readiness-statement", "us.president"),
    Allowed("us.delay-fms-deliveries", "us.secdef"),
    Allowed("us.voyage-repair-in-japan", "us.secdef", ctx(flags=("ship-homeported-in-us-or-guam",))),
    Allowed("us.overhaul-in-japan", "us.secdef", ctx(flags=("repair-over-six-months",))),
    Allowed("us.overhaul-in-japan", "us.secdef", ctx(flags=("ship-due-home-within-15-months",))),
    Allowed("bilateral.dicas-coproduction-plan", "jp.mod"),
    Allowed("bilateral.dicas-coproduction-plan", "us.secdef"),
    Allowed("bilateral.dicas-supply-chain-measure", "us.secdef"),
    Allowed("bilateral.sosa-request-priority", "jp.mod"),
    Allowed("us.dpa-priority-rating", "us.president"),
    Allowed("us.dpa-title-iii-expansion", "us.president"),
    Allowed("jp.mod-certify-production-plan", "jp.mod"),
    Allowed("jp.mod-request-specification-adjustment", "jp.mod"),
    Allowed("jp.mod-grant-specification-adjustment", "jp.mod", ctx(done=("jp.mod-request-specification-adjustment",))),
    Allowed("jp.mod-acquire-plant", "jp.mod", ctx(flags=("chapter2-measures-insufficient",))),
    Allowed(CONFIRMED, "jp.contractor", ctx(flags=("cyber-intrusion-suspected",))),
    Allowed("jp.contractor-report-to-mod", "jp.contractor", ctx(done=(CONFIRMED,))),
    Allowed("jp.contractor-report-to-dod", "jp.contractor", ctx(done=(CONFIRMED,))),
    Allowed("jp.contractor-disclose-details", "jp.contractor"),
    Allowed("us.offer-tariff-relief-for-purchases", "us.ustr"),
    Allowed("jp.keep-procurement-separate", "jp.erm"),
    Allowed("jp.offer-purchases-for-tariff-relief", "jp.pm"),
    Allowed("jp.present-planned-purchases", "jp.erm"),
    Allowed("us.impose-ieepa-tariff", "us.president"),
    Allowed("us.impose-section-122-surcharge", "us.president"),
    Allowed("us.commerce-initiate-232", "us.commerce"),
    Allowed("us.commerce-232-report", "us.commerce", ctx(done=("us.commerce-initiate-232",))),
    Allowed("us.section-232-action", "us.president", ctx(done=("us.commerce-232-report",))),
    Allowed("us.report-232-to-congress", "us.president"),
]

BLOCKED = [
    Blocked(NSC_OK, "jp.nsc4", ctx(flags=("destination-under-unsc-measures",)),
            "the First Principle forbids the transfer", "First Principle"),
    Blocked(NSC_OK, "jp.meti", ctx(), "deliberates every transfer of a weapon", "deliberation of weapons transfers by the NSC"),
    Blocked(CONSENT, "jp.nsc4", ctx(flags=("destination-under-unsc-measures",)),
            "the First Principle forbids consent", "First Principle"),
    Blocked(BOTH, "jp.nsc4", ctx(flags=("destination-under-unsc-measures",)),
            "the First Principle forbids the transfer", "First Principle"),
    Blocked(BOTH, "jp.meti", ctx(), "deliberates every transfer of a weapon and its onward transfer",
            "deliberation of weapons transfers by the NSC"),
    Blocked("jp.nsc4-find-special-circumstances", "jp.pm", ctx(), "Only the NSC four-minister meeting judges",
            "deliberation of weapons transfers by the NSC"),
    Blocked(THIRD, "jp.nsc4", ctx(), "no defense equipment transfer agreement with Japan",
            "weapons: agreement countries, NSC review"),
    Blocked(THIRD, "jp.nsc4", ctx(flags=(AGREEMENT, "destination-under-unsc-measures")),
            "the First Principle forbids the transfer", "First Principle"),
    Blocked(THIRD, "jp.nsc4", ctx(flags=(AGREEMENT, "third-country-in-combat")),
            "Combat is under way there and the NSC has found no special circumstances", "licensed weapons to third countries"),
    Blocked("jp.nsc4-refuse-transfer", "jp.meti", ctx(), "decides weapons cases", "Second Principle"),
    Blocked("jp.mod-provide-interceptors-to-us-forces", "jp.mod", ctx(), "needs an Important Influence Situation",
            "Arts. 3, 6"),
    Blocked("jp.mod-provide-interceptors-to-us-forces", "jp.mod", ctx(IIS, flags=("combat-in-progress",)),
            "Combat is actually taking place at the scene", "Arts. 3, 6"),
    Blocked("jp.nsc9-revise-guidelines", "jp.nsc4", ctx(), "decided and revised by the NSC nine-minister meeting",
            "revisions of 22 Dec 2023 and 26 Mar 2024"),
    Blocked("jp.meti-permit-export-to-us", "jp.meti", ctx(), "METI may not permit it first",
            "deliberation of weapons transfers by the NSC"),
    Blocked("jp.meti-permit-export-to-us", "jp.mod", ctx(done=(NSC_OK,)), "Export permission for Annex 1 goods",
            "Art. 48(1)"),
    Blocked("jp.meti-permit-export-to-third-country", "jp.meti", ctx(done=(THIRD,)),
            "has not approved the retransfer of the US-licensed item in writing", "§123.9(a)"),
    Blocked("jp.meti-permit-export-to-third-country", "jp.meti", ctx(done=("us.ddtc-approve-retransfer",)),
            "has not approved the export to this country", "weapons: agreement countries, NSC review"),
    Blocked("us.request-transfer-from-japan", "us.commerce", ctx(), "has no authority", "Biden to Kishida"),
    Blocked("us.ddtc-approve-retransfer", "us.secdef", ctx(), "administers the ITAR through DDTC",
            "delegation of the ITAR"),
    Blocked("us.transfer-to-third-country", "us.president", ctx(), "Japan has not given its prior consent",
            "prior consent to other use or third-country transfer"),
    Blocked("us.certify-coproduction-agreement", "us.secdef", ctx(), "has no authority", "§36(d)(2)(A) (22 U.S.C. 2776(d))"),
    Blocked("us.ddtc-approve-coproduction-agreement", "us.secstate", ctx(),
            "has not been certified to Congress under §36(d)", "§36(d)(2)(A) (22 U.S.C. 2776(d))"),
    Blocked("us.ddtc-approve-coproduction-agreement", "us.secstate", ctx(done=("us.certify-coproduction-agreement",)),
            "Fifteen days have not passed", "§36(d)(2)(A) (22 U.S.C. 2776(d))"),
    Blocked(CLEARED, "us.secdef", ctx(), "has no authority", "C5.5 (congressional notification)"),
    Blocked(NOTIFIED, "us.secdef", ctx(), "The State Department has not cleared", "C5.5 (congressional notification)"),
    Blocked("jp.mod-request-fms-expedite", "jp.meti", ctx(), "has no authority", "late FMS deliveries"),
    Blocked(EMERGENCY, "us.secdef", ctx(done=(NOTIFIED,)), "Only the President may certify an emergency",
            "§36(b)(1), (b)(6) (22 U.S.C. 2776)"),
    Blocked(EMERGENCY, "us.president", ctx(), "The case has not been certified to Congress",
            "§36(b)(1), (b)(6) (22 U.S.C. 2776)"),
    Blocked("us.issue-loa", "us.secdef", ctx(done=(NOTIFIED,)),
            "Fifteen days have not passed since the certification, and the President has certified no emergency",
            "§36(b)(1), (b)(6) (22 U.S.C. 2776)"),
    Blocked("us.issue-loa", "us.secdef", ctx(flags=("fms-review-period-elapsed",)), "The case has not been certified",
            "§36(b)(1), (b)(6) (22 U.S.C. 2776)"),
    Blocked("jp.mod-sign-loa", "jp.mod", ctx(), "The United States has issued no LOA to sign",
            "notified 17 Nov 2023; LOA signed 18 Jan 2024"),
    Blocked("us.congress-joint-resolution", "us.congress", ctx(), "No sale has been certified to Congress",
            "§36(b)(1), (b)(6) (22 U.S.C. 2776)"),
    Blocked("us.congress-joint-resolution", "us.congress", ctx(flags=("fms-review-period-elapsed",), done=(NOTIFIED,)),
            "The 15-day review period has passed", "§36(b)(1), (b)(6) (22 U.S.C. 2776)"),
    Blocked("us.veto-joint-resolution", "us.president", ctx(), "Congress has passed no joint resolution to veto",
            "§36(b)(1), (b)(6) (22 U.S.C. 2776)"),
    Blocked("us.sell-from-stocks", "us.secdef", ctx(flags=("stocks-are-war-reserve",)),
            "war reserve stocks: their sale is prohibited", "§2390"),
    Blocked("us.readiness-statement", "us.secdef", ctx(), "has no authority", "§21(i) (22 U.S.C. 2761(i))"),
    Blocked("us.delay-fms-deliveries", "us.president", ctx(), "FMS deliveries are run by DSCA", "FMS: late deliveries"),
    Blocked("us.voyage-repair-in-japan", "jp.meti", ctx(), "has no authority", "§8680(a)(1), (b)(1); DFARS 225.7013"),
    Blocked("us.overhaul-in-japan", "us.secdef", ctx(flags=("ship-homeported-in-us-or-guam",)),
            "only voyage repairs may be done abroad", "§8680(a)(1), (b)(1); DFARS 225.7013"),
    Blocked("us.overhaul-in-japan", "us.secdef", ctx(flags=("ship-due-home-within-15-months", "repair-over-six-months")),
            "exceed six months and the ship moves to a US homeport within 15 months", "§8680(a)(1), (b)(1); DFARS 225.7013"),
    Blocked("bilateral.dicas-coproduction-plan", "jp.meti", ctx(), "DICAS is co-chaired", "working groups"),
    Blocked("bilateral.dicas-supply-chain-measure", "us.commerce", ctx(), "DICAS is co-chaired", "working groups"),
    Blocked("bilateral.sosa-request-priority", "jp.meti", ctx(), "has no authority", "priority requests"),
    Blocked("us.dpa-priority-rating", "us.commerce", ctx(), "has no authority", "Title I, §4511(a)"),
    Blocked("us.dpa-title-iii-expansion", "us.secdef", ctx(), "has no authority", "§4533(a)(1); §4552(7)"),
    Blocked("jp.mod-certify-production-plan", "jp.meti", ctx(), "has no authority", "Art. 4(1)"),
    Blocked("jp.mod-request-specification-adjustment", "jp.contractor", ctx(), "has no authority", "Art. 9"),
    Blocked("jp.mod-grant-specification-adjustment", "jp.mod", ctx(), "only at the Minister's request", "Art. 9"),
    Blocked("jp.mod-acquire-plant", "jp.mod", ctx(), "the Chapter 2 measures (plans, grants, loans) cannot secure",
            "Art. 29"),
    Blocked(CONFIRMED, "jp.contractor", ctx(), "No intrusion is suspected", "issued Mar 2022, applied from Apr 2023"),
    Blocked("jp.contractor-report-to-mod", "jp.contractor", ctx(), "No intrusion has been confirmed",
            "issued Mar 2022, applied from Apr 2023"),
    Blocked("jp.contractor-report-to-dod", "jp.contractor", ctx(), "No intrusion has been confirmed",
            "252.204-7012(a), (c); 204.7302"),
    Blocked("jp.contractor-disclose-details", "jp.contractor", ctx(flags=("equipment-secrets-involved",)),
            "disclosing them is a crime", "Arts. 27, 38"),
    Blocked("us.offer-tariff-relief-for-purchases", "us.secdef", ctx(), "has no authority",
            "no provision on linking tariffs to arms purchases"),
    Blocked("jp.keep-procurement-separate", "jp.mod", ctx(), "has no authority", "Akazawa and Nakatani"),
    Blocked("jp.offer-purchases-for-tariff-relief", "jp.meti", ctx(), "has no authority", "Akazawa and Nakatani"),
    Blocked("jp.present-planned-purchases", "jp.mod", ctx(), "has no authority", "15% with $550bn of investment"),
    Blocked("us.impose-ieepa-tariff", "us.president", ctx(flags=("ieepa-tariffs-held-unlawful",)),
            "IEEPA does not authorise tariffs", "decided 20 Feb 2026"),
    Blocked("us.impose-section-122-surcharge", "us.president", ctx(flags=("section-122-150-days-elapsed",)),
            "has run its 150 days", "(a)"),
    Blocked("us.commerce-initiate-232", "us.president", ctx(), "Section 232 investigations are the Secretary of Commerce's",
            "(b), (c)"),
    Blocked("us.commerce-232-report", "us.commerce", ctx(), "No Section 232 investigation has been opened", "(b), (c)"),
    Blocked("us.section-232-action", "us.president", ctx(), "may not act under Section 232 without one", "(b), (c)"),
    Blocked("us.section-232-action", "us.president",
            ctx(flags=("section-232-deadlines-passed",), done=("us.commerce-232-report",)),
            "The 90 days to decide and 15 days to act", "(b), (c)"),
    Blocked("us.report-232-to-congress", "us.commerce", ctx(), "has no authority", "(b), (c)"),
]


def test_every_new_action_has_an_allowed_and_a_blocked_case(new_actions):
    assert {c.action for c in ALLOWED} == set(new_actions)
    assert {c.action for c in BLOCKED} == set(new_actions)


def test_every_condition_of_a_new_action_has_a_blocked_case(ind, new_actions):
    # An action with several requirements is blocked once for each, not only for the first;
    # an action with none is blocked for a seat without the authority (the case above).
    untested = [(aid, r.text.en) for aid in new_actions for r in ind.actions[aid].requires
                if not any(c.action == aid and c.reason in r.text.en for c in BLOCKED)]
    assert untested == []


@pytest.mark.parametrize("case", ALLOWED, ids=lambda c: f"{c.action}-by-{c.role}")
def test_allowed(ind, case: Allowed):
    verdict = ind.evaluate(case.ctx, case.role, case.action)
    assert verdict.verdict == "allowed", [r.text.en for r in verdict.reasons + verdict.flags]


@pytest.mark.parametrize("case", BLOCKED, ids=lambda c: f"{c.action}-by-{c.role}")
def test_blocked(ind, case: Blocked):
    verdict = ind.evaluate(case.ctx, case.role, case.action)
    assert verdict.verdict == "blocked"
    matching = [r for r in verdict.reasons if case.reason in r.text.en]
    assert matching, [r.text.en for r in verdict.reasons]
    articles = [c.article for r in matching for c in r.citations]
    assert case.article in articles, articles
    assert all(r.text.ja for r in matching), "every reason a player reads is bilingual"
    assert all(c.ja for r in matching for c in r.citations), "every citation has its Japanese form"


# -- what the law flags but does not forbid ------------------------------------------------------

FLAGGED = [
    (CONSENT, "jp.nsc4", ctx(flags=("third-country-in-combat",)), "no special circumstances have been found"),
    (BOTH, "jp.nsc4", ctx(flags=("third-country-in-combat",)), "no special circumstances have been found"),
    ("us.transfer-to-third-country", "us.president", ctx(flags=("third-country-in-combat",), done=(BOTH,)),
     "consented in advance, before this destination was known"),
    ("jp.mod-provide-interceptors-to-us-forces", "jp.mod", ctx(IIS), "is not settled"),
    (NOTIFIED, "us.secdef", ctx(flags=("fms-case-split",), done=(CLEARED,)), "splitting is no recognised exemption"),
    ("us.issue-loa", "us.secdef", ctx(flags=("joint-resolution-passed",), done=(NOTIFIED, EMERGENCY)),
     "if it becomes law, the sale is prohibited"),
    ("us.congress-joint-resolution", "us.congress", ctx(done=(NOTIFIED, EMERGENCY)), "the LOA may already be issued"),
    ("us.voyage-repair-in-japan", "us.secdef", ctx(flags=("battle-damage",)), "is not settled"),
    ("us.dpa-priority-rating", "us.secdef", ctx(flags=("order-depends-on-japanese-supplier",)),
     "binds persons in the US only"),
    ("us.dpa-title-iii-expansion", "us.president", ctx(flags=("plant-outside-us-canada",)), "Japan is not in"),
    ("jp.mod-certify-production-plan", "jp.mod", ctx(flags=("line-for-export-only",)), "for export only"),
    ("jp.offer-purchases-for-tariff-relief", "jp.erm", ctx(flags=("tariff-linkage-proposed",)),
     "departs from Japan's stated policy"),
]


@pytest.mark.parametrize("action,role,state,phrase", FLAGGED, ids=[f[0] for f in FLAGGED])
def test_flagged_moves_are_allowed_with_the_warning_and_its_citation(ind, action, role, state, phrase):
    verdict = ind.evaluate(state, role, action)
    assert verdict.verdict == "flagged"
    flag = next(f for f in verdict.flags if phrase in f.text.en)
    assert flag.citations and flag.text.ja


# -- the easy-to-get-wrong rules (industry.md, "Easy to get wrong") ------------------------------

def test_fms_thresholds_for_japan_are_the_statutes_not_the_crs_figure(ind):
    aeca = next(c for c in ind.roles["us.congress"].citations if "§36(b)" in c.article)
    assert "$25M" in aeca.quote and "$100M" in aeca.quote and "$300M" in aeca.quote and "15 days" in aeca.quote
    crs = next(c for c in ind.actions["us.congress-joint-resolution"].citations if c.source == "I24")
    assert "$50M" in crs.quote and "the statute says $25M" in crs.quote


def test_every_guidelines_citation_names_the_revision_it_relies_on(ind, new_actions):
    for aid in new_actions:
        a = ind.actions[aid]
        for c in _citations(a):
            if c.instrument.startswith("Implementation Guidelines"):
                assert any(v in c.instrument for v in ("2014", "22 Dec 2023", "26 Mar 2024", "21 Apr 2026")), c.instrument
                if "2014" not in c.instrument:
                    assert "§" not in c.article, f"{aid}: post-2014 item numbers are unverified; cite what it says"


def test_japan_only_requests_priority_it_cannot_compel_like_dpas(ind):
    sosa = ind.actions["bilateral.sosa-request-priority"]
    assert sosa.basis == "policy" and not sosa.requires
    assert "only requests" in sosa.citations[0].quote
    assert "jp.mod" not in ind.actions["us.dpa-priority-rating"].roles


def test_a_tariff_resting_on_ieepa_is_blocked_and_section_232_is_not(ind):
    held = ctx(flags=("ieepa-tariffs-held-unlawful",), done=("us.commerce-232-report",))
    assert ind.evaluate(held, "us.president", "us.impose-ieepa-tariff").verdict == "blocked"
    assert ind.evaluate(held, "us.president", "us.section-232-action").verdict == "allowed"


# -- honest data -----------------------------------------------------------------------------------

def _citations(a):
    yield from a.citations
    yield from a.authority_citations
    for r in list(a.requires) + list(a.advisories):
        yield from r.citations


UNVERIFIED = [  # facts industry.md marks ◇, each a citation of the pack with verified: false
    ("jp.contractor-report-to-dod", "application to a Japanese firm's contracts"),
    ("us.dpa-title-iii-expansion", "funding a plant in Japan"),
    ("us.voyage-repair-in-japan", "§8680(a)(1) (battle damage)"),
    ("jp.mod-provide-interceptors-to-us-forces", "ammunition or weapon: interceptors"),
    ("us.notify-congress-fms", "§36(b) (split cases)"),
    ("us.offer-tariff-relief-for-purchases", "no provision on linking tariffs to arms purchases"),
    ("us.delay-fms-deliveries", "C6.6 (suspension and cancellation)"),
    ("jp.mod-provide-interceptors-to-us-forces", "Arts. 3, 6"),  # IISA's article numbers (doctrine.md)
    ("us.veto-joint-resolution", "Art. I §7"),  # from memory, in neither reference
]


def test_every_unverified_fact_stays_unverified_and_says_so(ind, new_actions):
    for aid, article in UNVERIFIED:
        c = next(c for c in _citations(ind.actions[aid]) if c.article == article)
        assert c.verified is False, (aid, article)
    for aid in new_actions:
        for c in _citations(ind.actions[aid]):
            if not c.verified:
                assert "◇" in (c.quote or ""), f"{aid}: {c.text()} is unverified and must say so"
            else:
                assert c.source, f"{aid}: {c.text()} is marked verified and must name its source"


def test_press_reports_are_named_as_secondary_sources(ind, new_actions):
    # I7 is press reports only; the 2026 revision of the Guidelines is known from press reports (I32).
    for aid in new_actions:
        for c in _citations(ind.actions[aid]):
            if c.source and ("I7" in c.source or "21 Apr 2026" in c.instrument):
                assert "secondary" in c.source, f"{aid}: {c.text()} rests on press reports; say '(secondary)'"


def test_a_precedent_is_never_the_only_basis_of_an_action_at_law(ind, new_actions):
    for aid in new_actions:
        a = ind.actions[aid]
        assert not any(c.instrument.startswith("Precedent:") for c in a.authority_citations), aid
        if a.basis == "law":
            assert not all(c.instrument.startswith("Precedent:") for c in a.citations), \
                f"{aid} rests on precedents only: policy, not law"


def test_the_pack_uses_us_japan_and_keeps_every_us_japan_rule(ind, uj):
    assert set(uj.actions) <= set(ind.actions)
    assert set(uj.roles) <= set(ind.roles)
    for aid in ("jp.order-defense-operation", "jp.logistics-support-us"):
        assert ind.actions[aid] == uj.actions[aid]
    assert ind.pack.default_situation == uj.pack.default_situation


def test_everything_a_player_reads_of_the_new_pack_is_in_both_languages(ind, new_actions):
    # Labels, descriptions, authority texts, requirements and advisories of the new actions, the new
    # roles, flags and obligations: a player in Japanese mode reads none of them in English only.
    texts = [ind.pack.title]
    for aid in new_actions:
        a = ind.actions[aid]
        texts += [a.label, a.description, a.authority] + [r.text for r in list(a.requires) + list(a.advisories)]
        assert all(c.ja for c in _citations(a)), f"{aid}: every citation has its Japanese form"
    texts += [r.title for r in ind.pack.roles if r.id not in ("control", "evaluator")]
    texts += [f.title for f in ind.pack.flags] + [o.title for o in ind.pack.obligations]
    assert [t.en for t in texts if t is not None and not t.ja] == []

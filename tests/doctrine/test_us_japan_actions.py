"""Every action of the US-Japan pack: one case where it is allowed and one
where it is blocked, with the reason a player would read and its citation."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tabletop.doctrine.rules import SimpleContext


def ctx(situation: str = "none", flags: tuple[str, ...] = (), done: tuple[str, ...] = ()) -> SimpleContext:
    return SimpleContext(frozenset({situation}) - {"none"}, frozenset(flags), frozenset(done))


@dataclass(frozen=True)
class Allowed:
    action: str
    role: str
    ctx: SimpleContext = SimpleContext()


@dataclass(frozen=True)
class Blocked:
    action: str
    role: str
    ctx: SimpleContext
    reason: str  # a phrase of the English reason shown to the player
    article: str  # the article cited with that reason


DEF = "jp.order-defense-operation"
ART_V = "us.article-v-defense"
OCC = "armed-attack-occurred"
NINE = "jp.convene-nsc-nine-minister"
STANDING = "standing-bmd-order-in-force"
HQ = "jp.establish-situation-response-hq"
NEO = "jp.mofa-request-neo"

ALLOWED = [
    Allowed("jp.convene-nsc", "jp.pm"),
    Allowed("jp.issue-jalert", "jp.ccs", ctx(flags=("missile-overflight",))),
    Allowed("jp.recognize-important-influence-situation", "jp.pm", ctx(done=("jp.convene-nsc",))),
    Allowed("jp.convene-nsc-nine-minister", "jp.pm"),
    Allowed("jp.recognize-anticipated-armed-attack-situation", "jp.pm", ctx(done=(NINE,))),
    Allowed("jp.recognize-armed-attack-situation", "jp.pm", ctx(flags=("armed-attack-imminent",), done=(NINE,))),
    Allowed("jp.recognize-survival-threatening-situation", "jp.pm",
            ctx(flags=("attack-on-close-country", "request-from-attacked-country"), done=(NINE,))),
    Allowed("jp.diet-approve-basic-plan", "control", ctx("important-influence")),
    Allowed("jp.end-important-influence-situation", "jp.pm", ctx("important-influence")),
    Allowed("jp.end-anticipated-armed-attack-situation", "jp.pm", ctx("anticipated-armed-attack")),
    Allowed("jp.end-armed-attack-situation", "jp.pm", ctx("armed-attack")),
    Allowed("jp.end-survival-threatening-situation", "jp.pm", ctx("survival-threatening")),
    Allowed("jp.end-disaster-relief", "jp.mod", ctx("large-scale-disaster")),
    Allowed("jp.approve-bmd-destruction", "jp.pm", ctx(flags=("missile-toward-japan",))),
    Allowed("jp.approve-bmd-emergency-procedures", "jp.pm"),
    Allowed("jp.issue-standing-bmd-order", "jp.mod", ctx(done=("jp.approve-bmd-emergency-procedures",))),
    Allowed("jp.issue-standing-bmd-order", "jp.mod", ctx(flags=("bmd-emergency-procedures-approved",))),
    Allowed("jp.approve-lifting-bmd-order", "jp.pm", ctx(flags=(STANDING,))),
    Allowed("jp.lift-bmd-order", "jp.mod", ctx(flags=(STANDING,), done=("jp.approve-lifting-bmd-order",))),
    Allowed("jp.order-bmd-destruction", "jp.mod", ctx(flags=("missile-toward-japan", STANDING))),
    Allowed("jp.order-bmd-destruction", "jp.mod",
            ctx(flags=("missile-toward-japan",), done=("jp.approve-bmd-destruction",))),
    Allowed("jp.report-diet-bmd-result", "jp.pm", ctx(done=("jp.order-bmd-destruction",))),
    Allowed("jp.track-and-report", "jp.jjoc"),
    Allowed("jp.intercept-missile-toward-third-country", "jp.jjoc",
            ctx("survival-threatening", ("missile-toward-third-country",), (DEF,))),
    Allowed("jp.approve-defense-operation-standby", "jp.pm", ctx("anticipated-armed-attack")),
    Allowed("jp.defense-operation-standby", "jp.mod",
            ctx("anticipated-armed-attack", done=("jp.approve-defense-operation-standby",))),
    Allowed("jp.civil-protection", "jp.ccs", ctx("armed-attack")),
    Allowed("jp.order-defense-operation", "jp.pm", ctx("armed-attack", done=("jp.diet-approve-defense-operation",))),
    Allowed("jp.diet-approve-defense-operation", "jp.pm", ctx("armed-attack")),
    Allowed("jp.use-of-force", "jp.jjoc", ctx("armed-attack", (OCC,), (DEF,))),
    Allowed("jp.retake-island", "jp.jjoc", ctx("armed-attack", (OCC,), (DEF,))),
    Allowed("jp.counterstrike", "jp.jjoc", ctx("armed-attack", (OCC,), (DEF,))),
    Allowed("jp.jcg-law-enforcement", "jp.jcg"),
    Allowed("jp.jcg-warn-and-require-departure", "jp.jcg", ctx(flags=("target-is-government-ship",))),
    Allowed("jp.establish-situation-response-hq", "jp.pm", ctx("armed-attack")),
    Allowed("jp.issue-civil-protection-warning", "jp.pm", ctx("armed-attack", done=(HQ,))),
    Allowed("jp.issue-jalert", "jp.ccs", ctx("armed-attack", done=("jp.issue-civil-protection-warning",))),
    Allowed("jp.instruct-evacuation", "jp.pm", ctx("emergency-response", done=(HQ, "jp.issue-civil-protection-warning"))),
    Allowed("jp.order-civil-protection-dispatch", "jp.mod", ctx("armed-attack", flags=("armed-attack-disaster",))),
    Allowed("jp.recognize-emergency-response-situation", "jp.pm",
            ctx(flags=("large-scale-terrorism",), done=("jp.convene-nsc",))),
    Allowed("jp.end-emergency-response-situation", "jp.pm", ctx("emergency-response")),
    Allowed("jp.order-defensive-positions", "jp.mod", ctx("anticipated-armed-attack")),
    Allowed("jp.order-guarding-operation", "jp.pm", ctx(flags=("attack-on-facilities-feared",))),
    Allowed("jp.mofa-request-neo", "jp.mofa"),
    Allowed("jp.approve-neo-protection", "jp.pm", ctx(flags=("host-state-consents",), done=(NEO,))),
    Allowed("jp.order-neo-protection", "jp.mod",
            ctx(flags=("host-state-consents",), done=(NEO, "jp.approve-neo-protection"))),
    Allowed("jp.order-neo-transport", "jp.mod", ctx(done=(NEO,))),
    Allowed("bilateral.bocc-coordination", "us.usfj"),
    Allowed("bilateral.bilateral-planning", "us.usfj"),
    Allowed("jp.approve-maritime-security-operation", "jp.pm", ctx(flags=("jcg-cannot-cope",))),
    Allowed("jp.order-maritime-security-operation", "jp.mod", ctx(done=("jp.approve-maritime-security-operation",))),
    Allowed("jp.scramble", "jp.mod"),
    Allowed("jp.order-public-security-operation", "jp.pm", ctx(flags=("police-cannot-maintain-order",))),
    Allowed("jp.diet-approve-public-security-operation", "control",
            ctx(done=("jp.order-public-security-operation",))),
    Allowed("jp.place-jcg-under-mod", "jp.pm", ctx(done=("jp.order-public-security-operation",))),
    Allowed("jp.protect-us-assets", "jp.mod", ctx(done=("us.request-asset-protection", "jp.convene-nsc"))),
    Allowed("jp.logistics-support-us", "jp.mod", ctx("important-influence", done=("jp.diet-approve-basic-plan",))),
    Allowed("jp.consent-prior-consultation", "jp.pm", ctx(done=("us.request-prior-consultation",))),
    Allowed("jp.decline-prior-consultation", "jp.pm", ctx(done=("us.request-prior-consultation",))),
    Allowed("jp.protest-diplomatic", "jp.mofa"),
    Allowed("jp.public-statement", "jp.ccs"),
    Allowed("jp.request-unsc-meeting", "jp.mofa"),
    Allowed("jp.request-consultation-art-iv", "jp.pm"),
    Allowed("jp.order-disaster-relief", "jp.mod", ctx(flags=("disaster-occurred",))),
    Allowed("us.request-asset-protection", "us.usfj"),
    Allowed("us.request-prior-consultation", "us.ambassador"),
    Allowed("us.combat-ops-from-japan-non-art-v", "us.president", ctx(done=("jp.consent-prior-consultation",))),
    Allowed("us.article-v-defense", "us.president", ctx("armed-attack", (OCC,))),
    Allowed("us.bmd-intercept-defense-of-japan", "us.indopacom",
            ctx(flags=("missile-toward-japan",), done=(ART_V, "jp.order-bmd-destruction"))),
    Allowed("us.air-defense-support", "us.indopacom", ctx("armed-attack", (OCC,), (ART_V, "jp.use-of-force"))),
    Allowed("us.maritime-support", "us.indopacom", ctx("armed-attack", (OCC,), (ART_V, "jp.use-of-force"))),
    Allowed("us.ground-support", "us.indopacom", ctx("armed-attack", (OCC,), (ART_V, "jp.retake-island"))),
    Allowed("us.strike-support", "us.indopacom", ctx("armed-attack", (OCC,), (ART_V, "jp.counterstrike"))),
    Allowed("us.war-powers-report", "us.president", ctx(done=(ART_V,))),
    Allowed("us.statement-article-v-senkaku", "us.secstate"),
    Allowed("us.track-and-report", "us.indopacom"),
    Allowed("us.public-statement", "us.ambassador"),
    Allowed("jp.call-counterpart", "jp.pm"),
    Allowed("us.call-counterpart", "us.president"),
    Allowed("bilateral.trilateral-call", "jp.mofa"),
    Allowed("bilateral.trilateral-call", "us.secstate"),
    Allowed("us.show-of-force", "us.indopacom"),
    Allowed("us.move-forces", "us.secdef"),
    Allowed("bilateral.combined-exercise", "us.usfj"),
    Allowed("bilateral.combined-exercise", "jp.jjoc"),
    Allowed("us.request-consultation-art-iv", "us.secstate"),
    Allowed("us.disaster-support", "us.usfj", ctx("large-scale-disaster")),
    Allowed("bilateral.acm-coordination", "jp.jjoc"),
    Allowed("bilateral.acm-coordination", "us.usfj"),
    Allowed("jp.report-unsc", "jp.mofa", ctx("armed-attack", (OCC,), (DEF, "jp.use-of-force"))),
    Allowed("us.report-unsc", "us.secstate", ctx("armed-attack", (OCC,), (ART_V,))),
]

BLOCKED = [
    Blocked("jp.convene-nsc", "jp.mod", ctx(), "The Prime Minister convenes the NSC", "four-minister meeting"),
    Blocked("jp.issue-jalert", "jp.ccs", ctx(), "No missile is expected to fall on or pass over Japan", "J-Alert"),
    Blocked("jp.recognize-important-influence-situation", "jp.pm", ctx(), "The NSC has not deliberated",
            "Arts. 4–5"),
    Blocked("jp.convene-nsc-nine-minister", "jp.ccs", ctx(), "The Prime Minister, as chair, convenes the NSC",
            "Arts. 2(1)(iv), 5(1)"),
    Blocked("jp.recognize-anticipated-armed-attack-situation", "jp.pm", ctx(flags=(OCC,), done=(NINE,)),
            "An armed attack has already occurred", "Art. 2(ii)"),
    Blocked("jp.recognize-armed-attack-situation", "jp.pm", ctx(done=(NINE,)),
            "No armed attack has occurred and none is clearly imminent", "Art. 9"),
    Blocked("jp.recognize-survival-threatening-situation", "jp.pm", ctx(done=(NINE,)),
            "No armed attack on a country closely related to Japan", "Art. 2(iv)"),
    Blocked("jp.diet-approve-basic-plan", "jp.pm", ctx(), "No situation has been recognised", "Art. 9"),
    Blocked("jp.end-important-influence-situation", "jp.pm", ctx("armed-attack"),
            "No Important Influence Situation is recognised", "Art. 4 (ending the plan)"),
    Blocked("jp.end-anticipated-armed-attack-situation", "jp.mod", ctx("anticipated-armed-attack"),
            "has no authority", "Art. 9 (ending the plan)"),
    Blocked("jp.end-armed-attack-situation", "jp.pm", ctx("survival-threatening"),
            "No Armed Attack Situation is recognised", "Art. 9 (ending the plan)"),
    Blocked("jp.end-survival-threatening-situation", "jp.pm", ctx("armed-attack"),
            "No Survival-Threatening Situation is recognised", "Art. 9 (ending the plan)"),
    Blocked("jp.end-disaster-relief", "jp.pm", ctx("large-scale-disaster"), "has no authority", "Art. 83"),
    Blocked("jp.approve-bmd-destruction", "jp.pm", ctx(), "Art. 82-3 covers only a missile heading toward Japan",
            "Art. 82-3(1)"),
    Blocked("jp.issue-standing-bmd-order", "jp.pm", ctx(), "The Minister of Defense issues the standing order",
            "Art. 82-3(3)"),
    Blocked("jp.issue-standing-bmd-order", "jp.mod", ctx(),
            "The Prime Minister has not approved the Emergency Response Procedures", "Art. 82-3(3)"),
    Blocked("jp.approve-bmd-emergency-procedures", "jp.mod", ctx(), "approves the Emergency Response Procedures",
            "Art. 82-3(3)"),
    Blocked("jp.approve-lifting-bmd-order", "jp.pm", ctx(), "No standing destruction order is in force",
            "Art. 82-3(2)"),
    Blocked("jp.lift-bmd-order", "jp.mod", ctx(flags=(STANDING,)), "The Prime Minister has not approved lifting",
            "Art. 82-3(2)"),
    Blocked("jp.order-bmd-destruction", "jp.mod", ctx(flags=("missile-toward-japan",)),
            "Neither the Prime Minister's approval nor a standing destruction order", "Art. 82-3(3)"),
    Blocked("jp.report-diet-bmd-result", "jp.pm", ctx(), "No missile destruction has been ordered", "Art. 82-3"),
    Blocked("jp.track-and-report", "jp.jcg", ctx(), "has no authority", "IV.C.2.b.ii"),
    Blocked("jp.intercept-missile-toward-third-country", "jp.jjoc",
            ctx("armed-attack", ("missile-toward-third-country", "attack-on-close-country"), (DEF,)),
            "Not a Survival-Threatening Situation", "Art. 82-3(1)"),
    Blocked("jp.approve-defense-operation-standby", "jp.pm", ctx(),
            "Standby comes with an anticipated or actual armed attack", "Art. 77"),
    Blocked("jp.defense-operation-standby", "jp.mod", ctx("anticipated-armed-attack"),
            "The Prime Minister has not approved the standby order", "Art. 77"),
    Blocked("jp.civil-protection", "jp.ccs", ctx("survival-threatening"), "Civil protection measures need",
            "civil protection"),
    Blocked("jp.order-defense-operation", "jp.pm", ctx("anticipated-armed-attack"),
            "A defense operation needs an Armed Attack Situation or a Survival-Threatening Situation", "Art. 76(1)"),
    Blocked("jp.diet-approve-defense-operation", "control", ctx(), "there is no defense operation to approve",
            "Art. 9"),
    Blocked("jp.use-of-force", "jp.jcg", ctx("armed-attack", (OCC,), (DEF,)), "The JCG is not a military", "Art. 25"),
    Blocked("jp.retake-island", "jp.jjoc", ctx("armed-attack", ("armed-attack-imminent",), (DEF,)),
            "No armed attack on Japan has actually occurred; force is never preemptive", "(1)–(3)"),
    Blocked("jp.counterstrike", "jp.jjoc", ctx("armed-attack", ("armed-attack-imminent",), (DEF,)),
            "Preemptive strike remains impermissible", "counterstrike capabilities"),
    Blocked("jp.jcg-law-enforcement", "jp.mod", ctx(), "Maritime law enforcement belongs to the Japan Coast Guard",
            "Arts. 17–20"),
    Blocked("jp.jcg-law-enforcement", "jp.jcg", ctx(flags=("target-is-government-ship",)),
            "immune from enforcement", "Arts. 32, 95–96"),
    Blocked("jp.jcg-warn-and-require-departure", "jp.mod", ctx(), "has no authority", "Arts. 32, 95–96"),
    Blocked("jp.establish-situation-response-hq", "jp.pm", ctx(), "No Basic Response Plan or Emergency Response Plan",
            "Arts. 10–11"),
    Blocked("jp.issue-civil-protection-warning", "jp.pm", ctx("armed-attack"),
            "No Situation Response Headquarters has been set up", "Arts. 10–11"),
    Blocked("jp.instruct-evacuation", "jp.pm", ctx("armed-attack", done=(HQ,)), "No warning has been issued",
            "Arts. 52, 54"),
    Blocked("jp.order-civil-protection-dispatch", "jp.mod", ctx("survival-threatening"),
            "Civil protection measures need", "Arts. 22–23"),
    Blocked("jp.order-civil-protection-dispatch", "jp.pm", ctx("armed-attack"),
            "The Minister of Defense dispatches the units", "Art. 77-4"),
    Blocked("jp.issue-civil-protection-warning", "jp.ccs", ctx("armed-attack", done=(HQ,)),
            "as chief of the Situation Response Headquarters", "Art. 44"),
    Blocked("jp.establish-situation-response-hq", "jp.ccs", ctx("armed-attack"),
            "The Prime Minister sets up and heads the Situation Response Headquarters", "Arts. 10–11"),
    Blocked("jp.order-guarding-operation", "jp.mod", ctx(flags=("attack-on-facilities-feared",)),
            "The Prime Minister orders a guarding operation", "Art. 81-2"),
    Blocked("jp.order-defensive-positions", "jp.pm", ctx("anticipated-armed-attack"),
            "The Minister of Defense orders the works", "Art. 77-2"),
    Blocked("jp.approve-lifting-bmd-order", "jp.mod", ctx(flags=(STANDING,)),
            "The Prime Minister approves the lifting", "Art. 82-3(2)"),
    Blocked("jp.recognize-emergency-response-situation", "jp.pm", ctx(flags=("large-scale-terrorism",)),
            "The NSC has not deliberated the draft Emergency Response Plan", "Arts. 22–23"),
    Blocked("jp.recognize-emergency-response-situation", "jp.pm", ctx(done=("jp.convene-nsc",)),
            "No large-scale terrorist attack", "Arts. 22–23"),
    Blocked("jp.end-emergency-response-situation", "jp.pm", ctx("armed-attack"),
            "No Emergency Response Situation is recognised", "Arts. 22–23"),
    Blocked("jp.order-defensive-positions", "jp.mod", ctx("armed-attack"), "No Anticipated Armed Attack Situation",
            "Art. 77-2"),
    Blocked("jp.order-guarding-operation", "jp.pm", ctx(), "No planned attack on SDF or US facilities", "Art. 81-2"),
    Blocked("jp.mofa-request-neo", "jp.mod", ctx(), "The request comes from the Minister for Foreign Affairs",
            "Art. 84-3"),
    Blocked("jp.approve-neo-protection", "jp.pm", ctx(flags=("host-state-consents", "combat-in-progress"), done=(NEO,)),
            "Combat is under way where the measures would be taken", "Art. 84-3"),
    Blocked("jp.approve-neo-protection", "jp.pm", ctx(done=(NEO,)), "The host state has not consented", "Art. 84-3"),
    Blocked("jp.order-neo-protection", "jp.mod", ctx(flags=("host-state-consents",), done=(NEO,)),
            "The Prime Minister has not approved the protection measures", "Art. 84-3"),
    Blocked("jp.order-neo-transport", "jp.mod", ctx(), "The Foreign Minister has not requested it", "Art. 84-4"),
    Blocked("bilateral.bocc-coordination", "jp.pm", ctx(), "The BOCC joins the JJOC", "III.A"),
    Blocked("bilateral.bilateral-planning", "jp.ccs", ctx(), "Bilateral planning is done by the defense authorities",
            "III.C"),
    Blocked("us.strike-support", "us.usfj", ctx("armed-attack", (OCC,), (ART_V,)),
            "US forces act under the combatant commander", "§164"),
    Blocked("jp.approve-maritime-security-operation", "jp.mod", ctx(),
            "The Prime Minister approves a maritime security operation", "Art. 82"),
    Blocked("jp.order-maritime-security-operation", "jp.mod", ctx(),
            "The Prime Minister has not approved the maritime security operation", "Art. 82"),
    Blocked("jp.scramble", "jp.jcg", ctx(), "The Minister of Defense orders airspace-intrusion measures", "Art. 84"),
    Blocked("jp.order-public-security-operation", "jp.pm", ctx(), "General police forces have not been found unable",
            "Art. 78"),
    Blocked("jp.diet-approve-public-security-operation", "jp.pm", ctx(), "No public security operation has been ordered",
            "Art. 78"),
    Blocked("jp.place-jcg-under-mod", "jp.pm", ctx("armed-attack"),
            "Art. 80(1) control follows only a defense operation order for an armed attack", "Art. 80(1)"),
    Blocked("jp.protect-us-assets", "jp.mod", ctx(flags=("combat-in-progress",), done=("us.request-asset-protection",)),
            "Combat is under way at the scene", "Art. 95-2"),
    Blocked("jp.logistics-support-us", "jp.mod", ctx(), "Logistics support needs an Important Influence Situation",
            "Arts. 3, 6"),
    Blocked("jp.consent-prior-consultation", "jp.pm", ctx(), "The US has not proposed prior consultation",
            "prior consultation"),
    Blocked("jp.decline-prior-consultation", "jp.mofa", ctx(done=("us.request-prior-consultation",)),
            "The Government of Japan, led by the Prime Minister, answers", "prior consultation"),
    Blocked("jp.protest-diplomatic", "jp.jcg", ctx(), "Protests go through the Foreign Minister", "Art. 73(ii)"),
    Blocked("jp.public-statement", "jp.jcg", ctx(), "has no authority", "Prime Minister's statement"),
    Blocked("jp.request-unsc-meeting", "jp.mod", ctx(), "approach to the Security Council", "emergency UNSC meetings"),
    Blocked("jp.request-consultation-art-iv", "jp.mod", ctx(), "Japan requests consultation", "Art. IV"),
    Blocked("jp.order-disaster-relief", "jp.mod", ctx(), "No large-scale disaster has occurred", "Art. 83"),
    Blocked("us.request-asset-protection", "jp.mod", ctx(), "The request comes from the US forces concerned",
            "Art. 95-2"),
    Blocked("us.request-prior-consultation", "us.indopacom", ctx(), "through diplomatic channels", "prior consultation"),
    Blocked("us.combat-ops-from-japan-non-art-v", "us.president", ctx(), "Japan has not consented in prior consultation",
            "prior consultation"),
    Blocked("us.article-v-defense", "us.president", ctx("armed-attack", ("armed-attack-imminent",)),
            "No armed attack has occurred in the territories under Japan's administration", "Art. V"),
    Blocked("us.bmd-intercept-defense-of-japan", "us.indopacom", ctx(flags=("missile-toward-japan",)),
            "The President has not decided to act under Art. V", "§162(b)"),
    Blocked("us.air-defense-support", "us.indopacom", ctx("armed-attack", (OCC,)),
            "The President has not decided to act under Art. V", "Art. V"),
    Blocked("us.maritime-support", "us.usfj", ctx("armed-attack", (OCC,), (ART_V,)),
            "US forces act under the combatant commander", "§164"),
    Blocked("us.ground-support", "us.indopacom", ctx("armed-attack", (OCC,)),
            "The President has not decided to act under Art. V", "§162(b)"),
    Blocked("us.strike-support", "us.indopacom", ctx(done=(ART_V,)), "No armed attack against Japan has occurred",
            "IV.C.2.b.v"),
    Blocked("us.war-powers-report", "us.president", ctx(), "nothing to report", "§4(a)"),
    Blocked("us.statement-article-v-senkaku", "jp.pm", ctx(), "has no authority", "Art. II §§2–3"),
    Blocked("us.track-and-report", "jp.mod", ctx(), "US forces act under the combatant commander", "IV.C.2.b.ii"),
    Blocked("us.public-statement", "jp.pm", ctx(), "in Japan from the Ambassador, who represents the United States",
            "Art. 3(1)(a)"),
    Blocked("jp.call-counterpart", "jp.ccs", ctx(), "Calls are made by the Prime Minister or the minister concerned",
            "Art. 73(ii)"),
    Blocked("us.call-counterpart", "us.ambassador", ctx(), "Calls are made by the President or the Secretary",
            "Art. II §§2–3"),
    Blocked("bilateral.trilateral-call", "jp.mod", ctx(), "Trilateral calls are made by the leaders or the foreign",
            "Art. 73(ii)"),
    Blocked("us.show-of-force", "us.usfj", ctx(), "US forces move on orders down the chain of command", "§162(b)"),
    Blocked("us.move-forces", "us.ambassador", ctx(), "US forces move on orders down the chain of command", "§164"),
    Blocked("bilateral.combined-exercise", "jp.pm", ctx(), "Combined exercises are held by the defense authorities",
            "IV.A (training and exercises)"),
    Blocked("us.request-consultation-art-iv", "jp.pm", ctx(), "has no authority", "Art. IV"),
    Blocked("us.disaster-support", "us.usfj", ctx(), "No large-scale disaster situation", "IV.E"),
    Blocked("bilateral.acm-coordination", "jp.jcg", ctx(), "The ACM joins the Cabinet Secretariat", "III.A"),
    Blocked("jp.report-unsc", "jp.mofa", ctx("armed-attack", (OCC,), (ART_V,)), "nothing of its own to report",
            "Art. 51"),
    Blocked("us.report-unsc", "us.secstate", ctx("armed-attack", (OCC,), (DEF, "jp.use-of-force")),
            "nothing of its own to report", "Art. V (2nd para.)"),
]


def test_every_action_has_an_allowed_and_a_blocked_case(uj):
    assert {c.action for c in ALLOWED} == set(uj.actions)
    assert {c.action for c in BLOCKED} == set(uj.actions)


@pytest.mark.parametrize("case", ALLOWED, ids=lambda c: f"{c.action}-by-{c.role}")
def test_allowed(uj, case: Allowed):
    verdict = uj.evaluate(case.ctx, case.role, case.action)
    assert verdict.verdict == "allowed", [r.text.en for r in verdict.reasons + verdict.flags]
    assert verdict.reasons == () and verdict.flags == ()


@pytest.mark.parametrize("case", BLOCKED, ids=lambda c: f"{c.action}-by-{c.role}")
def test_blocked(uj, case: Blocked):
    verdict = uj.evaluate(case.ctx, case.role, case.action)
    assert verdict.verdict == "blocked"
    matching = [r for r in verdict.reasons if case.reason in r.text.en]
    assert matching, [r.text.en for r in verdict.reasons]
    articles = [c.article for r in matching for c in r.citations]
    assert case.article in articles
    assert all(r.text.ja for r in matching), "every reason a player reads is bilingual"


def test_blocked_reasons_list_every_unmet_condition(uj):
    verdict = uj.evaluate(ctx(), "jp.jcg", "jp.use-of-force")
    texts = [r.text.en for r in verdict.reasons]
    assert len(texts) == 4
    assert texts[0].startswith("Commandant, Japan Coast Guard has no authority for this.")
    assert "No defense operation has been ordered" in texts[1]
    assert "Not an Armed Attack or Survival-Threatening Situation." == texts[2]
    assert "No armed attack on Japan has actually occurred" in texts[3]

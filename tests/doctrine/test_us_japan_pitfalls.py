"""The encoding pitfalls of the domain reference, one test each, plus the
obligations, advisories and Guidelines divisions the pack declares."""

from __future__ import annotations

from tabletop.doctrine.model import Test as Condition
from tabletop.doctrine.rules import SimpleContext
from tabletop.text import parse_offset


def ctx(situation: str = "none", flags: tuple[str, ...] = (), done: tuple[str, ...] = ()) -> SimpleContext:
    return SimpleContext(frozenset({situation}) - {"none"}, frozenset(flags), frozenset(done))


def articles(verdict) -> list[str]:
    return [c.article for r in verdict.reasons + verdict.flags for c in r.citations]


def texts(verdict) -> str:
    return " | ".join(r.text.en for r in verdict.reasons + verdict.flags)


def conditions_of(action) -> list[Condition]:
    """Every condition an action names, nested `any` included."""
    out: list[Condition] = []
    stack: list[Condition] = list(action.requires)
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(t.any or [])
    return out


NINE = "jp.convene-nsc-nine-minister"
STANDING = "standing-bmd-order-in-force"
JP_FORCE = {"jp.use-of-force", "jp.counterstrike", "jp.retake-island", "jp.intercept-missile-toward-third-country"}
POLICE_TYPE = {"jp.order-bmd-destruction", "jp.protect-us-assets", "jp.order-maritime-security-operation",
               "jp.jcg-law-enforcement", "jp.scramble", "jp.order-public-security-operation"}
# Police-type too, but each needs its own facts (tests/doctrine/test_us_japan_actions.py has them).
POLICE_TYPE_WITH_FACTS = {"jp.order-guarding-operation", "jp.order-neo-protection"}


def test_use_of_weapons_is_not_use_of_force(uj):
    force = {a.id for a in uj.pack.actions if a.id.startswith("jp.") and a.force == "force"}
    assert force == JP_FORCE
    weapons = {a.id for a in uj.pack.actions if a.id.startswith("jp.") and a.force == "weapons"}
    assert weapons == POLICE_TYPE | POLICE_TYPE_WITH_FACTS
    # Police-type uses of weapons need no declared situation ...
    peacetime = ctx(flags=("missile-toward-japan", "police-cannot-maintain-order", STANDING),
                    done=("us.request-asset-protection",
                          "jp.approve-maritime-security-operation", "jp.convene-nsc"))
    for action in POLICE_TYPE:
        role = uj.actions[action].roles[0]
        assert uj.evaluate(peacetime, role, action).verdict == "allowed", action
    # ... while use of force is a defense operation: without the order it is blocked under Art. 88.
    wartime = ctx("armed-attack", ("armed-attack-occurred",))
    for action in JP_FORCE - {"jp.intercept-missile-toward-third-country"}:
        verdict = uj.evaluate(wartime, uj.actions[action].roles[0], action)
        assert verdict.blocked and "Art. 88" in articles(verdict), action
    # The defense operation order itself is not the use of force.
    assert uj.actions["jp.order-defense-operation"].force == "none"


def test_force_and_counterstrike_only_after_an_attack_has_occurred_never_preemptive(uj):
    imminent = ctx("armed-attack", ("armed-attack-imminent",), ("jp.order-defense-operation",))
    # An imminent attack is enough to recognise the situation and order a defense operation ...
    assert uj.evaluate(ctx(flags=("armed-attack-imminent",), done=(NINE,)), "jp.pm",
                       "jp.recognize-armed-attack-situation").verdict == "allowed"
    assert not uj.evaluate(ctx("armed-attack"), "jp.pm", "jp.order-defense-operation").blocked
    # ... but no force and no counterstrike until it has occurred.
    for action in ("jp.use-of-force", "jp.counterstrike", "jp.retake-island"):
        verdict = uj.evaluate(imminent, uj.actions[action].roles[0], action)
        assert verdict.blocked, action
        assert "preemptive" in texts(verdict).lower(), action
        assert "preemptive strikes remain impermissible" in [c.quote for r in verdict.reasons for c in r.citations]
    occurred = ctx("armed-attack", ("armed-attack-occurred",), ("jp.order-defense-operation",))
    for action in ("jp.use-of-force", "jp.counterstrike", "jp.retake-island"):
        assert uj.evaluate(occurred, uj.actions[action].roles[0], action).verdict == "allowed", action
    # The same holds for the US under Art. V.
    assert uj.evaluate(ctx("armed-attack", ("armed-attack-imminent",)), "us.president", "us.article-v-defense").blocked


def test_counterstrike_in_survival_threatening_situation_is_flagged_case_by_case(uj):
    verdict = uj.evaluate(ctx("survival-threatening", (), ("jp.order-defense-operation",)),
                          "jp.jjoc", "jp.counterstrike")
    assert verdict.verdict == "flagged"
    assert "case by case" in texts(verdict)


def test_prior_consultation_is_needed_for_non_article_v_combat_but_not_for_article_v_defense(uj):
    blocked = uj.evaluate(ctx(), "us.president", "us.combat-ops-from-japan-non-art-v")
    assert blocked.blocked and "Japan has not consented in prior consultation" in texts(blocked)
    assert "prior consultation" in articles(blocked)
    consented = ctx(done=("us.request-prior-consultation", "jp.consent-prior-consultation"))
    assert uj.evaluate(consented, "us.president", "us.combat-ops-from-japan-non-art-v").verdict == "allowed"
    declined = ctx(done=("us.request-prior-consultation", "jp.decline-prior-consultation"))
    assert uj.evaluate(declined, "us.president", "us.combat-ops-from-japan-non-art-v").blocked
    # Art. V defense: allowed with no consultation at all, and names none among its conditions.
    assert uj.evaluate(ctx("armed-attack", ("armed-attack-occurred",)), "us.president",
                       "us.article-v-defense").verdict == "allowed"
    named = {t.done for t in conditions_of(uj.actions["us.article-v-defense"])}
    assert not named & {"jp.consent-prior-consultation", "us.request-prior-consultation"}


def test_jcg_stays_non_military_even_under_mod_control(uj):
    place = uj.actions["jp.place-jcg-under-mod"]
    assert place.effects.declare is None
    assert place.effects.set_flags == ["jcg-under-mod-control"]
    assert "non-military" in place.description.en and "cannot use force" in place.description.en
    # No rule lets the flag or the placement unlock anything forceful.
    for a in uj.pack.actions:
        names = {t.flag for t in conditions_of(a)} | {t.done for t in conditions_of(a)}
        assert not names & {"jcg-under-mod-control", "jp.place-jcg-under-mod"}, a.id
    # The JCG can take no forceful action, whatever the situation.
    worst = ctx("armed-attack", ("armed-attack-occurred", "jcg-under-mod-control", "missile-toward-japan"),
                ("jp.order-defense-operation", "jp.place-jcg-under-mod", "jp.approve-bmd-destruction"))
    for a in uj.pack.actions:
        if a.force == "force":
            assert uj.evaluate(worst, "jp.jcg", a.id).blocked, a.id
    verdict = uj.evaluate(worst, "jp.jcg", "jp.use-of-force")
    assert "The JCG is not a military and stays non-military even under MOD control" in texts(verdict)
    assert {"Art. 25", "Art. 80"} <= set(articles(verdict))
    # Its own police-type law enforcement stays open to it.
    assert uj.evaluate(worst, "jp.jcg", "jp.jcg-law-enforcement").verdict == "allowed"


def test_art_82_3_covers_only_missiles_heading_toward_japan(uj):
    third = ctx(flags=("missile-toward-third-country", STANDING))
    verdict = uj.evaluate(third, "jp.mod", "jp.order-bmd-destruction")
    assert verdict.blocked
    assert "Art. 82-3 covers only missiles heading toward Japan" in texts(verdict)
    assert "Art. 82-3(1)" in articles(verdict)
    toward = ("missile-toward-japan",)
    assert uj.evaluate(ctx(flags=toward), "jp.mod", "jp.order-bmd-destruction").blocked
    assert uj.evaluate(ctx(flags=toward, done=("jp.approve-bmd-destruction",)), "jp.mod",
                       "jp.order-bmd-destruction").verdict == "allowed"
    assert uj.evaluate(ctx(flags=toward + (STANDING,)), "jp.mod", "jp.order-bmd-destruction").verdict == "allowed"
    # A standing order that has been lifted (82-3(2)) no longer allows it.
    lifted = ctx(flags=toward, done=("jp.issue-standing-bmd-order", "jp.lift-bmd-order"))
    assert uj.evaluate(lifted, "jp.mod", "jp.order-bmd-destruction").blocked


def test_art_82_3_applies_only_while_no_armed_attack_situation_is_recognised(uj):
    # A surprise attack before the Cabinet recognises the situation: 82-3 is the tool at hand.
    surprise = ("missile-toward-japan", "armed-attack-occurred")
    assert uj.evaluate(ctx(flags=surprise + (STANDING,)), "jp.mod", "jp.order-bmd-destruction").verdict == "allowed"
    # Once the Armed Attack Situation is recognised, the missile is met under a defense operation.
    recognised = ctx("armed-attack", surprise + (STANDING,), ("jp.approve-bmd-destruction",))
    for action, role in (("jp.order-bmd-destruction", "jp.mod"), ("jp.approve-bmd-destruction", "jp.pm")):
        verdict = uj.evaluate(recognised, role, action)
        assert verdict.blocked, action
        assert "not by Art. 82-3 destruction measures" in texts(verdict)
        assert {"Arts. 82-3, 76", "Art. 76(1)"} <= set(articles(verdict))
    assert uj.evaluate(ctx("armed-attack", surprise, ("jp.order-defense-operation",)), "jp.mod",
                       "jp.use-of-force").verdict == "allowed"


def test_intercepting_a_missile_toward_a_third_country_needs_a_survival_threatening_situation(uj):
    flags = ("missile-toward-third-country", "attack-on-close-country", "armed-attack-occurred")
    for situation in ("none", "important-influence", "armed-attack"):
        verdict = uj.evaluate(ctx(situation, flags, ("jp.order-defense-operation",)), "jp.mod",
                              "jp.intercept-missile-toward-third-country")
        assert verdict.blocked and "Not a Survival-Threatening Situation" in texts(verdict), situation
    assert uj.evaluate(ctx("survival-threatening", flags, ("jp.order-defense-operation",)), "jp.mod",
                       "jp.intercept-missile-toward-third-country").verdict == "allowed"


def test_recognising_any_situation_requires_the_nsc(uj):
    recognitions = [a for a in uj.pack.actions if a.id.startswith("jp.recognize-")]
    declared = {a.effects.declare for a in recognitions}
    assert declared == {"important-influence", "anticipated-armed-attack", "armed-attack", "survival-threatening",
                        "emergency-response"}
    every_fact = ctx(flags=("armed-attack-imminent", "attack-on-close-country", "request-from-attacked-country",
                            "large-scale-terrorism"))
    for a in recognitions:
        verdict = uj.evaluate(every_fact, "jp.pm", a.id)
        assert verdict.blocked, a.id
        assert [r.text.en for r in verdict.reasons] == [a.requires[0].text.en]
        assert "NSC" in verdict.reasons[0].text.en
        # A Basic Response Plan is the nine-minister meeting's; the Basic Plan of an Important
        # Influence Situation goes through the NSC as before.
        meeting = ("jp.convene-nsc" if a.id in ("jp.recognize-important-influence-situation",
                                                "jp.recognize-emergency-response-situation") else NINE)
        with_nsc = SimpleContext(every_fact.situations, every_fact.flags, frozenset({meeting}))
        assert not uj.evaluate(with_nsc, "jp.pm", a.id).blocked, a.id
        with_nine = SimpleContext(every_fact.situations, every_fact.flags, frozenset({NINE}))
        assert not uj.evaluate(with_nine, "jp.pm", a.id).blocked, a.id  # the larger meeting always does


def test_asset_protection_needs_a_us_request_and_is_blocked_while_combat_is_in_progress(uj):
    no_request = uj.evaluate(ctx(done=("jp.convene-nsc",)), "jp.mod", "jp.protect-us-assets")
    assert no_request.blocked and "The US has not requested asset protection" in texts(no_request)
    requested = ("us.request-asset-protection", "jp.convene-nsc")
    assert uj.evaluate(ctx(done=requested), "jp.mod", "jp.protect-us-assets").verdict == "allowed"
    combat = uj.evaluate(ctx(flags=("combat-in-progress",), done=requested), "jp.mod", "jp.protect-us-assets")
    assert combat.blocked and "Combat is under way at the scene" in texts(combat)
    assert "Art. 95-2" in articles(combat)


def test_guidelines_create_no_legal_obligations_so_deviations_flag_and_never_block(uj):
    verdict = uj.evaluate(ctx(flags=("missile-toward-japan",), done=("us.article-v-defense",)),
                          "us.indopacom", "us.bmd-intercept-defense-of-japan")
    assert verdict.verdict == "flagged"
    assert "Guidelines deviation (IV.C.2.b.ii" in texts(verdict)
    assert "Japan has primary responsibility" in texts(verdict)
    # No Japanese action is blocked on the Guidelines alone.
    for a in uj.pack.actions:
        if a.id.startswith("jp."):
            for req in a.requires:
                assert any(c.instrument != "2015 Guidelines" for c in req.citations), (a.id, req.text.en)


def test_every_division_flags_its_supporting_action_until_the_primary_side_acts(uj):
    assert [d.id for d in uj.pack.divisions] == ["IV.C.2.b.i", "IV.C.2.b.ii", "IV.C.2.b.iii", "IV.C.2.b.iv",
                                                 "IV.C.2.b.v"]
    base = ("armed-attack-occurred", "missile-toward-japan")
    for d in uj.pack.divisions:
        assert d.primary == "jp"
        for support in d.supporting_actions:
            before = uj.evaluate(ctx("armed-attack", base, ("us.article-v-defense",)), "us.indopacom", support)
            assert before.verdict == "flagged" and f"Guidelines deviation ({d.id}" in texts(before), support
            after = uj.evaluate(ctx("armed-attack", base, ("us.article-v-defense", d.primary_actions[0])),
                                "us.indopacom", support)
            assert after.verdict == "allowed", support
    assert uj.divisions["IV.C.2.b.v"].supporting_actions == ["us.strike-support"]
    assert uj.divisions["IV.C.2.b.ii"].primary_actions[0] == "jp.order-bmd-destruction"


def test_defense_operation_before_diet_approval_is_flagged_as_the_urgent_case(uj):
    verdict = uj.evaluate(ctx("armed-attack"), "jp.pm", "jp.order-defense-operation")
    assert verdict.verdict == "flagged"
    assert "Ordered before the Diet's approval" in texts(verdict)
    assert "Art. 9" in articles(verdict)


def test_obligations_due_after_missile_destruction_combat_and_force(uj):
    assert uj.actions["jp.order-bmd-destruction"].effects.obligations == ["diet-report-bmd"]
    diet = uj.obligations["diet-report-bmd"]
    assert diet.owed_by == ["jp.pm"] and diet.discharged_by == ["jp.report-diet-bmd-result"]

    wpr = uj.obligations["war-powers-report"]
    assert wpr.due == parse_offset("+48:00") and wpr.discharged_by == ["us.war-powers-report"]
    assert "war-powers-report" in uj.actions["us.article-v-defense"].effects.obligations
    assert "war-powers-report" in uj.actions["us.combat-ops-from-japan-non-art-v"].effects.obligations

    # Each Party reports its own measures: Japan's force owes Japan's report, Art. V action the US one.
    for party, discharged in (("jp", "jp.report-unsc"), ("us", "us.report-unsc")):
        unsc = uj.obligations[f"unsc-report-{party}"]
        assert unsc.due == parse_offset("+01:00") and unsc.discharged_by == [discharged]
        assert "exercise convention" in unsc.title.en
        assert {uj.side_of(r) for r in unsc.owed_by} == {party}
    assert "unsc-report-us" in uj.actions["us.article-v-defense"].effects.obligations
    for action in sorted(JP_FORCE):
        assert "unsc-report-jp" in uj.actions[action].effects.obligations, action

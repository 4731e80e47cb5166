"""The rules the December 2026 legal review found wrong in the first pack (doctrine.md,
"Corrections and additions"; issue 16, section 1). Each case was judged the other way
by the first pack; each asserts the verdict and the article the player reads."""

from __future__ import annotations

from tabletop.doctrine.rules import SimpleContext

DEF = "jp.order-defense-operation"
NINE = "jp.convene-nsc-nine-minister"


def ctx(*situations: str, flags: tuple[str, ...] = (), done: tuple[str, ...] = ()) -> SimpleContext:
    return SimpleContext(frozenset(situations), frozenset(flags), frozenset(done))


def cited(verdict, phrase: str) -> list[str]:
    """The articles cited with the reasons (or flags) whose English text has `phrase`."""
    return [c.article for r in verdict.reasons + verdict.flags if phrase in r.text.en for c in r.citations]


def test_art_80_control_of_the_jcg_follows_only_an_armed_attack_or_public_security_order(uj):
    # Before: any defense operation order allowed it, a 76(1)(ii) one included.
    survival = uj.evaluate(ctx("survival-threatening", done=(DEF,)), "jp.pm", "jp.place-jcg-under-mod")
    assert survival.blocked
    assert "Art. 80(1)" in cited(survival, "Survival-Threatening Situation alone (76(1)(ii)) does not allow it")
    armed = uj.evaluate(ctx("armed-attack", done=(DEF,)), "jp.pm", "jp.place-jcg-under-mod")
    assert armed.verdict == "allowed"


def test_art_80_waits_for_a_new_order_when_an_armed_attack_situation_follows_a_survival_threatening_order(uj):
    # Before: an order given for a Survival-Threatening Situation alone counted as a 76(1)(i) order
    # once an Armed Attack Situation was recognised later. Recognising it sets the pending flag;
    # only the next defense operation order clears it.
    recognise = uj.actions["jp.recognize-armed-attack-situation"].effects
    assert "armed-attack-order-pending" in recognise.set_flags
    assert "armed-attack-order-pending" in uj.actions[DEF].effects.clear_flags
    later = ctx("armed-attack", "survival-threatening", flags=("armed-attack-order-pending",), done=(DEF,))
    verdict = uj.evaluate(later, "jp.pm", "jp.place-jcg-under-mod")
    assert verdict.blocked
    assert "Art. 80(1)" in cited(verdict, "even once an Armed Attack Situation is recognised later")
    reordered = ctx("armed-attack", "survival-threatening", done=(DEF,))
    assert uj.evaluate(reordered, "jp.pm", "jp.place-jcg-under-mod").verdict == "allowed"
    assert "armed-attack-order-pending" in uj.actions["jp.end-armed-attack-situation"].effects.clear_flags


def test_collective_self_defense_waits_for_an_order_given_for_the_survival_threatening_situation(uj):
    # The same rule the other way round: an order for an Armed Attack Situation alone (76(1)(i))
    # does not cover collective self-defense once a Survival-Threatening Situation is recognised.
    assert "survival-order-pending" in uj.actions["jp.recognize-survival-threatening-situation"].effects.set_flags
    assert "survival-order-pending" in uj.actions[DEF].effects.clear_flags
    assert "survival-order-pending" in uj.actions["jp.end-survival-threatening-situation"].effects.clear_flags
    pending = ("missile-toward-third-country", "survival-order-pending")
    later = ctx("armed-attack", "survival-threatening", flags=pending, done=(DEF,))
    verdict = uj.evaluate(later, "jp.jjoc", "jp.intercept-missile-toward-third-country")
    assert verdict.blocked
    assert "Art. 76(1)(ii)" in cited(verdict, "does not cover collective self-defense")
    # Force on the Survival-Threatening ground alone (no attack on Japan has occurred) waits too.
    imminent = ctx("armed-attack", "survival-threatening", flags=("survival-order-pending",), done=(DEF,))
    force = uj.evaluate(imminent, "jp.jjoc", "jp.use-of-force")
    assert force.blocked and "(1)–(3)" in cited(force, "no defense operation order has been given for a")
    ordered = ctx("armed-attack", "survival-threatening", flags=("missile-toward-third-country",), done=(DEF,))
    assert uj.evaluate(ordered, "jp.jjoc", "jp.intercept-missile-toward-third-country").verdict == "allowed"
    assert uj.evaluate(ordered, "jp.jjoc", "jp.use-of-force").verdict == "allowed"


def test_art_77_standby_needs_the_prime_ministers_approval(uj):
    # Before: the Minister of Defense ordered standby alone.
    alone = uj.evaluate(ctx("anticipated-armed-attack"), "jp.mod", "jp.defense-operation-standby")
    assert alone.blocked
    assert "Art. 77" in cited(alone, "The Prime Minister has not approved the standby order")
    approved = ctx("anticipated-armed-attack", done=("jp.approve-defense-operation-standby",))
    assert uj.evaluate(approved, "jp.mod", "jp.defense-operation-standby").verdict == "allowed"


def test_a_pure_survival_threatening_defense_operation_needs_prior_diet_approval_without_exception(uj):
    # Before: allowed with a flag, Diet approval to be sought afterwards as an urgent case.
    pure = uj.evaluate(ctx("survival-threatening"), "jp.pm", "jp.order-defense-operation")
    assert pure.blocked
    assert "item 2" in cited(pure, "needs the Diet's approval beforehand, without exception")
    approved = ctx("survival-threatening", done=("jp.diet-approve-defense-operation",))
    assert uj.evaluate(approved, "jp.pm", "jp.order-defense-operation").verdict == "allowed"
    # With an Armed Attack Situation as well, the urgent case of AASRA Art. 9 remains (flagged).
    both = uj.evaluate(ctx("armed-attack", "survival-threatening"), "jp.pm", "jp.order-defense-operation")
    assert both.verdict == "flagged" and "Art. 9" in cited(both, "urgent case")


def test_recognising_a_survival_threatening_situation_needs_the_attacked_states_request(uj):
    # Before: no request or consent was asked for.
    facts = ("attack-on-close-country",)
    verdict = uj.evaluate(ctx(flags=facts, done=(NINE,)), "jp.pm", "jp.recognize-survival-threatening-situation")
    assert verdict.blocked
    assert "item 1 (with ICJ, Nicaragua, 1986)" in cited(verdict, "has not requested or consented")
    requested = ctx(flags=facts + ("request-from-attacked-country",), done=(NINE,))
    assert uj.evaluate(requested, "jp.pm", "jp.recognize-survival-threatening-situation").verdict == "allowed"


def test_the_recognised_survival_threatening_situation_presupposes_the_attack_on_the_close_country(uj):
    # Before: the intercept (and force, and counterstrike) demanded the attack-on-close-country
    # flag again after the situation that presupposes it had been recognised.
    recognised = ctx("survival-threatening", flags=("missile-toward-third-country",), done=(DEF,))
    assert uj.evaluate(recognised, "jp.jjoc", "jp.intercept-missile-toward-third-country").verdict == "allowed"
    basis = [c.article for c in uj.actions["jp.intercept-missile-toward-third-country"].citations]
    assert "Art. 76(1)(ii)" in basis and "IV.D" in basis
    assert uj.evaluate(recognised, "jp.jjoc", "jp.use-of-force").verdict == "allowed"
    # And recognising it needs the attack by definition (AASRA Art. 2(iv)).
    unattacked = uj.evaluate(ctx(flags=("request-from-attacked-country",), done=(NINE,)), "jp.pm",
                             "jp.recognize-survival-threatening-situation")
    assert unattacked.blocked and "Art. 2(iv)" in cited(unattacked, "No armed attack on a country closely related")


def test_art_83_disaster_relief_excludes_damage_caused_by_an_armed_attack(uj):
    # Before: allowed.
    verdict = uj.evaluate(ctx("armed-attack", flags=("disaster-occurred", "armed-attack-disaster")), "jp.mod",
                          "jp.order-disaster-relief")
    assert verdict.blocked
    assert "Art. 83(5)" in cited(verdict, "Art. 83 disaster relief does not apply")
    natural = ctx(flags=("disaster-occurred",))
    assert uj.evaluate(natural, "jp.mod", "jp.order-disaster-relief").verdict == "allowed"


def test_counterstrike_is_used_by_units_under_a_defense_operation_not_by_the_prime_minister(uj):
    # Before: the Prime Minister took it in person, and the JJOC could not.
    attacked = ctx("armed-attack", flags=("armed-attack-occurred",), done=(DEF,))
    pm = uj.evaluate(attacked, "jp.pm", "jp.counterstrike")
    assert pm.blocked
    assert pm.reasons[0].text.en.startswith("Prime Minister has no authority for this.")
    assert {"Art. 88", "Art. 76(1)"} <= set(cited(pm, "used by SDF units under a defense operation order"))
    assert uj.evaluate(attacked, "jp.jjoc", "jp.counterstrike").verdict == "allowed"
    assert uj.evaluate(attacked, "jp.mod", "jp.counterstrike").verdict == "allowed"
    # Modelled like jp.use-of-force: the same deciding and carrying-out roles.
    force = uj.actions["jp.use-of-force"]
    assert (uj.actions["jp.counterstrike"].roles, uj.actions["jp.counterstrike"].carried_out_by) == \
        (force.roles, force.carried_out_by)


def test_each_party_reports_its_own_measures_to_the_security_council(uj):
    # Before: one action, open to both Parties, discharged both Parties' obligation.
    us_acted = ctx("armed-attack", flags=("armed-attack-occurred",), done=("us.article-v-defense",))
    jp = uj.evaluate(us_acted, "jp.mofa", "jp.report-unsc")
    assert jp.blocked and "Art. 51" in cited(jp, "nothing of its own to report")
    assert uj.evaluate(us_acted, "us.secstate", "us.report-unsc").verdict == "allowed"
    assert uj.evaluate(us_acted, "jp.mofa", "us.report-unsc").blocked  # not Japan's to make
    assert uj.obligations["unsc-report-jp"].discharged_by == ["jp.report-unsc"]
    assert uj.obligations["unsc-report-us"].discharged_by == ["us.report-unsc"]


def test_the_basic_response_plan_is_the_nine_minister_meetings(uj):
    # Before: the four-minister meeting was enough.
    four = ctx(flags=("armed-attack-imminent",), done=("jp.convene-nsc",))
    verdict = uj.evaluate(four, "jp.pm", "jp.recognize-armed-attack-situation")
    assert verdict.blocked
    assert "Arts. 2(1)(iv), 5(1)" in cited(verdict, "nine-minister meeting has not deliberated")
    nine = ctx(flags=("armed-attack-imminent",), done=(NINE,))
    assert uj.evaluate(nine, "jp.pm", "jp.recognize-armed-attack-situation").verdict == "allowed"

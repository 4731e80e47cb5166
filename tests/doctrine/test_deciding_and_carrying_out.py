"""Deciding and carrying out are different roles (issue 16, section 2): the Minister of Defense
decides Art. 95-2 protection after a US request and Art. 82-3 destruction, and commands force; the
JJOC carries them out. USFJ, a joint force headquarters under INDOPACOM and the JJOC's
counterpart, has the planning and coordination actions it has, and none it does not."""

from __future__ import annotations

from tabletop.doctrine.rules import SimpleContext

REQUESTED = SimpleContext(done=frozenset({"us.request-asset-protection", "jp.convene-nsc"}))


def test_the_minister_decides_asset_protection_and_the_jjoc_carries_it_out(uj):
    protect = uj.actions["jp.protect-us-assets"]
    assert protect.roles == ["jp.mod"] and protect.carried_out_by == ["jp.jjoc"]
    assert uj.evaluate(REQUESTED, "jp.mod", "jp.protect-us-assets").verdict == "allowed"
    jjoc = uj.evaluate(REQUESTED, "jp.jjoc", "jp.protect-us-assets")
    assert jjoc.blocked
    assert jjoc.reasons[0].text.en.startswith("Commander, Japan Joint Operations Command has no authority for this.")
    assert "The Minister of Defense decides asset-protection requests" in jjoc.reasons[0].text.en
    assert "Art. 95-2" in [c.article for c in jjoc.reasons[0].citations]


def test_the_minister_orders_missile_destruction_and_the_jjoc_carries_it_out(uj):
    destroy = uj.actions["jp.order-bmd-destruction"]
    assert destroy.roles == ["jp.mod"] and destroy.carried_out_by == ["jp.jjoc"]
    standing = SimpleContext(flags=frozenset({"missile-toward-japan", "standing-bmd-order-in-force"}))
    jjoc = uj.evaluate(standing, "jp.jjoc", "jp.order-bmd-destruction")
    assert jjoc.blocked and "Art. 82-3(1)" in [c.article for c in jjoc.reasons[0].citations]


def test_force_is_the_units_under_the_minister_and_the_jjoc_never_the_prime_ministers(uj):
    for aid in ("jp.use-of-force", "jp.counterstrike", "jp.retake-island", "jp.intercept-missile-toward-third-country"):
        a = uj.actions[aid]
        assert set(a.roles) == {"jp.mod", "jp.jjoc"} and a.carried_out_by == ["jp.jjoc"], aid
        assert not uj.can_ever("jp.pm", aid), aid


def test_usfj_coordinates_and_plans_and_holds_no_force(uj):
    usfj = {a.id for a in uj.pack.actions if "us.usfj" in a.roles}
    assert usfj == {
        "bilateral.acm-coordination", "bilateral.bocc-coordination", "bilateral.bilateral-planning",
        "bilateral.combined-exercise", "us.track-and-report", "us.request-asset-protection", "us.disaster-support"}
    assert all(uj.actions[a].force == "none" for a in usfj)
    # Force and strike belong to INDOPACOM, under the President's Art. V decision.
    for aid in ("us.strike-support", "us.maritime-support", "us.bmd-intercept-defense-of-japan", "us.show-of-force"):
        assert not uj.can_ever("us.usfj", aid) and uj.can_ever("us.indopacom", aid), aid
    # The JJOC and USFJ are counterparts in the BOCC.
    assert {"jp.jjoc", "us.usfj", "us.indopacom"} <= set(uj.actions["bilateral.bocc-coordination"].roles)

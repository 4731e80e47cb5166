"""The rules are data: a second, unrelated pack gets allowed, blocked and
flagged verdicts from the same evaluate()."""

from __future__ import annotations

from tabletop.doctrine.rules import SimpleContext


def ctx(situation: str = "peace", flags: tuple[str, ...] = (), done: tuple[str, ...] = ()) -> SimpleContext:
    return SimpleContext(frozenset({situation}) - {"peace"}, frozenset(flags), frozenset(done))


def test_the_second_pack_loads_with_its_own_ids(nordic):
    assert nordic.id == "nordic"
    assert set(nordic.sides) == {"nl", "fj", "staff"}
    assert [r.id for r in nordic.player_roles()] == ["nl.cabinet", "nl.forces", "fj.government", "fj.forces"]
    assert nordic.pack.default_situation == "peace"


def test_allowed(nordic):
    assert nordic.evaluate(ctx(flags=("attack-occurred",)), "nl.cabinet", "nl.declare-hostilities").verdict == "allowed"
    assert nordic.evaluate(ctx("hostilities"), "nl.forces", "nl.defend").verdict == "allowed"


def test_blocked_by_situation_with_its_citation(nordic):
    verdict = nordic.evaluate(ctx(), "nl.forces", "nl.defend")
    assert verdict.verdict == "blocked"
    assert [r.text.en for r in verdict.reasons] == ["No state of hostilities has been declared."]
    assert [c.article for c in verdict.reasons[0].citations] == ["Art. 2"]


def test_blocked_for_the_wrong_role_names_who_may(nordic):
    verdict = nordic.evaluate(ctx("hostilities"), "fj.forces", "nl.defend")
    assert verdict.blocked
    assert verdict.reasons[0].text.en == ("Fjordland Armed Forces has no authority for this. "
                                          "Only nl.forces may take this action.")


def test_flagged_by_an_advisory(nordic):
    verdict = nordic.evaluate(ctx("hostilities"), "fj.government", "fj.authorise-assistance")
    assert verdict.verdict == "flagged"
    assert [f.text.en for f in verdict.flags] == ["Parliament has not been informed."]
    assert verdict.flags[0].citations[0].short() == "Fjordland Constitution § 12 ◇ unverified"
    informed = ctx("hostilities", ("parliament-informed",))
    assert nordic.evaluate(informed, "fj.government", "fj.authorise-assistance").verdict == "allowed"


def test_flagged_by_a_division_until_the_primary_side_acts(nordic):
    early = nordic.evaluate(ctx("hostilities", done=("fj.authorise-assistance",)), "fj.forces", "fj.assist")
    assert early.verdict == "flagged"
    assert early.flags[0].text.en.startswith("Guidelines deviation (pact-4 Territorial defence): "
                                             "Northland has primary responsibility and has not acted yet.")
    later = nordic.evaluate(ctx("hostilities", done=("fj.authorise-assistance", "nl.defend")), "fj.forces", "fj.assist")
    assert later.verdict == "allowed"

"""Diplomacy and signalling (issue 19, point 5): calls, trilateral calls, shows of force, combined
drills, force movements and statements are actions of the pack with honest citations. They are
policy, not law: the pack says so, cites who may take them and their precedents as precedents,
and never presents a precedent (a 2017 remark) as a legal basis."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tabletop.doctrine.cli import doctrine
from tabletop.doctrine.rules import SimpleContext

SIGNALLING = ["jp.call-counterpart", "us.call-counterpart", "bilateral.trilateral-call", "us.show-of-force",
              "us.move-forces", "bilateral.combined-exercise", "us.public-statement", "jp.public-statement"]


def is_precedent(c) -> bool:
    return c.instrument.startswith("Precedent:")


def test_diplomacy_and_signalling_are_policy_and_never_force(uj):
    for aid in SIGNALLING:
        a = uj.actions[aid]
        assert a.basis == "policy", aid
        assert a.force == "none", aid
        assert not a.requires, f"{aid}: no statute conditions it, so the pack blocks it only for the wrong seat"


def test_a_precedent_is_never_the_authority_nor_the_only_basis_of_an_action_at_law(uj):
    for a in uj.pack.actions:
        assert not any(is_precedent(c) for c in a.authority_citations), a.id
        if a.basis == "law":
            assert not all(is_precedent(c) for c in a.citations), f"{a.id} rests on precedents only: policy, not law"
        else:  # who may take the step comes first, where the pack knows it; precedents after
            assert a.citations[0] == (a.authority_citations or a.citations)[0], a.id


def test_an_ambassadors_statement_rests_on_the_missions_function_not_on_a_2017_remark(uj):
    statement = uj.actions["us.public-statement"]
    who = [c.text() for c in statement.authority_citations]
    assert "Vienna Convention on Diplomatic Relations Art. 3(1)(a)" in who
    assert all(not c.verified for c in statement.authority_citations)  # cited from memory, and marked so
    remark = next(c for c in statement.citations if "all options" in (c.quote or ""))
    assert is_precedent(remark)


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(doctrine, ["check", *args])
    return result.exit_code, result.output


def test_check_says_policy_not_law_in_both_languages():
    code, en = check("--role", "us.ambassador", "--action", "us.public-statement", "--lang", "en")
    assert code == 0
    assert "Basis (policy, not law" in en and "Legal basis" not in en
    assert "Vienna Convention on Diplomatic Relations Art. 3(1)(a)" in en and "◇ unverified" in en
    code, ja = check("--role", "us.ambassador", "--action", "us.public-statement", "--lang", "ja")
    assert "根拠（法令ではなく政策判断" in ja and "外交関係に関するウィーン条約第3条1(a)" in ja
    # An action at law keeps its heading.
    _, law = check("--role", "jp.mod", "--action", "jp.scramble", "--lang", "en")
    assert "Legal basis:" in law and "policy" not in law


def test_check_json_names_the_kind_of_basis():
    _, out = check("--role", "us.indopacom", "--action", "us.show-of-force", "--json")
    verdict = json.loads(out)
    assert verdict["verdict"] == "allowed" and verdict["basis_kind"] == "policy"
    _, out = check("--role", "jp.mod", "--action", "jp.scramble", "--json")
    assert json.loads(out)["basis_kind"] == "law"


def test_a_show_of_force_is_the_chain_of_commands_and_needs_no_prior_consultation(uj):
    assert uj.evaluate(SimpleContext(), "us.secdef", "us.show-of-force").verdict == "allowed"
    blocked = uj.evaluate(SimpleContext(), "us.usfj", "us.show-of-force")
    assert blocked.blocked
    assert {"§162(b)", "§164"} <= {c.article for c in blocked.reasons[0].citations}
    # Not a combat operation from Japan: it needs no prior consultation, which that one does.
    assert not any(r.done == "jp.consent-prior-consultation" for r in uj.actions["us.show-of-force"].requires)
    assert any(r.done == "jp.consent-prior-consultation"
               for r in uj.actions["us.combat-ops-from-japan-non-art-v"].requires)


def test_a_trilateral_call_is_a_political_commitment_marked_unverified(uj):
    call = uj.actions["bilateral.trilateral-call"]
    commitment = next(c for c in call.citations if c.article == "Commitment to Consult")
    assert not commitment.verified and "not a legal obligation" in commitment.quote
    assert {"jp.pm", "jp.mofa", "us.president", "us.secstate"} == set(call.roles)


def test_the_list_marks_policy_actions():
    out = CliRunner().invoke(doctrine, ["list", "--role", "us.ambassador", "--lang", "en"]).output
    line = next(x for x in out.splitlines() if "us.public-statement" in x)
    assert line.rstrip().endswith("[policy, not law]")
    scramble = CliRunner().invoke(doctrine, ["list", "--role", "jp.mod", "--lang", "ja"]).output
    assert "［政策判断］" not in next(x for x in scramble.splitlines() if "jp.scramble" in x)

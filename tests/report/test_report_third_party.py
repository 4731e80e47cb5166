"""A third party's decision in the report: the arsenal scenario's D16, the Philippines asking
for interceptors, is a move the doctrine pack does not rule on (issue 23)."""

from __future__ import annotations

import pytest

from report_helpers import SCENARIOS, Page, rehearse, report_of, run_cli


@pytest.fixture(scope="module")
def arsenal_db(tmp_path_factory):
    if not (SCENARIOS / "arsenal.yaml").is_file():
        pytest.skip("scenarios/arsenal.yaml is not in the repository")
    return rehearse(str(SCENARIOS / "arsenal.yaml"), tmp_path_factory.mktemp("arsenal") / "arsenal.db")


def test_a_third_partys_decision_says_the_pack_does_not_rule_on_it(arsenal_db):
    """Given the Philippines' D16 decided 'ask Japan directly', when the report is made, then its
    legal basis names the party's action in words and says that the pack does not rule on it."""
    d16 = next(d for d in report_of(arsenal_db).decisions if d.id == "D16")
    assert (d16.status, d16.basis, d16.citations) == ("resolved", "third_party", [])
    assert d16.action_label["en"] == "Ask Japan directly for licence-produced PAC-3"
    assert d16.role["en"].startswith("Government of the Philippines")
    assert "the doctrine pack does not rule" in d16.basis_note["en"]
    assert "ドクトリンパックは判定しない" in d16.basis_note["ja"]


@pytest.mark.parametrize("lang, says", [  # D16 raised no issue: one row of the decisions' table
    ("en", "Ask Japan directly for licence-produced PAC-3 — none: a third party's move, "
           "on which the doctrine pack does not rule"),
    ("ja", "ライセンス生産のPAC-3を日本に直接求める — なし：第三者の行動であり、ドクトリンパックは判定しない"),
])
def test_the_page_shows_no_raw_id_of_the_party_or_its_action(arsenal_db, tmp_path, lang, says):
    result = run_cli("report", str(arsenal_db), "--format", "html", "--lang", lang, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    page = Page((tmp_path / f"arsenal-rehearsal-aar-{lang}.html").read_text(encoding="utf-8"))
    assert says in " ".join(page.text.split())
    assert "ph.request-direct" not in page.text

"""Unverified facts are marked as such, and a broken pack is reported as
FILE:LINE:COL problems that point at the offending line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.doctrine.model import Citation, Pack
from tabletop.doctrine.rules import load_doctrine_file, packs_dir
from tabletop.problems import ProblemsFound


def all_citations(pack: Pack) -> list[Citation]:
    out: list[Citation] = []
    for r in pack.roles:
        out += r.citations
    for s in pack.situations:
        out += s.citations
    for a in pack.actions:
        out += a.citations + a.authority_citations
        for req in a.requires + a.advisories:
            out += req.citations
    for o in pack.obligations:
        out += o.citations
    for d in pack.divisions:
        out += d.citations
    return out


# Every fact the pack cites that doctrine.md marks ◇ (from memory, not yet checked).
UNVERIFIED = {
    ("SDF Act", "Art. 7"),  # PM's supreme command
    ("SDF Act", "Arts. 77, 77-2"),  # standby and defensive positions
    ("SDF Act", "Art. 83"),  # disaster relief article number
    ("SDF Act", "Art. 76(1)(ii)"),  # third-country intercept (interpretation)
    ("U.S. Constitution", "Art. II §2"),
    ("War Powers Resolution", "§8(a)(2)"),
    ("1960 Treaty", "Art. IV"),
    ("1960 Treaty", "Art. VI"),
    ("JCG Act", "Arts. 17–20"),
    ("JCG Act", "Art. 20(2)"),
    ("JCG Act", "Art. 31"),  # arrest as judicial police officers (not in doctrine.md)
    ("AASRA", "Art. 9(4)"),
    ("IISA", "Arts. 4–5"),  # Basic Plan: NSC then Cabinet; Diet approval
    ("US Military Actions Related Measures Act", "support to US forces"),
    ("Cabinet practice", "approvals under SDF Act Arts. 78 and 82"),
    ("Three New Conditions for the use of force", "(purpose)"),  # not defending another country for its own sake
    ("Five-party agreement of 16 Sep 2015", "item 2"),  # prior Diet approval for a pure Survival-Threatening Situation
    ("House of Councillors supplementary resolution, 17 Sep 2015", "item 1 (with ICJ, Nicaragua, 1986)"),  # request
    ("AASRA", "Art. 9 (ending the plan)"),  # the paragraph that ends a Basic Response Plan
    ("IISA", "Art. 4 (ending the plan)"),
    # New authorities whose article numbers or details doctrine.md has not re-checked:
    ("AASRA", "Arts. 10–11"),  # Situation Response Headquarters
    ("AASRA", "Arts. 22–23"),  # Emergency Response Situation
    ("Civil Protection Act", "Art. 44"),  # warnings
    ("Civil Protection Act", "Arts. 52, 54"),  # evacuation instructions
    ("SDF Act", "Art. 77-2"),  # defensive positions (with the PM's approval)
    ("SDF Act", "Art. 77-4"),  # civil-protection dispatch: who requests, the PM's approval
    ("SDF Act", "Art. 81-2"),  # guarding of facilities and areas
    ("UNCLOS", "Art. 30"),  # requiring a warship to leave
    # Diplomacy and signalling (issue 19, point 5): who conducts foreign affairs, and a precedent and a
    # commitment doctrine.md does not list, cited from memory:
    ("Constitution of Japan", "Art. 73(ii)"),  # the Cabinet manages foreign affairs
    ("U.S. Constitution", "Art. II §§2–3"),  # the President's conduct of foreign relations
    ("Vienna Convention on Diplomatic Relations", "Art. 3(1)(a)"),  # a mission represents its State
    ("UN Charter", "Art. 35(1)"),  # a Member brings a situation to the Security Council
    ("Japan–US–ROK summit, Camp David, 18 Aug 2023", "Commitment to Consult"),
    ("Precedent: 31 Aug 2017", "B-1B and F-35B flight with ASDF and ROK Air Force fighters"),
    # Facts checked in doctrine.md whose article numbers were added in pack version 2, not re-checked:
    ("IISA", "Art. 1"),  # the Important Influence Situation's definition
    ("IISA", "Arts. 3, 6"),  # logistics support
    ("AASRA", "Art. 2(ii)"),  # the Armed Attack Situation's definition
    ("AASRA", "Art. 2(iii)"),  # the Anticipated Armed Attack Situation's definition
}


def key(c: Citation) -> tuple[str, str]:
    return (c.instrument.split(" (")[0], c.article)


def test_known_unverified_facts_are_marked_verified_false(uj):
    marked = {key(c) for c in all_citations(uj.pack) if not c.verified}
    for fact in [("1960 Treaty", "Art. VI"), ("1960 Treaty", "Art. IV"), ("SDF Act", "Art. 83"),
                 ("War Powers Resolution", "§8(a)(2)"), ("JCG Act", "Arts. 17–20")]:
        assert fact in marked


def test_every_unverified_citation_is_a_known_unverified_fact(uj):
    assert {key(c) for c in all_citations(uj.pack) if not c.verified} == UNVERIFIED


def test_checked_facts_are_verified_and_name_their_source(uj):
    verified = [c for c in all_citations(uj.pack) if c.verified]
    # A source list entry (S1...) or the December 2026 legal review of doctrine.md ("review").
    assert all(c.source and (c.source.startswith("S") or c.source == "review") for c in verified)
    verified_keys = {key(c) for c in verified}
    for fact in [("1960 Treaty", "Art. V"), ("SDF Act", "Art. 82-3(1)"), ("SDF Act", "Art. 82-3(3)"),
                 ("SDF Act", "Art. 95-2"), ("War Powers Resolution", "§4(a)"), ("10 U.S.C.", "§162(b)"),
                 ("2015 Guidelines", "IV.C.2.b.ii")]:
        assert fact in verified_keys
    assert not verified_keys & UNVERIFIED, "a fact is either checked or not, wherever it is cited"


def test_a_cited_unverified_fact_says_so_when_shown(uj):
    art_iv = next(c for c in uj.actions["jp.request-consultation-art-iv"].citations if c.article == "Art. IV")
    assert art_iv.short() == "1960 Treaty Art. IV ◇ unverified"
    assert art_iv.short("ja") == "日米安全保障条約第4条 ◇ 未確認"


def test_every_citation_has_an_english_article_form_and_a_japanese_form(uj):
    """English: the instrument's English name and the article's number ('SDF Act Art. 82-3(1)');
    Japanese: the form a Japanese reader writes (自衛隊法第82条の3第1項), with no English in it
    where the instrument is a Japanese statute."""
    cites = all_citations(uj.pack)
    assert all(c.ja for c in cites), sorted({c.text() for c in cites if not c.ja})
    assert not [c.instrument for c in cites if any("\u3040" <= ch <= "\u9fff" for ch in c.instrument)]
    forms = {c.text("en"): c.text("ja") for c in cites}
    assert forms["SDF Act Art. 82-3(1)"] == "自衛隊法第82条の3第1項"
    assert forms["AASRA Art. 2(iv)"] == "事態対処法第2条第4号"
    assert forms["IISA Arts. 3, 6"] == "重要影響事態法第3条、第6条"
    assert forms["SDF Act Art. 76(1)(ii)"] == "自衛隊法第76条第1項第2号"
    assert forms["JCG Act Art. 25"] == "海上保安庁法第25条"
    statutes = ("SDF Act", "AASRA", "IISA", "JCG Act", "NSC Act", "Civil Protection Act")
    for c in cites:
        if c.instrument in statutes:
            assert c.article.startswith(("Art. ", "Arts. ")), c.text()  # a number, never a description
            assert c.ja.count("第") >= 1 and not any("a" <= ch.lower() <= "z" for ch in c.ja), c.ja


def test_every_text_a_player_reads_is_bilingual(uj):
    p = uj.pack
    texts = [p.title] + [s.title for s in p.sides] + [r.title for r in p.roles]
    texts += [s.title for s in p.situations] + [f.title for f in p.flags] + [o.title for o in p.obligations]
    texts += [d.title for d in p.divisions] + [d.text for d in p.divisions]
    for a in p.actions:
        texts += [a.label] + [x for x in (a.description, a.authority) if x] + [r.text for r in a.requires + a.advisories]
    missing = [t.en for t in texts if not t.ja]
    assert missing == []
    assert all(g.ja for g in p.glossary)


def test_glossary_covers_the_acronyms_an_exercise_uses(uj):
    terms = {g.term for g in uj.pack.glossary}
    assert {"ACM", "BOCC", "JCG", "CCG", "SDF", "JJOC", "INDOPACOM", "USFJ", "NSC", "SCC", "WPR", "BMD", "EEZ",
            "MSEL", "HSEEP", "AAR/IP", "J-Alert"} <= terms


# -- a broken copy of the pack ------------------------------------------------

PACK_TEXT = (packs_dir() / "us-japan.yaml").read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int, int]:
    """Write the pack with one change; return the file and the 1-based line and
    column where the change starts."""
    assert PACK_TEXT.count(old) == 1, old
    text = PACK_TEXT.replace(old, new)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    offset = PACK_TEXT.index(old)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return path, line, col


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ProblemsFound) as exc:
        load_doctrine_file(path)
    return [str(p) for p in exc.value.problems]


def test_unknown_role_in_an_action_points_at_the_role(tmp_path):
    path, line, col = broken(tmp_path, "    roles: [jp.ccs]\n", "    roles: [jp.ccx]\n")
    col += len("    roles: [")
    assert problems_of(path) == [f"{path}:{line}:{col}: action jp.issue-jalert, field roles, item 1: unknown role 'jp.ccx' (did you mean 'jp.ccs'?)"]


def test_duplicate_action_id_points_at_the_second_one(tmp_path):
    path, line, col = broken(tmp_path, "  - id: jp.scramble\n", "  - id: jp.convene-nsc\n")
    col += len("  - id: ")
    problems = problems_of(path)
    assert f"{path}:{line}:{col}: duplicate action id 'jp.convene-nsc'" in problems


def test_unknown_key_points_at_the_key(tmp_path):
    old = "    roles: [jp.ccs]\n"
    path, line, _ = broken(tmp_path, old, old + "    forse: weapons\n")
    problems = problems_of(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line + 1}:5: action jp.issue-jalert: unknown key 'forse'")


def test_unknown_flag_and_situation_are_all_reported_at_once(tmp_path):
    text = PACK_TEXT.replace("        flag: missile-toward-japan\n", "        flag: missile-towards-japan\n", 1)
    text = text.replace("        situation: [survival-threatening]\n", "        situation: [survival-threatning]\n", 1)
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    assert len(problems) == 2
    assert any("unknown flag 'missile-towards-japan' (did you mean 'missile-toward-japan'?)" in p for p in problems)
    assert any("unknown situation 'survival-threatning' (did you mean 'survival-threatening'?)" in p for p in problems)
    lines = text.splitlines()
    for p in problems:
        line = int(p[len(str(path)) + 1:].split(":")[0])
        assert "missile-towards-japan" in lines[line - 1] or "survival-threatning" in lines[line - 1]


def test_duplicate_division_id_is_reported(tmp_path):
    path, line, col = broken(tmp_path, "  - id: IV.C.2.b.iii\n", "  - id: IV.C.2.b.ii\n")
    col += len("  - id: ")
    assert f"{path}:{line}:{col}: duplicate division id 'IV.C.2.b.ii'" in problems_of(path)

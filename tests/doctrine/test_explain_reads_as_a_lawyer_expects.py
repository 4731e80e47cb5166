"""`tabletop doctrine explain` read as a lawyer-facilitator reads it (docs/decisions.md, stop 29): the
action, who may order it, under which situations, what it requires — each condition in words, then
what a player reads when it is not met — and its citations with their quotes, in both languages."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tabletop.doctrine.cli import doctrine
from tabletop.doctrine.rules import load_doctrine

PACKS = ("us-japan", "us-japan-industry")
ACTIONS = [(p, a.id) for p in PACKS for a in load_doctrine(p).pack.actions]


def explain(pack: str, action: str, lang: str) -> list[str]:
    result = CliRunner().invoke(doctrine, ["--pack", pack, "explain", action, "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_a_condition_is_said_as_what_must_hold_and_its_refusal_as_what_the_player_reads():
    lines = explain("us-japan", "jp.order-bmd-destruction", "en")
    at = lines.index("  1. A ballistic missile is likely to fly to Japan [missile-toward-japan]")
    assert lines[at + 1] == "     If not met, the move is blocked and the player reads:"
    assert lines[at + 2].startswith("       No ballistic missile is likely to fly to Japan.")
    ja = explain("us-japan", "jp.order-bmd-destruction", "ja")
    at = ja.index("  1. 弾道ミサイル等が我が国に飛来するおそれがある［missile-toward-japan］")
    assert ja[at + 1] == "     満たさないときは阻止され、次のように示される："
    assert ja[at + 2].startswith("       弾道ミサイル等が我が国に飛来するおそれがない。")


@pytest.mark.parametrize("pack, action", ACTIONS)
def test_no_requirement_is_shown_as_its_own_refusal(pack, action):
    a = load_doctrine(pack).actions[action]
    for lang in ("en", "ja"):
        numbered = [line.split(". ", 1)[1] for line in explain(pack, action, lang)
                    if re.match(r"  \d+\. ", line)]
        assert len(numbered) == len(a.requires) + len(a.advisories)
        refusals = {r.text.get(lang) for r in list(a.requires) + list(a.advisories)}
        assert not refusals & set(numbered)


def test_the_situations_an_action_needs_are_said_by_name_in_either_language():
    peacetime = explain("us-japan", "jp.order-bmd-destruction", "ja")
    at = peacetime.index("事態：")
    assert peacetime[at + 1:at + 3] == ["  事態の認定を要しない（平時・グレーゾーンでもとれる）",
                                        "  ただし、武力攻撃事態が認定されている間はとれない"]
    english = explain("us-japan", "jp.order-bmd-destruction", "en")
    at = english.index("Under which situations:")
    assert english[at + 1] == "  No situation needs to be recognised: it may be taken in Peacetime / gray zone"
    force = explain("us-japan", "jp.use-of-force", "ja")
    assert "  次のいずれかの事態が認定されているときに限る：武力攻撃事態又は存立危機事態" in force


def test_a_verdict_names_the_situations_in_force_and_says_when_none_is_recognised():
    run = lambda *a: CliRunner().invoke(doctrine, ["check", "--role", "jp.jjoc", "--action", "jp.counterstrike", *a])  # noqa: E731
    assert run("--lang", "en").stdout.splitlines()[0] == (
        "BLOCKED: Commander, Japan Joint Operations Command → Exercise counterstrike capabilities against the "
        "opponent's territory [jp.jjoc → jp.counterstrike] (no situation recognised: Peacetime / gray zone)")
    assert run("--lang", "ja").stdout.splitlines()[0] == ("阻止：統合作戦司令官 → 相手領域に対し反撃能力を行使する［jp.jjoc → jp.counterstrike］"
                                                          "（事態の認定なし：平時・グレーゾーン）")
    assert "situations: none" not in run("--lang", "both").stdout


@pytest.mark.parametrize("pack, action", ACTIONS)
def test_in_japanese_every_citation_keeps_its_japanese_form_and_its_quote(pack, action):
    d = load_doctrine(pack)
    a = d.actions[action]
    lines = explain(pack, action, "ja")
    cited = list(a.citations) + list(a.authority_citations) + [c for r in list(a.requires) + list(a.advisories)
                                                               for c in r.citations]
    for c in cited:
        form = c.ja or f"{c.instrument} {c.article}"
        shown = [line for line in lines if line.strip().lstrip("- ").startswith(form + " — ")]
        assert shown, f"{form} not shown"
        if c.quote:
            quote = f"「{c.quote_ja}」" if c.quote_ja else f"\"{c.quote}\"（英文）"
            assert any(quote in line for line in shown), shown


def test_no_citation_begins_its_article_with_a_word_of_its_instrument():
    # "Three New Conditions for the use of force conditions 1–3" read as a stutter.
    for pack in PACKS:
        d = load_doctrine(pack)
        cited = [c for a in d.pack.actions for c in list(a.citations) + list(a.authority_citations)
                 + [c for r in list(a.requires) + list(a.advisories) for c in r.citations]]
        for c in cited:
            words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", c.instrument)}
            first = re.match(r"\W*([A-Za-z]*)", c.article)[1].lower()
            assert first not in words, (c.instrument, c.article)


def test_a_source_reference_is_said_in_japanese_too():
    lines = explain("us-japan", "jp.approve-defense-operation-standby", "ja")
    assert any(line.endswith("［2026年12月の法的検討］") for line in lines)
    assert not any("review" in line for line in lines)
    lines = explain("us-japan-industry", "jp.present-planned-purchases", "ja")
    assert any(line.endswith("［I30・二次資料］") for line in lines) and not any("secondary" in x for x in lines)


@pytest.mark.parametrize("pack", PACKS)
def test_every_quote_of_a_bundled_pack_has_its_japanese_form(pack):
    p = load_doctrine(pack).pack
    cited = [c for a in p.actions for c in list(a.citations) + list(a.authority_citations)
             + [c for r in list(a.requires) + list(a.advisories) for c in r.citations]]
    cited += [c for x in list(p.roles) + list(p.situations) + list(p.obligations) + list(p.divisions) for c in x.citations]
    missing = sorted({f"{c.instrument} {c.article}" for c in cited if c.quote and not c.quote_ja})
    assert missing == []
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", c.quote_ja) for c in cited if c.quote_ja)

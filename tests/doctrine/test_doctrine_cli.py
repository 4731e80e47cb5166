"""`tabletop doctrine list | explain | check`, as a user sees them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tabletop.doctrine.cli import doctrine

NORDIC = str(Path(__file__).resolve().parent.parent / "packs" / "nordic.yaml")


def run(*args: str):
    return CliRunner().invoke(doctrine, list(args))


# -- list ---------------------------------------------------------------------

def test_list_shows_roles_situations_flags_and_actions_in_both_languages():
    result = run("list")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "jp.pm            Prime Minister / 内閣総理大臣  [Japan / 日本]" in out
    assert "control          Exercise control (White Cell) / 演習統制（ホワイトセル）" in out
    assert "none                       Peacetime / gray zone / 平時・グレーゾーン  (default)" in out
    assert "survival-threatening       Survival-Threatening Situation / 存立危機事態" in out
    assert "missile-toward-japan" in out and "弾道ミサイル等が我が国に飛来するおそれがある" in out
    assert "jp.use-of-force" in out and "[FORCE]" in out
    for heading in ("Roles / 役割:", "Situations / 事態:", "Flags / フラグ:", "Actions / 行動:"):
        assert heading in out


def test_list_in_japanese_only():
    out = run("list", "--lang", "ja").stdout
    assert "内閣総理大臣" in out and "Prime Minister" not in out


def test_list_for_a_role_shows_only_its_actions():
    result = run("list", "--role", "jp.jcg", "--lang", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "jp.jcg  Commandant, Japan Coast Guard"
    assert [line.split()[0] for line in lines[2:]] == ["jp.jcg-law-enforcement", "jp.jcg-warn-and-require-departure"]


def test_list_for_an_unknown_role_suggests_the_right_one():
    result = run("list", "--role", "jp.mdo")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown role 'jp.mdo' (did you mean 'jp.mod'?)" in result.stderr


# -- explain ------------------------------------------------------------------

def test_explain_says_who_when_what_it_changes_and_why():
    result = run("explain", "jp.order-bmd-destruction", "--lang", "en")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Force: use of weapons (police-type; not use of force)" in out
    assert "  jp.mod           Minister of Defense" in out
    assert "  1. A ballistic missile is likely to fly to Japan [missile-toward-japan]\n" in out
    assert ("  2. at least one of: (1) already taken: Approve a missile-destruction order (Art. 82-3(1)) "
            "[jp.approve-bmd-destruction]; (2) A standing missile-destruction order (Art. 82-3(3)) is in force "
            "[standing-bmd-order-in-force]\n") in out
    assert "Carried out by:\n  jp.jjoc          Commander, Japan Joint Operations Command" in out
    assert "SDF Act Art. 82-3(3)" in out
    assert "obligation diet-report-bmd" in out
    assert "owed by Prime Minister; due within +24:00 of scenario time; discharged by Report the missile-destruction " \
           "result to the Diet" in out
    assert "Guidelines division: IV.C.2.b.ii" in out and "primary; primary side: Japan" in out
    assert "◇" not in out


def test_explain_in_japanese_names_who_owes_what_by_when_and_who_leads():
    """An obligation's terms by name and in hours, and the Guidelines' lead side, as Japanese reads them."""
    out = run("explain", "jp.order-bmd-destruction", "--lang", "ja").stdout
    assert "    義務者：内閣総理大臣。期限：想定時間で24時間以内。履行する行動：破壊措置の結果を国会に報告する\n" in out
    assert "ガイドライン上の役割分担：IV.C.2.b.ii 弾道ミサイル攻撃に対処するための作戦 — 主担当：日本\n" in out
    assert "主たる" not in out and "jp.pm" not in out.split("義務者", 1)[1].split("\n", 1)[0]


def test_explain_flags_unverified_citations():
    out = run("explain", "jp.order-disaster-relief", "--lang", "en").stdout
    assert "recognises situation large-scale-disaster (ending none)" in out
    assert "◇ Not yet checked against a public source:" in out
    assert "SDF Act Art. 83 — \"disaster relief dispatch\" ◇ unverified" in out


def test_explain_shows_advisories_and_japanese():
    out = run("explain", "jp.order-defense-operation").stdout
    assert "Flagged when not met" in out
    assert "[jp.diet-approve-defense-operation]" in out
    assert "防衛出動を命じる（第76条）" in out


def test_explain_unknown_action_suggests():
    result = run("explain", "jp.use-of-forse")
    assert result.exit_code == 2
    assert "unknown action 'jp.use-of-forse' (did you mean 'jp.use-of-force'?)" in result.stderr


def test_an_id_of_the_industry_pack_asked_of_us_japan_names_the_pack_it_is_in():
    # A newcomer who reads arsenal's guide and forgets --pack is told where the action is.
    result = run("check", "--role", "jp.meti", "--action", "jp.meti-permit-export-to-us")
    assert result.exit_code == 2 and result.stdout == ""
    hint = "it is in the bundled pack us-japan-industry: `tabletop doctrine --pack us-japan-industry ...`"
    assert f"unknown role 'jp.meti' in this pack; {hint}" in result.stderr
    assert f"unknown action 'jp.meti-permit-export-to-us' in this pack; {hint}" in result.stderr
    assert "did you mean" not in result.stderr
    asked = run("--pack", "us-japan-industry", "check", "--role", "jp.meti", "--action", "jp.meti-permit-export-to-us")
    assert asked.exit_code == 1 and "deliberation of weapons transfers by the NSC" in asked.stdout


# -- check --------------------------------------------------------------------

def test_check_allowed_json_exit_0():
    result = run("check", "--role", "jp.mod", "--action", "jp.order-bmd-destruction",
                 "--flag", "missile-toward-japan", "--flag", "standing-bmd-order-in-force", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("verdict", "reasons", "flags")} == {"verdict": "allowed", "reasons": [], "flags": []}
    # An allowed move says on what legal basis it is allowed.
    assert [(c["article"], c["ja"]) for c in data["basis"]] == [("Art. 82-3(1)", "自衛隊法第82条の3第1項"),
                                                              ("Fig. II-5-4", "令和6年版防衛白書 図表II-5-4")]


def test_check_blocked_json_exit_1_with_reasons_and_citations():
    result = run("check", "--role", "jp.mod", "--action", "jp.order-bmd-destruction",
                 "--flag", "missile-toward-third-country", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"verdict", "reasons", "flags"}
    assert data["verdict"] == "blocked" and data["flags"] == []
    assert len(data["reasons"]) == 2
    first = data["reasons"][0]
    assert set(first) == {"text", "citations"}
    assert first["text"]["en"].startswith("No ballistic missile is likely to fly to Japan.")
    assert first["text"]["ja"].startswith("弾道ミサイル等が我が国に飛来するおそれがない。")
    assert first["citations"] == [{
        "instrument": "SDF Act", "article": "Art. 82-3(1)", "ja": "自衛隊法第82条の3第1項",
        "quote": ("a ballistic missile likely to fly to Japan may be destroyed over Japan's territory or the high "
                  "seas (EEZ included) on the Minister of Defense's order with the Prime Minister's approval"),
        "quote_ja": ("我が国に飛来するおそれのある弾道ミサイル等は、内閣総理大臣の承認を得た防衛大臣の命令により、"
                     "我が国の領域又は公海（排他的経済水域を含む）の上空で破壊することができる"),
        "verified": True, "source": "S11"}]


def test_check_flagged_json_exit_0():
    result = run("check", "--role", "jp.pm", "--action", "jp.order-defense-operation",
                 "--situation", "armed-attack", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["verdict"] == "flagged" and data["reasons"] == []
    assert data["flags"][0]["text"]["en"].startswith("Ordered before the Diet's approval")
    assert {c["article"] for c in data["flags"][0]["citations"]} == {"Art. 9", "Art. 9(4)"}


def test_check_human_output_names_the_verdict_and_the_citation():
    result = run("check", "--role", "jp.jcg", "--action", "jp.use-of-force", "--situation", "armed-attack",
                 "--flag", "armed-attack-occurred", "--done", "jp.order-defense-operation",
                 "--done", "jp.place-jcg-under-mod", "--lang", "en")
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert out[0] == ("BLOCKED: Commandant, Japan Coast Guard → Use force in self-defense (SDF units under a defense operation) "
                      "[jp.jcg → jp.use-of-force] (recognised: Armed Attack Situation)")
    assert out[1].startswith("  - Commandant, Japan Coast Guard has no authority for this.")
    assert any("JCG Act Art. 25" in line for line in out)


def test_check_unknown_ids_exit_2_and_say_which():
    result = run("check", "--role", "jp.mdo", "--action", "jp.order-bmd-destrucion", "--situation", "armed-atack",
                 "--flag", "missile-toward-japn", "--done", "jp.convene", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    err = result.stderr
    assert "unknown role 'jp.mdo' (did you mean 'jp.mod'?)" in err
    assert "unknown action 'jp.order-bmd-destrucion' (did you mean 'jp.order-bmd-destruction'?)" in err
    assert "unknown situation 'armed-atack' (did you mean 'armed-attack'?)" in err
    assert "unknown flag 'missile-toward-japn' (did you mean 'missile-toward-japan'?)" in err
    assert "unknown action 'jp.convene' (did you mean 'jp.convene-nsc'?)" in err
    assert "Traceback" not in result.output


def test_check_requires_role_and_action():
    result = run("check", "--action", "jp.scramble")
    assert result.exit_code == 2
    assert "Missing option '--role'" in result.stderr


# -- other packs --------------------------------------------------------------

def test_pack_option_takes_a_file():
    result = run("--pack", NORDIC, "check", "--role", "fj.forces", "--action", "fj.assist",
                 "--situation", "hostilities", "--done", "fj.authorise-assistance", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdict"] == "flagged"
    assert "nl.cabinet" in run("--pack", NORDIC, "list").stdout


def test_broken_pack_prints_each_problem_and_exits_2(tmp_path):
    text = Path(NORDIC).read_text(encoding="utf-8")
    text = text.replace("    roles: [nl.forces]\n", "    roles: [nl.force]\n").replace(
        "    roles: [fj.government]\n", "    roles: [fj.govt]\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = run("--pack", str(bad), "list")
    assert result.exit_code == 2
    assert result.stdout == ""
    err = result.stderr.splitlines()
    line_force = lines.index("    roles: [nl.force]") + 1
    line_govt = lines.index("    roles: [fj.govt]") + 1
    assert err[0] == f"{bad}:{line_force}:13: action nl.defend, field roles, item 1: unknown role 'nl.force' (did you mean 'nl.forces'?)"
    assert err[1].startswith(f"{bad}:{line_govt}:13: action fj.")
    assert err[2] == f"tabletop: 2 error(s) in doctrine pack {bad}"


def test_missing_pack_exits_2():
    result = run("--pack", "no-such-pack", "list")
    assert result.exit_code == 2
    assert "no doctrine pack named 'no-such-pack'; bundled packs: " in result.stderr
    assert "us-japan" in result.stderr


def test_main_cli_has_the_doctrine_verb():
    from tabletop.cli import main

    result = CliRunner().invoke(main, ["doctrine", "check", "--role", "us.president", "--action",
                                       "us.article-v-defense", "--flag", "armed-attack-occurred", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "allowed"


def test_check_takes_coinciding_situations_with_a_repeated_situation_option():
    guam = ("--role", "jp.jjoc", "--action", "jp.intercept-missile-toward-third-country",
            "--flag", "missile-toward-third-country", "--done", "jp.order-defense-operation", "--lang", "en")
    alone = run("check", *guam, "--situation", "armed-attack")
    assert alone.exit_code == 1 and "Not a Survival-Threatening Situation" in alone.stdout
    both = run("check", *guam, "--situation", "armed-attack", "--situation", "survival-threatening")
    assert both.exit_code == 0
    assert both.stdout.splitlines()[0] == ("ALLOWED: Commander, Japan Joint Operations Command → Intercept a missile "
                                           "heading for a third country (collective self-defense) "
                                           "[jp.jjoc → jp.intercept-missile-toward-third-country] (recognised: Armed Attack Situation, Survival-Threatening Situation)")


def test_check_in_japanese_cites_the_law_in_its_japanese_form_and_says_the_basis_of_an_allowed_move():
    attacked = ("--action", "jp.counterstrike", "--situation", "armed-attack", "--flag", "armed-attack-occurred",
                "--done", "jp.order-defense-operation", "--lang", "ja")
    blocked = run("check", "--role", "jp.pm", *attacked)
    assert blocked.exit_code == 1
    assert blocked.stdout.splitlines()[0] == "阻止：内閣総理大臣 → 相手領域に対し反撃能力を行使する［jp.pm → jp.counterstrike］（認定されている事態：武力攻撃事態）"
    assert any(line.startswith("      自衛隊法第88条 — ") and line.endswith("［S14］") for line in blocked.stdout.splitlines())
    assert "SDF Act" not in blocked.stdout
    allowed = run("check", "--role", "jp.mod", *attacked)
    assert allowed.exit_code == 0
    lines = allowed.stdout.splitlines()
    assert lines[:3] == ["許可：防衛大臣 → 相手領域に対し反撃能力を行使する［jp.mod → jp.counterstrike］（認定されている事態：武力攻撃事態）", "法的根拠：",
                         "  決定：防衛大臣／実施：統合作戦司令官"]
    for cited, source in (("自衛隊法第88条", "［S14］"), ("自衛隊法第76条第1項", "［S9］")):
        assert any(line.startswith(f"  - {cited} — ") and line.endswith(source) for line in lines), lines
    # Unverified facts say so in Japanese.
    standby = run("check", "--role", "jp.pm", "--action", "jp.recognize-survival-threatening-situation",
                  "--flag", "attack-on-close-country", "--done", "jp.convene-nsc-nine-minister", "--lang", "ja")
    assert "平和安全法制に関する参議院附帯決議（2015年9月17日）第1項 — " in standby.stdout and " ◇ 未確認" in standby.stdout


def test_check_in_japanese_names_the_situations_in_force_not_their_ids():
    # Given two coinciding situations typed by id, the Japanese verdict names each in Japanese.
    result = run("check", "--role", "jp.jjoc", "--action", "jp.intercept-missile-toward-third-country",
                 "--situation", "survival-threatening", "--situation", "armed-attack",
                 "--flag", "missile-toward-third-country", "--done", "jp.order-defense-operation", "--lang", "ja")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first == ("許可：統合作戦司令官 → 第三国に向かうミサイルを迎撃する（集団的自衛権）"
                     "［jp.jjoc → jp.intercept-missile-toward-third-country］（認定されている事態：武力攻撃事態、存立危機事態）")
    assert "armed-attack" not in result.stdout and "survival-threatening" not in result.stdout


def test_check_json_basis_has_the_citations_of_who_may_take_the_move_as_the_text_does():
    # Given an action whose authority has its own citations (SDF Act Art. 88 for force), the
    # JSON basis of an allowed move lists them first, then the action's own, each once.
    args = ("check", "--role", "jp.jjoc", "--action", "jp.use-of-force", "--situation", "armed-attack",
            "--flag", "armed-attack-occurred", "--done", "jp.order-defense-operation")
    data = json.loads(run(*args, "--json").stdout)
    basis = [f"{c['instrument']} {c['article']}" for c in data["basis"]]
    assert basis[:3] == ["SDF Act Art. 88", "JCG Act Art. 25", "SDF Act Art. 80"]
    assert "Three New Conditions for the use of force (1)–(3)" in basis and len(basis) == len(set(basis))
    text = run(*args, "--lang", "en").stdout
    listed = [line[4:].split(" — ")[0] for line in text.splitlines() if line.startswith("  - ")]
    assert listed == basis


def test_check_in_english_says_the_legal_basis_in_article_numbers():
    result = run("check", "--role", "jp.mod", "--action", "jp.protect-us-assets", "--done", "us.request-asset-protection",
                 "--done", "jp.convene-nsc", "--lang", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1:3] == ["Legal basis:", "  Minister of Defense decides; Commander, Japan Joint Operations Command "
                                          "carries it out"]
    assert any(line.startswith("  - SDF Act Art. 95-2 — ") for line in lines)


def test_both_languages_give_each_line_once_in_english_then_japanese():
    # Given the default --lang both, a verdict line and the explanation's effects read
    # 'English / 日本語', never a pair nested inside another pair.
    blocked = run("check", "--role", "jp.jjoc", "--action", "jp.counterstrike")
    first = blocked.stdout.splitlines()[0]
    assert first.count("BLOCKED") == 1 and first.count("阻止") == 1
    assert first == ("BLOCKED: Commander, Japan Joint Operations Command → Exercise counterstrike capabilities against the "
                     "opponent's territory [jp.jjoc → jp.counterstrike] (no situation recognised: Peacetime / gray zone) / "
                     "阻止：統合作戦司令官 → 相手領域に対し反撃能力を行使する［jp.jjoc → jp.counterstrike］（事態の認定なし：平時・グレーゾーン）")
    explained = run("explain", "jp.order-bmd-destruction").stdout
    division = next(line for line in explained.splitlines() if line.startswith("Guidelines division"))
    english, japanese = division.split(" / ", 1)
    assert "ガイドライン" not in english and "Guidelines" not in japanese

"""What an author reads when a file is wrong (issue #19 points 8-10, #15): each YAML trap and
each message that used to name internals says what was written and what to write instead, at
its FILE:LINE:COL, in English or Japanese; a moves file is checked against its scenario."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tabletop.cli import choose_language, main
from tests.core.test_cli import base


def validate(*args: str, env: dict | None = None):
    r = CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)
    assert "Traceback" not in r.output
    return r.exit_code, r.output


@pytest.fixture
def scenario(tmp_path, fixtures):
    def _write(text: str, name: str = "s.yaml", encoding: str = "utf-8") -> str:
        p = tmp_path / name
        p.write_bytes(text.replace("{pack}", str(fixtures / "mini-pack.yaml")).encode(encoding))
        return str(p)
    return _write


def at(out: str, path: str) -> dict[tuple[int, int], str]:
    return {(int(m[1]), int(m[2])): m[3] for m in re.finditer(re.escape(path) + r":(\d+):(\d+): (.*)", out)}


# -- point 8: YAML traps ---------------------------------------------------------------------

def test_an_unquoted_no_as_an_id_says_to_quote_it(scenario):
    path = scenario(base().replace("id: t\n", "id: no\n"))
    code, out = validate("validate", path)
    assert code == 2
    assert 'id: `no` was read as false' in at(out, path)[(2, 5)] and 'quote it: id: "no"' in out


def test_a_bare_star_in_an_audience_says_to_quote_it(scenario):
    path = scenario(base().replace("to: [red.lead]", "to: [*]"))
    code, out = validate("validate", path)
    assert code == 2 and "while scanning an alias" not in out
    assert 'quote it: to: ["*"]' in at(out, path)[(26, 10)]


def test_folded_japanese_text_reads_without_spaces_after_loading(scenario):
    from tabletop.scenario import load_scenario

    text = base().replace("    body: {en: B, ja: ビ}\n    decisions", "    body:\n      en: B\n      ja: >-\n"
                          "        青森県と\n        北海道の上空を通過した。\n        9月以降\n    decisions")
    s = load_scenario(scenario(text)).scenario
    assert s.injects[0].body.ja == "青森県と北海道の上空を通過した。9月以降"


# -- point 9: messages that named internals ----------------------------------------------------

@pytest.mark.parametrize("text, wrote", [("- a\n- b\n", "a list"), ("hello\n", "the text 'hello'")])
def test_a_list_or_text_at_the_top_level_says_what_a_scenario_is(scenario, text, wrote):
    path = scenario(text)
    code, out = validate("validate", path)
    message = at(out, path)[(1, 1)]
    assert code == 2 and "instance of" not in out
    assert f"the file holds {wrote} at the top level" in message and "format: tabletop/1" in message


def test_a_japanese_id_says_what_an_id_may_hold_not_a_regex(scenario):
    path = scenario(base().replace("id: I02", "id: 状況2"))
    code, out = validate("validate", path)
    message = at(out, path)[(24, 9)]
    assert code == 2 and "[A-Za-z]" not in out
    assert "'状況2' cannot be an id" in message and "ASCII letters" in message and "title" in message


def test_a_shift_jis_file_is_reported_at_the_line_and_column_of_its_first_japanese_character(scenario):
    path = scenario(base(), encoding="shift_jis")  # line 3 is `title: {en: T, ja: テ}`
    code, out = validate("validate", path)
    message = at(out, path)[(3, 20)]
    assert code == 2 and "Shift_JIS" in message and "save the file as UTF-8" in message


def test_a_misspelt_required_key_is_one_problem_that_names_the_key_meant(scenario):
    path = scenario(base().replace("    body: {en: B, ja: ビ}\n    decisions", "    boddy: {en: B, ja: ビ}\n    decisions"))
    code, out = validate("validate", path)
    assert code == 2 and "missing required key" not in out
    assert at(out, path) == {(14, 5): "inject I01: unknown key 'boddy'; did you mean 'body' (a key this needs)?"}


def test_an_unknown_key_beside_a_truly_missing_one_reports_both(scenario):
    path = scenario(base().replace("    body: {en: B, ja: ビ}\n    decisions", "    colour: red\n    decisions"))
    code, out = validate("validate", path)
    assert "unknown key 'colour'; check the spelling" in out and "missing required key 'body'" in out


def test_an_unknown_key_close_to_one_allowed_there_names_it_in_either_language(scenario):
    # Given an inject whose optional `objectives` is misspelt (nothing is missing)
    path = scenario(base().replace("    body: {en: B, ja: ビ}\n    decisions", "    body: {en: B, ja: ビ}\n    objectivs: []\n    decisions"))
    # Then the message names the key meant, and does not call it required
    code, out = validate("validate", path)
    assert code == 2 and at(out, path) == {(15, 5): "inject I01: unknown key 'objectivs'; did you mean 'objectives'?"}
    code, out = validate("--lang", "ja", "validate", path)
    assert at(out, path) == {(15, 5): "付与I01：不明なキー「objectivs」。「objectives」の誤りではないか"}


AOMORI = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "aomori-2022.yaml"


@pytest.mark.parametrize("old, new, english, japanese", [
    ("        rule: all\n", "", "a decision with several seats needs `rule`", "複数の席による決定事項には`rule`"),
    ('        real_deadline: "+00:10"\n', '        real_deadline: "+00:10"\n        deadline: "+00:10"\n',
     "give either `deadline` (scenario time) or `real_deadline`", "`deadline`（想定時間）と`real_deadline`（実時間）は"),
    ('      citation: "SDF Act Art. 82-3(3) [S11]"\n      note: {en: "The Emergency Response Procedures were approved in '
     'advance (2007).", ja: "緊急対処要領はあらかじめ承認されている（2007年）。"}\n', "",
     "say what 'jp.approve-bmd-emergency-procedures' rests on", "「jp.approve-bmd-emergency-procedures」の根拠を書くこと"),
    ("start: 2022-10-04T07:20:00+09:00", "start: 2022-10-04T07:20:00", "give the UTC offset", "UTCからの時差を書くこと"),
    ('    at: "+00:07"\n', "    at: 1:30\n", 'write time offsets as quoted text like "+00:07"', "経過時間は\"+00:07\"（時:分）のように"),
    ('    at: "+00:07"\n', '    at: "7 min"\n', "'7 min' is not a time offset", "「7 min」は経過時間ではない"),
    ('    at: "+00:07"\n', "", "give `at` (offset from STARTEX)", "`at`（演習開始からの経過時間）"),
    ("    when: {decision: D3, option: launch}", "    when: {option: launch}", "`option` needs `decision`", "`option`には`decision`"),
])
def test_a_rule_of_the_format_is_said_in_the_readers_language(scenario, old, new, english, japanese):
    # Given the Aomori example broken in one way the models themselves refuse
    text = AOMORI.read_text(encoding="utf-8")
    assert old in text
    path = scenario(text.replace(old, new, 1), "aomori-2022.yaml")
    # Then the English and the Japanese each say it, and the Japanese has no English sentence in it
    code, out = validate("validate", path)
    assert code == 2 and english in out
    code, out = validate("--lang", "ja", "validate", path)
    assert japanese in out
    assert not re.search(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}", out), out


# -- point 10: a moves file checked against its scenario -----------------------------------------

@pytest.fixture
def moves(tmp_path, fixtures):
    shutil.copy(fixtures / "mini.yaml", tmp_path / "mini.yaml")
    shutil.copy(fixtures / "mini-pack.yaml", tmp_path / "mini-pack.yaml")

    def _write(text: str) -> str:
        p = tmp_path / "mini.moves.yaml"
        p.write_text(text, encoding="utf-8")
        return str(p)
    return _write


def test_a_good_moves_file_validates_against_the_scenario_beside_it(moves, fixtures):
    path = moves((fixtures / "mini.moves.yaml").read_text(encoding="utf-8"))
    code, out = validate("validate", path)
    assert code == 0 and "mini.moves.yaml: ok — 6 moves, checked against" in out and "missing required key" not in out


def test_an_expectation_that_a_decision_times_out_validates_as_the_rehearsal_reads_it(moves, fixtures):
    """`expect: decisions: {D1: timeout}` is what `tabletop rehearse` checks as "expected to time
    out" (docs/writing-scenarios.md); validate takes it, not as an unknown option."""
    text = (fixtures / "mini.moves.yaml").read_text(encoding="utf-8").replace("decisions: {D1: strike}",
                                                                               "decisions: {D1: timeout}")
    code, out = validate("validate", moves(text))
    assert code == 0 and "no option" not in out, out


BAD_MOVES = """\
format: tabletop-moves/1
moves:
  - {at: "+00:06", seat: blue.opz, decision: D1, option: strike}
  - {at: "+00:06", seat: blue.lead, decision: D1, option: strike}
  - {at: "+00:07", seat: blue.ops, decision: D1, option: strik}
  - {at: "+00:02", seat: blue.ops, decision: D1, option: hold}
  - {at: "+00:08", seat: blue.ops, action: blue.approve}
  - {at: "+00:09", seat: blue.ops, action: blue.nuke}
  - {at: "+00:10", seat: evaluator, observation: {objective: OBJ9, rating: S}}
  - {at: "+00:11", seat: blue.ops, ruling: {verdict: adjudicate, reason: "no"}}
  - {at: "+00:12", seat: control, control: release, inject: I09}
  - {at: "+00:13", seat: blue.ops, message: {to: [green.*], text: "x"}}
  - {at: "+00:14", seat: blue.lead, action: blue.approve, text: "%s"}
expect:
  decisions: {D1: launch}
  released: [I05]
""" % ("x" * 8001)


def test_a_moves_file_names_each_wrong_seat_decision_option_action_and_time(moves):
    path = moves(BAD_MOVES)
    code, out = validate("validate", path)
    found = at(out, path)
    assert code == 2
    assert "seat 'blue.opz' is not in play (did you mean 'blue.ops'?)" in found[(3, 26)]
    assert "decision D1 is answered by blue.ops, not blue.lead" in found[(4, 26)]
    assert "decision 'D1' has no option 'strik'; options: strike, hold" in found[(5, 58)]
    assert 'decision D1 opens no earlier than +00:05:00, when inject I01 is released' in found[(6, 10)]
    assert "blue.ops can never take 'blue.approve'" in found[(7, 44)]
    assert "unknown doctrine action 'blue.nuke'" in found[(8, 44)]
    assert "unknown objective 'OBJ9'" in found[(9, 62)]
    assert "only control may give a ruling move; write seat: control" in found[(10, 26)]
    assert "unknown inject 'I09'" in found[(11, 61)]
    assert "message to 'green.*', which matches no seat in play" in found[(12, 51)]
    assert "at most 8,000 characters (this is 8,001)" in found[(13, 65)]
    assert "decision 'D1' has no option 'launch'" in found[(15, 19)]
    assert "unknown inject 'I05'" in found[(16, 14)]


THIRD_PARTY_MOVES = """\
format: tabletop-moves/1
moves:
  - {at: "+00:25", seat: us.indopacom, decision: D2, option: condemn}
  - {at: "+22:46", seat: dprk.cell, action: dprk.stand-down}
  - {at: "+22:47", seat: jp.pm, action: dprk.stand-down}
  - {at: "+22:48", seat: dprk.cell, action: jp.order-bmd-destruction}
  - {at: "+22:49", seat: control, ruling: {on: 3, verdict: adjudicat, reason: "x"}}
"""


def test_a_moves_file_against_joint_decisions_and_third_parties(tmp_path):
    # Given the Aomori example (a joint decision D2, a red cell dprk.cell with its own actions)
    root = Path(__file__).resolve().parents[2] / "scenarios" / "examples"
    shutil.copy(root / "aomori-2022.yaml", tmp_path / "a.yaml")
    path = tmp_path / "a.moves.yaml"
    path.write_text(THIRD_PARTY_MOVES, encoding="utf-8")
    # When a verdict is misspelt, it is the one problem, with the choices in the reader's language
    assert at(validate("validate", str(path))[1], str(path)) == {
        (7, 60): "move #5, field ruling.verdict: the text 'adjudicat' is not allowed here; write one of `overrule`, `uphold`, `adjudicate`"}
    assert at(validate("--lang", "ja", "validate", str(path))[1], str(path)) == {
        (7, 60): "5番目の行動の項目「ruling.verdict」：文字列「adjudicat」はここに書けない。次のいずれかを書くこと：「overrule」、「uphold」、「adjudicate」"}
    path.write_text(THIRD_PARTY_MOVES.replace("adjudicat,", "adjudicate,"), encoding="utf-8")
    code, out = validate("validate", str(path))
    found = at(out, str(path))
    # Then a seat outside the joint decision is told to write one of its seats; the red cell's own
    # action is its own (no problem on line 4), not another seat's; a pack action it can never take is said
    assert code == 2 and set(found) == {(3, 26), (5, 41), (6, 45)}
    assert found[(3, 26)] == ("decision D2 is answered by each of jp.pm, us.president, not us.indopacom; "
                              "write one of them as the seat (e.g. seat: jp.pm)")
    assert found[(5, 41)].startswith("'dprk.stand-down' is the third party dprk.cell's own action")
    assert found[(6, 45)].startswith("dprk.cell can never take 'jp.order-bmd-destruction' (only jp.mod)")
    found = at(validate("--lang", "ja", "validate", str(path))[1], str(path))
    assert found[(3, 26)].startswith("決定事項D2に回答するのはjp.pm、us.presidentの各席であり")
    assert found[(5, 41)].startswith("「dprk.stand-down」は第三者dprk.cell独自の行動であり")


def test_a_moves_file_without_its_scenario_says_how_to_name_it(tmp_path, fixtures):
    path = tmp_path / "plays.yaml"
    shutil.copy(fixtures / "mini.moves.yaml", path)
    code, out = validate("validate", str(path))
    assert code == 2 and "--scenario SCENARIO" in at(out, str(path))[(1, 1)]
    code, out = validate("validate", str(path), "--scenario", str(fixtures / "mini.yaml"))
    assert code == 0 and "checked against" in out


# -- #15: errors in Japanese -------------------------------------------------------------------

@pytest.mark.parametrize("args, env", [
    (["--lang", "ja", "validate"], {}),
    (["validate"], {"TABLETOP_LANG": "ja"}),
    (["validate"], {"TABLETOP_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "ja_JP.UTF-8"}),
])
def test_errors_are_in_japanese_when_the_facilitator_asks_for_it(scenario, args, env):
    path = scenario(base().replace("to: blue.ops", "to: blue.opz").replace("id: I02", "id: 状況2"))
    code, out = validate(*args, path, env=env)
    found = at(out, path)
    assert code == 2
    assert found[(24, 9)].startswith("2番目の付与の項目「id」：「状況2」はIDにできない")
    assert "tabletop: 誤り1件、警告0件" in out or "tabletop: 誤り" in out


def test_each_loader_error_has_its_japanese_form_with_position_and_what_to_do(scenario, moves):
    path = scenario(base().replace("to: blue.ops", "to: blue.opz"))
    code, out = validate("--lang", "ja", "validate", path)
    assert code == 2 and at(out, path)[(17, 13)] == "付与I01の決定事項D1の項目「to」：決定事項の宛先「blue.opz」は演習中の席ではない（「blue.ops」の誤りか）"
    mpath = moves(BAD_MOVES)
    code, out = validate("--lang", "ja", "validate", mpath)
    found = at(out, mpath)
    assert "決定事項D1に回答するのはblue.opsであり、blue.leadではない。seat: blue.ops と書くこと" == found[(4, 26)]
    assert "8,000文字以内" in found[(13, 65)]
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", "\n".join(found.values())), out  # no English sentences


def test_a_verbs_own_lang_speaks_its_errors_too(tmp_path, fixtures):
    (tmp_path / "m.yaml").write_text("format: tabletop-moves/1\nmoves:\n  - {at: \"+00:01\", seat: blue.ops, colour: x}\n")
    r = CliRunner().invoke(main, ["rehearse", str(fixtures / "mini.yaml"), "--moves", str(tmp_path / "m.yaml"),
                                  "--lang", "ja"])
    assert r.exit_code == 2 and "不明なキー「colour」" in r.output and "何も実行していない" in r.output


@pytest.mark.parametrize("env, lang", [
    ({}, "en"), ({"LANG": "ja_JP.UTF-8"}, "ja"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LC_ALL": "ja_JP.eucJP"}, "ja"),
    ({"TABLETOP_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"), ({"LANGUAGE": "ja:en", "LANG": "C"}, "ja"),
])
def test_the_language_follows_tabletop_lang_then_the_locale(env, lang):
    assert choose_language(None, env) == lang
    assert choose_language("en", {"TABLETOP_LANG": "ja"}) == "en"

"""What an author reads when a file is wrong (issue #19 points 8-10, #15): each YAML trap and
each message that used to name internals says what was written and what to write instead, at
its FILE:LINE:COL, in English or Japanese; a moves file is checked against its scenario."""

from __future__ import annotations

import re
import shutil

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
    assert at(out, path) == {(14, 5): "unknown key 'boddy'; did you mean 'body' (a key this needs)?"}


def test_an_unknown_key_beside_a_truly_missing_one_reports_both(scenario):
    path = scenario(base().replace("    body: {en: B, ja: ビ}\n    decisions", "    colour: red\n    decisions"))
    code, out = validate("validate", path)
    assert "unknown key 'colour'; check the spelling" in out and "missing required key 'body'" in out


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
    assert found[(24, 9)].startswith("injects.1.id：「状況2」はIDにできない")
    assert "tabletop: 誤り1件、警告0件" in out or "tabletop: 誤り" in out


def test_each_loader_error_has_its_japanese_form_with_position_and_what_to_do(scenario, moves):
    path = scenario(base().replace("to: blue.ops", "to: blue.opz"))
    code, out = validate("--lang", "ja", "validate", path)
    assert code == 2 and at(out, path)[(17, 13)] == "決定事項の宛先「blue.opz」は演習中の席ではない（「blue.ops」の誤りか）"
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

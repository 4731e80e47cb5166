"""The CLI verbs as a user runs them: output, positions of errors, exit codes."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from click.testing import CliRunner

from tabletop.cli import main

BASE = """\
format: tabletop/1
id: t
title: {{en: T, ja: テ}}
doctrine: {pack}
start: 2027-04-05T06:50:00+09:00
objectives:
  - {{id: OBJ1, text: {{en: O, ja: オ}}, capability: {{en: C, ja: シ}}}}
seats: [blue.lead, blue.ops, red.lead]
injects:
  - id: I01
    at: "+00:05"
    to: [blue.*]
    title: {{en: A, ja: ア}}
    body: {{en: B, ja: ビ}}
    decisions:
      - id: D1
        to: blue.ops
        prompt: {{en: P, ja: プ}}
        deadline: "+00:10"
        on_timeout: hold
        options:
          - {{id: strike, label: {{en: S, ja: ス}}, action: blue.strike}}
          - {{id: hold, label: {{en: H, ja: ホ}}, action: blue.hold}}
  - id: I02
    after: {{inject: I01, delay: "+00:02"}}
    to: [red.lead]
    title: {{en: A, ja: ア}}
    body: {{en: B, ja: ビ}}
"""


@pytest.fixture
def write(tmp_path, fixtures):
    def _write(text: str, name: str = "s.yaml") -> str:
        p = tmp_path / name
        p.write_text(text.replace("{pack}", str(fixtures / "mini-pack.yaml")) if "{pack}" in text else text,
                     encoding="utf-8")
        return str(p)
    return _write


def base() -> str:
    return BASE.replace("{{", "{").replace("}}", "}")


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output, result.stderr if hasattr(result, "stderr") else ""


def validate(path):
    r = CliRunner().invoke(main, ["validate", path], catch_exceptions=False)
    assert "Traceback" not in r.output
    return r.exit_code, r.output


def test_a_good_scenario_validates(write):
    code, out = validate(write(base()))
    assert code == 0 and "ok — 2 injects, 1 decision points, 3 seats" in out


def where(out: str, path: str) -> list[tuple[int, int, str]]:
    return [(int(m[1]), int(m[2]), m[3]) for m in re.finditer(re.escape(path) + r":(\d+):(\d+): (.*)", out)]


@pytest.mark.parametrize("mutate, line, col, words", [
    # YAML syntax
    (lambda s: s.replace("to: [red.lead]", "to: [red.lead"), 27, 10, "YAML syntax"),
    # unknown key
    (lambda s: s.replace("    method_x: 1\n", "").replace("  - id: I02\n", "  - id: I02\n    metod: phone\n"), 25, 5,
     "unknown key 'metod'"),
    # wrong type
    (lambda s: s.replace('deadline: "+00:10"', "deadline: soon"), 19, 19, "is not a time offset"),
    # duplicate inject id
    (lambda s: s.replace("  - id: I02\n", "  - id: I01\n"), 24, 9, "duplicate inject id 'I01'"),
    # unknown inject in a chain
    (lambda s: s.replace("inject: I01, delay", "inject: I07, delay"), 25, 21, "unknown inject 'I07'"),
    # unknown role in a decision
    (lambda s: s.replace("to: blue.ops", "to: blue.opz"), 17, 13, "not a seat in play (did you mean 'blue.ops'?)"),
    # unknown action in an option
    (lambda s: s.replace("action: blue.strike", "action: blue.strik"), 22, 57, "unknown doctrine action 'blue.strik'"),
    # action the role can never take
    (lambda s: s.replace("action: blue.hold", "action: blue.approve"), 23, 55, "blue.ops can never take 'blue.approve'"),
    # unknown option on timeout
    (lambda s: s.replace("on_timeout: hold", "on_timeout: wait"), 20, 21, "on_timeout 'wait' is not one of the options"),
    # non-positive deadline
    (lambda s: s.replace('deadline: "+00:10"', 'deadline: "+00:00"'), 19, 19, "deadline must be positive"),
    # unknown seat role
    (lambda s: s.replace("seats: [blue.lead,", "seats: [blue.leed,"), 8, 9, "unknown role 'blue.leed'"),
])
def test_each_class_of_error_names_its_line_and_column(write, mutate, line, col, words):
    path = write(mutate(base()))
    code, out = validate(path)
    assert code == 2, out
    found = where(out, path)
    assert any((ln, cl) == (line, col) and words in msg for ln, cl, msg in found), out


def test_a_cycle_in_after_chains_is_an_error(write):
    text = base().replace('  - id: I01\n    at: "+00:05"', '  - id: I01\n    after: {inject: I02}')
    path = write(text)
    code, out = validate(path)
    assert code == 2 and "loops back to 'I01'" in out and "loops back to 'I02'" in out


def test_all_problems_are_reported_at_once(write):
    text = base().replace("action: blue.strike", "action: nope").replace("on_timeout: hold", "on_timeout: wait")
    code, out = validate(write(text))
    assert code == 2 and "unknown doctrine action 'nope'" in out and "on_timeout 'wait'" in out


def test_unreachable_injects_and_missing_languages_are_warnings(write):
    text = base() + """  - id: I03
    at: "+00:30"
    when: {decision: D9, option: strike}
    to: [red.lead]
    title: Only English
    body: {en: B, ja: ビ}
"""
    code, out = validate(write(text))
    assert code == 2 and "unknown decision 'D9'" in out  # an unknown reference is an error
    text = text.replace("decision: D9, option: strike", "decision: D1, option: strike").replace(
        "  - id: I01\n    at", "  - id: I01\n    manual: true\n    at").replace("manual: true\n    at: \"+00:05\"\n",
                                                                            "manual: true\n")
    code, out = validate(write(text))
    assert code == 0
    assert "warning: inject I03, field title: text has no ja version" in out


def test_an_inject_that_no_path_reaches_is_a_warning(write):
    # I04 waits for the `attacked` fact, which nothing in this scenario or pack sets; I03 follows I04.
    text = base() + """  - id: I03
    after: {inject: I04}
    to: [red.lead]
    title: {en: A, ja: ア}
    body: {en: B, ja: ビ}
  - id: I04
    at: "+00:40"
    when: {flag: attacked}
    to: [red.lead]
    title: {en: A, ja: ア}
    body: {en: B, ja: ビ}
"""
    path = write(text)
    code, out = validate(path)
    assert code == 0
    found = where(out, path)
    assert (29, 9, "warning: inject 'I03' can never be released: its chain or condition depends on something "
                   "no path produces") in found
    assert any((ln, cl) == (34, 9) and "'I04' can never be released" in m for ln, cl, m in found)
    fixed = text.replace("  - id: I02\n    after: {inject: I01, delay: \"+00:02\"}\n",
                         "  - id: I02\n    after: {inject: I01, delay: \"+00:02\"}\n    set_flags: [attacked]\n")
    code, out = validate(write(fixed))
    assert code == 0 and "never be released" not in out


def test_yaml_is_loaded_safely_python_tags_are_refused(write):
    path = write(base().replace("title: {en: T, ja: テ}", "title: !!python/object/apply:os.system ['echo hi']"))
    code, out = validate(path)
    assert code == 2 and "s.yaml:3:8: YAML tag !!python/object/apply:os.system is not allowed" in out


def test_an_alias_bomb_stops_with_a_clear_error(write):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    code, out = validate(write(bomb))
    assert code == 2 and "too large or nested too deeply" in out


def test_an_oversized_file_is_refused(write):
    code, out = validate(write("# " + "x" * 2_100_000 + "\n"))
    assert code == 2 and "larger than 2 MB" in out


def test_a_missing_file_is_a_clear_error(tmp_path):
    code, out = validate(str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml:1:1: no such file" in out


def test_schema_is_json_schema_of_the_format():
    r = CliRunner().invoke(main, ["schema"])
    schema = json.loads(r.output)
    assert r.exit_code == 0 and schema["$schema"].endswith("2020-12/schema")
    assert {"injects", "seats", "start"} <= set(schema["required"])
    assert "from" in schema["$defs"]["Inject"]["properties"]


def test_rehearse_prints_the_summary_and_writes_a_log_that_verifies_and_exports(fixtures, tmp_path):
    db = tmp_path / "r.db"
    r = CliRunner().invoke(main, ["rehearse", str(fixtures / "mini.yaml"), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "Injects released: 3 of 4" in r.output
    assert "D1     +00:09:00  resolved   Blue Operations: Strike (strike)" in r.output
    assert "Moves blocked: 1" in r.output and "Only after an attack [Mini Act Art. 4 ◇]" in r.output
    assert "Injects never reached: I04 (skipped: condition can no longer hold)" in r.output
    assert "Result: OK" in r.output
    v = CliRunner().invoke(main, ["verify", str(db)])
    assert v.exit_code == 0 and "log intact" in v.output
    out = tmp_path / "exp"
    e = CliRunner().invoke(main, ["export", str(db), "--format", "csv", "-o", str(out)])
    assert e.exit_code == 0, e.output
    assert (out / "events.csv").read_text().count("\n") == 1 + sum(1 for _ in open(out / "events.csv")) - 1
    msel = (out / "msel.csv").read_text()
    assert "I01,Warning,+00:05:00,,released,+00:05:00" in msel and "I04" in msel
    j = CliRunner().invoke(main, ["export", str(db), "--format", "jsonl", "-o", str(out)])
    lines = (out / "events.jsonl").read_text().splitlines()
    assert j.exit_code == 0 and json.loads(lines[0])["type"] == "ExerciseCreated"


def test_rehearse_fails_when_expectations_are_not_met(fixtures, tmp_path):
    moves = (fixtures / "mini.moves.yaml").read_text().replace("D1: strike", "D1: hold")
    (tmp_path / "m.yaml").write_text(moves)
    r = CliRunner().invoke(main, ["rehearse", str(fixtures / "mini.yaml"), "--moves", str(tmp_path / "m.yaml")])
    assert r.exit_code == 1 and "decision D1: expected hold, got resolved (strike)" in r.output


def test_rehearse_reports_a_bad_moves_file_with_its_position(fixtures, tmp_path):
    (tmp_path / "m.yaml").write_text("format: tabletop-moves/1\nmoves:\n  - {at: \"+00:01\", seat: blue.ops}\n")
    r = CliRunner().invoke(main, ["rehearse", str(fixtures / "mini.yaml"), "--moves", str(tmp_path / "m.yaml")])
    assert r.exit_code == 2 and "m.yaml:3:5: " in r.output and "give exactly one of" in r.output


def test_verify_names_the_first_altered_event_and_exits_1(fixtures, tmp_path):
    db = tmp_path / "r.db"
    CliRunner().invoke(main, ["rehearse", str(fixtures / "mini.yaml"), "--db", str(db)])
    con = sqlite3.connect(db)
    con.execute("UPDATE events SET actor = 'blue.lead' WHERE seq = 7")
    con.commit()
    con.close()
    r = CliRunner().invoke(main, ["verify", str(db)])
    assert r.exit_code == 1 and "event #7" in r.output and "altered" in r.output


def test_verify_on_a_file_that_is_not_a_log_is_a_clear_error(tmp_path):
    (tmp_path / "x.db").write_text("not sqlite")
    r = CliRunner().invoke(main, ["verify", str(tmp_path / "x.db")])
    assert r.exit_code == 2 and "not a tabletop exercise log" in r.output
    r = CliRunner().invoke(main, ["verify", str(tmp_path / "missing.db")])
    assert r.exit_code == 2 and "no such exercise log" in r.output


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "tabletop", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "validate" in out.stdout


def test_every_listed_command_answers_help():
    # A verb named in the lazy table but missing from its module would break `tabletop --help`.
    listed = main.list_commands(None)
    for name in listed:
        r = CliRunner().invoke(main, [name, "--help"])
        assert r.exit_code == 0, (name, r.output)
        assert "Usage:" in r.output


def test_export_of_a_log_with_an_unreadable_row_names_the_row(fixtures, tmp_path):
    db = tmp_path / "r.db"
    CliRunner().invoke(main, ["rehearse", str(fixtures / "mini.yaml"), "--db", str(db)])
    con = sqlite3.connect(db)
    con.execute("UPDATE events SET payload = '[1, 2]' WHERE seq = 5")
    con.commit()
    con.close()
    r = CliRunner().invoke(main, ["verify", str(db)])
    assert r.exit_code == 1 and "event #5" in r.output
    r = CliRunner().invoke(main, ["export", str(db), "-o", str(tmp_path / "exp")])
    assert r.exit_code == 2 and "event #5" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_rehearse_to_a_log_that_cannot_be_created_is_a_clear_error(fixtures, tmp_path):
    (tmp_path / "afile").write_text("")
    for db in (tmp_path / "afile" / "r.db", tmp_path / "nodir" / "r.db"):
        r = CliRunner().invoke(main, ["rehearse", str(fixtures / "mini.yaml"), "--db", str(db)])
        assert r.exit_code == 2 and "cannot create" in r.output, r.output
        assert r.exception is None or isinstance(r.exception, SystemExit)


def test_a_directory_given_as_a_file_is_named_as_such(tmp_path):
    code, out = validate(str(tmp_path))
    assert code == 2 and "is a directory" in out
    r = CliRunner().invoke(main, ["verify", str(tmp_path)])
    assert r.exit_code == 2 and "is a directory" in r.output


@pytest.mark.parametrize("text", ["a: " + "[" * 20000 + "]" * 20000 + "\n", "a: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
                                  "a:\n" + "".join(" " * i + "- \n" for i in range(1, 1500)),
                                  "a: " + "[" * 60000 + "\n"],
                         ids=["flow-lists", "flow-maps", "block-lists", "unclosed-60000-deep"])
def test_deeply_nested_yaml_stops_with_a_clear_error(write, text):
    code, out = validate(write(text))
    assert code == 2 and "nested too deeply" in out


def test_a_character_yaml_does_not_allow_is_reported_where_it_is(write):
    code, out = validate(write(base().replace("id: t\n", "id: t\x00\n")))
    assert code == 2 and re.search(r"s\.yaml:2:6: YAML syntax: .*#x0000", out) and "\n  in" not in out, out


def test_an_inject_waiting_for_a_decision_it_opens_itself_is_an_error(write):
    path = write(base().replace('  - id: I01\n    at: "+00:05"\n', '  - id: I01\n    at: "+00:05"\n'
                                                                     '    when: {decision: D1, option: hold}\n'))
    code, out = validate(path)
    assert code == 2, out
    assert any((ln, cl) == (12, 22) and "waits for decision 'D1', which it opens itself" in m
               for ln, cl, m in where(out, path)), out


def test_a_decision_for_a_seat_that_does_not_receive_its_inject_is_a_warning(write):
    path = write(base().replace("to: [blue.*]", "to: [blue.lead]"))
    code, out = validate(path)
    assert code == 0, out
    assert any((ln, cl) == (17, 13) and "warning: decision D1 is addressed to blue.ops, who does not receive "
               "inject I01" in m for ln, cl, m in where(out, path)), out


def test_a_seat_named_like_control_an_evaluator_or_the_system_is_an_error(write, fixtures):
    pack = (fixtures / "mini-pack.yaml").read_text(encoding="utf-8").replace(
        "  - {id: red.lead, side: red,",
        "  - {id: evaluator.obs, side: red, title: {en: Observer, ja: 観察者}}\n"
        "  - {id: system, side: red, title: {en: System, ja: システム}}\n  - {id: red.lead, side: red,")
    pack_path = write(pack, "pack.yaml")
    path = write(base().replace("{pack}", pack_path)
                 .replace("seats: [blue.lead, blue.ops, red.lead]", "seats: [blue.lead, blue.ops, red.lead, evaluator.obs, system]"))
    code, out = validate(path)
    assert code == 2, out
    found = where(out, path)
    assert any((ln, cl) == (8, 40) and "'evaluator.obs' is reserved" in m for ln, cl, m in found), out
    assert any((ln, cl) == (8, 55) and "'system' is reserved" in m for ln, cl, m in found), out


def test_an_inject_id_of_the_form_control_gives_ad_hoc_injects_is_an_error(write):
    path = write(base().replace("  - id: I02\n", "  - id: X01\n"))
    code, out = validate(path)
    assert code == 2 and any((ln, cl) == (24, 9) and "ad-hoc" in m for ln, cl, m in where(out, path)), out


def test_export_to_a_folder_that_cannot_be_made_is_a_clear_error(fixtures, tmp_path):
    db = tmp_path / "r.db"
    CliRunner().invoke(main, ["rehearse", str(fixtures / "mini.yaml"), "--db", str(db)])
    (tmp_path / "afile").write_text("")
    r = CliRunner().invoke(main, ["export", str(db), "-o", str(tmp_path / "afile" / "sub")])
    assert r.exit_code == 2 and "cannot write" in r.output, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_a_long_chain_of_injects_each_waiting_on_the_next_checks_clean(fixtures):
    """2,000 injects in the worst order for a fixpoint. (How long the check takes is a benchmark's
    business, not a test's: tests never assert wall time.)"""
    from tabletop.doctrine.rules import load_doctrine
    from tabletop.scenario.loader import check
    from tabletop.scenario.model import Scenario
    from tabletop.yamlsrc import Located

    n = 2000  # each inject follows the next one and waits for its decision: the worst order for a fixpoint
    injects = [{"id": f"I{i}", "to": ["blue.ops"], "title": "T", "body": "B",
                **({"after": {"inject": f"I{i + 1}"}, "when": {"decision": f"D{i + 1}"}} if i < n - 1 else {"at": "+00:01"}),
                "decisions": [{"id": f"D{i}", "to": "blue.ops", "prompt": "P",
                               "options": [{"id": "hold", "label": "H", "action": "blue.hold"}]}]}
               for i in range(n)]
    data = {"format": "tabletop/1", "id": "long", "title": "T", "start": "2027-04-05T06:50:00+09:00",
            "languages": ["en"], "seats": ["blue.lead", "blue.ops", "red.lead"], "injects": injects}
    scenario = Scenario.model_validate(data)
    pack = load_doctrine(str(fixtures / "mini-pack.yaml"))
    assert check(scenario, pack, Located("long.yaml", data)) == []


def test_a_misspelt_scenario_name_suggests_the_bundled_one():
    code, out, _ = run("run", "missle-launch")
    assert code == 2
    assert "missle-launch:1:1: no such file, and no bundled scenario by that name (did you mean 'missile-launch'?)" in out
    assert "（「missile-launch」の誤りか）" in run("--lang", "ja", "validate", "missle-launch")[1]

"""A pack that uses another (`uses: [us-japan]`, tabletop/doctrine/combine.py).

Given a pack that names the packs it builds on, when it is loaded, then it is one flat
rulebook: the used packs' sides, roles, situations, flags and actions first, its own after,
and its text (what an exercise log stores) no longer depends on the bundled packs. Mistakes
in `uses` are reported as FILE:LINE:COL, never a traceback."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from tabletop.doctrine.cli import doctrine
from tabletop.doctrine.rules import doctrine_from_text, load_doctrine

BASE = """\
format: tabletop-doctrine/1
id: {id}
uses: {uses}
title: {{en: "{id}", ja: "拡張"}}
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str):
    result = CliRunner().invoke(doctrine, list(args))
    return result.exit_code, result.output


def test_the_combined_pack_is_one_flat_rulebook_whose_text_needs_no_other_pack(uj):
    ind = load_doctrine("us-japan-industry")
    flat = yaml.safe_load(ind.text)
    assert "uses" not in flat
    assert ind.text.startswith("# Doctrine pack us-japan-industry, combined with us-japan")
    ids = [a["id"] for a in flat["actions"]]
    assert ids[: len(uj.pack.actions)] == [a.id for a in uj.pack.actions]  # the used pack's first
    assert "jp.meti-permit-export-to-us" in ids[len(uj.pack.actions):]
    # The stored text alone gives back the same rulebook (a replay never reads the bundled packs).
    again = doctrine_from_text(ind.text, "<log>")
    assert set(again.actions) == set(ind.actions) and set(again.roles) == set(ind.roles)
    assert again.digest == ind.digest


def test_an_id_the_extension_repeats_is_an_error_at_its_own_line(tmp_path):
    path = write(tmp_path, "ext.yaml", BASE.format(id="ext", uses="[us-japan]") + """\
roles:
  - {id: jp.pm, side: jp, title: {en: PM again}}
""")
    code, out = run("--pack", str(path), "list")
    assert code == 2
    assert f"{path}:6:10: duplicate role id 'jp.pm'" in out
    assert "Traceback" not in out


def test_a_used_pack_that_does_not_exist_is_named_at_uses(tmp_path):
    path = write(tmp_path, "m.yaml", BASE.format(id="m", uses="[no-such-pack]"))
    code, out = run("--pack", str(path), "list")
    assert code == 2
    assert f"{path}:3:7: used pack 'no-such-pack': no doctrine pack named 'no-such-pack'" in out
    assert "us-japan-industry" in out  # the bundled packs are listed for the user


def test_packs_that_use_each_other_in_a_circle_are_refused(tmp_path):
    write(tmp_path, "b.yaml", BASE.format(id="b", uses="[a.yaml]"))
    a = write(tmp_path, "a.yaml", BASE.format(id="a", uses="[b.yaml]"))
    code, out = run("--pack", str(a), "list")
    assert code == 2
    assert "packs use each other in a circle" in out and "a.yaml → b.yaml → a.yaml" in out


def test_uses_must_be_a_list_of_names(tmp_path):
    path = write(tmp_path, "u.yaml", BASE.format(id="u", uses="us-japan"))
    code, out = run("--pack", str(path), "list")
    assert code == 2
    assert f"{path}:3:7: `uses` must be a list of pack names or paths" in out


def test_an_extension_may_use_a_pack_file_beside_it_and_add_rules_to_its_roles(tmp_path):
    path = write(tmp_path, "ext.yaml", BASE.format(id="ext", uses="[us-japan]") + """\
actions:
  - id: jp.new-briefing
    label: {en: "Brief the Diet", ja: "国会に説明する"}
    roles: [jp.pm]
    citations: [{instrument: "X Act", article: "Art. 1", ja: "X法第1条", verified: false}]
""")
    code, out = run("--pack", str(path), "check", "--role", "jp.pm", "--action", "jp.new-briefing")
    assert code == 0 and "ALLOWED" in out
    code, out = run("--pack", str(path), "check", "--role", "jp.pm", "--action", "jp.convene-nsc")
    assert code == 0  # the used pack's rules hold in the combination


def test_doctrine_check_answers_for_the_industry_actions_in_both_languages():
    code, out = run("--pack", "us-japan-industry", "check", "--role", "jp.meti",
                    "--action", "jp.meti-permit-export-to-us", "--lang", "ja")
    assert code == 1
    assert "国家安全保障会議4大臣会合がこの武器の移転を審議していない" in out
    assert "防衛装備移転三原則の運用指針（令和5年12月22日改正）" in out
    code, out = run("--pack", "us-japan-industry", "check", "--role", "jp.meti",
                    "--action", "jp.meti-permit-export-to-us", "--done", "jp.nsc4-approve-transfer-to-licensor")
    assert code == 0
    assert "Legal basis" in out and "Foreign Exchange and Foreign Trade Act Art. 48(1)" in out


def test_doctrine_explain_shows_an_unverified_fact_with_its_mark():
    code, out = run("--pack", "us-japan-industry", "explain", "us.voyage-repair-in-japan")
    assert code == 0
    assert "is battle damage a voyage repair? (◇)" in out and "◇ 未確認" in out

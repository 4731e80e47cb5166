"""Click's own usage errors (a missing argument, a bad value, an unknown option or verb) as a
reader who chose Japanese sees them: said from the phrasebook, not in Click's English; in
English they stay Click's words. If a Click upgrade rewords a sentence, these fail."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tabletop.cli import main

JA_ENV = {"TABLETOP_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "ja_JP.UTF-8"}
# Click's English words, any of which in a Japanese reader's error is a leftover.
CLICK_ENGLISH = re.compile(r"\b(Usage|Error|Try|Missing|Invalid|No such|Did you mean|is not|does not|requires|"
                           r"Got unexpected|Choose from|one of|range|valid)\b")


def run_ja(*args, env=JA_ENV):
    r = CliRunner().invoke(main, list(args), env=env, prog_name="tabletop")
    assert "Traceback" not in r.output
    return r.exit_code, r.output


@pytest.mark.parametrize("args, said", [
    (["verify"], "エラー：引数「DB」を指定すること。"),
    (["rehearse", "--bogus"], "エラー：オプション「--bogus」はない。"),
    (["rehearse", "x", "--db"], "エラー：オプション「--db」には値が要る。"),
    (["export", "x.db", "--format", "xml"],
     "エラー：「--format」の値が正しくない：「xml」は選択肢にない。「jsonl」、「csv」のいずれかを指定すること。"),
    (["--lang", "xx", "validate", "x"],
     "エラー：「--lang」の値が正しくない：「xx」は選択肢にない。「en」、「ja」のいずれかを指定すること。"),
    (["rehears"], "エラー：コマンド「rehears」はない。「rehearse」のことか。"),
    (["run", "--port", "99999"], "エラー：「--port」の値が正しくない：99999は範囲0<=x<=65535の外にある。"),
    (["run", "--port", "abc"], "エラー：「--port」の値が正しくない：「abc」は範囲内の整数ではない。"),
    (["report", "--help-me"], "エラー：オプション「--help-me」はない。「--help」のことか。"),
    (["doctrine", "explain"], "エラー：引数「ACTION」を指定すること。"),
    (["msel", "import"], "エラー：引数「WORKBOOK」を指定すること。"),
    (["verify", "a.db", "b.db"], "エラー：余分な引数がある（b.db）。"),
    (["export", "x.db", "-o", "/etc/hostname"], "エラー：「-o」 / 「--out」の値が正しくない：「/etc/hostname」はファイルである。フォルダを指定すること。"),
])
def test_a_usage_error_is_said_in_japanese(args, said):
    code, out = run_ja(*args)
    assert code == 2
    assert said in out.splitlines()
    assert CLICK_ENGLISH.findall(out) == []


def test_the_usage_line_and_the_way_to_help_are_japanese_too():
    code, out = run_ja("verify")
    assert out.splitlines()[:2] == ["使い方：tabletop verify [OPTIONS] DB", "使い方は「tabletop verify --help」で表示できる。"]


def test_a_verbs_own_lang_or_the_groups_chooses_japanese_whatever_the_locale():
    en = {**JA_ENV, "LANG": "en_US.UTF-8"}
    assert "エラー：オプション「--bogus」はない。" in run_ja("--lang", "ja", "rehearse", "--bogus", env=en)[1]
    assert "エラー：オプション「--bogus」はない。" in run_ja("rehearse", "--lang", "ja", "--bogus", env=en)[1]


def test_in_english_the_words_stay_clicks():
    code, out = run_ja("export", "x.db", "--format", "xml", env={**JA_ENV, "LANG": "C"})
    assert code == 2 and "Error: Invalid value for '--format': 'xml' is not one of 'jsonl', 'csv'." in out

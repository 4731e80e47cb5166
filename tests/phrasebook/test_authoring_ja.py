"""Given an author who works in Japanese (`tabletop --lang ja`), when a doctrine pack or an
MSEL workbook has mistakes, then every problem is said in Japanese: none of the importer's
or the pack loader's English sentences (kept here) is left in the output."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tabletop.cli import main
from tabletop.problems import set_language
from tests.msel.conftest import workbook

PACK_ENGLISH = ["duplicate", "unknown side", "must be a list", "in a circle", "used pack", "did you mean"]
MSEL_ENGLISH = ["no inject number", "no audience", "no inject text", "is not a time", "is not a role",
                "not understood", "is not a", "ignored", "use H:MM", "no STARTEX", "doctrine pack:"]


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


def ja(*args: str) -> str:
    result = CliRunner().invoke(main, ["--lang", "ja", *args], catch_exceptions=False)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    return result.output


def english_in(out: str, sentences: list[str]) -> list[str]:
    return [s for s in sentences if s in out]


def test_a_packs_own_load_problems_are_said_in_japanese(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("""\
format: tabletop-doctrine/1
id: bad
uses: [us-japan]
title: {en: bad, ja: 悪い}
sides:
  - {id: jp, title: {en: Japan again}}
roles:
  - {id: jp.pm2, side: xj, title: {en: PM two}}
""", encoding="utf-8")
    out = ja("doctrine", "--pack", str(bad), "list")
    assert "陣営のID「jp」が重複している" in out and "陣営「xj」はない" in out
    assert english_in(out, PACK_ENGLISH) == []
    (tmp_path / "a.yaml").write_text("format: tabletop-doctrine/1\nid: a\nuses: [b.yaml]\ntitle: {en: a}\n")
    (tmp_path / "b.yaml").write_text("format: tabletop-doctrine/1\nid: b\nuses: [a.yaml]\ntitle: {en: b}\n")
    out = ja("doctrine", "--pack", str(tmp_path / "a.yaml"), "list")
    assert "循環" in out and english_in(out, PACK_ENGLISH) == []
    (tmp_path / "u.yaml").write_text("format: tabletop-doctrine/1\nid: u\nuses: us-japan\ntitle: {en: u}\n")
    out = ja("doctrine", "--pack", str(tmp_path / "u.yaml"), "list")
    assert "リストを書くこと" in out and english_in(out, PACK_ENGLISH) == []


def test_an_msel_workbooks_problems_are_said_in_japanese(tmp_path, monkeypatch):
    head = ["Inject no.", "To", "From", "Scenario time", "Inject text (en)", "Branch condition", "Colour"]
    rows = [head,
            [None, "jp.pm", "Control", "+00:01", "First", None, "red"],
            ["I02", None, "Control", "+00:02", "Second", None, None],
            ["I03", "jp.pm", "Control", "soon", None, None, None],
            ["I04", "Prime Ministr", "Control", "+00:04", "Fourth", "maybe later", None]]
    monkeypatch.chdir(tmp_path)
    workbook(tmp_path / "msel.xlsx", {"MSEL": rows})
    out = ja("msel", "import", "msel.xlsx", "-o", "out.yaml")
    for said in ("付与番号がない", "宛先がない", "付与内容がない", "は時刻ではない", "はロールではない",
                 "を読めない", "読まない", "想定開始日時（STARTEX）がない"):
        assert said in out, said
    assert english_in(out, MSEL_ENGLISH) == []
    (tmp_path / "bad.xlsx").write_text("not a workbook")
    out = ja("msel", "import", "bad.xlsx", "-o", "out.yaml")
    assert "zip形式でない" in out and english_in(out, ["not an .xlsx", "save it from"]) == []

"""What the `tabletop` commands print, in Japanese when the reader chose Japanese: nothing
English remains of the words the CLI itself says (ids, paths and participants' text stay)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from click.testing import CliRunner

from tabletop.cli import main

ENGLISH_LEFTOVERS = ("moves from", "Log written", "wrote ", "log intact", "TAMPERED", "no such", "events)", "injects)")
JA_ENV = {"TABLETOP_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "ja_JP.UTF-8"}


def run(*args, env=None):
    r = CliRunner().invoke(main, list(args), env=env)
    assert "Traceback" not in r.output
    return r.exit_code, r.output


def english_in(out: str) -> list[str]:
    return [w for w in ENGLISH_LEFTOVERS if w in out] + re.findall(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}", out)


@pytest.mark.parametrize("lang_args, env", [(["--lang", "ja"], None), ([], JA_ENV)])
def test_rehearse_verify_and_export_speak_japanese(fixtures, tmp_path, lang_args, env):
    db = tmp_path / "r.db"
    # When a facilitator with a Japanese locale (or --lang ja) rehearses, verifies and exports
    code, out = run(*lang_args, "rehearse", str(fixtures / "mini.yaml"), "--db", str(db), env=env)
    assert code == 0 and "（行動ファイル：" in out and f"記録を{db}に書き込んだ" in out
    code, out2 = run(*lang_args, "verify", str(db), env=env)
    assert code == 0 and f"{db}：記録は完全 — 事象" in out2
    code, out3 = run(*lang_args, "export", str(db), "-o", str(tmp_path / "exp"), env=env)
    assert code == 0 and "events.jsonlを書き出した（事象" in out3 and "msel.csvを書き出した（付与" in out3
    # Then none of the CLI's English is left
    assert english_in(out2 + out3) == [] and not [w for w in ENGLISH_LEFTOVERS if w in out]


def test_verify_says_which_event_breaks_the_chain_in_japanese(fixtures, tmp_path):
    db = tmp_path / "r.db"
    run("rehearse", str(fixtures / "mini.yaml"), "--db", str(db))
    con = sqlite3.connect(db)
    con.execute("UPDATE events SET actor = 'blue.lead' WHERE seq = 7")
    con.commit()
    con.close()
    code, out = run("--lang", "ja", "verify", str(db))
    assert code == 1 and out.strip() == f"{db}：改ざんを検出 — 事象#7が書き換えられている（ハッシュがチェーンと一致しない）"
    code, out = run("verify", str(db))
    assert code == 1 and out.strip() == f"{db}: TAMPERED — event #7 was altered: its hash does not match the chain"
    con = sqlite3.connect(db)
    con.execute("DELETE FROM events WHERE seq = 9")
    con.commit()
    con.close()
    code, out = run("--lang", "ja", "verify", str(db))
    assert code == 1 and "事象#7が書き換えられている" in out  # the first break is named


def test_a_log_that_is_not_there_is_said_in_japanese(tmp_path):
    code, out = run("--lang", "ja", "verify", str(tmp_path / "none.db"))
    assert code == 2 and out.strip() == f"tabletop: {tmp_path / 'none.db'}：その演習記録はない"


def test_rehearse_in_japanese_names_obligations_and_lists_citations_as_japanese_does(fixtures):
    # When an author rehearses in Japanese
    code, out = run("--lang", "ja", "rehearse", "missile-launch")
    assert code == 0
    reasons = [line for line in out.splitlines() if line.startswith("      - ")]
    # Then a move's citations are listed with the Japanese separator, in Japanese brackets
    assert reasons and all("; " not in line and "[" not in line for line in reasons)
    assert any("［自衛隊法第82条の3第1項；自衛隊法第82条の3第3項］" in line for line in reasons)
    # And an obligation is named by its title, not its id
    code, out = run("--lang", "ja", "rehearse", str(fixtures / "mini.yaml"))
    owed = next(line for line in out.splitlines() if line.startswith("義務："))
    assert owed == "義務：打撃の報告：期限超過"

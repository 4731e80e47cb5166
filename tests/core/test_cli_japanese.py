"""What the `tabletop` commands print, in Japanese when the reader chose Japanese: nothing
English remains of the words the CLI itself says (ids, paths and participants' text stay)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from click.testing import CliRunner

from tabletop.cli import main

ENGLISH_LEFTOVERS = ("moves from", "Log written", "wrote ", "log intact", "TAMPERED", "no such", "events)", "injects)")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
JA_ENV = {"TABLETOP_LANG": "", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "ja_JP.UTF-8"}


def run(*args, env=None):
    r = CliRunner().invoke(main, list(args), env=env, prog_name="tabletop")
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
    lines = out.splitlines()
    assert lines[lines.index("義務：") + 1] == "  期限超過   打撃の報告"


def test_rehearse_in_japanese_names_roles_options_and_moves_with_ids_only_in_brackets():
    """The summary a Japanese author reads: who decided what by name (the moves file's option id in
    brackets), the blocked move and the ruled one by role and action, one obligation a line."""
    code, out = run("--lang", "ja", "rehearse", "missile-launch")
    assert code == 0
    lines = out.splitlines()
    assert "  D3     +00:09:00  決定       内閣総理大臣：破壊措置命令を承認する（第82条の3第1項）（approve）" in lines
    assert "  +00:05:00  防衛大臣：弾道ミサイル等の破壊措置を命じる（第82条の3）（jp.order-bmd-destruction）" in lines
    ruling = lines[lines.index("裁定：1件") + 1]
    assert ruling.startswith("  +01:01:00  #59 防衛大臣：相手領域に対し反撃能力を行使する — 阻止を維持：")
    owed = lines[lines.index("義務：") + 1:lines.index("義務：") + 4]
    assert owed[1] == "  履行       我が国がとった措置を国連安全保障理事会に直ちに報告する（本パックでは1時間以内：演習上の約束）"
    decided = lines[lines.index("決定事項：決定21件、期限切れ0件、未決0件") + 1:][:21]
    assert not [line for line in decided if "jp." in line or "us." in line], decided


# Each command's failure paths (and a few of its plain lines), as a Japanese reader meets them:
# said in Japanese, with no English sentence left of what tabletop itself says. Paths, ids,
# options and the commands to type stay as they are written.
FAILURES = [
    ["verify", "{tmp}"], ["verify", "{tmp}/none.db"], ["export", "{tmp}/none.db"],
    ["rehearse"], ["rehearse", "missile-launch", "--resume", "x.db"], ["rehearse", "--resume", "x.db", "--db", "y.db"],
    ["fork", "{tmp}/none.db", "--at", "D1", "-o", "{tmp}/f.db"],
    ["msel", "export", "missile-launch", "-o", "x.txt"], ["msel", "import", "{tmp}/none.xlsx", "-o", "s.yaml"],
    ["msel", "import", "x.xlsx"], ["msel", "import", "x.xlsx", "-o", "s.json"],
    ["msel", "export", "missile-launch", "-o", "{tmp}/x.xlsx", "--startex", "nine"],
    ["report", "{tmp}/none.db"], ["report", "x.db", "--format", "doc"],
    ["serve"], ["serve", "--resume", "x.db", "--db", "y.db"], ["serve", "missile-launch", "--keyfile", "pyproject.toml"],
    ["serve", "missile-launch", "--db", "a.db", "--store", "postgresql://u@h/d"],
    ["run", "missile-launch", "--resume", "x.db"], ["join", "nowhere:99999"], ["facilitate", "nowhere:99999", "--code", "x"],
    ["bot", "127.0.0.1:9", "--code", "x", "--moves", "scenarios/missile-launch.moves.yaml"],
    ["lessons", "--from", "postgresql://u@h/d", "--format", "doc"], ["ip", "x.db", "--action", "do it"],
    ["archive", "init", "notaurl"], ["validate", "{tmp}/none-pack.yaml", "--scenario", "x"],
    ["doctrine", "--pack", "nosuchpack", "list"], ["doctrine", "--pack", "{tmp}/none.yaml", "list"],
]
WRITTEN_AS_IS = re.compile(r"`[^`]*`|tabletop \w+[^\n、。）]*|\S*[/\\]\S*|--?[\w-]+|\b[A-Z][A-Z_]+\b|\w+[.:]\w[\w.:-]*")


def english_sentence(out: str) -> list[str]:
    """Runs of three or more English words once what is written as is (paths, ids, options,
    commands, placeholders) is set aside: what is left of a sentence tabletop forgot to say in Japanese."""
    return re.findall(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b", WRITTEN_AS_IS.sub(" ", out))


def test_the_english_sentence_finder_finds_an_english_sentence():
    assert english_sentence("tabletop: x.db: no such exercise log") == ["no such exercise log"]
    assert english_sentence("tabletop: x.db：その演習記録はない（`tabletop verify x.db`、--parent PARENT.db）") == []


@pytest.mark.parametrize("args", FAILURES, ids=lambda a: " ".join(a)[:40])
def test_a_command_that_fails_says_why_in_japanese(tmp_path, args):
    code, out = run("--lang", "ja", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert code != 0
    assert JAPANESE.search(out), out
    assert english_sentence(out) == [], out


def test_migrate_says_what_it_would_change_in_japanese(fixtures, tmp_path):
    for name in ("mini.yaml", "mini-pack.yaml"):  # mini.yaml is format: tabletop/1
        (tmp_path / name).write_text((fixtures / name).read_text(encoding="utf-8"), encoding="utf-8")
    old = tmp_path / "mini.yaml"
    code, out = run("--lang", "ja", "migrate", "--check", str(old))
    assert code == 1 and f"{old}：tabletop/1 → tabletop/2 に変わる" in out and english_sentence(out) == []


@pytest.mark.parametrize("verb", [["verify"], ["export"], ["report", "--lang", "ja"]])
def test_a_log_whose_tables_were_altered_is_said_in_japanese_not_a_traceback(tmp_path, verb):
    """Given a file that has a tabletop log's meta table but not its events table, when a verb reads
    it, then the database's failure is said in Japanese with what to do, exit status 2."""
    db = tmp_path / "odd.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('exercise', 'x')")
        conn.execute("CREATE TABLE events (seq INTEGER)")
    code, out = run("--lang", "ja", verb[0], str(db), *verb[1:])
    assert code == 2 and "tabletop: 演習記録のデータベースでエラーが起きた：ファイルの表がtabletopの記録のものではない" in out, out
    assert "no such column" not in out


def test_the_doctrine_verbs_follow_the_language_chosen_for_the_command():
    """Given a reader who chose Japanese for the whole command, when they ask the doctrine, then
    they read it in Japanese only; with nothing chosen it stays in both languages, as for an author."""
    code, out = run("--lang", "ja", "doctrine", "check", "--role", "jp.jjoc", "--action", "jp.counterstrike")
    assert code == 1 and out.startswith("阻止：統合作戦司令官 → 相手領域に対し反撃能力を行使する［jp.jjoc → jp.counterstrike］（事態の認定なし：平時・グレーゾーン）") and "BLOCKED" not in out
    code, out = run("doctrine", "check", "--role", "jp.jjoc", "--action", "jp.counterstrike", env=JA_ENV)
    assert code == 1 and "BLOCKED" not in out
    code, out = run("doctrine", "check", "--role", "jp.jjoc", "--action", "jp.counterstrike")
    assert out.startswith("BLOCKED: Commander, Japan Joint Operations Command → Exercise counterstrike capabilities against the opponent's territory [jp.jjoc → jp.counterstrike] (no situation recognised: Peacetime / gray zone) / 阻止：")
    code, out = run("--lang", "ja", "doctrine", "explain", "jp.order-bmd-destruction", "--lang", "both")
    assert "Order destruction of a ballistic missile" in out and "弾道ミサイル等の破壊措置を命じる" in out


def test_a_list_in_a_japanese_error_is_listed_the_japanese_way(fixtures, tmp_path):
    """Given a Japanese reader, when an error lists ids (a decision's options), then they are
    separated by 、 as every other Japanese list is, not by an English comma."""
    db = tmp_path / "r.db"
    assert run("rehearse", str(fixtures / "mini.yaml"), "--db", str(db))[0] == 0
    code, out = run("--lang", "ja", "fork", str(db), "--at", "D1", "--option", "nope", "-o", str(tmp_path / "f.db"))
    assert code == 2 and "決定事項D1に選択肢「nope」はない。選択肢：strike、hold" in out, out
    code, out = run("fork", str(db), "--at", "D1", "--option", "nope", "-o", str(tmp_path / "f.db"))
    assert "options: strike, hold" in out, out
    # an option one letter off is answered with the one meant, as other unknown ids are
    code, out = run("--lang", "ja", "fork", str(db), "--at", "D1", "--option", "strik", "-o", str(tmp_path / "f.db"))
    assert code == 2 and "選択肢「strik」はない（「strike」の誤りか）。選択肢：strike、hold" in out, out
    code, out = run("fork", str(db), "--at", "D1", "--option", "strik", "-o", str(tmp_path / "f.db"))
    assert "has no option 'strik' (did you mean 'strike'?); options: strike, hold" in out, out



def test_serve_on_a_port_in_use_says_so_and_what_to_do(fixtures, tmp_path):
    """Given a port another server holds, when `serve` is asked to listen there, then it says the
    port is in use and what to do (stop that server, or another --port), in the reader's
    language, with none of asyncio's English ("error while attempting to bind ...")."""
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        db = tmp_path / "x.db"
        code, out = run("--lang", "ja", "serve", str(fixtures / "mini.yaml"), "--db", str(db), "--port", str(port))
        assert code == 2 and f"127.0.0.1:{port}で待ち受けられない：ポートは使用中" in out, out
        assert f"何も開始していない。そのサーバーを止めるか、別のポートを指定すること：--port {port + 1}" in out, out
        assert "attempting" not in out and "address already in use" not in out and not db.exists()
        code, out = run("serve", str(fixtures / "mini.yaml"), "--db", str(db), "--port", str(port))
        assert code == 2 and f"the port is in use (another tabletop serve or run?); nothing was started. " \
            f"Stop that server, or give another port: --port {port + 1}" in out, out


async def test_serve_lists_the_short_code_to_read_out_beside_each_full_code(tmp_path):
    """Given `serve` issuing seat codes, when the terminal lists them, then each seat's line
    shows its short read-aloud code (as the run console's codes screen does) before the full
    code, with a line saying which to read out."""
    import re
    import signal

    from serve_process import MINI, serve
    from tabletop.server.codes import short_code

    proc, out = await serve(MINI, "--db", ":memory:", "--port", "0", cwd=tmp_path)
    proc.send_signal(signal.SIGTERM)
    await proc.wait()
    rows = re.findall(r"^  (\S+) .*?  (\S{4}-\S{4}-\S{4})  (\S+(?:-\S{4}){6})   tabletop join", out, re.M)
    assert {seat for seat, _, _ in rows} >= {"blue.lead", "red.lead", "evaluator-1"}, out
    assert all(short == short_code(full) for _, short, full in rows), out
    assert "the short code, before the full one, is the one to read out" in out, out


@pytest.mark.parametrize("lang_args, env", [(["--lang", "ja"], None), ([], JA_ENV)])
def test_a_bilingual_report_is_announced_in_the_readers_language(fixtures, tmp_path, lang_args, env):
    """`tabletop --lang ja report DB --lang both`: the report's --lang chooses the document, the
    terminal's lines are in the language chosen for the command (or the locale's)."""
    db = tmp_path / "r.db"
    run("rehearse", str(fixtures / "mini.yaml"), "--db", str(db))
    code, out = run(*lang_args, "report", str(db), "--lang", "both", "--format", "html", "-o", str(tmp_path / "rep"),
                    env=env)
    assert code == 0 and out.strip() == f"{tmp_path / 'rep' / 'mini-rehearsal-aar-both.html'} を書き出した", out
    assert "wrote" not in out

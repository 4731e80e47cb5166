"""Lines the CLI writes outside the consoles, read in Japanese: the codes file, the archive's
push and lessons lines, PostgreSQL's errors; each still machine-readable where it is read back."""

from __future__ import annotations

import re

import pytest

from tabletop.archive.lessons import text_lines
from tabletop.archive.push import Pushed
from tabletop.problems import said
from tabletop.server.codes import format_codes_file, joined_address, parse_codes_file

ENGLISH_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")


def test_a_japanese_codes_file_reads_in_japanese_and_is_read_back_the_same():
    text = format_codes_file({"control": "ABCD-EFGH-IJKL"}, {"control": "演習統制（ホワイトセル）"},
                             "ws://192.0.2.7:8765/ws", "ttx-apr", "ja")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert comments[0] == "# 演習ttx-aprのtabletop席コード。このファイルは秘密にすること：コードがそのまま席になる。"
    assert all(not ENGLISH_WORD.search(re.sub(r"tabletop join|tabletop|ttx-apr|ws://\S+|--code", "", c)) for c in comments)
    assert parse_codes_file(text) == {"control": "ABCD-EFGH-IJKL"}
    assert joined_address(text) == ("192.0.2.7", 8765)
    assert joined_address(format_codes_file({}, {}, "ws://192.0.2.7:8765/ws", "x")) == ("192.0.2.7", 8765)


def test_archive_push_lines_read_in_japanese():
    line = Pushed("exercises/a.db", "ttx-apr", "extended", 120, 20).line()
    assert said(line, "ja") == "exercises/a.db：演習ttx-aprに事象20件を追加した（計120件）"
    assert said(line, "en") == "exercises/a.db: exercise ttx-apr extended by 20 events (now 120)"


def test_the_lessons_as_text_have_no_english_words_of_their_own_in_japanese():
    result = {"exercises": ["a", "b"], "period": ("2027-04-05", "2027-11-02"),
              "recurring": [{"label": "BLK jp.pm", "count": 2, "of": 2, "latest": "2027-11-02", "objectives": ["OBJ1"],
                             "functions": [], "roles": ["jp.pm"], "issues": ["BLK-jp.pm-x"]}],
              "functions": [], "ratings": [], "decisions": [],
              "actions": [{"owner": "MOD", "open": 1, "overdue": 1, "actions": [
                  {"exercise": "a", "issue": "DEC-D1", "n": 1, "status": "open", "due": "2027-05-01",
                   "overdue": True, "action": "Sign the order"}]}],
              "blocked_by_role": [{"role": "jp.pm", "blocked": 1, "attempts": 4, "rate": 0.25}], "blocked_by_rule": []}
    lines = text_lines(result, "ja")
    assert lines[0] == "演習2件からの教訓（2027-04-05〜2027-11-02）"
    assert "  BLK jp.pm：演習2件中2件、最新は2027年11月" in lines
    data = r"BLK|jp\.pm|OBJ1|MOD|DEC-D1|open|Sign the order|BLK-jp\.pm-x"
    assert [line for line in lines if ENGLISH_WORD.search(re.sub(data, "", line))] == []
    assert text_lines(result)[0] == "Lessons from 2 exercise(s), 2027-04-05 to 2027-11-02"


def test_a_postgresql_error_reads_in_japanese():
    from tabletop.store import StoreError
    from tabletop.store.postgres import PostgresStore

    try:
        PostgresStore("postgresql://nobody@127.0.0.1:1/none")
    except StoreError as exc:
        assert said(exc.args[0], "ja").startswith("postgresql://nobody@127.0.0.1:1/none：開く演習の名前を指定すること")


@pytest.mark.parametrize("text, japanese", [
    ("a: b: c\n", "ここには「キー: 値」を書けない"),
    ("a: [1, 2\nb: 3\n", "[ ] の中で「,」か「]」があるはずのところに「:」がある"),
    ("a:\n\tb: 1\n", "タブ文字はここに書けない。YAMLの字下げには空白を使うこと"),
    ('a: "x\n', "引用符が閉じられないままファイルが終わっている"),
])
def test_pyyamls_common_complaints_read_in_japanese_and_stay_pyyamls_in_english(text, japanese):
    from tabletop.problems import ProblemsFound
    from tabletop.yamlsrc import load_text

    with pytest.raises(ProblemsFound) as found:
        load_text(text, "s.yaml")
    (problem,) = found.value.problems
    assert japanese in problem.text("ja") and problem.text("ja").startswith("s.yaml:")
    assert problem.message.startswith("YAML syntax: ") and not re.search(r"[\u3040-\u9fff]", problem.message)


# Broken YAML an author may write, each met by a different problem of PyYAML's scanner, parser
# or reader (the common ones are in the test above).
BROKEN_YAML = {
    "a: @x\n": "「@」はここに書けない",
    "a: `x`\n": "「`」はここに書けない",
    "a: {b: c, d\n": "{ } の中で「,」か「}」があるはずのところにファイルの終わりがある",
    "%FOO\na: 1\n": "文書の区切り（---）があるはずのところに値がある",
    'a: "\\q"\n': "二重引用符（\"）で囲んだ値：「\\」の後に「q」は書けない",
    'a: "\\x4"\n': "16進数を2桁書くこと",
    "a: |x\n  b\n": "「|」か「>」で始まる複数行の値：「|」「>」の後には「-」「+」か字下げの数（1〜9）しか書けない（「x」がある）",
    "a: |0\n  b\n": "字下げの数は1〜9で書くこと（0がある）",
    "%YAML 2.0\n---\na: 1\n": "YAMLの版が1.xではない",
    "a: !<x\n": "「!」で始まるタグ：「>」があるはずのところに改行がある",
    "a: !x!y z\n": "タグ「!x!」は定義されていない",
    "- a\n- b\nc: 1\n": "リストの終わりがあるはずのところにキー（「キー: 値」）がある",
    "? a\n: b\n- c\n": "マッピングの終わりがあるはずのところに「-」がある",
    "a: ]\n": "値があるはずのところに「]」がある",
    "a: ?\nb\n": "ここには「?」で始まるキーを書けない",
    "a: - b\n": "ここにはリストの項目（「- 」）を書けない",
    "a: 'x\n---\n'\n": "途中に行頭の「---」か「...」がある",
    "a: &x 1\nb: &x 2\n": "アンカー「x」が二度定義されている",
    "a: \x07\n": "文字#x0007は使えない（制御文字は書けない）",
}


@pytest.mark.parametrize("text", BROKEN_YAML)
def test_pyyamls_rarer_complaints_read_in_japanese_with_their_place_and_stay_pyyamls_in_english(text):
    """Given a broken YAML file, when it is read in Japanese mode, then the problem keeps its
    FILE:LINE:COL and is a Japanese sentence (no English word of PyYAML's left), and in English
    it is PyYAML's own words."""
    import yaml

    from tabletop.problems import ProblemsFound
    from tabletop.yamlsrc import load_text

    with pytest.raises(ProblemsFound) as found:
        load_text(text, "s.yaml")
    (problem,) = found.value.problems
    japanese = problem.text("ja")
    assert re.match(r"s\.yaml:\d+:\d+: ", japanese) and BROKEN_YAML[text] in japanese, japanese
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"^s\.yaml|YAML|[?]|!x!|#x0007", "", japanese)), japanese
    try:
        list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.reader.ReaderError as exc:
        assert problem.text("en").endswith(f"({exc.reason})")
    except yaml.MarkedYAMLError as exc:
        pyyaml = " ".join(x for x in (exc.context, exc.problem) if x)
        assert problem.text("en").endswith(pyyaml) or "anchor" in pyyaml, (problem.text("en"), pyyaml)


def test_the_archives_digest_names_each_area_for_improvement_in_both_languages():
    from datetime import timezone

    from tabletop.archive.digest import make_digest
    from tabletop.rehearsal import load_moves, rehearse
    from tabletop.scenario import load_scenario
    from tabletop.session import Session
    from tabletop.store import MemoryStore

    loaded = load_scenario("missile-launch")
    store = MemoryStore("ttx")
    session = Session.create(loaded, store, loaded.scenario.start.astimezone(timezone.utc))
    rehearse(session, load_moves(str(loaded.path).replace(".yaml", ".moves.yaml")))
    digest = make_digest("ttx", store.read(), loaded.scenario)
    assert digest["findings"] and digest["title_ja"].startswith("早朝の発射")
    expected = next(f for f in digest["findings"] if f["kind"] == "expected")
    assert expected["label"] == f"{expected['rule']}: expected, never taken"
    assert expected["label_ja"] == f"{expected['rule']}：期待されたが、とられなかった"
    assert all(re.search(r"[\u3040-\u9fff]", o["text_ja"]) for o in digest["objectives"].values())


# What a database says, word for word as SQLite and PostgreSQL's libpq (through psycopg) write it.
DATABASE_SAYS = {
    "database is locked": "別の処理が記録に書き込み中のためロックされている",
    "unable to open database file": "記録のファイルを開けない",
    "disk I/O error": "入出力エラー",
    "file is not a database": "SQLiteのファイルではない",
    "attempt to write a readonly database": "書き込めない",
    "database disk image is malformed": "記録のファイルが壊れている",
    "database or disk is full": "ディスクの空きがない",
    'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused\n\t'
    "Is the server running on that host and accepting TCP/IP connections?": "接続を拒否された",
    'connection is bad: connection to server on socket "/tmp/x/.s.PGSQL.5432" failed: No such file or directory\n\t'
    "Is the server running locally and accepting connections on that socket?": "ソケットで動いているPostgreSQLサーバーがない",
    "failed to resolve host 'db.example': [Errno -2] Name or service not known": "ホストdb.exampleが見つからない",
    'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication failed '
    'for user "analyst"': "ユーザーanalystのパスワード認証に失敗した",
    'connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password supplied': "パスワードが指定されていない",
    'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  database "ttx" does not exist':
        "データベースttxがない",
    'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  role "app" does not exist':
        "ロールappがない",
    'connection to server at "10.0.0.5", port 5432 failed: FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "app", '
    'database "ttx", no encryption': "pg_hba.confに該当する設定がない",
    "connection timeout expired": "接続がタイムアウトした",
    "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally":
        "サーバーが予期せず接続を閉じた",
    'connection to server at "10.0.0.5", port 5432 failed: FATAL:  sorry, too many clients already': "接続数が上限に達している",
    'connection to server at "10.0.0.5", port 5432 failed: FATAL:  the database system is starting up': "起動中または停止中",
    "permission denied for schema tabletop": "tabletop（schema）の権限がない",
}
# Names a reader types as they are: commands, files, settings, the systems themselves (and the
# names filled in above).
AS_TYPED = r"db\.example|analyst|ttx|app|SQLite|PostgreSQL|pg_hba\.conf|PGPASSWORD|~/\.pgpass|max_connections|createdb|URL|tabletop verify|\.db|USER|HOST|PORT|DB|postgresql://|schema|tabletop"


@pytest.mark.parametrize("detail", DATABASE_SAYS)
def test_a_databases_own_account_reads_in_japanese_with_what_to_do(detail):
    """Given SQLite's or PostgreSQL's English for a failure, when the store's sentence is said in
    Japanese, then it names the kind of failure and what to do, with no English word of the
    database's left; in English it begins with the database's own words."""
    from tabletop.store.sqlite import _say

    line = _say("cannot_open", path="a.db", detail=detail)
    japanese = said(line, "ja")
    assert DATABASE_SAYS[detail] in japanese, japanese
    assert not ENGLISH_WORD.search(re.sub(AS_TYPED, "", japanese.replace("a.db", ""))), japanese
    english = said(line, "en")
    assert re.search(r"[:;] (check|start|wait|free|copy|give|restore|create|put|ask|try)", english) or "denied" in english


def test_a_file_that_is_not_a_database_is_said_in_japanese(tmp_path):
    from tabletop.store import SqliteStore, StoreError

    (tmp_path / "x.db").write_text("not a database at all\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError) as exc:
        SqliteStore(tmp_path / "x.db", create=False)
    assert said(exc.value.args[0], "ja") == (f"{tmp_path / 'x.db'}：tabletopの演習記録ではない。SQLiteのファイルではない"
                                              "（または壊れている）。演習の.dbファイルを指定すること")
    assert "file is not a database" in said(exc.value.args[0], "en")


def test_postgresqls_own_account_of_a_missing_database_reads_in_japanese(postgres_server):
    from urllib.parse import urlsplit, urlunsplit

    from tabletop.store import StoreError
    from tabletop.store.postgres import PostgresStore

    url = urlunsplit(urlsplit(postgres_server)._replace(path="/no_such_database_here"))
    with pytest.raises(StoreError) as exc:
        PostgresStore(url, "e")
    japanese = said(exc.value.args[0], "ja")
    assert "データベースno_such_database_hereがない。作成する（createdb no_such_database_here）か" in japanese, japanese
    with pytest.raises(StoreError) as exc:
        PostgresStore("postgresql://nobody@127.0.0.1:1/none", "e")
    assert "接続を拒否された" in said(exc.value.args[0], "ja")

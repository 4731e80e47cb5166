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
    ("a: [1, 2\nb: 3\n", "[ ] の中で「,」か「]」があるはずのところに':'がある"),
    ("a:\n\tb: 1\n", "文字'\\t'はここに書けない"),
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

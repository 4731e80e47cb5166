"""A planner's own MSEL: Japanese headings in their own order below merged
title rows, times typed as Excel times, fractions of a day, full-width digits
and military "0930", audiences as role names in either language, and no
Exercise sheet (STARTEX given on the command line)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import yaml

from tabletop.doctrine.rules import load_doctrine
from tabletop.scenario import load_scenario

HEAD = ["番号", "宛先", "経過時間", "発信者", "伝達手段", "付与内容（英）", "付与内容（日）", "期待される行動", "統制官メモ"]


def planner_book(workbook, path):
    rows = [
        ["令和9年度 日米共同図上演習 状況付与計画（MSEL）"], ["想定：弾道ミサイル発射"], [],
        HEAD,
        [1, "内閣総理大臣、防衛大臣", time(0, 5), "統合幕僚監部", "電話", "A missile was launched.",
         "弾道ミサイルが発射された。", "jp.issue-jalert", "Expect J-Alert within 4 minutes."],
        [None] * 9,  # an empty row between injects
        [2, "Prime Minister;\nChief Cabinet Secretary", 0.5 / 24, "NSS", "Meeting", "Convene the NSC.",
         "国家安全保障会議を招集せよ。", "jp.convene-nsc", None],
        ["I3", "us.*", "０１：１５", "INDOPACOM", "VTC", "Forces are on alert.", "米軍は警戒態勢にある。", None, None],
        ["I4", "米国大統領", "0130", "White House", "Phone", "The President asks for a call.", None, None, None],
        ["I5", "日本", timedelta(hours=2, minutes=5), "Control", "Read aloud", None, "状況終了。", None, None],
    ]
    return workbook(path, {"状況付与計画": rows}, {"状況付与計画": ["A1:I1", "A2:I2"]})


def test_a_planner_sheet_with_japanese_headings_becomes_a_checked_scenario(tmp_path, run_cli, book):
    sheet = planner_book(book, tmp_path / "計画.xlsx")
    out = tmp_path / "drill.yaml"
    result = run_cli("msel", "import", str(sheet), "-o", str(out), "--start", "2027-04-05T06:50:00+09:00")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "5 injects" in result.output
    s = load_scenario(str(out)).scenario
    by_id = {i.id: i for i in s.injects}
    assert list(by_id) == ["I1", "I2", "I3", "I4", "I5"]
    assert [by_id[i].at for i in by_id] == [300, 1800, 4500, 5400, 7500]
    assert by_id["I1"].to == ["jp.pm", "jp.mod"] and by_id["I2"].to == ["jp.pm", "jp.ccs"]
    assert by_id["I3"].to == ["us.*"] and by_id["I4"].to == ["us.president"] and by_id["I5"].to == ["jp.*"]
    assert by_id["I1"].body.en == "A missile was launched." and by_id["I1"].body.ja == "弾道ミサイルが発射された。"
    assert by_id["I1"].title.en == "A missile was launched."  # no title column: the text's first line
    assert by_id["I1"].expected == ["jp.issue-jalert"] and by_id["I1"].notes == "Expect J-Alert within 4 minutes."
    # A sender and method in Japanese only are used for both, as any text is; English ones stay English.
    assert by_id["I1"].from_.ja == "統合幕僚監部" and by_id["I1"].method.ja == "電話"
    assert "状況付与計画!D5: warning: no English text" in result.output
    assert by_id["I3"].from_.en == "INDOPACOM" and by_id["I3"].from_.ja is None
    assert s.start == datetime.fromisoformat("2027-04-05T06:50:00+09:00")
    # The seats are the roles addressed: "日本" and "us.*" name every Japanese and US player role.
    assert s.seats == [r.id for r in load_doctrine("us-japan").player_roles()]
    # I5 has only Japanese text: it is used for both, and the planner is told where.
    assert by_id["I5"].body.en == "状況終了。"
    assert "状況付与計画!G10: warning: no English text" in result.output


def test_the_yaml_written_reads_like_a_scenario_written_by_hand(tmp_path, run_cli, book):
    out = tmp_path / "drill.yaml"
    run_cli("msel", "import", str(planner_book(book, tmp_path / "p.xlsx")), "-o", str(out), "--start",
            "2027-04-05T06:50:00+09:00")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported from the MSEL workbook p.xlsx")
    assert "# 状況付与計画 row 5\n  - id: I1\n    at: \"+00:05:00\"\n    to: [jp.pm, jp.mod]\n" in text
    assert "body: {en: A missile was launched., ja: 弾道ミサイルが発射された。}" in text
    keys = list(yaml.safe_load(text))
    assert keys[:3] == ["format", "id", "title"] and keys[-1] == "injects"


def test_a_sheet_without_startex_is_refused_with_what_to_do(tmp_path, run_cli, book):
    result = run_cli("msel", "import", str(planner_book(book, tmp_path / "p.xlsx")), "-o", str(tmp_path / "s.yaml"))
    assert result.exit_code == 2
    assert "p.xlsx:状況付与計画: no STARTEX date-time" in result.output and "--start" in result.output
    assert not (tmp_path / "s.yaml").exists()

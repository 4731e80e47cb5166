"""`tabletop lessons` over exercises generated with known recurring findings,
archived in a real PostgreSQL server: the counts it gives are the ones made."""

from __future__ import annotations

import subprocess

import pytest
from archive_logs import make_log
from click.testing import CliRunner

from tabletop.cli import main

BLOCKED = {0, 2, 3, 5, 7, 9, 11}  # blue.ops tries the strike before approval: 7 of 12
TIMED_OUT = {4, 8}  # D1 left to time out: 2 of 12
RATED_M = {1, 6, 10}  # the evaluator rates OBJ1 M: 3 of 12


def tabletop(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def archive(tmp_path, postgres_url):
    logs = [make_log(tmp_path, f"ttx-2026-{i + 1:02d}", f"2026-{i + 1:02d}-10", blocked=i in BLOCKED,
                     time_out=i in TIMED_OUT, rating="M" if i in RATED_M else "S",
                     note="<script>alert(1)</script> late" if i == 10 else "seen")
            for i in range(12)]
    pushed = tabletop("archive", "push", *map(str, logs), "--to", postgres_url)
    assert pushed.exit_code == 0, pushed.output
    return postgres_url


def test_lessons_counts_the_recurring_findings_made(archive):
    r = tabletop("lessons", "--from", archive, "--today", "2027-01-15")
    assert r.exit_code == 0, r.output
    out = r.output
    assert "Lessons from 12 exercise(s), 2026-01-09 to 2026-12-09" in out
    assert "blue.strike: Needs approval: 7 of 12 exercises, latest Dec 2026" in out
    assert "D1 timed out: Strike or hold?: 2 of 12 exercises, latest Sep 2026" in out
    assert "OBJ1 rated M: <script>alert(1)</script> late: 3 of 12 exercises, latest Nov 2026" in out
    assert "objective OBJ1 Decide; function Decision-making; roles blue.ops; issues BLK-blue.ops-blue.strike" in out
    assert "  Decision-making: 3" in out
    assert "  blue.ops: 7 of 17 attempts (41%)" in out
    assert "  blue.ops blue.strike: 7 in 7 exercise(s)" in out
    assert "  mini D1 Strike or hold?: 4:00, 4:00, 4:00; timed out in 2 of 12" in out
    ratings = out.split("Ratings per objective over time")[1].split("Corrective actions")[0]
    assert ratings.count(" M  2.00 ") == 3 and ratings.count(" S  3.00 ") == 9


def test_lessons_for_a_period_and_for_named_exercises(archive):
    period = tabletop("lessons", "--from", archive, "--since", "2026-07-01", "--until", "2026-12-31").output
    assert "Lessons from 6 exercise(s)" in period  # July to December
    assert "blue.strike: Needs approval: 3 of 6 exercises, latest Dec 2026" in period  # August, October, December
    named = tabletop("lessons", "--from", archive, "--exercise", "ttx-2026-01", "--exercise", "ttx-2026-03").output
    assert "blue.strike: Needs approval: 2 of 2 exercises, latest Mar 2026" in named
    missing = tabletop("lessons", "--from", archive, "--exercise", "ttx-1999-01")
    assert missing.exit_code == 2 and "--exercise ttx-1999-01: not in the archive" in missing.output


def test_open_and_overdue_corrective_actions_by_owner(archive):
    issue = "BLK-blue.ops-blue.strike"
    for exercise, due, owner in (("ttx-2026-01", "2026-06-30", "Blue HQ"), ("ttx-2026-03", "2027-06-30", "Blue HQ"),
                                 ("ttx-2026-04", "2026-05-01", "Red Cell")):
        r = tabletop("ip", exercise, issue, "--archive", archive, "--action", "Brief the approval rule",
                     "--owner", owner, "--due", due)
        assert r.exit_code == 0, r.output
    done = tabletop("ip", "ttx-2026-04", issue, "--archive", archive, "--status", "verified",
                    "--verified-in", "ttx-2026-06")
    assert done.exit_code == 0 and "[verified in ttx-2026-06]" in done.output
    out = tabletop("lessons", "--from", archive, "--today", "2027-01-15").output
    section = out.split("Corrective actions open and overdue, by owner")[1].split("Blocked moves")[0]
    assert "  Blue HQ: 2 open, 1 overdue" in section and "Red Cell" not in section
    assert "ttx-2026-01 BLK-blue.ops-blue.strike#1 [open] due 2026-06-30 OVERDUE" in section


def test_the_lessons_report_in_html_and_pdf_has_the_ratings_chart(archive, tmp_path):
    r = tabletop("lessons", "--from", archive, "--format", "html,pdf", "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    html = (tmp_path / "out" / "lessons.html").read_text(encoding="utf-8")
    assert html.count("<circle") == 12 and "<polyline" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "7 of 12" in html
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "lessons.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Areas for improvement that recur" in text and "7 of 12" in text
    assert "Ratings per objective over time" in text


LESSONS_ENGLISH = ["Lessons across exercises", "Areas for improvement", "Ratings per objective", "Corrective action",
                   "Blocked moves", "Decision times", "Exercises", "Owner", "Median", "Fastest", "Slowest",
                   "Timed out", " of 12", "open,", "overdue", "Page ", "Scenario", "Events", "Capability",
                   "(no objective)"]


def test_the_lessons_report_in_japanese_has_no_english_sentence(archive, tmp_path):
    r = tabletop("--lang", "ja", "lessons", "--from", archive, "--format", "html,pdf", "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    html = (tmp_path / "out" / "lessons.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and "演習をまたぐ教訓" in html and "12件中7件" in html
    assert [s for s in LESSONS_ENGLISH if s in html] == []
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "lessons.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "繰り返し見られる改善点" in text and "目標ごとの評価の推移" in text
    assert [s for s in LESSONS_ENGLISH if s in text] == []

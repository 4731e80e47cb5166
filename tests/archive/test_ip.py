"""`tabletop ip`: corrective actions with a lifecycle, in the file beside a local
log (which the report's Improvement Plan reads) or in the archive (every change
kept as a row of its own)."""

from __future__ import annotations

import psycopg
import yaml
from archive_logs import make_log
from click.testing import CliRunner

from tabletop.cli import main
from tabletop.report.corrective import load_corrective

ISSUE = "BLK-blue.ops-blue.strike"


def tabletop(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_an_action_beside_a_local_log_goes_through_its_lifecycle_and_the_report_reads_it(tmp_path):
    log = make_log(tmp_path, "ttx-apr")
    shown = tabletop("ip", str(log))
    assert shown.exit_code == 0 and f"  {ISSUE}  blue.strike: Needs approval\n      no corrective action yet" in shown.output
    made = tabletop("ip", str(log), ISSUE, "--action", "Brief the approval rule", "--owner", "Blue HQ",
                    "--poc", "J3", "--due", "2026-09-30", "--element", "Training")
    assert made.exit_code == 0 and f"recorded {ISSUE} #1 [open] in {tmp_path / 'ttx-apr.ip.yaml'}" in made.output
    assert tabletop("ip", str(log), ISSUE, "--status", "in-progress").exit_code == 0
    verified = tabletop("ip", str(log), ISSUE, "--verified-in", "ttx-may")
    assert "#1 [verified in ttx-may] due 2026-09-30  Brief the approval rule (Blue HQ — J3)" in verified.output
    parsed = load_corrective(tmp_path / "ttx-apr.ip.yaml")[ISSUE]["actions"]
    assert parsed == [{"action": "Brief the approval rule", "element": "Training", "organisation": {"en": "Blue HQ", "ja": "Blue HQ"},
                       "poc": "J3", "start": None, "completion": "2026-09-30", "status": "verified",
                       "verified_in": "ttx-may"}]


def test_wrong_input_says_which_option_and_what_to_do(tmp_path):
    log = make_log(tmp_path, "ttx-apr")
    cases = [((ISSUE, "--status", "open"), "gets a new corrective action: say what will be done with --action"),
             ((ISSUE, "--action", "x", "--due", "31/01/2027"), "--due '31/01/2027' is not a date; write YYYY-MM-DD"),
             ((ISSUE, "--action", "x", "--status", "verified"), "--status verified needs --verified-in EXERCISE"),
             (("HW-9", "--action", "x"), "HW-9 is not an area for improvement of ttx-apr (those found in its log: "
                                         f"{ISSUE}")]
    for args, said in cases:
        r = tabletop("ip", str(log), *args)
        assert r.exit_code == 2 and said in r.output, r.output
    assert tabletop("ip", str(log), ISSUE, "--action", "one").exit_code == 0
    assert tabletop("ip", str(log), ISSUE, "--new", "--action", "two").exit_code == 0
    r = tabletop("ip", str(log), ISSUE, "--status", "done")
    assert r.exit_code == 2 and "has 2 corrective actions: say which with --number 1..2" in r.output
    new_issue = tabletop("ip", str(log), "HW-1", "--issue", "Seat codes late", "--action", "Hand them out early")
    assert new_issue.exit_code == 0 and "  HW-1  Seat codes late" in new_issue.output
    file = yaml.safe_load((tmp_path / "ttx-apr.ip.yaml").read_text())
    assert [a["action"] for a in file["issues"][ISSUE]["actions"]] == ["one", "two"]


def test_actions_in_the_archive_keep_every_change_and_export_for_the_report(tmp_path, postgres_url):
    log = make_log(tmp_path, "ttx-apr")
    later = make_log(tmp_path, "ttx-may", "2026-05-10", blocked=False)
    assert tabletop("archive", "push", str(log), str(later), "--to", postgres_url).exit_code == 0
    base = ("ip", "ttx-apr", ISSUE, "--archive", postgres_url)
    assert tabletop(*base, "--action", "Brief the approval rule", "--owner", "Blue HQ", "--due", "2026-09-30").exit_code == 0
    assert tabletop(*base, "--status", "in-progress").exit_code == 0
    wrong = tabletop(*base, "--verified-in", "ttx-1999")
    assert wrong.exit_code == 2 and "--verified-in ttx-1999: no such exercise in the archive" in wrong.output
    out = tmp_path / "ip.yaml"
    done = tabletop("ip", str(log), ISSUE, "--archive", postgres_url, "--verified-in", "ttx-may", "--write", str(out))
    assert done.exit_code == 0, done.output
    assert "#1 [verified in ttx-may] due 2026-09-30  Brief the approval rule (Blue HQ)" in done.output
    with psycopg.connect(postgres_url) as conn:
        history = conn.execute("SELECT status, recorded_by FROM tabletop.actions ORDER BY id").fetchall()
    assert [h[0] for h in history] == ["open", "in-progress", "verified"] and history[0][1] == "postgres"
    assert load_corrective(out)[ISSUE]["actions"][0]["status"] == "verified"


def test_a_broken_improvement_plan_file_is_said_at_its_place_in_the_readers_language(tmp_path):
    """Given an .ip.yaml someone edited by hand and broke, when `tabletop ip` reads it, then the
    problem is FILE:LINE:COL in words (in Japanese too), not PyYAML's own report, and nothing changes."""
    log = make_log(tmp_path, "ttx-apr")
    path = tmp_path / "ttx-apr.ip.yaml"
    path.write_text(f"format: tabletop-corrective-actions/1\nissues:\n  {ISSUE}:\n\tactions: []\n", encoding="utf-8")
    r = tabletop("--lang", "ja", "ip", str(log), ISSUE, "--action", "x")
    assert r.exit_code == 2, r.output
    assert f"{path}:4:1: YAMLの書き方の誤り：タブ文字はここに書けない。YAMLの字下げには空白を使うこと" in r.output
    assert f"{path}に誤りが1件ある。何も実行していない" in r.output and "while scanning" not in r.output
    english = tabletop("ip", str(log))
    assert english.exit_code == 2 and f"{path}:4:1: YAML syntax: while scanning for the next token" in english.output
    assert "\tactions" in path.read_text(encoding="utf-8")

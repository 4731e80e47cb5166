"""The report model, section by section, given small logs: what each HSEEP section says.

Each log is the small scenario (report_helpers.SCENARIO: D1 strike-or-hold on I01 for OBJ1; D10
and D2 on I02 at +00:40 for OBJ2) played on the mini pack's rules, where a strike needs approval
and an attack."""

from __future__ import annotations

import subprocess
import sys

import pytest

from report_helpers import REPO, play, report_of


def C():
    from tabletop.engine import commands

    return commands


def test_the_model_builders_import_no_renderer():
    code = ("import sys, tabletop.report.build, tabletop.report.charts; "
            "bad = [m for m in ('jinja2', 'weasyprint', 'markupsafe') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def early(tmp_path_factory):
    """Given an exercise ended at +00:20, before I02 (+00:40), with D1 answered 'hold' while a
    strike was not lawful (no approval, no attack), and red.lead never at the table."""
    c = C()
    db = play(tmp_path_factory.mktemp("early"), [
        (0, "control", c.Start()), (0, "blue.lead", c.Join()), (0, "blue.ops", c.Join()),
        (360, "blue.ops", c.Move(decision="D1", option="hold", text="not lawful yet")),
        (420, "evaluator", c.Observation(objective="OBJ1", rating="S", text="held, but slowly")),
        (1200, "control", c.End())])
    return report_of(db)


def test_an_early_endex_is_a_limitation_and_its_objectives_are_not_exercised(early):
    cov = early.coverage
    assert (cov.injects_released, cov.injects_scripted, cov.decisions_reached, cov.decisions) == (1, 2, 1, 3)
    assert cov.early and any("ENDEX came early: 1 of 2 scripted injects were never released (I02)" in x["en"]
                             for x in cov.limitations)
    obj1, obj2 = early.objectives
    assert (obj1.status, obj1.overall) == ("rated", "S")
    assert obj2.status == "not_exercised" and obj2.reason["en"].startswith("None of its injects (I02) was released")
    assert "not exercised: OBJ2" in early.narrative[1]["en"]


def test_decisions_never_reached_are_in_natural_order(early):
    assert [d.id for d in early.decisions] == ["D1", "D2", "D10"]
    assert [d.status for d in early.decisions] == ["resolved", "not_opened", "not_opened"]


def test_holding_back_from_an_unlawful_expected_action_is_correct_restraint(early):
    (x,) = early.objectives[0].expected
    assert (x.action, x.outcome, x.via["en"]) == ("blue.strike", "restraint", "Hold")
    assert not any(f.id == "EXP-blue.strike" for f in early.objectives[0].improvements)


def test_an_unstaffed_seat_is_played_by_control_and_says_so(early):
    seats = {p.seat: p for p in early.participants}
    assert seats["blue.ops"].staffed and not seats["red.lead"].staffed
    assert any("played by control: Red Leader" in x["en"] for x in early.coverage.limitations)


def test_an_s_observation_is_one_area_for_improvement_not_also_a_strength(early):
    obj1 = early.objectives[0]
    assert not any(f.text == "held, but slowly" for f in obj1.strengths)
    assert [f.id for f in obj1.improvements if f.kind == "observation"] == [f"OBS-{obj1_seq(early)}"]
    assert [r.issue_id for r in early.plan] == [f"OBS-{obj1_seq(early)}"]


def obj1_seq(report) -> int:
    return next(e.seq for e in report.events if e.type == "ObservationRecorded")


def test_the_improvement_plan_leaves_blanks_to_be_assigned_and_takes_the_corrective_actions(early, tmp_path):
    (row,) = early.plan
    assert (row.action, row.poc, row.start) == ("", "", "")
    c = C()
    db = play(tmp_path, [(0, "control", c.Start()), (360, "blue.ops", c.Move(decision="D1", option="hold")),
                         (420, "evaluator", c.Observation(objective="OBJ1", rating="M", text="slow")),
                         (1200, "control", c.End())])
    seq = obj1_seq(report_of(db))
    corrective = {f"OBS-{seq}": {"issue": None, "capability": None, "root_cause": {"en": "No drill", "ja": "訓練なし"},
                                 "actions": [{"action": {"en": "Drill it"}, "element": "Training", "poc": "J7",
                                              "organisation": None, "start": "2028-01-01", "completion": None},
                                             {"action": {"en": "Write it down"}, "element": "Planning"}]},
                  "_exercise": {"sponsor": "Cabinet Secretariat"}}
    report = report_of(db, corrective=corrective)
    assert [(r.issue_id, r.action, r.poc) for r in report.plan] == [
        (f"OBS-{seq}", {"en": "Drill it"}, "J7"), (f"OBS-{seq}", {"en": "Write it down"}, "")]
    # the root cause is the finding's, said once, in the analysis the plan's row links to
    (finding,) = [f for f in report.objectives[0].improvements if f.id == f"OBS-{seq}"]
    assert finding.root_cause == {"en": "No drill", "ja": "訓練なし"} and not report.plan[0].root_cause
    assert report.meta.sponsor == "Cabinet Secretariat"


@pytest.fixture(scope="module")
def blocked(tmp_path_factory):
    """Given blue.ops's strike blocked on D1, control upholding the block, the evaluator's M on
    OBJ1 right after, then approval and a strike on a free action (not on D1)."""
    c = C()
    db = play(tmp_path_factory.mktemp("blocked"), [
        (0, "control", c.Start()),
        (330, "blue.ops", c.FreeAction(action="blue.strike", text="strike now")),
        (340, "control", lambda last: c.Ruling(target=last, verdict="uphold", reason="no basis")),
        (350, "evaluator", c.Observation(objective="OBJ1", rating="M", text="tried to strike without approval")),
        (400, "control", c.Pause()), (410, "control", c.Resume()),
        (420, "blue.ops", c.Move(decision="D1", option="hold")), (2000, "control", c.End())], expected="blue.hold")
    return report_of(db)


def test_a_blocked_free_action_is_tied_to_the_objective_its_seat_was_working_on(blocked):
    (finding,) = [f for f in blocked.objectives[0].improvements if f.kind == "blocked"]
    assert finding.id == "BLK-blue.ops-blue.strike" and finding.objectives == ["OBJ1"]


def test_a_blocked_move_and_the_observation_of_it_are_one_row(blocked):
    assert [r.issue_id for r in blocked.plan] == ["BLK-blue.ops-blue.strike"]
    (finding,) = [f for f in blocked.objectives[0].improvements]
    assert finding.notes == ["tried to strike without approval"]
    assert {r.text["en"] for r in finding.evidence} >= {"control ruling", "evaluator's observation"}


def test_a_decision_and_its_expected_action_are_one_strength(blocked):
    strengths = blocked.objectives[0].strengths
    assert [f.kind for f in strengths] == ["decision"]
    assert "the expected action" in strengths[0].text["en"]


def test_a_decision_with_a_blocked_attempt_on_it_is_that_attempts_row_not_also_a_strength(tmp_path):
    """Given blue.ops's strike on D1 blocked (no approval), then D1 answered 'hold' in time, when
    the report is made, then the blocked attempt is the one finding of D1 (an area for
    improvement, the plan's one row) and the decision taken is not also listed as a strength."""
    c = C()
    report = report_of(play(tmp_path, [
        (0, "control", c.Start()), (330, "blue.ops", c.Move(decision="D1", option="strike", text="now")),
        (420, "blue.ops", c.Move(decision="D1", option="hold")), (2000, "control", c.End())], expected="blue.hold"))
    obj1 = report.objectives[0]
    assert [f.kind for f in obj1.strengths] == []
    assert [f.id for f in obj1.improvements] == ["BLK-blue.ops-blue.strike"]
    assert [r.issue_id for r in report.plan] == ["BLK-blue.ops-blue.strike"]
    assert [x.outcome for x in obj1.expected] == ["taken"]  # the expected action, met: its one line


def test_controls_rulings_and_clock_changes_are_its_moves(blocked):
    control = next(p for p in blocked.participants if p.seat == "control")
    assert control.moves == 3  # a ruling, a pause, a resume


def test_every_finding_links_to_an_event_in_the_evidence_appendix(blocked, early):
    """Every event a finding cites is in the appendix, but an observation that is a finding of its
    own: the analysis prints it whole, with its number and time, and the appendix does not repeat it."""
    cited = {e.seq for e in blocked.evidence}
    findings = [f for o in blocked.objectives for f in o.strengths + o.improvements]
    assert findings and all(r.seq in cited for f in findings if not f.itself for r in f.evidence)
    alone = [f for o in early.objectives for f in o.improvements if f.itself]
    assert alone and not {f.evidence[0].seq for f in alone} & {e.seq for e in early.evidence}
    folded = [r.seq for f in findings if f.notes for r in f.evidence[1:]]  # an observation folded into a move
    assert folded and set(folded) <= cited


def test_a_lawful_alternative_route_meets_the_expected_action(tmp_path):
    """Given a pack in which approval or a declared crisis opens the way to a strike, and an
    inject expecting approval, when the lead declares a crisis instead, then approval is met."""
    c = C()
    db = play(tmp_path, [(0, "control", c.Start()),
                         (330, "blue.lead", c.FreeAction(action="blue.declare-crisis")),
                         (1200, "control", c.End())], expected="blue.approve", any_route=True)
    report = report_of(db)
    (x,) = report.objectives[0].expected
    assert (x.outcome, x.via["en"]) == ("alternative", "Declare crisis")
    assert not [r for r in report.plan if r.issue_id == "EXP-blue.approve"]


def test_an_expected_action_never_taken_is_an_area_for_improvement(tmp_path):
    c = C()
    db = play(tmp_path, [(0, "control", c.Start()), (1200, "control", c.End())], expected="blue.report")
    report = report_of(db)
    (x,) = report.objectives[0].expected
    assert x.outcome == "missed"
    assert "EXP-blue.report" in [r.issue_id for r in report.plan]
    assert "DEC-D1" in [r.issue_id for r in report.plan]  # D1 timed out


def test_a_tampered_log_is_refused_unless_allowed(tmp_path):
    import sqlite3

    from tabletop.report import UnverifiedLog

    c = C()
    db = play(tmp_path, [(0, "control", c.Start()), (1200, "control", c.End())])
    with sqlite3.connect(db) as con:
        con.execute("UPDATE events SET actor = 'red.lead' WHERE seq = 2")
    with pytest.raises(UnverifiedLog, match="altered"):
        report_of(db)
    warned = []
    report = report_of(db, allow_unverified=True, warn=warned.append)
    assert not report.integrity.ok and report.integrity.allowed and warned
    assert any("failed its integrity check" in x["en"] for x in report.coverage.limitations)


def test_each_section_builder_works_alone_on_the_index_of_a_log(tmp_path):
    """Given the index of a small log (D1 decided 'hold', one message, control's ruling absent),
    when each builder runs on its own, then it says what that section says."""
    from report_helpers import events_of

    from tabletop.report import build, index, sections
    from tabletop.scenario import load_scenario

    c = C()
    db = play(tmp_path, [(0, "control", c.Start()), (0, "blue.ops", c.Join()),
                         (360, "blue.ops", c.Move(decision="D1", option="hold", text="not yet")),
                         (400, "blue.lead", c.Message(to=["red.lead"], text="holding")), (1200, "control", c.End())])
    loaded = load_scenario(str(tmp_path / "small.yaml"))
    scn, names = loaded.scenario, sections.Names(loaded.doctrine, loaded.scenario)
    ix = index.index_log(events_of(db), scn)
    injects = sections.build_injects(ix, scn)
    assert [(i.id, i.status) for i in injects] == [("I01", "released"), ("I02", "pending")]
    moves = sections.build_moves(ix, scn, names)
    decisions = sections.build_decisions(ix, scn, names, moves)
    assert [(d.id, d.status, d.option) for d in decisions][0] == ("D1", "resolved", "hold")
    messages = sections.build_coordination(ix, names)
    assert [(m.text, m.cross_side, m.reply_seq) for m in messages] == [("holding", True, None)]
    people = sections.build_participants(ix, scn, names)
    assert {p.seat: p.staffed for p in people if p.in_scenario} == {"blue.lead": True, "blue.ops": True,
                                                                     "red.lead": False}
    cov = sections.build_coverage(ix, scn, injects, decisions, people, verified=True)
    assert cov.early and (cov.injects_released, cov.decisions_reached) == (1, 1)
    said = build.conclusion([], [], cov)
    assert said["en"].endswith("Objectives not exercised should be tested in a further exercise.")
    # no evaluator rated anything: the conclusion does not say the objectives were met
    assert said["en"].startswith("No objective was rated") and "met" not in said["en"].split(";")[1]
    assert said["ja"].startswith("評価された目標がないため")


def test_a_cross_side_message_is_answered_by_the_first_message_back_to_its_sender(tmp_path):
    """Given blue.lead and blue.ops each writing to red.lead, and red.lead answering blue.lead
    twice, when the coordination section is built, then blue.lead's message has its first answer
    and blue.ops's none (nobody wrote back to blue.ops); the answers are not cross-side questions
    waiting on each other."""
    from report_helpers import events_of

    from tabletop.report import index, sections
    from tabletop.scenario import load_scenario

    c = C()
    db = play(tmp_path, [(0, "control", c.Start()),
                         (100, "blue.lead", c.Message(to=["red.lead"], text="your intent?")),
                         (130, "blue.ops", c.Message(to=["red.lead"], text="and yours?")),
                         (400, "red.lead", c.Message(to=["blue.lead"], text="a test launch")),
                         (500, "red.lead", c.Message(to=["blue.lead"], text="only a test")), (1200, "control", c.End())])
    loaded = load_scenario(str(tmp_path / "small.yaml"))
    ix = index.index_log(events_of(db), loaded.scenario)
    msgs = sections.build_coordination(ix, sections.Names(loaded.doctrine, loaded.scenario))
    by_text = {m.text: m for m in msgs}
    asked, other, answer = by_text["your intent?"], by_text["and yours?"], by_text["a test launch"]
    assert (asked.reply_seq, asked.reply_after) == (answer.seq, answer.at - asked.at)
    assert other.reply_seq is None and all(m.cross_side for m in msgs)
    assert by_text["a test launch"].reply_seq is None  # blue.lead did not write again


def test_a_decision_with_an_issue_is_a_whole_record_the_others_one_row(tmp_path):
    """Given D1 answered in time with nothing against it and D10, D2 left to time out, when the
    report is written, then D1 is one row of the decisions' table and D10, D2 are whole records
    (question, deadline, what the default was)."""
    from report_helpers import Page

    from tabletop.report import write_report

    c = C()
    db = play(tmp_path, [(0, "control", c.Start()), (360, "blue.ops", c.Move(decision="D1", option="hold")),
                         (3000, "control", c.End())])
    (html,) = write_report(db, tmp_path / "out", ("html",), warn=lambda _: None)
    page = Page(html.read_text(encoding="utf-8"))
    shape = {a["id"]: (tag, a.get("class", ""), a.get("data-status")) for tag, a in page.elements
             if a.get("id", "").startswith("decision-D")}
    assert shape == {"decision-D1": ("tr", "", "resolved"), "decision-D10": ("div", "record", "timed_out"),
                     "decision-D2": ("div", "record", "timed_out")}
    row = page.text.split("The other decisions taken, one line each")[1]
    assert row.startswith(" Decision Taken by Time Legal basis D1 Hold Blue Operations +00:06:00")


def test_the_plan_gives_an_observation_its_short_title_the_analysis_its_words(tmp_path):
    """Given an M observation of two long sentences, when the report is made, then the plan's row
    and the executive summary give its first sentence cut short, the analysis every word."""
    c = C()
    words = ("Blue Operations held the strike, as the rules required, but only after a long exchange with "
             "Blue Leader about who could approve it. Nobody had the checklist.")
    db = play(tmp_path, [(0, "control", c.Start()), (360, "blue.ops", c.Move(decision="D1", option="hold")),
                         (420, "evaluator", c.Observation(objective="OBJ1", rating="M", text=words)),
                         (1200, "control", c.End())])
    report = report_of(db)
    short = "Blue Operations held the strike, as the rules required, but only after a long exchange…"
    assert [(r.issue_id.startswith("OBS-"), r.issue) for r in report.plan] == [(True, short)]
    assert [f.title for f in report.improvements] == [short]
    assert [f.text for f in report.objectives[0].improvements] == [words]


def test_a_chart_label_wraps_between_words_and_is_never_cut():
    """The timeline's and the compare chart's lane labels: wrapped at spaces, between wide
    characters and after hyphens (an exercise id), each line within the width; nothing dropped."""
    from tabletop.report.charts import text_w, wrap

    for title in ("親演習（missile-launch-rehearsal）", "Parent (missile-launch-rehearsal)", "日本政府と防衛省の担当者たち"):
        lines = wrap(title, 102)
        assert "".join(lines).replace(" ", "") == title.replace(" ", "") and len(lines) > 1
        assert all(text_w(line) <= 102 for line in lines), lines
    assert wrap("親演習（missile-launch-rehearsal）", 102)[0] == "親演習（missile-"  # the bracket stays with its word


def test_a_decision_taken_after_its_deadline_is_an_area_for_improvement(tmp_path):
    """Given a log in which D1 was opened with a deadline of +00:05:30 and answered at +00:06:00
    (the engine times a decision out at its deadline, so the log is written as another tool, or
    a moved deadline, would leave it), when the report is built, then D1 is decided late: an
    area for improvement DEC-D1 (late by 30 s) in the Improvement Plan, and a whole record, not
    a strength."""
    import dataclasses

    from report_helpers import events_of

    from tabletop.report.build import build_report
    from tabletop.report.model import Integrity
    from tabletop.scenario import load_scenario

    c = C()
    db = play(tmp_path, [(0, "control", c.Start()), (360, "blue.ops", c.Move(decision="D1", option="hold")),
                         (1200, "control", c.End())])
    events = [dataclasses.replace(e, data={**e.data, "deadline_at": 330.0})
              if e.type == "DecisionOpened" and e.data["decision"] == "D1" else e for e in events_of(db)]
    resolved = next(e for e in events if e.type == "DecisionResolved" and e.data["decision"] == "D1")
    assert resolved.at == 360.0
    loaded = load_scenario(str(tmp_path / "small.yaml"))
    report = build_report(events, loaded.scenario, loaded.doctrine, Integrity(True, {"en": "", "ja": ""}, len(events),
                                                                               None, None))
    d1 = next(d for d in report.decisions if d.id == "D1")
    assert (d1.status, d1.deadline_met, d1.in_full) == ("resolved", False, True)
    late = [f for f in report.objectives[0].improvements if f.id == "DEC-D1"]
    assert len(late) == 1 and late[0].text["en"] == "Decision D1 (Blue Operations) was taken 30 s after its deadline: Hold."
    assert not [f for f in report.objectives[0].strengths if f.kind == "decision"]
    assert "DEC-D1" in [r.issue_id for r in report.plan]

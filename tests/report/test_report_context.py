"""The report context: a pure projection of the log. Figures and timings are
computed from events alone, without templates or files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import timedelta, timezone

import pytest

from report_helpers import FIXTURES, REPO


def test_context_and_chart_import_no_renderer():
    code = ("import sys, tabletop.report.context, tabletop.report.charts; "
            "bad = [m for m in ('jinja2', 'weasyprint', 'markupsafe') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def mini_context(mini_db):
    from tabletop.report import load_context
    from tabletop.store import SqliteStore

    store = SqliteStore(mini_db, create=False)
    try:
        return load_context(store)
    finally:
        store.close()


def test_mini_rehearsal_figures(mini_context):
    f = mini_context.figures
    assert (f.decision_points, f.resolved, f.timed_out, f.blocked, f.rulings, f.upheld) == (1, 1, 0, 1, 1, 1)
    assert (f.obligations, f.obligations_overdue) == (1, 1)
    assert (f.injects_released, f.injects_scripted, f.injects_skipped) == (3, 4, 1)
    d1 = mini_context.decisions[0]
    assert (d1.id, d1.status, d1.option, d1.by, d1.deadline_met) == ("D1", "resolved", "strike", "blue.ops", True)
    assert d1.elapsed == 240.0  # inject at +00:05, decision at +00:09
    assert [c.article for c in d1.citations] == ["Art. 3"]
    assert d1.blocked == [mini_context.blocked[0].seq]
    assert mini_context.verified is True


def test_findings_and_issue_ids(mini_context):
    (objective,) = mini_context.objectives
    assert objective.overall == "S"
    ids = {f.id for f in objective.improvements}
    assert ids == {"BLK-blue.ops-blue.strike", "OBL-report"}
    assert [p.issue_id for p in mini_context.plan] == ["BLK-blue.ops-blue.strike", "OBL-report"]
    blocked = next(f for f in objective.improvements if f.kind == "blocked")
    assert "Mini Act Art. 3" in blocked.text["en"] and "Mini Act Art. 4" in blocked.text["en"]
    assert {r.seq for r in blocked.evidence} >= {mini_context.blocked[0].seq, mini_context.rulings[0].seq}


def test_timeline_lanes_are_the_packs_sides_with_seats_then_control(mini_context):
    from tabletop.report.charts import timeline

    assert [s.id for s in mini_context.sides] == ["blue", "red", "control"]
    chart = timeline(mini_context)
    assert [lane.id for lane in chart.lanes] == ["blue", "red", "control"]
    decision = next(i for i in chart.items if i.kind == "decision")
    blue = chart.lanes[0]
    assert blue.y <= decision.y <= blue.y + blue.h
    assert any(i.kind == "inject" and i.label == "I01" for i in chart.items)


def test_overall_rating_is_the_mean_rounded_to_the_cautious_side():
    from tabletop.report.context import overall_rating

    assert overall_rating([]) is None
    assert overall_rating(["P", "P"]) == "P"
    assert overall_rating(["P", "S"]) == "S"
    assert overall_rating(["P", "U"]) == "M"
    assert overall_rating(["S", "M", "M"]) == "M"


def test_consultation_time_is_from_a_message_to_the_other_sides_reply(tmp_path):
    from tabletop.engine import commands as c
    from tabletop.report.context import build_context
    from tabletop.scenario import load_scenario
    from tabletop.session import Session
    from tabletop.store import MemoryStore

    loaded = load_scenario(str(FIXTURES / "mini.yaml"))
    store = MemoryStore("talk")
    start = loaded.scenario.start.astimezone(timezone.utc)
    session = Session.create(loaded, store, start)
    plan = [(0, "control", c.Start()),
            (1, "blue.lead", c.Message(to=["red.lead"], text="ask 1")),
            (2, "blue.ops", c.Message(to=["blue.lead"], text="same side")),
            (4, "red.lead", c.Message(to=["blue.lead"], text="answer 1")),
            (5, "blue.lead", c.Message(to=["red.lead"], text="ask 2 (never answered)"))]
    for sec, actor, cmd in plan:  # 60x: one wall second is one scenario minute
        assert session.handle(cmd, actor, start + timedelta(seconds=sec)).status == "accepted"
    ctx = build_context(store.read(), loaded.scenario, loaded.doctrine)
    ask1, same, answer, ask2 = ctx.messages
    assert ask1.cross_side and ask1.reply_seq == answer.seq and ask1.reply_after == 180.0
    assert not same.cross_side and same.reply_seq is None
    assert answer.cross_side and answer.reply_seq == ask2.seq  # blue answered red's message, too
    assert ask2.reply_seq is None
    pair = {(p.sender, p.recipient): p for p in ctx.consultations}
    assert (pair["blue.lead", "red.lead"].count, pair["blue.lead", "red.lead"].answered) == (2, 1)
    assert pair["blue.lead", "red.lead"].median_reply == 180.0
    assert ctx.figures.cross_side_messages == 3 and ctx.figures.median_reply == 120.0  # of 180 s and 60 s


def test_html_is_self_contained(mini_db, tmp_path):
    from report_helpers import Page
    from tabletop.report import write_report

    (path,) = write_report(mini_db, tmp_path, formats=["html"], lang="both")
    page = Page(path.read_text(encoding="utf-8"))
    assert not page.tags("script") and not page.tags("link") and not page.tags("img")
    urls = [v for _, a in page.elements for k, v in a.items() if k in ("src", "href")]
    assert urls and all(u.startswith("#") for u in urls)
    assert page.tags("svg"), "the timeline is inline SVG"


def test_every_link_of_the_pdf_lands_on_a_printed_log_line(mini_context):
    """In print, a link to the log is kept only where its line is printed: with --pdf-log attached
    no line is, and the links become text (they were dead links in the PDF)."""
    import re

    from tabletop.report.pdf import unlinked_log_anchors_dropped
    from tabletop.report.render import render_html

    for mode in ("printed", "attached"):
        html = render_html(mini_context, "en", pdf_log=mode, log_file="log.jsonl")
        assert re.search(r'href="#ev-\d+"', html), "the report links to the log"
        printed, drawn = unlinked_log_anchors_dropped(html)
        links = set(re.findall(r'href="#ev-(\d+)"', printed))
        anchors = set(re.findall(r'id="ev-(\d+)"', printed))
        assert not drawn  # this HTML prints the log itself
        assert links <= anchors, sorted(links - anchors)
        assert bool(links) == (mode == "printed")


def test_timeline_markers_at_the_same_minute_stand_side_by_side(mini_context):
    import dataclasses

    from tabletop.report.charts import MARK_W, timeline

    (blocked,) = mini_context.blocked[:1]
    crowded = dataclasses.replace(mini_context, blocked=[blocked] * 3)  # three attempts in the same second
    chart = timeline(crowded)
    marks = sorted(i.x for i in chart.items if i.kind == "blocked")
    assert len(marks) == 3 and all(b - a >= MARK_W - 1e-6 for a, b in zip(marks, marks[1:])), marks
    assert marks[0] == next(i.x for i in timeline(mini_context).items if i.kind == "blocked")  # the first stays put
    for lane in chart.lanes:  # message dots sit under the markers' middle, not on it
        inside = [i for i in chart.items if lane.y <= i.y <= lane.y + lane.h]
        marks_y = {i.y for i in inside if i.kind in ("blocked", "ruling", "situation")}
        assert all(d.y > y for d in inside if d.kind == "message" for y in marks_y), lane.id


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_the_printed_timeline_draws_runs_of_like_markers_as_one_path_and_looks_the_same(shipped_db, tmp_path):
    import re
    import subprocess

    from weasyprint import HTML

    from tabletop.report import load_context
    from tabletop.report.pdf import _SVG, _SVG_EXTRAS, svg_for_print
    from tabletop.report.render import render_html
    from tabletop.store import SqliteStore

    store = SqliteStore(shipped_db[1], create=False)
    try:
        html = render_html(load_context(store), "en")
    finally:
        store.close()
    (svg,) = [m.group(0) for m in _SVG.finditer(html) if 'class="timeline"' in m.group(0)]
    stripped = _SVG_EXTRAS.sub("", svg)
    merged = svg_for_print(svg)
    shapes = re.compile(r"<(?:rect|path)\b")
    assert len(shapes.findall(merged)) < len(shapes.findall(stripped))

    def pixels(chart: str, name: str) -> bytes:
        pdf = tmp_path / f"{name}.pdf"
        HTML(string=f"<html><body style='margin:0'>{chart}</body></html>").write_pdf(pdf)
        subprocess.run(["pdftoppm", "-r", "110", "-singlefile", str(pdf), str(tmp_path / name)], check=True)
        return (tmp_path / f"{name}.ppm").read_bytes()
    assert pixels(merged, "merged") == pixels(stripped, "stripped")

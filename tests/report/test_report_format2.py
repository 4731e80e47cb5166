"""The report of a format tabletop/2 exercise (tests/fixtures/mini2.yaml, 60x then 30x): restraint
expected and met or not, the preferred option, the historical basis in the handling
instructions, and the timeline's axis broken across the clock's jump."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import pytest

from report_helpers import FIXTURES, report_of


def played(folder: Path, d1: str) -> Path:
    """mini2 played through: D1 answered `d1` by both blue seats, the UN silent (the clock jumps
    to +12:00), then the morning talks (D3, D4) answered, and ENDEX at +13:00."""
    from tabletop.engine import commands as c
    from tabletop.scenario import load_scenario
    from tabletop.session import Session
    from tabletop.store import SqliteStore

    path = FIXTURES / "mini2.yaml"
    loaded = load_scenario(str(path))
    db = folder / "mini2.db"
    store = SqliteStore(db, "mini2")
    wall = loaded.scenario.start.astimezone(timezone.utc)
    session = Session.create(loaded, store, wall, scenario_text=path.read_text(encoding="utf-8"))
    steps = [(0, "control", c.Start()), (5, "blue.lead", c.Move(decision="D1", option=d1)),
             (0, "blue.ops", c.Move(decision="D1", option=d1)), (5, "green.un", c.Move(decision="D2", option="silent")),
             (61, "blue.lead", c.Move(decision="D3", option="talk")),
             (0, "red.lead", c.Move(decision="D4", option="quiet")), (60, "control", c.End())]
    for seconds, seat, command in steps:
        wall += timedelta(seconds=seconds)
        session.tick(wall)
        out = session.handle(command, seat, wall)
        assert out.status != "rejected", (seat, command, out.message)
    store.close()
    return db


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    return report_of(played(tmp_path_factory.mktemp("held"), "hold"))


@pytest.fixture(scope="module")
def struck(tmp_path_factory):
    return report_of(played(tmp_path_factory.mktemp("struck"), "strike"))


def findings(report):
    return [f for o in report.objectives for f in o.strengths + o.improvements]


def test_given_a_strike_expected_not_to_be_taken_when_it_is_held_then_the_report_says_restraint_met(held):
    [x] = [x for o in held.objectives for x in o.expected]
    assert (x.action, x.avoid, x.outcome) == ("blue.strike", True, "held_back")
    assert not any(f.kind == "expected" for f in findings(held))  # listed once, as met: no finding of its own


def test_given_a_strike_expected_not_to_be_taken_when_it_is_taken_then_it_is_an_area_for_improvement(struck):
    [x] = [x for o in struck.objectives for x in o.expected]
    assert x.outcome == "taken_against"
    [row] = [r for r in struck.plan if r.issue_id == "AVOID-blue.strike"]
    assert row.issue["en"].startswith("Taken though it should not have been: Strike")


def test_given_a_preferred_option_then_the_decision_finding_says_whether_it_was_chosen(held, struck):
    def said(report):
        return next(f.text["en"] for f in findings(report) if f.text["en"].startswith("Decision D1"))

    assert said(held).endswith("— the preferred option.")
    assert said(struck).endswith("— not the preferred option (“Hold”).")


def test_given_a_historical_scenario_then_the_handling_instructions_say_so_and_name_the_sources(held, tmp_path):
    from tabletop.report.render import make_env, render

    assert (held.basis, held.sources[0]["id"]) == ("historical", "S1")
    html = render(make_env(), "report.html.j2", "en", r=held, log_files={"jsonl": "mini2-events.jsonl", "csv": "mini2-events.csv"})
    assert "The scenario replays real events" in html and "The scenario is fictional" not in html
    assert "Sources: [S1] Mini Gazette, 1 April 2027 (https://example.invalid/mini-gazette)." in html
    ja = render(make_env(), "report.html.j2", "ja", r=held, log_files={"jsonl": "mini2-events.jsonl", "csv": "mini2-events.csv"})
    assert "シナリオは実際の出来事を再現したもの" in ja and "シナリオは架空" not in ja
    assert "出典：[S1] Mini Gazette, 1 April 2027（https://example.invalid/mini-gazette）。" in ja


def test_given_a_jump_of_the_clock_then_the_timeline_breaks_its_axis_there(held):
    from tabletop.report.charts import BREAK_W, timeline

    assert held.jumps == [(600.0, 43200.0)]
    chart = timeline(held)
    [x] = chart.breaks
    ticks = {t.offset: t.x for t in chart.ticks}
    assert "+12:00" in ticks and not any(offset.startswith(("+06", "+08", "+10")) for offset in ticks)
    # The eleven hours and fifty minutes jumped over take the width of a break, not most of the chart.
    assert ticks["+12:00"] - x == pytest.approx(BREAK_W / 2, abs=0.5)


def test_given_a_situation_in_force_at_startex_then_the_timeline_band_begins_with_it(held):
    """mini2 begins in `crisis` (its `initial:`), not in the pack's default situation."""
    from tabletop.report.charts import timeline

    assert held.situation_start == "crisis" != held.situation_default
    first = timeline(held).segments[0]
    assert (first.situation, first.title) == ("crisis", held.situation_titles["crisis"]) and first.cls != "none"


def test_given_endex_with_a_decision_still_open_then_the_timeline_stops_at_endex(held):
    """A decision left open at ENDEX, its deadline an hour later: the axis ends at ENDEX, not at
    the deadline (a log still running shows the deadline)."""
    import dataclasses

    from tabletop.report.charts import timeline

    played = held.coverage.played
    late = dataclasses.replace(held.decisions[0], status="open", closed_at=None, deadline_at=played + 3600)
    ended = dataclasses.replace(held, decisions=[late], coverage=dataclasses.replace(held.coverage, ended=True))
    running = dataclasses.replace(ended, coverage=dataclasses.replace(held.coverage, ended=False))
    def last_tick(chart) -> float:  # seconds
        h, m = chart.ticks[-1].offset.lstrip("+").split(":")
        return int(h) * 3600 + int(m) * 60

    assert last_tick(timeline(ended)) <= played < last_tick(timeline(running))

"""The example of format tabletop/2 that docs/writing-scenarios.md walks through
(scenarios/examples/aomori-2022.yaml): it validates with no warning, and its rehearsal plays the
way the guide says — the standing order in force at STARTEX, the jump over the night, the
leaders' joint decision, the red cell's unruled launch, and the report's restraint."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.engine import events as ev
from tabletop.rehearsal import load_moves, rehearse
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.store import SqliteStore

EXAMPLE = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "aomori-2022.yaml"


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    loaded = load_scenario(str(EXAMPLE))
    db = tmp_path_factory.mktemp("aomori") / "aomori.db"
    store = SqliteStore(db, "aomori-2022")
    session = Session.create(loaded, store, loaded.scenario.start, scenario_text=EXAMPLE.read_text(encoding="utf-8"))
    report = rehearse(session, load_moves(str(EXAMPLE.with_suffix(".moves.yaml"))))
    log = list(store.read())
    store.close()
    return loaded, report, log, db


def test_the_example_validates_without_a_warning():
    assert load_scenario(str(EXAMPLE)).warnings == []


def test_its_rehearsal_meets_its_expectations(played):
    _, report, _, _ = played
    assert report.ok, report.problems + report.unmet + report.all_blocked


def test_the_standing_order_in_force_at_startex_lets_the_minister_destroy_the_second_missile(played):
    _, _, log, _ = played
    start = next(e for e in log if e.type == ev.STARTING_STATE).payload
    assert start.done == ("jp.approve-bmd-emergency-procedures", "jp.issue-standing-bmd-order")
    assert start.flags == ("standing-bmd-order-in-force",)  # the standing order's effect
    destroy = [e for e in log if e.type in (ev.MOVE_SUBMITTED, ev.MOVE_BLOCKED) and e.payload.decision == "D4"]
    assert [(e.type, e.payload.action) for e in destroy] == [(ev.MOVE_SUBMITTED, "jp.order-bmd-destruction")]


def test_the_clock_jumps_over_the_night_once_the_leaders_agree(played):
    _, _, log, _ = played
    [jump] = [e for e in log if e.type == ev.PHASE_BEGAN and e.payload.jumped_from is not None]
    resolved = next(e for e in log if e.type == ev.DECISION_RESOLVED and e.payload.decision == "D2")
    assert (jump.payload.phase, jump.at, jump.payload.jumped_from) == ("morning", 22 * 3600 + 40 * 60, resolved.at)
    assert resolved.payload.positions == {"jp.pm": "condemn", "us.president": "condemn"}


def test_the_red_cells_launch_is_not_ruled_on_by_the_pack(played):
    _, _, log, _ = played
    [launch] = [e for e in log if e.type == ev.MOVE_SUBMITTED and e.actor == "dprk.cell"]
    assert (launch.payload.action, launch.payload.unruled) == ("dprk.second-launch", True)


def test_the_report_finds_restraint_over_aomori_and_the_destruction_next_morning_expected(played):
    from tabletop.report import load_report

    _, _, _, db = played
    store = SqliteStore(db, create=False)
    try:
        report = load_report(store)
    finally:
        store.close()
    outcomes = {(x.action, x.avoid): x.outcome for o in report.objectives for x in o.expected}
    assert outcomes[("jp.order-bmd-destruction", True)] == "held_back"
    assert outcomes[("jp.order-bmd-destruction", False)] == "taken"
    assert report.basis == "adapted" and [s["id"] for s in report.sources] == ["S26", "S12", "S11"]

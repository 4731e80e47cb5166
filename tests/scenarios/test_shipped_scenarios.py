"""The shipped scenarios are ready to run on the day.

Every scenario in scenarios/ validates with no errors and no warnings, is
bilingual in everything a participant reads, meets the size and shape a
facilitator needs (injects, decision points, roles on both sides, branches,
information asymmetry, objectives tied to Guidelines capabilities), and plays
through its moves file to the outcome the file states. The two scenarios named
in the issue are then checked move by move: which option each key decision
resolved to, which branch was taken, the blocked attempts with their citations,
and the control ruling."""

from __future__ import annotations

import re
from datetime import timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from tabletop.cli import main
from tabletop.engine import events as ev
from tabletop.rehearsal import load_moves, rehearse
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.store import MemoryStore

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
SHIPPED = sorted(p for p in SCENARIOS.glob("*.yaml") if not p.name.endswith(".moves.yaml"))
IDS = [p.stem for p in SHIPPED]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def moves_path(scenario: Path) -> Path:
    return scenario.with_name(scenario.stem + ".moves.yaml")


def play(scenario: Path):
    loaded = load_scenario(str(scenario))
    store = MemoryStore(f"{loaded.scenario.id}-test")
    session = Session.create(loaded, store, loaded.scenario.start.astimezone(timezone.utc))
    return loaded, rehearse(session, load_moves(str(moves_path(scenario))))


@pytest.fixture(scope="module")
def played():
    cache: dict[str, tuple] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = play(SCENARIOS / f"{name}.yaml")
        return cache[name]
    return get


def test_the_issues_scenarios_are_shipped():
    assert {"missile-launch", "grayzone-senkaku", "arsenal"} <= set(IDS)
    for p in SHIPPED:
        assert moves_path(p).is_file(), f"{p.name} has no moves file beside it"


# -- every shipped scenario ---------------------------------------------------------------

@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_validates_with_no_errors_and_no_warnings(path):
    loaded = load_scenario(str(path))
    assert loaded.warnings == [], "\n".join(str(w) for w in loaded.warnings)


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_cli_validate_strict_passes(path):
    result = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_every_participant_text_is_bilingual(path):
    s = load_scenario(str(path)).scenario
    assert set(s.languages) == {"en", "ja"}
    texts = [("title", s.title), ("summary", s.summary)]
    texts += [(f"{o.id}.text", o.text) for o in s.objectives]
    for inj in s.injects:
        texts += [(f"{inj.id}.title", inj.title), (f"{inj.id}.body", inj.body)]
        for d in inj.decisions:
            texts.append((f"{d.id}.prompt", d.prompt))
            texts += [(f"{d.id}.{o.id}.label", o.label) for o in d.options]
    for where, text in texts:
        assert text is not None, f"{where} is missing"
        assert text.en.strip(), f"{where} has no English"
        assert text.ja and JAPANESE.search(text.ja), f"{where} has no Japanese version"
        assert text.ja != text.en, f"{where}: the Japanese is a copy of the English"


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_size_and_shape_for_a_two_to_three_hour_exercise(path):
    loaded = load_scenario(str(path))
    s, d = loaded.scenario, loaded.doctrine
    decisions = [dec for inj in s.injects for dec in inj.decisions]
    assert len(s.injects) >= 15
    assert len(decisions) >= 8

    deciders = {dec.to for dec in decisions}
    assert len(deciders) >= 6, f"decisions address only {sorted(deciders)}"
    assert {d.side_of(r) for r in deciders} >= {"jp", "us"}, "decision points must fall on both sides"

    # Seats on both sides, every seat receives injects.
    assert {d.side_of(r) for r in s.seats} >= {"jp", "us"}
    from tabletop.scenario import audience
    reached = {seat for inj in s.injects for seat in audience(inj.to, list(s.seats))}
    assert reached == set(s.seats), f"seats never addressed: {set(s.seats) - reached}"

    # The planned wall-clock length is two to three hours.
    assert s.duration is not None
    wall_hours = s.duration / (s.clock.speed if s.clock.mode == "compressed" else 1.0) / 3600
    assert 2.0 <= wall_hours <= 3.0, f"{wall_hours:.2f} wall-clock hours"
    assert all((inj.at or 0) <= s.duration for inj in s.injects)


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_at_least_two_branches_driven_by_decisions(path):
    s = load_scenario(str(path)).scenario
    branches: dict[str, set[str]] = {}
    for inj in s.injects:
        if inj.when is not None and inj.when.decision and inj.when.option:
            branches.setdefault(inj.when.decision, set()).add(inj.when.option)
    assert len(branches) >= 2, f"decision-driven branches: {branches}"
    # At least one branch point has an inject for two different options (a fork, not just a gate).
    assert any(len(opts) >= 2 for opts in branches.values()), branches


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_information_asymmetry(path):
    loaded = load_scenario(str(path))
    s, d = loaded.scenario, loaded.doctrine
    from tabletop.scenario import audience
    one_side = one_seat_or_few = 0
    for inj in s.injects:
        seats = audience(inj.to, list(s.seats))
        if len({d.side_of(x) for x in seats}) == 1:
            one_side += 1
        if len(seats) <= 3:
            one_seat_or_few += 1
    assert one_side >= 3, "some injects must go to one side only"
    assert one_seat_or_few >= 2, "some injects must go to one seat or a few"
    us_only = [i for i in s.injects if {d.side_of(x) for x in audience(i.to, list(s.seats))} == {"us"}]
    jp_only = [i for i in s.injects if {d.side_of(x) for x in audience(i.to, list(s.seats))} == {"jp"}]
    assert us_only and jp_only


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_objectives_are_tied_to_guidelines_capabilities_and_tested(path):
    loaded = load_scenario(str(path))
    s = loaded.scenario
    assert 3 <= len(s.objectives) <= 5
    for o in s.objectives:
        assert re.search(r"Guidelines [IVX]+\.", o.capability.en), o.capability.en
        assert o.capability.ja and "ガイドライン" in o.capability.ja
        testing = [i for i in s.injects if o.id in i.objectives and i.expected]
        assert testing, f"{o.id} has no inject with expected actions"
    for inj in s.injects:
        for act in inj.expected:
            assert act in loaded.doctrine.actions


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_controller_notes_and_msel_fields(path):
    s = load_scenario(str(path)).scenario
    assert sum(1 for i in s.injects if i.notes) >= len(s.injects) // 2
    for inj in s.injects:
        assert inj.from_, f"{inj.id} has no simulated sender (from)"
        assert inj.method, f"{inj.id} has no delivery method"
    assert s.poc and s.scope and s.scope.ja
    assert s.start.utcoffset().total_seconds() == 9 * 3600 and s.start.year == 2027


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_rehearses_to_the_stated_outcome(path, played):
    moves = load_moves(str(moves_path(path)))
    assert moves.expect is not None, "the moves file must state the expected outcome"
    assert moves.expect.decisions and moves.expect.released and moves.expect.not_released
    assert moves.expect.blocked, "the moves file must include at least one blocked attempt"
    assert moves.expect.rulings and moves.expect.rulings >= 1
    _, report = played(path.stem)
    assert report.problems == [], report.problems
    assert report.all_blocked == [], report.all_blocked
    assert report.unmet == [], report.unmet
    assert report.ok
    st = report.session.state
    assert st.phase == "ended"
    # Nothing falls overdue in a well-played rehearsal.
    assert all(o.status == "met" for o in st.obligations.values()), dict(st.obligations)


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_blocked_attempts_carry_citations_and_a_ruling_is_logged(path, played):
    _, report = played(path.stem)
    blocked = [e for e in report.events if e.type == ev.MOVE_BLOCKED]
    assert blocked
    for e in blocked:
        assert e.data["reasons"], e.data
        for r in e.data["reasons"]:
            assert r["citations"], r
            assert r["text"]["en"] and r["text"]["ja"]
    rulings = [e for e in report.events if e.type == ev.RULING_MADE]
    assert rulings
    targets = {e.seq for e in blocked}
    assert all(r.data["target"] in targets and r.data["reason"] for r in rulings)


# -- missile-launch, move by move --------------------------------------------------------------

def _decision(report, key):
    d = report.session.state.decision(key)
    return d.status, d.option


def _released(report, inject):
    return report.session.state.inject(inject).status == "released"


def _blocked(report, seat, action):
    return [e for e in report.events if e.type == ev.MOVE_BLOCKED and e.actor == seat and e.data["action"] == action]


def _cited(event, fragment):
    return any(fragment in f"{c['instrument']} {c['article']}" for r in event.data["reasons"] for c in r["citations"])


def test_missile_launch_destruction_with_pm_approval(played):
    _, r = played("missile-launch")
    first = _blocked(r, "jp.mod", "jp.order-bmd-destruction")
    assert first and _cited(first[0], "82-3")
    assert _decision(r, "D1") == ("resolved", "seek-pm")
    assert _decision(r, "D3") == ("resolved", "approve")
    assert _decision(r, "D4") == ("resolved", "issue")
    assert _decision(r, "D5") == ("resolved", "destroy")
    assert _decision(r, "D6") == ("resolved", "convene")
    assert {"jp.approve-bmd-destruction", "jp.order-bmd-destruction", "jp.issue-jalert",
            "jp.convene-nsc", "bilateral.acm-coordination"} <= r.session.state.done


def test_missile_launch_counterstrike_blocked_before_an_armed_attack(played):
    _, r = played("missile-launch")
    attempts = _blocked(r, "jp.mod", "jp.counterstrike")
    assert len(attempts) == 1
    texts = " ".join(x["text"]["en"] for x in attempts[0].data["reasons"])
    assert "armed attack" in texts.lower() and "preemptive" in texts.lower()
    ruling = [e for e in r.events if e.type == ev.RULING_MADE]
    assert len(ruling) == 1 and ruling[0].data["verdict"] == "uphold"
    assert ruling[0].data["target"] == attempts[0].seq
    assert _decision(r, "D10") == ("resolved", "defend")
    assert _decision(r, "D25") == ("resolved", "hold")
    assert "jp.counterstrike" not in r.session.state.done


def test_missile_launch_guam_branch_needs_a_survival_threatening_situation(played):
    _, r = played("missile-launch")
    assert _decision(r, "D8") == ("resolved", "show-of-force")
    for inject in ("I15A", "I16A", "I17A", "I18A", "I19A"):
        assert _released(r, inject), inject
    for inject in ("I15B", "I16B", "I16B2", "I17B", "I18B", "I17A2"):
        assert not _released(r, inject), inject
    early = _blocked(r, "jp.pm", "jp.recognize-survival-threatening-situation")
    assert early and _cited(early[0], "Three New Conditions")
    premature = _blocked(r, "jp.mod", "jp.intercept-missile-toward-third-country")
    assert premature
    assert _decision(r, "D15") == ("resolved", "recognize")
    assert _decision(r, "D16") == ("resolved", "order")
    assert _decision(r, "D17") == ("resolved", "intercept")
    assert r.session.state.situations == {"survival-threatening"}
    # The premature attempt came before the situation was recognised.
    recognised = next(e for e in r.events if e.type == ev.SITUATION_DECLARED)
    assert premature[0].seq < recognised.seq
    assert _decision(r, "D19") == ("resolved", "consent")
    assert "us.combat-ops-from-japan-non-art-v" in r.session.state.done


def test_missile_launch_japan_branch_is_wired(played):
    loaded, _ = played("missile-launch")
    s = loaded.scenario
    assert s.inject("I15B").when.option == "measured"
    assert "armed-attack-occurred" in s.inject("I15B").set_flags
    assert {s.inject("I16B").when.option, s.inject("I16B2").when.option} == {"destroy", "track"}


# -- grayzone-senkaku, move by move ------------------------------------------------------------

def test_senkaku_law_enforcement_and_maritime_security_operation(played):
    _, r = played("grayzone-senkaku")
    assert _decision(r, "D1") == ("resolved", "surge")
    assert _decision(r, "D7") == ("resolved", "arrest")
    assert _released(r, "I09A") and not _released(r, "I09B")
    assert _decision(r, "D8") == ("resolved", "approve")
    assert _decision(r, "D9") == ("resolved", "order")
    assert _released(r, "I12A") and not _released(r, "I12B")
    assert {"jp.jcg-law-enforcement", "jp.approve-maritime-security-operation",
            "jp.order-maritime-security-operation"} <= r.session.state.done


def test_senkaku_asset_protection_only_at_a_us_request(played):
    _, r = played("grayzone-senkaku")
    early = _blocked(r, "jp.mod", "jp.protect-us-assets")
    assert len(early) == 1 and _cited(early[0], "95-2")
    assert _decision(r, "D10") == ("resolved", "request")
    assert _released(r, "I14")
    assert _decision(r, "D11") == ("resolved", "protect")
    accepted = [e for e in r.events if e.type == ev.MOVE_SUBMITTED and e.data.get("action") == "jp.protect-us-assets"]
    assert accepted and early[0].seq < accepted[0].seq


def test_senkaku_armed_landing_public_security_not_defense(played):
    _, r = played("grayzone-senkaku")
    attempt = _blocked(r, "jp.pm", "jp.order-defense-operation")
    assert len(attempt) == 1 and _cited(attempt[0], "76")
    rulings = [e for e in r.events if e.type == ev.RULING_MADE]
    assert len(rulings) == 1 and rulings[0].data["verdict"] == "uphold"
    assert rulings[0].data["target"] == attempt[0].seq
    assert _decision(r, "D12") == ("resolved", "public-security")
    assert _released(r, "I17A") and not _released(r, "I17B")
    assert _decision(r, "D14") == ("resolved", "place")
    assert "jcg-under-mod-control" in r.session.state.flags
    assert r.session.state.situations == frozenset()  # never crossed into an armed attack situation
    assert not _released(r, "I21")  # the manual escalation inject stays in control's hands


def test_senkaku_article_v_statement_and_off_ramp(played):
    _, r = played("grayzone-senkaku")
    assert _decision(r, "D6") == ("resolved", "article-v")
    assert _decision(r, "D13") == ("resolved", "article-v")
    assert "us.statement-article-v-senkaku" in r.session.state.done
    assert _decision(r, "D15") == ("resolved", "over-horizon")
    assert _released(r, "I20B") and not _released(r, "I20A")


# -- the other branches are wired too (moves written here, not shipped) --------------------------

def play_inline(tmp_path, name: str, moves_yaml: str):
    path = tmp_path / f"{name}.alt.moves.yaml"
    path.write_text(moves_yaml, encoding="utf-8")
    loaded = load_scenario(str(SCENARIOS / f"{name}.yaml"))
    session = Session.create(loaded, MemoryStore(f"{name}-alt"), loaded.scenario.start.astimezone(timezone.utc))
    return rehearse(session, load_moves(str(path)))


MISSILE_BRANCH_B = """\
format: tabletop-moves/1
moves:
  - {at: "+00:06", seat: jp.mod, decision: D1, option: standing}
  - {at: "+00:19", seat: jp.pm, decision: D6, option: convene}
  - {at: "+00:40", seat: us.president, decision: D8, option: measured}
  - {at: "+01:00", seat: jp.mod, decision: D10, option: strike}
  - {at: "+01:41", seat: jp.mod, decision: D20, option: destroy}
  - {at: "+01:42", seat: us.president, decision: D24, option: article-v}
  - {at: "+01:43", seat: us.indopacom, decision: D21, option: support}
  - {at: "+01:44", seat: us.president, action: us.war-powers-report}
  - {at: "+01:45", seat: us.president, action: us.report-unsc}
  - {at: "+01:55", seat: jp.pm, action: jp.convene-nsc-nine-minister}
  - {at: "+01:56", seat: jp.pm, decision: D22, option: recognize}
  - {at: "+01:57", seat: jp.pm, decision: D23, option: order}
  - {at: "+02:41", seat: jp.mod, decision: D25, option: strike}
  - {at: "+02:46", seat: us.indopacom, decision: D26, option: support}
  - {at: "+02:50", seat: jp.mofa, action: jp.report-unsc}
  - {at: "+03:01", seat: jp.pm, action: jp.report-diet-bmd-result}
expect:
  decisions: {D1: standing, D8: measured, D10: timeout, D20: destroy, D21: support, D22: recognize, D23: order,
              D24: article-v, D25: strike, D26: support}
  released: [I15B, I16B, I17B, I18B]
  not_released: [I15A, I16A, I16B2, I17A, I18A, I19A]
  blocked: [{seat: jp.mod, action: jp.counterstrike}]
  rulings: 0
"""


def test_missile_launch_branch_b_counterstrike_lawful_once_attacked(tmp_path):
    r = play_inline(tmp_path, "missile-launch", MISSILE_BRANCH_B)
    assert r.ok, (r.problems, r.all_blocked, r.unmet)
    st = r.session.state
    assert st.situations == {"armed-attack"}
    assert "armed-attack-occurred" in st.flags
    # Blocked at +01:00 (before the attack), accepted at +02:41 (after it).
    blocked = _blocked(r, "jp.mod", "jp.counterstrike")
    accepted = [e for e in r.events if e.type == ev.MOVE_SUBMITTED and e.data.get("action") == "jp.counterstrike"]
    assert len(blocked) == 1 and len(accepted) == 1 and blocked[0].seq < accepted[0].seq
    assert all(o.status == "met" for o in st.obligations.values()), dict(st.obligations)


SENKAKU_ESCALATION = """\
format: tabletop-moves/1
moves:
  - {at: "+01:20", seat: jp.pm, decision: D4, option: convene}
  - {at: "+05:20", seat: jp.pm, decision: D12, option: police}
  - {at: "+06:50", seat: jp.pm, decision: D14, option: place}
  - {at: "+07:05", seat: us.secdef, decision: D15, option: presence}
  - {at: "+07:50", seat: jp.mod, action: jp.scramble}
  - {at: "+08:00", seat: control, control: release, inject: I21}
  - {at: "+08:01", seat: jp.pm, action: jp.convene-nsc-nine-minister}
  - {at: "+08:02", seat: jp.pm, action: jp.recognize-armed-attack-situation}
  - {at: "+08:03", seat: jp.pm, action: jp.order-defense-operation}
  - {at: "+08:04", seat: jp.mod, action: jp.use-of-force}
  - {at: "+08:05", seat: us.president, action: us.article-v-defense}
  - {at: "+08:06", seat: us.president, action: us.war-powers-report}
  - {at: "+08:07", seat: jp.mofa, action: jp.report-unsc}
  - {at: "+08:08", seat: us.president, action: us.report-unsc}
expect:
  decisions: {D4: convene, D7: timeout, D8: timeout, D12: police, D14: timeout, D15: presence}
  released: [I09B, I12B, I17B, I20A, I21]
  not_released: [I09A, I11, I12A, I17A, I20B]
  blocked: [{seat: jp.pm, action: jp.place-jcg-under-mod}]
  rulings: 0
"""


def test_senkaku_escalation_branch_reaches_a_defense_operation(tmp_path):
    r = play_inline(tmp_path, "grayzone-senkaku", SENKAKU_ESCALATION)
    assert r.ok, (r.problems, r.all_blocked, r.unmet)
    st = r.session.state
    assert st.situations == {"armed-attack"}
    assert {"jp.order-defense-operation", "jp.use-of-force", "us.article-v-defense"} <= st.done
    assert "jcg-under-mod-control" not in st.flags  # Art. 80 was blocked before any operation order
    assert all(o.status == "met" for o in st.obligations.values()), dict(st.obligations)

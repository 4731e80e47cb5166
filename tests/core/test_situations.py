"""Given/when/then on the engine: Japan's recognised situations are a set. Recognising one ends
no other; ending one is an action of its own; a log written under pack version 1 (one situation
replacing the last) is still read as it was played.

The scenario is tests/fixtures/coinciding.yaml: a manual clock; control releases the facts as injects."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.scenario.loader import load_scenario_text
from tabletop.session import Session
from tabletop.store import MemoryStore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SCENARIO = (FIXTURES / "coinciding.yaml").read_text(encoding="utf-8")


class Exercise:
    """A session on the inline scenario, with a wall clock moved a minute per command."""

    def __init__(self) -> None:
        self.loaded = load_scenario_text(SCENARIO, "coinciding.yaml")
        self.now = self.loaded.scenario.start.astimezone(timezone.utc)
        self.session = Session.create(self.loaded, MemoryStore("coinciding"), self.now, scenario_text=SCENARIO)
        self.control(c.Start())

    def _next(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

    def control(self, command):
        return self.session.handle(command, "control", self._next())

    def act(self, seat: str, action: str):
        return self.session.handle(c.FreeAction(action=action), seat, self._next())

    @property
    def state(self):
        return self.session.state


@pytest.fixture
def attacked() -> Exercise:
    """Given an armed attack on Japan, recognised, with a defense operation ordered."""
    x = Exercise()
    x.control(c.Release(inject="I01"))
    assert x.act("jp.pm", "jp.convene-nsc-nine-minister").status == "accepted"
    assert x.act("jp.pm", "jp.recognize-armed-attack-situation").status == "accepted"
    assert x.act("jp.pm", "jp.order-defense-operation").status == "accepted"
    return x


def test_given_an_armed_attack_when_a_missile_flies_toward_guam_then_both_situations_hold_and_it_is_intercepted(attacked):
    x = attacked
    x.control(c.Release(inject="I02"))
    # Before the Survival-Threatening Situation, the intercept is blocked: 82-3 covers only Japan.
    early = x.act("jp.jjoc", "jp.intercept-missile-toward-third-country")
    assert early.status == "blocked"
    assert "Not a Survival-Threatening Situation" in early.events[-1].data["reasons"][0]["text"]["en"]

    out = x.act("jp.pm", "jp.recognize-survival-threatening-situation")
    declared = [e for e in out.events if e.type == ev.SITUATION_DECLARED]
    assert [e.data["situation"] for e in declared] == ["survival-threatening"]
    assert declared[0].data["situations"] == ["armed-attack", "survival-threatening"]
    assert x.state.situations == {"armed-attack", "survival-threatening"}

    # The defense operation ordered for the armed attack (76(1)(i)) does not cover collective
    # self-defense: the intercept waits for an order given for the new situation (76(1)(ii)).
    waiting = x.act("jp.jjoc", "jp.intercept-missile-toward-third-country")
    assert waiting.status == "blocked"
    reason = waiting.events[-1].data["reasons"][0]
    assert "an order for an Armed Attack Situation alone (76(1)(i)) does not cover" in reason["text"]["en"]
    assert "Art. 76(1)(ii)" in [cit["article"] for cit in reason["citations"]]
    # With an Armed Attack Situation recognised too, the order may come before the Diet's approval
    # (the urgent case of AASRA Art. 9, flagged), and the intercept is then allowed.
    reorder = x.act("jp.pm", "jp.order-defense-operation")
    assert reorder.status == "accepted"
    submitted = next(e for e in reorder.events if e.type == ev.MOVE_SUBMITTED)
    assert "urgent case" in submitted.data["flags"][0]["text"]["en"]
    intercept = x.act("jp.jjoc", "jp.intercept-missile-toward-third-country")
    assert intercept.status == "accepted"
    assert "jp.intercept-missile-toward-third-country" in x.state.done
    assert any(o.obligation == "unsc-report-jp" for o in x.state.obligations.values())
    # And force against the attack on Japan itself stays lawful: nothing replaced the first situation.
    assert x.act("jp.jjoc", "jp.use-of-force").status == "accepted"


def test_given_an_armed_attack_when_disaster_relief_is_ordered_then_the_situation_stays_and_force_remains_lawful(attacked):
    x = attacked
    x.control(c.Release(inject="I03"))
    # Damage from the armed attack itself: Art. 83 does not apply (83(5)).
    blocked = x.act("jp.mod", "jp.order-disaster-relief")
    assert blocked.status == "blocked"
    assert "Art. 83(5)" in [cit["article"] for r in blocked.events[-1].data["reasons"] for cit in r["citations"]]
    assert x.state.situations == {"armed-attack"}
    # Control overrules it (say, a separate natural disaster): the disaster joins, it does not replace.
    x.control(c.Ruling(target=blocked.events[-1].seq, verdict="overrule", reason="a separate earthquake"))
    assert x.state.situations == {"armed-attack", "large-scale-disaster"}
    assert x.act("jp.jjoc", "jp.use-of-force").status == "accepted"


def test_given_two_situations_when_one_is_ended_then_only_it_ends_and_by_its_own_action(attacked):
    x = attacked
    x.control(c.Release(inject="I02"))
    x.act("jp.pm", "jp.recognize-survival-threatening-situation")
    wrong = x.act("jp.mod", "jp.end-survival-threatening-situation")
    assert wrong.status == "blocked" and x.state.situations == {"armed-attack", "survival-threatening"}
    out = x.act("jp.pm", "jp.end-survival-threatening-situation")
    ended = [e for e in out.events if e.type == ev.SITUATION_ENDED]
    assert [(e.data["situation"], e.data["situations"]) for e in ended] == [("survival-threatening", ["armed-attack"])]
    assert x.state.situations == {"armed-attack"}
    # With it gone, the Guam intercept is blocked again; the defense of Japan is not.
    assert x.act("jp.jjoc", "jp.intercept-missile-toward-third-country").status == "blocked"
    assert x.act("jp.jjoc", "jp.use-of-force").status == "accepted"
    x.act("jp.pm", "jp.end-armed-attack-situation")
    assert x.state.situations == frozenset() and x.state.in_force() == ["none"]


def test_the_exercise_records_the_pack_version_it_was_played_under():
    x = Exercise()
    created = x.session.store.get(1)
    assert created.data["doctrine"] == "us-japan" and created.data["doctrine_version"] == 4


def test_a_log_recorded_under_pack_version_1_still_verifies_and_replays_as_it_was_played(tmp_path):
    """tests/fixtures/v1-missile-launch.db: a rehearsal recorded by the first engine
    and pack. It carries its own scenario and pack; replayed now, each situation it declared
    replaced the previous one, as when it was played."""
    from tabletop.store.sqlite import SqliteStore

    db = tmp_path / "v1.db"
    db.write_bytes((FIXTURES / "v1-missile-launch.db").read_bytes())
    store = SqliteStore(db, create=False)
    assert store.verify().ok
    session = Session.resume(store)
    assert session.rules.pack.version == 1
    created = store.get(1)
    assert "doctrine_version" not in created.data
    declared = [e for e in store.read() if e.type == ev.SITUATION_DECLARED]
    assert declared and "situations" not in declared[-1].data
    assert session.state.situations == {declared[-1].data["situation"]}
    # Its report is still made, from the pack it was played under.
    from tabletop.report import load_report

    context = load_report(store)
    assert "Survival-Threatening" in str(context.final_situation)
    store.close()


def test_a_seat_joining_is_told_every_situation_in_force(attacked):
    from tabletop.server.protocol import welcome

    x = attacked
    x.control(c.Release(inject="I02"))
    x.act("jp.pm", "jp.recognize-survival-threatening-situation")
    told = welcome(x.session, "jp.mod", "player", "coinciding", x.state.last_seq)
    assert told["in_force"] == ["armed-attack", "survival-threatening"]
    assert told["situations"]["survival-threatening"]["ja"] == "存立危機事態"  # the names, as before


def test_given_both_parties_used_force_when_the_us_reports_to_the_council_then_japans_report_is_still_due(attacked):
    x = attacked
    assert x.act("jp.jjoc", "jp.use-of-force").status == "accepted"
    assert x.act("us.president", "us.article-v-defense").status == "accepted"
    assert x.act("us.secstate", "us.report-unsc").status == "accepted"
    status = {o.obligation: o.status for o in x.state.obligations.values()}
    assert status["unsc-report-us"] == "met" and status["unsc-report-jp"] == "due"
    assert x.act("jp.mofa", "jp.report-unsc").status == "accepted"
    assert {o.obligation: o.status for o in x.state.obligations.values()}["unsc-report-jp"] == "met"


def test_given_a_survival_threatening_order_when_an_armed_attack_is_recognised_later_then_art_80_waits_for_a_new_order():
    x = Exercise()
    x.control(c.Release(inject="I02"))
    assert x.act("jp.pm", "jp.convene-nsc-nine-minister").status == "accepted"
    assert x.act("jp.pm", "jp.recognize-survival-threatening-situation").status == "accepted"
    assert x.act("jp.pm", "jp.diet-approve-defense-operation").status == "accepted"
    assert x.act("jp.pm", "jp.order-defense-operation").status == "accepted"  # 76(1)(ii) only
    x.control(c.Release(inject="I01"))
    assert x.act("jp.pm", "jp.recognize-armed-attack-situation").status == "accepted"
    assert x.state.situations == {"armed-attack", "survival-threatening"}

    early = x.act("jp.pm", "jp.place-jcg-under-mod")
    assert early.status == "blocked"
    reason = early.events[-1].data["reasons"][0]
    assert "even once an Armed Attack Situation is recognised later" in reason["text"]["en"]
    assert [cit["article"] for cit in reason["citations"]] == ["Art. 80(1)"]
    assert "jcg-under-mod-control" not in x.state.flags

    assert x.act("jp.pm", "jp.order-defense-operation").status == "accepted"  # now 76(1)(i)
    assert x.act("jp.pm", "jp.place-jcg-under-mod").status == "accepted"
    assert "jcg-under-mod-control" in x.state.flags


def test_the_report_shows_every_situation_in_force_at_the_end_and_each_recognition(attacked):
    from tabletop.report import load_report

    x = attacked
    x.control(c.Release(inject="I02"))
    assert x.act("jp.pm", "jp.recognize-survival-threatening-situation").status == "accepted"
    x.control(c.End())
    report = load_report(x.session.store)
    assert report.final_situation["en"].count("Situation") == 2
    assert "Armed Attack Situation" in report.final_situation["en"]
    assert "存立危機事態" in report.final_situation["ja"] and "武力攻撃事態" in report.final_situation["ja"]
    assert [s.situation for s in report.situations] == ["armed-attack", "survival-threatening"]

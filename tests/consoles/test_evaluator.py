"""The evaluator sees the whole feed and records observations against objectives."""

from __future__ import annotations

from textual.widgets import RadioButton, Select, TextArea

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.evaluator import EvaluatorScreen
from tabletop.consoles.widgets.feed import Feed

from console_helpers import SIZE, text_of, until


def missile_launch_evaluator():
    """evaluator-1's console on missile-launch (several objectives), against the in-memory hub."""
    from pathlib import Path

    from console_fakes import Hub

    hub = Hub(Path(__file__).resolve().parents[2] / "scenarios" / "missile-launch.yaml")
    return hub, ConsoleApp("ws://x/ws", hub.codes["evaluator-1"], client_factory=hub.client, now=hub.now)


async def test_evaluator_sees_everything_and_records_an_observation(live):
    app = ConsoleApp(live.url, live.codes["evaluator-1"])
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EvaluatorScreen) and app.screen._ready, "evaluator console")
        screen = app.screen
        await live.control({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I02"})
        # I02 goes to red.lead only; evaluators see it all the same.
        await until(pilot, lambda: "Red only" in text_of(screen.query_one(Feed)), "red-only inject in the feed")

        screen.query_one("#objective", Select).value = "OBJ1"
        screen.query_one("#rating-S", RadioButton).value = True
        screen.query_one("#notes", TextArea).text = "Warning reached blue in under a minute"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Recorded" in text_of(screen.query_one("#obs-result")), "recorded")
        assert "OBJ1 [S]" in text_of(screen.query_one("#obs-result"))  # "[S]" is shown, not read as markup
        obs = [e for e in live.session.store.read() if e.type == "ObservationRecorded"]
        assert obs[-1].data == {"objective": "OBJ1", "rating": "S", "text": "Warning reached blue in under a minute"}
        await until(pilot, lambda: "OBJ1 [S]" in text_of(screen.query_one("#recorded")), "listed as recorded")
        assert screen.query_one("#notes", TextArea).text == ""


async def test_observation_needs_objective_and_rating(live):
    app = ConsoleApp(live.url, live.codes["evaluator-1"])
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EvaluatorScreen) and app.screen._ready, "evaluator console")
        screen = app.screen
        screen.query_one("#notes", TextArea).text = "keep me"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "choose a rating" in text_of(screen.query_one("#obs-result")).lower()
        assert screen.query_one("#notes", TextArea).text == "keep me"


async def test_evaluator_console_opens_on_a_scenario_with_several_objectives():
    """missile-launch has several objectives: the objective list starts empty (it once crashed the console)."""
    hub, app = missile_launch_evaluator()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EvaluatorScreen) and app.screen._ready, "evaluator console")
        screen = app.screen
        screen.query_one("#rating-P", RadioButton).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "choose the objective" in text_of(screen.query_one("#obs-result")).lower(),
                    "asked for the objective")
        assert not [c for s, c in hub.sent if c.get("type") == "observation"]
        screen.query_one("#objective", Select).value = "OBJ2"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Recorded" in text_of(screen.query_one("#obs-result")), "recorded")
        assert [c["objective"] for s, c in hub.sent if c.get("type") == "observation"] == ["OBJ2"]


async def test_observation_form_speaks_japanese_and_keeps_what_was_entered():
    """F9 switches the evaluator's form to Japanese; the chosen objective, rating and notes stay."""
    from textual.widgets import Button, Label

    hub, app = missile_launch_evaluator()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EvaluatorScreen) and app.screen._ready, "evaluator console")
        screen = app.screen
        screen.query_one("#objective", Select).value = "OBJ2"
        screen.query_one("#rating-M", RadioButton).value = True
        screen.query_one("#notes", TextArea).text = "ACM convened late"
        await pilot.press("f9")
        await until(pilot, lambda: str(screen.query_one("#rating-label", Label).render()) == "評価", "form in Japanese")
        assert str(screen.query_one("#rating-M", RadioButton).label) == "M — 重大な課題ありで実施"
        assert str(screen.query_one("#record", Button).label).startswith("所見を記録")
        assert str(screen.query_one(Feed).border_title) == "演習の経過（全件）"
        assert screen.query_one("#objective", Select).value == "OBJ2"
        assert screen.query_one("#rating-M", RadioButton).value is True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "記録済み" in text_of(screen.query_one("#obs-result")), "recorded, in Japanese")
        sent = [c for s, c in hub.sent if c.get("type") == "observation"]
        assert sent and (sent[-1]["objective"], sent[-1]["rating"], sent[-1]["text"]) == ("OBJ2", "M", "ACM convened late")


async def test_the_evaluators_badge_says_evaluator_not_control(live):
    app = ConsoleApp(live.url, live.codes["evaluator-1"])
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EvaluatorScreen) and app.screen._ready, "evaluator console")
        banner = text_of(app.screen.query_one("RoleBanner"))
        assert banner.startswith(" EVAL ") and "CTL" not in banner

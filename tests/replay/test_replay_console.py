"""`tabletop replay`: the facilitator console, read-only, follows its timeline scrubber.
Driven with a Pilot, as a facilitator would: keys, the go-to box, a click on the bar."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "consoles"))
from console_helpers import SIZE, text_of, until  # noqa: E402

from tabletop.consoles.messages import CommandRequested  # noqa: E402
from tabletop.consoles.screens.replay import ReplayApp  # noqa: E402
from tabletop.consoles.widgets.feed import Feed  # noqa: E402
from tabletop.consoles.widgets.msel_table import MselTable  # noqa: E402
from tabletop.consoles.widgets.scenario_clock import ScenarioClock  # noqa: E402
from tabletop.consoles.widgets.situation_board import SituationBoard  # noqa: E402
from tabletop.consoles.widgets.timeline_scrubber import TimelineScrubber  # noqa: E402
from tabletop.engine import events as ev  # noqa: E402
from tabletop.replay import Timeline  # noqa: E402
from replay_helpers import played_from  # noqa: E402


@pytest.fixture(scope="module")
def played(played_log):
    return played_from(played_log)


def state_cell(screen, inject: str) -> str:
    return str(screen.query_one(MselTable).get_cell(inject, "state"))


def shown(screen, widget) -> str:
    return text_of(screen.query_one(widget))


async def test_the_scrubber_steps_the_console_through_the_exercise(played):
    sent: list = []
    point, total = Timeline(played.events).point("D8", ["D8"]), len(played.events)
    app = ReplayApp(played, point, db="ml.db")
    async with app.run_test(size=SIZE, message_hook=lambda m: sent.append(m)) as pilot:
        screen = app.console_screen
        await until(pilot, lambda: f"event #{point} of {total}" in shown(screen, TimelineScrubber),
                    "opened just before D8")
        # As it stood before the President answered: D8 open, its countdown as it was; I15A not out yet.
        board = shown(screen, SituationBoard)
        assert "D8" in board and "9:00" in board
        assert state_cell(screen, "I10").startswith("released") and state_cell(screen, "I15A") == "pending"
        feed = shown(screen, Feed)  # the feed names options by their labels
        assert "D9 → Issue an Ambassador's statement" in feed and "Package A: show of force" not in feed
        assert "REPLAY · read-only · ml.db" in shown(screen, "#hint")

        await pilot.press("right")  # the President's move
        await until(pilot, lambda: f"event #{point + 1} of {total}" in shown(screen, TimelineScrubber), "one event on")
        assert "President of the United States: D8" in shown(screen, TimelineScrubber)
        await pilot.press("right")  # ... and D8 resolved: off the board
        await until(pilot, lambda: "D8" not in shown(screen, SituationBoard), "D8 answered")

        await pilot.press("right_square_bracket")  # the next inject
        i11 = next(e for e in played.events if e.type == ev.INJECT_RELEASED and e.data["inject"] == "I11")
        await until(pilot, lambda: f"event #{i11.seq} of" in shown(screen, TimelineScrubber), "I11 released")
        assert state_cell(screen, "I11") == "released +00:58:00"
        await pilot.press("full_stop")  # the next decision moment: D10 opens with I11
        await until(pilot, lambda: "D10" in shown(screen, SituationBoard), "D10 open")

        await pilot.press("g")
        await pilot.press(*"+01:45", "enter")
        at = Timeline(played.events).point("+01:45")
        await until(pilot, lambda: f"event #{at} of" in shown(screen, TimelineScrubber), "went to +01:45")
        assert screen.query_one(ScenarioClock).at == Timeline(played.events).time_at(at) <= 105 * 60
        assert state_cell(screen, "I15A").startswith("released")  # the Guam branch, as played

        await pilot.press("end")
        await until(pilot, lambda: screen.query_one(ScenarioClock).phase == "ended", "the end: ENDEX")
        await pilot.press("home")
        await until(pilot, lambda: "before the first event" in shown(screen, TimelineScrubber), "the start")
        assert screen.query_one(ScenarioClock).phase == "created" and state_cell(screen, "I01") == "pending"

        bar = screen.query_one(TimelineScrubber)
        await pilot.click(TimelineScrubber, offset=(2 + (bar.size.width - 3) // 2, 1))  # the middle of the bar
        await until(pilot, lambda: abs(screen.point - len(played.events) // 2) <= 2, "the click jumped midway")
    assert not [m for m in sent if isinstance(m, CommandRequested)]  # read-only: nothing was ever sent


def footer_of(screen) -> str:
    return " ".join(f"{b.key_display or b.key} {b.description}" for _, b, enabled, _ in
                    screen.active_bindings.values() if b.show)


async def test_the_footer_names_the_scrubbers_keys_and_a_bad_point_says_what_the_log_holds(played):
    app = ReplayApp(played, None)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.console_screen
        footer = " ".join(f"{b.key_display or b.key} {b.description}" for _, b, enabled, _ in
                          screen.active_bindings.values() if b.show)
        for words in ("←→ Event", "[ ] Inject", ", . Decision", "Home End", "g Go to", "q Quit"):
            assert words in footer
        assert "Release" not in footer and "Start" not in footer.replace("Start/end", "")
        screen.lang = "ja"
        await until(pilot, lambda: "←→ 事象" in footer_of(screen), "the footer in Japanese")
        for words in ("[ ] 付与", ", . 決定", "Home End 最初/最後", "g 移動", "q 終了"):
            assert words in footer_of(screen)
        assert not {"Event", "Inject", "Decision", "Go to", "Quit"} & set(footer_of(screen).split())
        screen.lang = "en"
        await until(pilot, lambda: "←→ Event" in footer_of(screen), "the footer in English again")
        await pilot.press("g")
        await pilot.press(*"D99", "enter")
        await until(pilot, lambda: "no decision point 'D99'" in text_of(app.screen.query_one("#error")),
                    "the go-to box explains")
        await pilot.press("escape")
        await pilot.press("l")
        total = len(played.events)
        await until(pilot, lambda: f"事象 #{total} / {total}" in shown(screen, TimelineScrubber), "in Japanese")
        assert "再生 · 閲覧のみ" in shown(screen, "#hint")


def test_the_replay_console_keeps_what_the_live_console_would_have_kept_at_every_point(played):
    """Blocked moves awaiting a ruling and ad-hoc injects, at each point, jumping at random:
    the same as the live facilitator's view folded event by event up to there."""
    import random

    from tabletop.consoles.model import ControlView
    from tabletop.consoles.screens.replay import ReplayView
    from tabletop.replay import Replay

    view = ReplayView(played, Replay(played.initial(), played.events, every=16))
    live = ControlView({"control": {"scenario_text": "x"}}, loader=lambda *_: played.loaded)
    expected = {0: ([], [])}
    for e in played.events:
        live.apply(e)
        expected[e.seq] = ([x.seq for x in live.pending_rulings()], [a.inject for a in live.adhoc])
    assert any(rulings for rulings, _ in expected.values())  # the log has blocks awaiting a ruling
    points = list(expected)
    random.Random(3).shuffle(points)
    for n in points:
        view.goto(n)
        assert ([x.seq for x in view.pending_rulings()], [a.inject for a in view.adhoc]) == expected[n], n
        assert view.state.last_seq == n

"""The facilitator's situation board shows every recognised situation at once."""

from __future__ import annotations

from pathlib import Path

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.facilitator import FacilitatorScreen
from tabletop.consoles.widgets.situation_board import SituationBoard

from console_helpers import SIZE, text_of, until

COINCIDING = Path(__file__).resolve().parent.parent / "fixtures" / "coinciding.yaml"


async def test_the_board_shows_an_armed_attack_and_a_survival_threatening_situation_together():
    from console_fakes import Hub

    hub = Hub(COINCIDING)
    hub.handle("control", {"type": "start"})
    for inject in ("I01", "I02"):
        hub.handle("control", {"type": "release", "inject": inject})
    for action in ("jp.convene-nsc-nine-minister", "jp.recognize-armed-attack-situation",
                   "jp.recognize-survival-threatening-situation"):
        assert hub.handle("jp.pm", {"type": "action", "action": action, "text": ""})["status"] == "accepted", action
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "console")
        board = app.screen.query_one(SituationBoard)
        await until(pilot, lambda: "Survival-Threatening" in text_of(board), "both situations on the board")
        first = text_of(board).splitlines()[0]
        assert "Armed Attack Situation" in first and "Survival-Threatening Situation" in first
        hub.handle("jp.pm", {"type": "action", "action": "jp.end-survival-threatening-situation", "text": ""})
        await until(pilot, lambda: "Survival-Threatening" not in text_of(board).splitlines()[0], "one ended")
        assert "Armed Attack Situation" in text_of(board).splitlines()[0]


async def test_a_japanese_console_cites_the_law_in_its_japanese_form():
    """A blocked move in the facilitator's feed, in Japanese: 自衛隊法第88条, not 'SDF Act Art. 88'."""
    from console_fakes import Hub

    from tabletop.consoles.widgets.feed import Feed

    hub = Hub(COINCIDING)
    hub.handle("control", {"type": "start"})
    assert hub.handle("jp.jjoc", {"type": "action", "action": "jp.use-of-force", "text": ""})["status"] == "blocked"
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now, lang="ja")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "console")
        feed = app.screen.query_one(Feed)
        await until(pilot, lambda: "自衛隊法第88条" in text_of(feed), "the Japanese citation in the feed")
        assert "SDF Act" not in text_of(feed)

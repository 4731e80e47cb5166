"""A historical replay says so on every console's banner (scenario format tabletop/2 `basis`):
the participant's console of tests/fixtures/mini2.yaml, against a real session server."""

from __future__ import annotations

from pathlib import Path

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.participant import ParticipantScreen
from tabletop.consoles.widgets.classification_banner import ClassificationBanner

from console_helpers import SIZE, text_of, until

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


async def test_given_a_historical_scenario_then_the_participants_banner_says_historical_replay():
    from tabletop.server.app import open_exercise, start_server

    session, codes = open_exercise(str(FIXTURES / "mini2.yaml"), db=":memory:")
    handle = await start_server(session, codes, "127.0.0.1", 0)
    try:
        app = ConsoleApp(handle.url, codes["red.lead"])
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen._ready, "console")
            banner = text_of(app.screen.query_one(ClassificationBanner))
            assert banner == "EXERCISE EXERCISE EXERCISE / 演習 · HISTORICAL REPLAY / 史実の再現"
    finally:
        await handle.close()


def test_the_default_banner_carries_its_japanese_and_a_scenarios_own_stays():
    """The default HSEEP marking carries its Japanese (docs/decisions.md); a scenario's own stays as written."""
    assert str(ClassificationBanner("EXERCISE EXERCISE EXERCISE").render()) == "EXERCISE EXERCISE EXERCISE / 演習"
    assert str(ClassificationBanner("EXERCISE — UNCLASSIFIED").render()) == "EXERCISE — UNCLASSIFIED"

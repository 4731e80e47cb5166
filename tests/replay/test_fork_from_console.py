"""Point 4: at the hotwash, the facilitator forks the exercise at a decision from the
console ("Fork here", F), choosing the option to play instead."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "consoles"))
from console_helpers import SIZE, until  # noqa: E402

from tabletop.consoles.app import ConsoleApp, Launch  # noqa: E402
from tabletop.consoles.screens.facilitator import FacilitatorScreen  # noqa: E402
from tabletop.consoles.screens.fork import ForkScreen  # noqa: E402
from tabletop.engine import events as ev  # noqa: E402
from tabletop.replay.fork import check_fork  # noqa: E402
from tabletop.store import SqliteStore  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
async def served(tmp_path):
    """The mini exercise played to ENDEX on a real server, its log in a file: D1 answered `hold`."""
    from tabletop.client import Client
    from tabletop.server.app import open_exercise, start_server

    db = tmp_path / "mini.db"
    session, codes = open_exercise(str(FIXTURES / "mini.yaml"), db=str(db))
    handle = await start_server(session, codes, "127.0.0.1", 0)
    control, ops = Client(handle.url, codes["control"]), Client(handle.url, codes["blue.ops"])
    await control.connect()
    await ops.connect()
    for command in ({"type": "start"}, {"type": "release", "inject": "I01"}):
        assert (await control.send(command))["status"] == "accepted"
    assert (await ops.send({"type": "move", "decision": "D1", "option": "hold", "text": "wait"}))["status"] == "accepted"
    assert (await control.send({"type": "end"}))["status"] == "accepted"
    try:
        yield handle, codes, db
    finally:
        await control.close()
        await ops.close()
        await handle.close()
        session.store.close()


def shown_keys(screen) -> set[str]:
    return {b.action for _, b, enabled, _ in screen.active_bindings.values() if b.show}


async def test_fork_here_at_the_hotwash_forks_at_the_chosen_decision_to_play_the_other_option(served):
    handle, codes, db = served
    notes: list[str] = []
    app = ConsoleApp(handle.url, codes["control"], launch=Launch(handle.url, codes, None, str(db)))
    app.notify = lambda message, **kw: notes.append(message)  # what the facilitator is told
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen.view.state.phase == "ended",
                    "the console at ENDEX")
        screen = app.screen
        await until(pilot, lambda: "fork" in shown_keys(screen), "Fork here in the footer at the hotwash")
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, ForkScreen), "the fork dialog")
        await pilot.press("enter")  # D1, the only decision answered
        await until(pilot, lambda: app.screen.chosen is not None, "asked for the option")
        await pilot.press("enter")  # the option not played: strike
        forked = db.with_name("mini-D1-strike.db")
        await until(pilot, lambda: any("Forked into" in n for n in notes), "told where the fork is", timeout=30)
    assert any(f"tabletop run --resume {forked}" in n for n in notes)
    fork, parent = SqliteStore(forked, create=False), SqliteStore(db, create=False)
    try:
        events = list(fork.read())
        f = next(e for e in events if e.type == ev.FORKED)
        assert (f.data["decision"], f.data["option"]) == ("D1", "strike")
        answered = list(parent.read())[f.data["point"]]
        assert (answered.type, answered.data["option"]) == (ev.MOVE_SUBMITTED, "hold")
        assert check_fork(events, parent).ok
    finally:
        fork.close()
        parent.close()


async def test_fork_here_is_not_offered_before_endex(tmp_path):
    from tabletop.server.app import open_exercise, start_server

    session, codes = open_exercise(str(FIXTURES / "mini.yaml"), db=str(tmp_path / "live.db"))
    handle = await start_server(session, codes, "127.0.0.1", 0)
    app = ConsoleApp(handle.url, codes["control"], launch=Launch(handle.url, codes, None, str(tmp_path / "live.db")))
    try:
        await _not_offered(app)
    finally:
        await handle.close()
        session.store.close()


async def _not_offered(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "the console")
        assert "fork" not in shown_keys(app.screen) and "report" in shown_keys(app.screen)
        await pilot.press("F")
        await pilot.pause()
        assert not isinstance(app.screen, ForkScreen)

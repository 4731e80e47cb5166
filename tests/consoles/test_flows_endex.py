"""Ending the exercise (#24, found by a new user): the end prompt names the blocked moves not ruled
on and the decisions still open, so the facilitator can see to them first (after ENDEX the engine
takes no ruling); once ended, the panels stop counting down and say the exercise has ended."""

from __future__ import annotations

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.confirm import ConfirmScreen
from tabletop.consoles.widgets.decision_card import DecisionCard
from tabletop.consoles.widgets.msel_table import MselTable
from tabletop.consoles.widgets.situation_board import SituationBoard

from console_helpers import text_of, until
from test_facilitator import control_console, facilitator
from test_participant import participant


def blocked_strike(hub) -> int:
    """blue.ops tries the strike the rules block (D1 open); its MoveBlocked's seq."""
    assert hub.handle("blue.ops", {"type": "move", "decision": "D1", "option": "strike", "text": ""})["status"] == "blocked"
    return max(e.seq for e in hub.session.store.read() if e.type == "MoveBlocked")


async def test_the_end_prompt_names_the_blocked_move_not_ruled_on_and_the_open_decision():
    hub, app = control_console("I01")
    seq = blocked_strike(hub)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await facilitator(pilot, app)
        await until(pilot, lambda: "Awaiting a ruling" in text_of(screen.query_one(SituationBoard)), "the block")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the end prompt")
        question = text_of(app.screen.query_one("#question"))
        assert f"#{seq} Blue Operations: Strike" in question
        assert "1 blocked move(s) not ruled on" in question and "Cancel, then u" in question
        assert "D1 (Blue Operations)" in question
        await pilot.press("n")  # rule first
        await until(pilot, lambda: app.screen is screen, "back on the console")
        assert not [e for e in hub.session.store.read() if e.type == "ExerciseEnded"]


async def test_the_end_prompt_in_japanese_names_them_too():
    hub, app = control_console("I01")
    seq = blocked_strike(hub)
    app.lang = "ja"
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await facilitator(pilot, app)
        await until(pilot, lambda: screen.lang == "ja" and "裁定待ち" in text_of(screen.query_one(SituationBoard)),
                    "the block, in Japanese")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the end prompt")
        question = text_of(app.screen.query_one("#question"))
        assert f"#{seq} " in question and "未裁定のものが1件" in question and "D1（" in question


async def test_a_prompt_with_nothing_left_open_names_nothing():
    hub, app = control_console()
    async with app.run_test(size=(200, 50)) as pilot:
        await facilitator(pilot, app)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the end prompt")
        question = text_of(app.screen.query_one("#question"))
        assert "not ruled on" not in question and "still open" not in question


async def test_after_endex_the_board_and_msel_stop_counting_down_and_say_it_ended():
    hub, app = control_console("I01")
    seq = blocked_strike(hub)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await facilitator(pilot, app)
        board, msel = screen.query_one(SituationBoard), screen.query_one(MselTable)
        await until(pilot, lambda: "decide" not in text_of(board) and "Awaiting a ruling" in text_of(board), "live")
        assert "▶" in "".join(str(msel.get_cell(i, "mark")) for i in ("I02", "I03", "I04"))
        await pilot.press("e", "y")
        await until(pilot, lambda: "Exercise ended (ENDEX) at" in text_of(board), "the board says it ended")
        text = text_of(board)
        assert "Awaiting a ruling" not in text and "(u)" not in text  # no key offered that the engine refuses
        assert "Blocked moves never ruled on" in text and f"#{seq}" in text
        assert "Decisions left open at ENDEX" in text and "not decided" in text
        assert "0:0" not in text.split("Decisions left open at ENDEX")[1].split("\n")[1]  # no frozen countdown
        await until(pilot, lambda: "not released" in str(msel.get_cell("I02", "state")), "the MSEL too")
        assert not any(str(msel.get_cell(i, "mark")) for i in ("I02", "I03", "I04"))  # nothing is ▶ next


async def test_after_endex_a_seat_decision_card_says_closed_and_counts_nothing():
    from console_fakes import Hub

    hub = Hub()
    for command in ({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"}):
        hub.handle("control", command)
    app = ConsoleApp("ws://x/ws", hub.codes["blue.ops"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query(DecisionCard), "the D1 card")
        card = screen.query_one(DecisionCard)
        await until(pilot, lambda: "decide within" in text_of(card.query_one("#countdown")), "a live countdown")
        hub.handle("control", {"type": "end"})
        await until(pilot, lambda: "Closed at ENDEX" in text_of(card.query_one("#countdown")), "closed, said")
        hub.advance(120)
        await pilot.pause()
        assert "decide within" not in text_of(card.query_one("#countdown"))

"""The facilitator's main flows against a real session server: start, set the
speed, release, pause, rule on a blocked move, skip, end — by key, as a
facilitator would, checking what the console shows and what the log holds."""

from __future__ import annotations

import re

from textual.widgets import Input

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.confirm import ConfirmScreen
from tabletop.consoles.screens.facilitator import FacilitatorScreen
from tabletop.consoles.screens.ruling import RulingScreen
from tabletop.consoles.screens.speed import SpeedScreen
from tabletop.consoles.widgets.feed import Feed
from tabletop.consoles.widgets.msel_table import MselTable
from tabletop.consoles.widgets.scenario_clock import ScenarioClock
from tabletop.consoles.widgets.seats_table import SeatsTable
from tabletop.consoles.widgets.situation_board import SituationBoard

from console_helpers import SIZE, text_of, until


def logged(live, type_: str) -> list:
    return [e for e in live.session.store.read() if e.type == type_]


async def facilitator(pilot, app) -> FacilitatorScreen:
    await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "facilitator console")
    return app.screen


def control_console(*injects: str):
    """The facilitator's console on the in-memory hub, the exercise started, paused, these injects out."""
    from console_fakes import Hub

    hub = Hub()
    for command in ({"type": "start"}, {"type": "pause"}, *({"type": "release", "inject": i} for i in injects)):
        hub.handle("control", command)
    return hub, ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)


async def test_start_speed_release_pause_rule_skip_end(live):
    app = ConsoleApp(live.url, live.codes["control"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        assert "NOT STARTED" in text_of(screen.query_one(ScenarioClock).query_one("#phase"))

        await pilot.press("s")
        await until(pilot, lambda: screen.view.state.phase == "running", "STARTEX")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, SpeedScreen), "speed dialog")
        app.screen.query_one(Input).value = "1"
        await pilot.press("enter")
        await until(pilot, lambda: screen.view.state.clock.speed == 1, "speed 1")

        # Release the first inject (the MSEL's cursor starts on it) ahead of its time.
        assert screen.query_one(MselTable).selected_inject == "I01"
        await pilot.press("r")
        await until(pilot, lambda: screen.view.state.inject("I01").status == "released", "I01 released")
        await until(pilot, lambda: "released" in str(screen.query_one(MselTable).get_cell("I01", "state")),
                    "MSEL shows I01 released")
        await until(pilot, lambda: "D1" in text_of(screen.query_one(SituationBoard)), "D1 on the situation board")

        await pilot.press("p")
        await until(pilot, lambda: screen.view.state.phase == "paused", "clock paused")
        await until(pilot, lambda: "PAUSED" in text_of(screen.query_one(ScenarioClock).query_one("#phase")),
                    "PAUSED shown")
        assert logged(live, "ClockPaused")

        # A player tries a strike the rules block; control sees it waiting for a ruling, with its citation.
        ops = await live.client("blue.ops")
        result = await ops.send({"type": "move", "decision": "D1", "option": "strike", "text": "now"})
        assert result["status"] == "blocked"
        await until(pilot, lambda: "Awaiting a ruling" in text_of(screen.query_one(SituationBoard)),
                    "blocked move awaiting a ruling")
        await until(pilot, lambda: "Mini Act Art. 3" in text_of(screen.query_one(Feed)), "the block cited in the feed")

        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, RulingScreen), "ruling dialog")
        # no verdict is pre-chosen: Enter alone records nothing
        await until(pilot, lambda: app.focused is app.screen.query_one("#verdict"), "the verdict first")
        await pilot.press("tab", *"Approved by phone", "enter")
        await until(pilot, lambda: "Choose a verdict" in text_of(app.screen.query_one("#error")), "asked for one")
        await pilot.press("shift+tab", "space", "tab", "enter")  # Overrule, then the reason already typed
        await until(pilot, lambda: screen.view.state.decision("D1").status == "resolved", "D1 resolved by the ruling")
        ruling = logged(live, "RulingMade")[-1]
        assert ruling.data["verdict"] == "overrule" and ruling.data["reason"] == "Approved by phone"
        await until(pilot, lambda: "RULING" in text_of(screen.query_one(Feed)), "the ruling in the feed")

        # Skipping asks first; "n" keeps the inject, "y" skips it. The cursor moved on to ▶ next with the release.
        assert screen.query_one(MselTable).selected_inject == "I02"
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirmation")
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen, "back to the console")
        assert screen.view.state.inject("I02").status == "pending"
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirmation")
        await pilot.press("y")
        await until(pilot, lambda: screen.view.state.inject("I02").status == "skipped", "I02 skipped")

        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "end confirmation")
        await pilot.press("y")
        await until(pilot, lambda: screen.view.state.phase == "ended", "ENDEX")
        assert logged(live, "ExerciseEnded")


async def test_adhoc_inject_reaches_only_the_chosen_seat(live):
    app = ConsoleApp(live.url, live.codes["control"])
    received: list[dict] = []
    await live.client("red.lead", on_event=received.append)
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        await pilot.press("a")
        from tabletop.consoles.screens.adhoc import AdhocScreen
        from textual.widgets import SelectionList, TextArea

        await until(pilot, lambda: isinstance(app.screen, AdhocScreen), "ad-hoc dialog")
        modal = app.screen
        # the seats have the cursor: Space ticks the highlighted one (the first seat), Space again unticks it
        await until(pilot, lambda: app.focused is modal.query_one(SelectionList), "the seats first")
        await pilot.press("space")
        await until(pilot, lambda: len(modal.query_one(SelectionList).selected) == 1, "a seat ticked by key")
        await pilot.press("space")
        await until(pilot, lambda: not modal.query_one(SelectionList).selected, "and unticked")
        modal.query_one(SelectionList).select("red.lead")
        modal.query_one("#title-en", Input).value = "Fishing fleet sighted"
        modal.query_one("#body", TextArea).text = "Two hundred boats off the coast."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.view.adhoc, "ad-hoc inject logged")
        await until(pilot, lambda: any(e["type"] == "InjectReleased" for e in received), "red.lead receives it")
        assert received[-1]["data"]["title"]["en"] == "Fishing fleet sighted"
        await until(pilot, lambda: "X01" in str(screen.query_one(MselTable).get_cell("X01", "id")), "X01 in the MSEL")


async def test_command_palette_releases_an_inject_by_name(live):
    app = ConsoleApp(live.url, live.codes["control"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.press(*"release I02")
        await until(pilot, lambda: "Release I02" in text_of_palette(app), "the palette offers Release I02")
        await pilot.press("enter")
        await until(pilot, lambda: screen.view.state.inject("I02").status == "released", "I02 released")


def text_of_palette(app) -> str:
    from textual.command import CommandList

    try:
        options = app.screen.query_one(CommandList)
    except Exception:
        return ""
    return " ".join(str(options.get_option_at_index(i).prompt) for i in range(options.option_count))


async def test_report_is_written_from_the_console(tmp_path, monkeypatch):
    import os

    from tabletop.consoles.cli import prepare_run

    repo = os.getcwd()
    monkeypatch.chdir(tmp_path)
    server, started, app = prepare_run(f"{repo}/tests/fixtures/mini.yaml", None, None, "127.0.0.1", 0)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await facilitator(pilot, app)
            await pilot.press("w")
            await app.workers.wait_for_complete()
            await until(pilot, lambda: any("Report written" in str(n.message) or "report module" in str(n.message)
                                           for n in app._notifications), "the console says where the report is")
    finally:
        server.stop()
    messages = " ".join(str(n.message) for n in app._notifications)
    if "report module not installed" not in messages:
        written = list((tmp_path / "reports").rglob("*-aar-en.*"))
        assert {p.suffix for p in written} == {".html", ".pdf"}, messages
        html_note, pdf_note = [str(n.message) for n in app._notifications if "Report written" in str(n.message)]
        assert "-aar-en.html" in html_note and "the PDF follows" in html_note and "-aar-en.pdf" in pdf_note


async def test_a_report_that_cannot_be_written_says_why_in_the_console(tmp_path):
    """The report is written by `tabletop report` in a process of its own: its message for the user
    (here: the file is no exercise log) is the console's."""
    hub, app = control_console()
    not_a_log = tmp_path / "notes.db"
    not_a_log.write_text("minutes of the last exercise", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        screen.write_report(str(not_a_log))
        await app.workers.wait_for_complete()
        await until(pilot, lambda: any("Report failed" in str(n.message) for n in app._notifications),
                    "the console says the report failed")
    (failed,) = [str(n.message) for n in app._notifications if "Report failed" in str(n.message)]
    assert "not a tabletop exercise log" in failed and "Traceback" not in failed


async def test_a_blocked_move_made_good_since_no_longer_awaits_a_ruling():
    """Blocked, then the approval comes and the seat tries again, accepted: nothing left to rule on."""
    hub, app = control_console("I01", "I02")
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        board = screen.query_one(SituationBoard)
        assert hub.handle("blue.ops", {"type": "move", "decision": "D1", "option": "strike", "text": ""})["status"] == "blocked"
        await until(pilot, lambda: "Awaiting a ruling" in text_of(board), "the block awaits a ruling")
        hub.handle("blue.lead", {"type": "action", "action": "blue.approve", "text": ""})
        assert hub.handle("blue.ops", {"type": "move", "decision": "D1", "option": "strike", "text": ""})["status"] == "accepted"
        await until(pilot, lambda: "Awaiting a ruling" not in text_of(board), "no longer awaiting a ruling")
        assert screen.blocked_choices() == []


async def test_a_blocked_option_of_a_decision_answered_since_no_longer_awaits_a_ruling():
    """Blocked on D1, then D1 answered with another option: overruling would answer it twice; not offered."""
    hub, app = control_console("I01")
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        board = screen.query_one(SituationBoard)
        assert hub.handle("blue.ops", {"type": "move", "decision": "D1", "option": "strike", "text": ""})["status"] == "blocked"
        await until(pilot, lambda: "Awaiting a ruling" in text_of(board), "the block awaits a ruling")
        assert hub.handle("blue.ops", {"type": "move", "decision": "D1", "option": "hold", "text": ""})["status"] == "accepted"
        await until(pilot, lambda: "Awaiting a ruling" not in text_of(board), "no longer awaiting a ruling")
        assert screen.blocked_choices() == []


async def test_the_situation_board_puts_rulings_first_and_scrolls_rather_than_clips():
    """Blocked moves awaiting a ruling come first after the legal situation; a board longer than its
    box scrolls (it was clipped, hiding the later blocked moves)."""
    from console_fakes import Hub

    hub = Hub()
    for command in ({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"}):
        hub.handle("control", command)
    for n in range(30):
        hub.handle("blue.ops", {"type": "action", "action": "blue.strike", "text": f"try {n}"})
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        board = screen.query_one(SituationBoard)
        await until(pilot, lambda: "Awaiting a ruling" in text_of(board), "blocked moves on the board")
        text = text_of(board)
        assert text.index("Awaiting a ruling") < text.index("Open decisions") < text.index("Facts")
        box = screen.query_one("#board")
        await until(pilot, lambda: box.max_scroll_y > 0, "the board scrolls")


async def test_the_ruling_dialog_shows_each_verdict_in_full():
    """The three verdicts were side by side and cut ("Overrule — the move goes …")."""
    from textual.widgets import RadioButton

    from console_fakes import Hub

    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SIZE) as pilot:
        await facilitator(pilot, app)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, RulingScreen), "ruling dialog")
        await pilot.pause()
        for button in app.screen.query(RadioButton):
            label = str(button.label)
            assert button.region.width >= len(label) + 4, label


async def test_releasing_an_inject_already_out_points_to_the_next_one():
    hub, app = control_console("I01")
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        # the cursor starts on ▶ next; the facilitator moves it up to the inject already out
        await until(pilot, lambda: screen.query_one(MselTable).selected_inject == "I02", "cursor on ▶ next")
        await pilot.press("up")
        await until(pilot, lambda: screen.query_one(MselTable).selected_inject == "I01", "cursor on I01")
        sent = len(hub.sent)
        await pilot.press("r")
        await until(pilot, lambda: any("I01 is released" in n.message and "next is I02" in n.message
                                       for n in app._notifications), "told what to do instead")
        assert len(hub.sent) == sent  # nothing sent
        await pilot.press("h")
        await until(pilot, lambda: any("nothing to hold" in n.message for n in app._notifications), "hold too")


async def test_in_japanese_the_facilitator_is_told_in_japanese_what_to_do_instead():
    hub, app = control_console("I01")
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        await pilot.press("l")
        await until(pilot, lambda: screen.lang == "ja", "日本語")
        await until(pilot, lambda: screen.query_one(MselTable).selected_inject == "I02", "cursor on ▶ next")
        await pilot.press("up")
        await until(pilot, lambda: screen.query_one(MselTable).selected_inject == "I01", "cursor on I01")
        await pilot.press("h")
        await until(pilot, lambda: any("I01は付与済みのため保留できません" in n.message and "次はI02" in n.message
                                       for n in app._notifications), "told in Japanese")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "ENDEX asked")
        assert "演習を終了しますか" in app.screen.question
        assert not any("nothing to" in n.message for n in app._notifications)


async def test_facilitator_console_switches_to_japanese_and_back(live):
    """l: the MSEL, the seats, the panels and the footer's keys in Japanese; the MSEL keeps its cursor's inject."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    from tabletop.consoles.widgets.seats_table import SeatsTable

    def footer(screen) -> str:
        return " ".join(k.description for k in screen.query_one(Footer).query(FooterKey))

    app = ConsoleApp(live.url, live.codes["control"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        await pilot.press("s")
        await until(pilot, lambda: screen.view.state.phase == "running", "STARTEX")
        await pilot.press("r")
        await until(pilot, lambda: screen.view.state.inject("I01").status == "released", "I01 released")
        msel = screen.query_one(MselTable)
        await until(pilot, lambda: msel.selected_inject == "I02", "cursor moved on to ▶ next")
        await pilot.press("l")
        await until(pilot, lambda: "付与済み" in str(msel.get_cell("I01", "state")), "MSEL states in Japanese")
        assert msel.selected_inject == "I02"  # the cursor stays on its inject
        assert [str(c.label) for c in msel.columns.values()][1:] == ["時刻", "ID", "状態", "宛先", "件名"]
        assert str(msel.get_cell("I02", "state")) == "未付与"
        seats = screen.query_one(SeatsTable)
        assert str(seats.border_title) == "席" and "役割" in [str(c.label) for c in seats.columns.values()]
        assert str(screen.query_one(Feed).border_title) == "経過"
        await until(pilot, lambda: "開始" in footer(screen) and "裁定" in footer(screen), "footer keys in Japanese")
        await pilot.press("l")
        await until(pilot, lambda: str(msel.get_cell("I02", "state")) == "pending", "back in English")
        assert "Release" in footer(screen) and str(screen.query_one(Feed).border_title) == "Live feed"


async def test_a_branch_the_decisions_ruled_out_shows_it_wont_fire():
    """D1 decided hold: I03 (if D1=strike) can no longer fire, and the MSEL says so before its time."""
    hub, app = control_console("I01")
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        msel = screen.query_one(MselTable)
        assert hub.handle("blue.ops", {"type": "move", "decision": "D1", "option": "hold", "text": ""})["status"] == "accepted"
        await until(pilot, lambda: "won't fire" in str(msel.get_cell("I03", "state")), "I03 marked dead")
        assert str(msel.get_cell("I03", "state")).startswith("pending")
        assert "won't fire" not in str(msel.get_cell("I04", "state"))


def seats_row(screen, seat: str) -> str:
    table = screen.query_one(SeatsTable)
    return " ".join(getattr(cell, "plain", str(cell)) for cell in table.get_row(seat))


async def test_the_seats_table_tells_unstaffed_seats_and_a_seat_open_twice(live):
    """After STARTEX a seat nobody joined reads "played by control"; a seat whose code is open in two
    places is marked ×2 and said once; an evaluator's badge is not control's."""
    app = ConsoleApp(live.url, live.codes["control"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await facilitator(pilot, app)
        assert "played by control" not in seats_row(screen, "red.lead")  # not started: nobody is late yet
        await live.control({"type": "start"})
        await until(pilot, lambda: "played by control" in seats_row(screen, "red.lead"), "unstaffed seat told")
        await live.client("blue.ops")
        await until(pilot, lambda: "● on" in seats_row(screen, "blue.ops"), "blue.ops joined")
        assert "played by control" not in seats_row(screen, "blue.ops") and "×" not in seats_row(screen, "blue.ops")
        await live.client("blue.ops")  # the same code in a second tab
        await until(pilot, lambda: "● on ×2" in seats_row(screen, "blue.ops"), "two connections shown")
        await until(pilot, lambda: any("blue.ops is open on 2 connections" in str(n.message)
                                       for n in app._notifications), "and said")
        await live.client("evaluator-1")
        await until(pilot, lambda: screen.query_one(SeatsTable).get_row("evaluator-1"), "evaluator listed")
        assert "EVAL" in seats_row(screen, "evaluator-1") and "CTL" not in seats_row(screen, "evaluator-1")
        from test_flows_wrap import screen_lines  # as drawn: the badge whole, a blank before the role

        await until(pilot, lambda: any(re.search(r"EVAL\s+Evaluator", line) for line in screen_lines(
            screen.query_one(SeatsTable))), "the evaluator's badge and name apart")

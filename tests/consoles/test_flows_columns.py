"""Nothing a facilitator or a seat needs is cut at 200x50, in English or Japanese (#24, found by a new
user: the MSEL's State, the seats' Id, a decided card's option); at smaller sizes a cell too long
for its column ends in "…", never cut mid-word without a mark."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from rich.cells import cell_len

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.widgets.msel_table import MselTable
from tabletop.consoles.widgets.seats_table import SeatsTable

from console_helpers import until
from test_facilitator import facilitator
from test_flows_wrap import screen_lines

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p for p in (REPO / "scenarios").glob("*.yaml") if not p.name.endswith(".moves.yaml"))


def cells_of(table) -> dict[tuple[str, str], str]:
    """Each cell's text as the table holds it to draw, by (row, column)."""
    return {(row.value, column.value): getattr(table.get_cell(row, column), "plain", "")
            for row in table.rows for column in table.columns}


def too_wide(table) -> list[str]:
    """Cells with a line wider than their column: the table would cut it at the edge, unmarked."""
    widths = {key.value: column.width for key, column in table.columns.items()}
    return [f"{row}/{col}: {line!r}" for (row, col), text in cells_of(table).items()
            for line in text.split("\n") if cell_len(line) > widths[col]]


@asynccontextmanager
async def serving(path: Path, *commands: dict):
    """A session server on a scenario (log in memory), started and paused, then `commands` sent by
    control: yields (url, codes, control's client)."""
    from tabletop.client import Client
    from tabletop.server.app import open_exercise, start_server

    session, codes = open_exercise(str(path), db=":memory:")
    handle = await start_server(session, codes, "127.0.0.1", 0)
    control = Client(handle.url, codes["control"])
    await control.connect()
    for command in ({"type": "start"}, {"type": "pause"}, *commands):
        await control.send(command)
    try:
        yield handle.url, codes, control
    finally:
        await control.close()
        await handle.close()


@pytest.fixture(params=SHIPPED, ids=[p.stem for p in SHIPPED])
async def shipped(request):
    async with serving(request.param) as (url, codes, _):
        yield url, codes


@pytest.mark.parametrize("size", [(200, 50), (160, 45), (120, 40)])
@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_no_msel_or_seats_cell_is_cut_at_200x50_nor_cut_unmarked_below(shipped, lang, size):
    url, codes = shipped
    app = ConsoleApp(url, codes["control"], lang=lang)
    async with app.run_test(size=size) as pilot:
        screen = await facilitator(pilot, app)
        msel, seats = screen.query_one(MselTable), screen.query_one(SeatsTable)
        await until(pilot, lambda: msel.row_count and seats.row_count and msel._widths and seats._widths, "drawn")
        await pilot.pause()
        for table in (msel, seats):
            assert too_wide(table) == []  # at any size: what does not fit ends in …
            if size == (200, 50):
                assert [(k, text) for k, text in cells_of(table).items() if "…" in text] == [], "\n".join(str(x) for x in cells_of(table).items() if "…" in x[1])


@pytest.mark.parametrize("size", [(200, 50), (160, 45), (120, 40)])
@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_decided_card_shows_the_whole_option_it_was_decided_with(size, lang):
    """D1's first option is 108 characters long: the card's header said "Decided: Order now under
    the…" and no more."""
    from tabletop.client import Client
    from tabletop.consoles.widgets.decision_card import DecisionCard
    from tabletop.phrasebook import for_players

    from test_participant import participant

    path = REPO / "scenarios" / "missile-launch.yaml"
    async with serving(path, {"type": "release", "inject": "I01"}, {"type": "release", "inject": "I02"}) as (
            url, codes, _):
        app = ConsoleApp(url, codes["jp.mod"], lang=lang)
        async with app.run_test(size=size) as pilot:
            screen = await participant(pilot, app)
            await until(pilot, lambda: screen.query("#decision-D1"), "the D1 card")
            card = screen.query_one("#decision-D1", DecisionCard)
            option = next(o for o in card.decision.options if o["id"] == "seek-pm")
            label = for_players(option["label"][lang])
            minister = Client(url, codes["jp.mod"])
            await minister.connect()
            try:
                result = await minister.send({"type": "move", "decision": "D1", "option": "seek-pm", "text": ""})
                assert result["status"] == "accepted", result
                head = card.query_one("#countdown")

                def shown() -> str:
                    return "".join(line.strip() for line in screen_lines(head)).replace(" ", "")

                await until(pilot, lambda: label.replace(" ", "") in shown(), "the whole option in the header")
                await pilot.pause()
                assert card.query_one("#head").size.height >= head.size.height  # every line of it on show
            finally:
                await minister.close()


async def test_at_80x24_the_role_banner_and_the_inbox_shorten_with_an_ellipsis():
    """The exercise's title ran past the banner's four lines (its end lost, unmarked); an inbox item
    wrapped, and lost its last line once the list's scroll bar came."""
    from tabletop.consoles.widgets.inbox import Inbox
    from tabletop.consoles.widgets.role_banner import RoleBanner

    from test_participant import participant

    path = REPO / "scenarios" / "missile-launch.yaml"
    releases = [{"type": "release", "inject": i} for i in ("I01", "I02", "I03", "I04", "I05")]
    async with serving(path, *releases) as (url, codes, _):
        app = ConsoleApp(url, codes["jp.mod"], lang="ja")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await participant(pilot, app)
            inbox = screen.query_one(Inbox)
            await until(pilot, lambda: len(inbox.items) >= 3, "the injects in the inbox")
            await pilot.pause()
            banner = [line for line in screen_lines(screen.query_one(RoleBanner)) if line]
            assert len(banner) == 4 and banner[-1].endswith("…"), banner
            listed = [line for line in screen_lines(inbox.query_one("#inbox-list")) if line]
            assert len(listed) == len(inbox.items) and all(line.endswith("…") for line in listed[:2]), listed

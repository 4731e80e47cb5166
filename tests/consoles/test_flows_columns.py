"""Nothing a facilitator or a seat needs is cut at 200x50, in English or Japanese (#24, found by a new
user: the MSEL's State, the seats' Id, a decided card's option); at smaller sizes a cell too long
for its column ends in "…", never cut mid-word without a mark."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.widgets.msel_table import MselTable
from tabletop.consoles.widgets.seats_table import SeatsTable

from console_helpers import until
from test_facilitator import facilitator

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


@pytest.fixture(params=SHIPPED, ids=[p.stem for p in SHIPPED])
async def shipped(request):
    """A session server on a shipped scenario (log in memory), started: (url, codes)."""
    from tabletop.client import Client
    from tabletop.server.app import open_exercise, start_server

    session, codes = open_exercise(str(request.param), db=":memory:")
    handle = await start_server(session, codes, "127.0.0.1", 0)
    control = Client(handle.url, codes["control"])
    await control.connect()
    await control.send({"type": "start"})
    await control.send({"type": "pause"})
    try:
        yield handle.url, codes
    finally:
        await control.close()
        await handle.close()


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_at_200x50_no_msel_or_seats_cell_is_cut(shipped, lang):
    url, codes = shipped
    app = ConsoleApp(url, codes["control"], lang=lang)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await facilitator(pilot, app)
        msel, seats = screen.query_one(MselTable), screen.query_one(SeatsTable)
        await until(pilot, lambda: msel.row_count and seats.row_count and msel._widths and seats._widths, "drawn")
        await pilot.pause()
        for table in (msel, seats):
            assert too_wide(table) == []
            assert [(k, text) for k, text in cells_of(table).items() if "…" in text] == []

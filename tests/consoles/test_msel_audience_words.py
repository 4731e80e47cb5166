"""The facilitator's MSEL as a Japanese facilitator reads it: who an inject goes to by the roles'
names, never a mix of names and seat ids (ids only at 80 columns, where a name itself would be cut);
a line of the audience broken only between two names, those that do not fit counted; a
branch on a decision's answer named by the option's label."""

from __future__ import annotations

import re

import pytest

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.widgets.msel_table import MselTable

from console_fakes import Hub
from console_helpers import until
from tests.conftest import REPO


@pytest.mark.parametrize("size", [(160, 48), (200, 50), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_japanese_msel_names_the_audience_and_breaks_between_names(size):
    hub = Hub(REPO / "scenarios" / "missile-launch.yaml")
    titles = {r["title"]["ja"] for r in hub.welcome("control")["roles"].values()}
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now, lang="ja")
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
        table = app.console_screen.query_one(MselTable)
        await until(pilot, lambda: table.row_count and table._widths, "the MSEL laid out")
        await pilot.pause()
        audiences = {key: table.get_row(key)[4].plain for key in ("I02", "I03", "I04", "I06", "I14")}
        for key, cell in audiences.items():
            if size[0] < 100 and re.match(r"(jp|us)\.[a-z]", cell):  # a name itself cut at 80 columns: ids only
                assert all(re.fullmatch(r"((jp|us)\.[a-z]+|ほか\d+名)", x) for x in re.split(r"、\n?|\n", cell) if x), cell
                continue
            assert not re.search(r"\b(jp|us)\.[a-z]", cell), (key, cell)
            for line in cell.split("\n"):
                for name in filter(None, re.split(r"、|ほか\d+名", line)):
                    assert name in titles or name in ("全員", "日本全体", "米国全体") or name.endswith("…"), (key, line)
        if size[0] >= 160:  # at 80 columns a name longer than the column is shortened with "…", by itself
            assert audiences["I04"] in ("内閣総理大臣、内閣官房長官", "内閣総理大臣、\n内閣官房長官")
        title = table.get_row("I14")[5].plain.replace("\n", "")
        if size[0] >= 200:  # narrower, where the label would be cut, the answer is named by its id
            assert "⑂ 条件：D12で「BOCCを通じて武器等防護を要請する」を選択" in title and "D12=request" not in title

"""Columns line up in terminal cells, Japanese as English: the feed's text starts in one column
whatever the row's tag and whether it opens with a side's badge (行動/通信/振り返り were one
cell right), and the situation board's prompts do not move when a countdown gains a digit.
Measured on the rendered lines with rich.cells.cell_len, as the terminal counts them."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.facilitator import FacilitatorScreen
from tabletop.consoles.widgets.feed import Feed
from tabletop.consoles.widgets.situation_board import SituationBoard

from console_fakes import Hub
from console_helpers import SIZE, until
from tests.conftest import REPO

TIME = re.compile(r"^[+-]\d\d:\d\d:\d\d ")


def first_letter(strip) -> tuple[int, str]:
    """The cell of the first letter after the time and the tag (a badge's background is no letter),
    and the row's tag, as the terminal shows them."""
    text = strip.text
    tag = text[10:].split(" ", 1)[0]
    cell = 10 + cell_len(tag)
    rest = text[10 + len(tag):]
    return cell + cell_len(rest) - cell_len(rest.lstrip(" ")), tag


def played() -> Hub:
    hub = Hub(REPO / "scenarios" / "missile-launch.yaml")
    hub.handle("control", {"type": "start"})
    hub.advance(300)
    hub.handle("jp.mod", {"type": "action", "action": "jp.order-bmd-destruction", "text": "今すぐ命じる"})
    hub.handle("jp.mod", {"type": "message", "to": ["jp.pm"], "text": "承認を求めます"})
    hub.handle("us.usfj", {"type": "action", "action": "us.track-and-report", "text": "tracks passed"})
    hub.handle("jp.pm", {"type": "hotwash", "strengths": "速い", "improvements": ""})
    hub.advance(60)
    return hub


@pytest.mark.parametrize("lang, tags", [("ja", {"行動", "通信", "振り返り", "付与", "阻止", "決定事項"}),
                                        ("en", {"MOVE", "MESSAGE", "HOTWASH", "INJECT", "BLOCKED", "DECISION"})])
async def test_every_feed_row_starts_its_text_in_one_column(lang, tags):
    hub = played()
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "console")
        feed = app.screen.query_one(Feed)
        rows = lambda: [first_letter(s) for s in feed.lines if TIME.match(s.text)]  # noqa: E731
        await until(pilot, lambda: tags <= {tag for _, tag in rows()}, f"{sorted(tags)} in the feed")
        columns = {}
        for cell, tag in rows():
            columns.setdefault(cell, set()).add(tag)
        assert list(columns) == [20], columns


def rows(hub: Hub, lang: str) -> dict[str, tuple[int, int]]:
    """Each open decision's row on the board as control sees it now: the cells its role's name and
    its prompt start in."""
    from rich.console import Console

    from tabletop.consoles.model import ControlView, pick

    view = ControlView(hub.welcome("control"))
    for e in hub.session.store.read():
        view.apply(e)
    board = SituationBoard.board(view, view.state.clock.at(hub.now()), lang)
    console = Console(width=64, color_system=None, legacy_windows=False)
    out = {}
    for line in console.render_lines(board, pad=False):
        text = "".join(segment.text for segment in line)
        for key, d in view.state.decisions.items():
            decision = view.scenario.decision(key)[1]
            role, prompt = view.lexicon.role(decision.to, lang), pick(decision.prompt, lang)[:6]
            if d.status == "open" and text.startswith(f"{key} ") and role in text and prompt in text:
                out[key] = (cell_len(text[:text.index(role)]), cell_len(text[:text.index(prompt)]))
    return out


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_boards_decisions_stay_put_as_countdowns_gain_or_lose_a_digit(lang):
    """missile-launch's D6 (the Prime Minister's) opens with 20:00 to go; at 6:00 left D7 (the Foreign
    Minister's, a longer name in English) joins it with 15:00. Neither row's words move."""
    hub = Hub(REPO / "scenarios" / "missile-launch.yaml")
    hub.handle("control", {"type": "start"})
    hub.advance(700)  # ×1.5: the scenario at 17:30; D6 opened at 18:00
    seen = []
    for _ in range(40):
        hub.advance(20)
        seen.append(rows(hub, lang))
    d6, d7 = [row["D6"] for row in seen if "D6" in row], [row["D7"] for row in seen if "D7" in row]
    assert len(d6) > 20 and "D7" in seen[-12] and "D6" in seen[-12]  # both were on the board together
    assert set(d6) == {d6[0]} and set(d7) == {d7[0]}, (d6, d7)
    assert d6[0][0] == d7[0][0]  # who decides: one column

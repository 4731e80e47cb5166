"""In Japanese mode a console shows no English that has a Japanese form: the three consoles,
on the shipped missile-launch exercise played for a while, are read cell by cell (as the
terminal shows them) for words known to have been left in English before."""

from __future__ import annotations

import html
import re
import time

import pytest

from tabletop.consoles.app import ConsoleApp

from console_fakes import Hub
from console_helpers import SIZE, until
from tests.conftest import REPO

# Words the Japanese consoles used to show in English (each was once on screen), and an id as
# a person would read it where a role's name belongs. Matched as whole words.
LEFTOVERS = [
    "from", "uphold", "overrule", "adjudicate", "UPHELD", "OVERRULED", "released", "pending", "held",
    "skipped", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Oct", "Apr", "Inbox", "Decide", "Decided",
    "BLOCKED", "unverified", "Control", "everyone", "Exercise clock", "no deadline", "due in", "OVERDUE",
    "was", "late", "real time", "connected", "connecting", "Seats", "Timed out", "ACCEPTED", "NOT SENT",
    "Rating", "Objective", "Legal situation", "Facts", "Obligations", "Open decisions", "Live feed",
    "MESSAGE", "INJECT", "DECISION", "MOVE", "RULING", "SITUATION", "PAUSED", "Pause", "Release", "Hold",
    "Skip", "Ruling", "Report", "End", "Message", "Hotwash", "palette",
]
# Where a role's name belongs (the facilitator's seats table lists the ids too: seat codes go by them).
IDS = ["us.indopacom", "jp.mod", "jp.pm"]


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def played() -> Hub:
    """STARTEX, the first injects out, a blocked move and its ruling, messages across sides, paused."""
    hub = Hub(REPO / "scenarios" / "missile-launch.yaml")
    hub.handle("control", {"type": "start"})
    hub.advance(300)
    hub.handle("jp.mod", {"type": "action", "action": "jp.order-bmd-destruction", "text": "今すぐ命じる"})
    blocked = max(e.seq for e in hub.session.store.read() if e.type == "MoveBlocked")
    hub.handle("control", {"type": "ruling", "target": blocked, "verdict": "uphold", "reason": "承認がない"})
    hub.handle("jp.mod", {"type": "message", "to": ["jp.pm", "us.indopacom"], "text": "承認を求めます"})
    hub.handle("us.indopacom", {"type": "message", "to": ["jp.mod"], "text": "了解"})
    hub.advance(120)
    hub.handle("evaluator-1", {"type": "observation", "objective": "OBJ2", "rating": "S", "text": "迅速"})
    hub.handle("control", {"type": "pause"})
    return hub


def screen_text(app) -> str:
    """Every line of the terminal, as the user reads it."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), html.unescape(m.group(3))))
    return "\n".join("".join(t for _, t in sorted(v)).replace("\xa0", " ") for _, v in sorted(rows.items()))


CONSOLES = [("control", False), ("jp.mod", False), ("us.indopacom", False), ("evaluator-1", False), ("control", True)]


@pytest.mark.parametrize("size", [SIZE, (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("seat, present", CONSOLES, ids=lambda v: "present" if v is True else str(v) if v else None)
async def test_a_japanese_console_shows_no_english_leftover(seat, present, size):
    hub = played()
    app = ConsoleApp("ws://exercise.example:8765/ws", hub.codes[seat], client_factory=hub.client, now=hub.now,
                     present=present)
    app.lang = "ja"
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
    # it is the Japanese console, with the roles' names (the presenter's: the Japanese title first)
    assert any(name in text for name in ("内閣総理大臣", "防衛大臣", "米インド太平洋軍司令官")) or present
    # The scenario's title is shown in both languages by design: the reader's language first.
    lines = text.splitlines()
    first_ja = next(i for i, line in enumerate(lines) if "早朝の発射" in line)
    assert all(i > first_ja for i, line in enumerate(lines) if "Dawn launch" in line)
    words = LEFTOVERS + (IDS if seat != "control" or present else [])
    found = sorted({w for w in words if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w.])", text)})
    assert found == [], "\n".join(l for l in text.splitlines() if any(w in l for w in found))


async def test_a_japanese_inbox_names_the_sender_and_the_method_in_japanese():
    """I01 comes from exercise control as a read-ahead: the Japanese reader says so in Japanese."""
    from textual.widgets import OptionList

    from tabletop.consoles.widgets.inbox import Inbox
    from console_helpers import text_of

    hub = played()
    app = ConsoleApp("ws://exercise.example:8765/ws", hub.codes["jp.mod"], client_factory=hub.client, now=hub.now)
    app.lang = "ja"
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
        inbox = app.console_screen.query_one(Inbox)
        await until(pilot, lambda: any(i.inject == "I01" for i in inbox.items), "I01 in the inbox")
        options = inbox.query_one(OptionList)
        seq = next(str(i.seq) for i in inbox.items if i.inject == "I01")
        options.focus()
        options.highlighted = next(k for k in range(options.option_count) if options.get_option_at_index(k).id == seq)
        reader = inbox.query_one("#reader-text")
        await until(pilot, lambda: "I01" in text_of(reader), "I01 read")
        text = text_of(reader).replace("\n", "")
    assert "発信：演習統制" in text and "事前配布資料（演習開始時に読み上げ）" in text
    assert "Exercise control" not in text and "Read-ahead" not in text


@pytest.mark.parametrize("seat", ["control", "jp.mod", "evaluator-1"])
async def test_a_japanese_footer_fits_its_line_and_names_roles_first(seat):
    """Japanese words take two cells a character: at 120 columns the footer's keys still fit on
    their line (shorter words where the full ones would not), and the facilitator's seats table
    shows each role's name before its id, so a narrow table loses the id, not the name."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    from tabletop.consoles.widgets.seats_table import SeatsTable
    from tabletop.phrasebook import cells

    hub = played()
    app = ConsoleApp("ws://exercise.example:8765/ws", hub.codes[seat], client_factory=hub.client, now=hub.now)
    app.lang = "ja"
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
        await pilot.pause()
        keys = list(app.console_screen.query_one(Footer).query(FooterKey))
        used = sum(cells(k.key_display or k.key) + cells(k.description) + 3 for k in keys)
        assert used <= 120 and "コマンド" in [k.description for k in keys]
        if seat == "control":
            table = app.console_screen.query_one(SeatsTable)
            assert [str(c.label) for c in table.columns.values()][1] == "役割"
            assert str(table.get_row("jp.pm")[1]).startswith("内閣総理大臣")

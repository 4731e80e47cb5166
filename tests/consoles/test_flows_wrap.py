"""Japanese wraps by its rules in every panel (#15): no line on screen begins with 。、」 or a small
kana, and none ends with an opening bracket; nothing is lost or wider than its panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import OptionList, TextArea

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.linebreak import NO_END, NO_START, japanese_offsets
from tabletop.consoles.widgets.inbox import Inbox
from tabletop.scenario import load_scenario

from console_helpers import until
from test_participant import participant

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p for p in (REPO / "scenarios").glob("*.yaml") if not p.name.endswith(".moves.yaml"))


def japanese_texts(path: Path) -> list[str]:
    """Every Japanese text a seat reads in a scenario: titles, bodies, prompts, options."""
    s = load_scenario(str(path)).scenario
    out = []
    for inj in s.injects:
        out += [inj.title.ja or "", inj.body.ja or ""]
        for d in inj.decisions or []:
            out += [d.prompt.ja or ""] + [o.label.ja or "" for o in d.options if o.label]
    return [line for text in out for line in text.split("\n") if line]


def broken_rules(line: str, offsets: list[int], width: int) -> list[str]:
    pieces = [line[a:b] for a, b in zip([0, *offsets], [*offsets, len(line)])]
    problems = [] if "".join(pieces) == line else ["text lost"]
    for n, piece in enumerate(pieces):
        if cell_len(piece.rstrip()) > width and len(piece.rstrip()) > 1:
            problems.append(f"wider than {width}: {piece!r}")
        if n and piece[:1] in NO_START:
            problems.append(f"begins with {piece[:1]}: {piece[:12]!r}")
        if n < len(pieces) - 1 and piece.rstrip()[-1:] in NO_END:
            problems.append(f"ends with {piece.rstrip()[-1:]}: {piece[-12:]!r}")
    return problems


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_japanese_text_wraps_by_the_rules_at_every_width(path):
    problems = [(width, p) for line in japanese_texts(path) for width in range(12, 121)
                for p in broken_rules(line, japanese_offsets(line, width), width)]
    assert problems == []


FRAME = " ║│┃╔╗╚╝╭╮╰╯═─━▊▎▍▌▐"  # a field's frame and scroll bar, not its text


def screen_lines(widget) -> list[str]:
    """The lines a widget draws, as text without its frame (what the eyes read there)."""
    width, height = widget.outer_size
    return [strip.text.strip(FRAME) for strip in widget.render_lines(Region(0, 0, width, height))]


def sentence_cut_before_a_full_stop(cells: int) -> str:
    """A Japanese text whose first line, at `cells` wide, would end just before its 。 when cut at
    the exact cell (the library's wrap): a line would begin with 。."""
    return "あ" * (cells // 2) + "。次の文が続く。"


@pytest.mark.parametrize("size", [(200, 50), (120, 40), (80, 24)])
async def test_no_line_of_the_inbox_reader_begins_with_a_full_stop(size):
    from console_fakes import Hub

    hub = Hub()
    hub.handle("control", {"type": "start"})
    app = ConsoleApp("ws://x/ws", hub.codes["blue.lead"], client_factory=hub.client, now=hub.now, lang="ja")
    async with app.run_test(size=size) as pilot:
        screen = await participant(pilot, app)
        inbox = screen.query_one(Inbox)
        reader = inbox.query_one("#reader-text")
        await until(pilot, lambda: reader.content_size.width > 0, "the reader drawn")
        body = sentence_cut_before_a_full_stop(reader.content_size.width)
        hub.handle("control", {"type": "adhoc", "to": ["blue.lead"], "title": {"en": "t", "ja": "件名"},
                               "body": {"en": "b", "ja": body}})
        await until(pilot, lambda: inbox.items, "the inject in the inbox")
        inbox.query_one(OptionList).focus()
        await pilot.press("down")
        await until(pilot, lambda: any("次の文" in line for line in screen_lines(reader)), "the body read")
        lines = [line for line in screen_lines(reader) if line]
        assert not [line for line in lines if line[0] in NO_START], lines
        assert "".join(lines).endswith("次の文が続く。")


async def test_a_hotwash_box_wraps_japanese_by_the_rules(at_hotwash):
    box = at_hotwash.screen.query_one("#strengths", TextArea)
    await until(at_hotwash.pilot, lambda: box.size.width > 0, "the box drawn")
    box.text = sentence_cut_before_a_full_stop(box.wrap_width)
    await at_hotwash.pilot.pause()
    lines = [line for line in screen_lines(box) if line]
    assert len(lines) >= 2 and not [line for line in lines if line[0] in NO_START], lines

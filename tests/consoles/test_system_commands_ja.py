"""In Japanese mode Textual's own words are ours too: the command palette's system commands
(Theme, Quit, Keys, Screenshot...) and its "Search for commands…", and the hotwash's ctrl+s in
the footer after ENDEX."""

from __future__ import annotations

import re

import pytest
from textual.command import CommandInput, CommandList
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tabletop.consoles.app import ConsoleApp

from console_fakes import Hub
from console_helpers import SIZE, until
from tests.conftest import REPO

TEXTUALS_WORDS = ["Search for commands", "Theme", "Quit", "Keys", "Maximize", "Screenshot", "Change the current",
                  "as soon as possible", "Show help", "Save an SVG"]


def palette_text(app) -> str:
    options = app.screen.query_one(CommandList)
    return "\n".join(str(options.get_option_at_index(i).prompt) for i in range(options.option_count))


@pytest.mark.parametrize("seat", ["control", "jp.pm", "evaluator-1"])
async def test_the_command_palette_names_textuals_own_commands_in_japanese(seat):
    hub = Hub(REPO / "scenarios" / "missile-launch.yaml")
    app = ConsoleApp("ws://exercise.example:8765/ws", hub.codes[seat], client_factory=hub.client, now=hub.now)
    app.lang = "ja"
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query(CommandList) and app.screen.query_one(CommandList).option_count,
                    "the palette's commands")
        placeholder = str(app.screen.query_one(CommandInput).placeholder)
        text = palette_text(app)
    assert placeholder == "コマンドを検索…"
    assert "配色" in text and "終了" in text and "キー一覧" in text and "画面を保存" in text
    assert [w for w in TEXTUALS_WORDS if re.search(rf"\b{w}\b", text)] == []


async def test_the_english_console_keeps_textuals_words():
    hub = Hub(REPO / "scenarios" / "missile-launch.yaml")
    app = ConsoleApp("ws://exercise.example:8765/ws", hub.codes["jp.pm"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.query(CommandList) and app.screen.query_one(CommandList).option_count,
                    "the palette's commands")
        assert str(app.screen.query_one(CommandInput).placeholder) == "Search for commands…"
        assert "Theme" in palette_text(app)


async def test_after_endex_the_hotwash_key_in_the_footer_is_japanese():
    hub = Hub(REPO / "scenarios" / "missile-launch.yaml")
    hub.handle("control", {"type": "start"})
    hub.handle("control", {"type": "end"})
    app = ConsoleApp("ws://exercise.example:8765/ws", hub.codes["jp.pm"], client_factory=hub.client, now=hub.now)
    app.lang = "ja"
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
        await until(pilot, lambda: app.console_screen.query("#strengths"), "the hotwash form")
        app.console_screen.query_one("#strengths").focus()
        await pilot.pause()
        await until(pilot, lambda: any(k.key == "ctrl+s" for k in app.screen.query_one(Footer).query(FooterKey)),
                    "ctrl+s in the footer")
        shown = [k.description for k in app.screen.query_one(Footer).query(FooterKey) if k.key == "ctrl+s"]
    assert shown == ["振り返りを送信"]

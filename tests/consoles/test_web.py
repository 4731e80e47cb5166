"""The browser console: the page textual-serve gives out loads nothing from the
internet, and reaches back to whatever address the browser used."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from tabletop.consoles.web import FONT_ROUTE, japanese_font, join_command, make_server


async def test_page_is_self_contained():
    server = make_server("ws://10.0.0.5:8765/ws", 8080, "0.0.0.0")
    app = await server._make_app()
    async with TestClient(TestServer(app)) as client:
        page = await (await client.get("/")).text()
        external = [u for u in re.findall(r"https?://[^\"' )<>]+", page) if "www.w3.org" not in u]
        assert external == [], external
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page) + ["/static/fonts/RobotoMono-VariableFont_wght.ttf"]:
            assert (await client.get(asset)).status == 200, asset
        assert "window.location.host" in page


def test_each_tab_runs_join_on_the_session_url():
    assert join_command("ws://10.0.0.5:8765/ws").endswith("-m tabletop join ws://10.0.0.5:8765/ws")


async def test_a_tab_of_a_japanese_server_asks_for_the_code_in_japanese_first():
    """Given `tabletop --lang ja serve --web`, when a browser opens a tab, then its console runs in
    the server's language (not the serving machine's locale): the code screen asks in Japanese,
    then in English below it for the room's other players (docs/consoles.md "Browser")."""
    from textual.app import App
    from textual.widgets import Static

    from tabletop.consoles.screens.ask_code import AskCodeScreen

    server = make_server("ws://127.0.0.1:8765/ws", 8080, "0.0.0.0", lang="ja")
    assert server.command.endswith("-m tabletop --lang ja join ws://127.0.0.1:8765/ws")
    app = App()
    async with app.run_test() as pilot:
        app.push_screen(AskCodeScreen("ws://127.0.0.1:8765/ws", "ja"))
        await pilot.pause()
        shown = str(app.screen.query(Static).first().render())
    ja, en = shown.find("コードを入力して"), shown.find("Type the seat code")
    assert "演習に参加" in shown and 0 <= ja < en, shown


async def test_the_page_brings_the_japanese_font_the_pdf_prints_with():
    # A player's machine without a Japanese font would show boxes: the page's terminal font falls
    # back, for Japanese code points, to this machine's font, served with the page.
    font = japanese_font()
    if font is None:
        pytest.skip("this machine has no Japanese font to serve")
    server = make_server("ws://10.0.0.5:8765/ws", 8080, "0.0.0.0")
    app = await server._make_app()
    async with TestClient(TestServer(app)) as client:
        page = await (await client.get("/")).text()
        faces = re.findall(r"@font-face\s*{([^}]*)}", page)
        japanese = [f for f in faces if f'url("{FONT_ROUTE}")' in f]
        assert japanese and all('"Roboto Mono"' in f and "U+4E00-9FFF" in f and "U+3000-30FF" in f for f in japanese)
        served = await client.get(FONT_ROUTE)
        assert served.status == 200
        assert await served.read() == font.read_bytes()

"""The browser console: the page textual-serve gives out loads nothing from the
internet, and reaches back to whatever address the browser used."""

from __future__ import annotations

import io
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from tabletop.consoles.web import FONT_ROUTE, join_command, make_server


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


async def test_the_page_brings_one_face_of_the_japanese_font_the_pdf_prints_with():
    """A player's machine without a Japanese font would show boxes: the page's terminal font falls
    back, for Japanese code points, to a font served with it. One face (JP Regular) of this machine's
    font, cut down to what the consoles show: it holds every character of the phrasebook's Japanese,
    and is a small part of the 19.5 MB collection every tablet in the room used to fetch (#47)."""
    from fontTools.ttLib import TTFont

    from tabletop.consoles import web_font
    from tabletop.phrasebook import catalogue

    face = web_font.source_face()
    if face is None:
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
        body = await served.read()
        assert served.headers["Content-Type"] in ("font/woff2", "font/otf")
        again = await client.get(FONT_ROUTE)  # the second request is the same file, not a new build
        assert await again.read() == body
    assert len(body) < 3_500_000 < face.path.stat().st_size, len(body)
    font = TTFont(io.BytesIO(body))
    assert font["name"].getDebugName(1) == "Noto Sans CJK JP" or "JP" in (font["name"].getDebugName(1) or "")
    cmap = font.getBestCmap()
    # Every character of the phrasebook's Japanese that the page takes from this font (its
    # unicode-range): the kana, kanji and Japanese punctuation. (Symbols outside it, ⛔ ✔ ⑂ …, are
    # in no face of Noto CJK either; the browser draws them from its own fonts, as before.)
    ranges = [tuple(int(x, 16) for x in r.split("-")) for r in re.findall(r"U\+([0-9A-F]+-[0-9A-F]+)", japanese[0])]
    japanese_text = {c for e in catalogue().values() if e.ja for c in e.ja
                     if any(lo <= ord(c) <= hi for lo, hi in ranges)}
    assert len(japanese_text) > 500  # the phrasebook uses some 650
    missing = sorted(c for c in japanese_text if ord(c) not in cmap)
    assert missing == [], "".join(missing)
    assert all(ord(c) in cmap for c in "内閣総理大臣、防衛大臣。ひらがなカタカナ「」（）ー")


async def test_the_page_speaks_the_servers_language_first_in_the_players_register():
    """The page's own words (#45/#46): <html lang> and <title> in the serving process's language,
    the "Session ended" text in both (です・ます in Japanese), the buttons in both."""
    server = make_server("ws://127.0.0.1:8765/ws", 8080, "0.0.0.0", lang="ja")
    app = await server._make_app()
    async with TestClient(TestServer(app)) as client:
        page = await (await client.get("/")).text()
    assert '<html lang="ja">' in page
    assert "<title>tabletop — 演習</title>" in page
    ended = re.findall(r'<p lang="(\w+)">([^<]*)</p>', page)
    assert [lang for lang, _ in ended] == ["ja", "en"]
    assert ended[0][1].startswith("セッションが終了しました。") and ended[0][1].endswith("入力してください。")
    assert "Session ended." in ended[1][1]
    buttons = [re.sub(r"<[^>]+>", "", b) for b in re.findall(r"<button[^>]*>(.*?)</button>", page)]
    assert buttons == ["開始 · Start", "再接続 · Restart"]
    english = make_server("ws://127.0.0.1:8765/ws", 8080, "0.0.0.0", lang="en")
    async with TestClient(TestServer(await english._make_app())) as client:
        page = await (await client.get("/")).text()
    assert '<html lang="en">' in page and "<title>tabletop — exercise</title>" in page
    assert [re.sub(r"<[^>]+>", "", b) for b in re.findall(r"<button[^>]*>(.*?)</button>", page)] == [
        "Start · 開始", "Restart · 再接続"]

"""The browser console: the page textual-serve gives out loads nothing from the
internet, and reaches back to whatever address the browser used."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient, TestServer

from tabletop.consoles.web import join_command, make_server


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

"""Fixtures for the console tests: a real session server in-process (port 0, the
mini scenario, log in memory), plain protocol clients for the other seats, and
a bounded wait for what the user would see."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


class Live:
    def __init__(self, handle, session, codes):
        self.handle = handle
        self.session = session
        self.codes = codes
        self.url = handle.url
        self.clients = []

    async def client(self, seat: str, on_event=None):
        from tabletop.client import Client

        c = Client(self.url, self.codes[seat], on_event=on_event)
        await c.connect()
        self.clients.append(c)
        return c

    async def control(self, *commands: dict):
        c = await self.client("control") if not hasattr(self, "_control") else self._control
        self._control = c
        out = []
        for command in commands:
            out.append(await c.send(command))
        return out

    async def drop_connections(self) -> None:
        """Cut every console's socket from the server side (as a network failure would)."""
        for conn in list(self.handle.server.connections):
            await conn.ws.close()


@pytest.fixture
async def live():
    from tabletop.server.app import open_exercise, start_server

    session, codes = open_exercise(str(FIXTURES / "mini.yaml"), db=":memory:")
    handle = await start_server(session, codes, "127.0.0.1", 0)
    live = Live(handle, session, codes)
    try:
        yield live
    finally:
        for c in live.clients:
            await c.close()
        await handle.close()




@pytest.fixture
async def at_hotwash():
    """red.lead's console on the in-memory hub after STARTEX and ENDEX, at 200x50, the cursor in
    Strengths: `.hub`, `.app`, `.pilot`, `.screen`."""
    from console_fakes import Hub
    from console_helpers import until
    from tabletop.consoles.app import ConsoleApp
    from tabletop.consoles.screens.participant import ParticipantScreen

    hub = Hub()
    hub.handle("control", {"type": "start"})
    hub.handle("control", {"type": "end"})
    app = ConsoleApp("ws://x/ws", hub.codes["red.lead"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen._ready, "participant console")
        screen = app.screen
        await until(pilot, lambda: app.focused is screen.query_one("#strengths"), "the cursor in Strengths")
        yield SimpleNamespace(hub=hub, app=app, pilot=pilot, screen=screen)

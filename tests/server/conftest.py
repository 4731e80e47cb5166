"""Real session servers on loopback (port 0) and consoles that record what they see.

Nothing here sleeps to assert: every wait is for a condition, with a timeout."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Callable

import aiohttp
import pytest

from tabletop.client import Client
from tabletop.server.app import open_exercise, start_server

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINI = str(FIXTURES / "mini.yaml")
TIMEOUT = 10.0


class Console:
    """A protocol Client plus everything it was sent, for assertions."""

    def __init__(self, url: str, code: str, **kw):
        self.events: list[dict] = []
        self.statuses: list[str] = []
        self._changed = asyncio.Event()
        kw.setdefault("backoff", 0.05)
        kw.setdefault("backoff_max", 0.5)
        self.client = Client(url, code, on_event=self._on_event, on_status=self._on_status, **kw)

    def _on_event(self, event: dict) -> None:
        self.events.append(event)
        self._changed.set()

    def _on_status(self, status: str) -> None:
        self.statuses.append(status)
        self._changed.set()

    async def connect(self) -> dict:
        return await self.client.connect()

    async def send(self, command: dict, **kw) -> dict:
        return await self.client.send(command, **kw)

    async def until(self, predicate: Callable[[], object], timeout: float = TIMEOUT, what: str = "condition"):
        """Wait until predicate() is truthy; return its value."""
        async def wait():
            while True:
                value = predicate()
                if value:
                    return value
                self._changed.clear()
                await self._changed.wait()
        try:
            return await asyncio.wait_for(wait(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"{self.client.seat or 'console'}: timed out waiting for {what}; "
                                 f"saw {[(e['seq'], e['type']) for e in self.events]}") from None

    async def event(self, type_: str, timeout: float = TIMEOUT, **data) -> dict:
        def find():
            for e in self.events:
                if e["type"] == type_ and all(e["data"].get(k) == v for k, v in data.items()):
                    return e
            return None
        return await self.until(find, timeout, f"{type_} {data or ''}")

    async def seen_seq(self, seq: int, timeout: float = TIMEOUT) -> None:
        await self.until(lambda: self.client.last_seq >= seq, timeout, f"seq {seq}")

    def types(self) -> list[str]:
        return [e["type"] for e in self.events]

    def seqs(self) -> list[int]:
        return [e["seq"] for e in self.events]

    async def close(self) -> None:
        await self.client.close()


class Exercise:
    def __init__(self, handle, session, codes):
        self.handle = handle
        self.session = session
        self.codes = codes
        self.url = handle.url
        self.consoles: list[Console] = []

    def console(self, seat: str, **kw) -> Console:
        c = Console(self.url, self.codes[seat], **kw)
        self.consoles.append(c)
        return c

    async def join(self, seat: str, **kw) -> Console:
        c = self.console(seat, **kw)
        await c.connect()
        return c

    def log(self) -> list:
        return list(self.session.store.read())

    def connection(self, seat: str):
        return next(c for c in self.handle.server.connections if c.seat == seat)


@pytest.fixture
async def exercise_factory(tmp_path):
    made: list[Exercise] = []

    async def make(store: str = "memory", scenario: str = MINI, **server_kw) -> Exercise:
        db = ":memory:" if store == "memory" else str(tmp_path / f"ex{len(made)}.db")
        session, codes = open_exercise(scenario, db=db)
        handle = await start_server(session, codes, **server_kw)
        ex = Exercise(handle, session, codes)
        made.append(ex)
        return ex

    yield make
    for ex in made:
        for c in ex.consoles:
            await c.close()
        await ex.handle.close()
        ex.session.store.close()


@pytest.fixture
async def exercise(exercise_factory) -> Exercise:
    return await exercise_factory()


class Raw:
    """A bare WebSocket, for sending what a well-behaved client never would."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse):
        self.http = http
        self.ws = ws

    async def send(self, message) -> None:
        await self.ws.send_str(message if isinstance(message, str) else json.dumps(message))

    async def recv(self, timeout: float = TIMEOUT) -> dict | None:
        msg = await self.ws.receive(timeout=timeout)
        if msg.type != aiohttp.WSMsgType.TEXT:
            return None
        return json.loads(msg.data)

    async def recv_until(self, predicate, timeout: float = TIMEOUT) -> dict:
        async def loop():
            while True:
                m = await self.recv(timeout)
                if m is None:
                    raise AssertionError(f"socket closed ({self.ws.close_code}) before the expected message")
                if predicate(m):
                    return m
        return await asyncio.wait_for(loop(), timeout)

    async def hello(self, code: str, resume_from: int = 0) -> dict:
        await self.send({"type": "hello", "protocol": 1, "code": code, "resume_from": resume_from})
        return await self.recv()

    async def close(self) -> None:
        await self.ws.close()
        await self.http.close()


@pytest.fixture
async def raw():
    opened: list[Raw] = []

    async def connect(url: str) -> Raw:
        http = aiohttp.ClientSession()
        ws = await http.ws_connect(url, max_msg_size=0)
        r = Raw(http, ws)
        opened.append(r)
        return r

    yield connect
    for r in opened:
        await r.close()


@pytest.fixture
def mini_path() -> str:
    return MINI


@pytest.fixture
async def console_at():
    """Consoles for a server this test started some other way (e.g. a subprocess)."""
    made: list[Console] = []

    def make(url: str, code: str, **kw) -> Console:
        c = Console(url, code, **kw)
        made.append(c)
        return c

    yield make
    for c in made:
        await c.close()

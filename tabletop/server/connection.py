"""One connected console: its socket, its bounded send queue and the writer task that drains it.

A slow or stuck console never holds up the others: when its queue overflows, or one message
takes longer than the send timeout to leave, the connection is cut, and the console resumes
from its last seq when it reconnects. A writer that fails for any other reason closes its
connection too, and says so once."""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket
import time
from collections import deque

from aiohttp import WSMsgType, web

from tabletop.server import protocol
from tabletop.server.gate import Quiet

log = logging.getLogger("tabletop.server")

SEND_QUEUE = 2000  # messages waiting for one console before it is dropped
SEND_TIMEOUT = 20.0  # seconds one message may take to leave before the console is dropped
CLOSE_TOO_SLOW = 4408

_UNKNOWN = object()
Message = str | bytes  # a message's JSON text, or that text already encoded (an event, encoded once for all)


class Connection:
    """A console's socket with its bounded send queue and writer task."""

    def __init__(self, ws: web.WebSocketResponse, seat: str, kind: str, address: str, *,
                 queue_size: int = SEND_QUEUE, send_timeout: float = SEND_TIMEOUT,
                 transport: asyncio.BaseTransport | None = None, quiet: Quiet | None = None):
        self.ws = ws
        self.quiet = quiet or Quiet(log)  # the server's: what a flood could repeat is logged a few times
        self.transport = transport  # the request's (public `web.Request.transport`), to cut it at once
        self.seat = seat
        self.kind = kind
        self.address = address
        # What waits to be sent (a message, a batch, or None: finish), at most `queue_size` items.
        # A plain deque and one future: an asyncio.Queue does more bookkeeping than this needs.
        self.queue: deque[Message | list[Message] | None] = deque()
        self.queue_size = queue_size
        self._ready: asyncio.Future | None = None  # the writer's, while it waits for something to send
        self._sock = _UNKNOWN  # the TCP socket, once looked up (for corking)
        self.send_timeout = send_timeout
        self.dropped = False
        self.id = "c" + secrets.token_hex(4)  # shown to control, which may drop it by this id
        self.since = time.time()
        self.rate = None  # the seat's message rate (shared by all its connections), set by the server
        self.held: list | None = None  # while catching up from the store: what waits behind the backlog
        self._drained: asyncio.Future | None = None
        self.writer: asyncio.Task | None = None
        self.sending_since: float | None = None

    def start(self) -> None:
        self.writer = asyncio.create_task(self._write(), name=f"writer {self.seat}")

    def push(self, item: Message | list[Message]) -> bool:
        """Queue a message (or a batch) for this console; drop the console if it is too far behind."""
        if self.dropped:
            return False
        held = self.held
        if held is not None:
            if len(held) >= self.queue_size:
                self.drop(f"{self.seat} fell {self.queue_size} messages behind while catching up")
                return False
            held.append(item)
            return True
        if len(self.queue) >= self.queue_size:
            self.drop(f"{self.seat} fell {self.queue_size} messages behind")
            return False
        self._put(item)
        return True

    def hold(self) -> None:
        """Keep what is pushed from now on aside (live events, replies) until `release`, while the
        backlog is sent ahead of it with `push_backlog`."""
        self.held = []

    def push_backlog(self, texts: list[Message]) -> None:
        if texts and not self.dropped:
            self._put(texts)

    def release(self) -> None:
        held, self.held = self.held, None
        if held and not self.dropped:
            texts: list[Message] = []
            for item in held:
                texts.extend(item if isinstance(item, list) else (item,))
            self._put(texts)

    async def drained(self) -> None:
        """Until the writer has taken everything queued (or the connection is gone)."""
        while self.queue and not self.dropped:
            self._drained = asyncio.get_running_loop().create_future()
            await self._drained

    def _put(self, item: Message | list[Message] | None) -> None:
        self.queue.append(item)
        ready = self._ready
        if ready is not None:
            self._ready = None
            if not ready.done():
                ready.set_result(None)

    def send(self, message: dict) -> bool:
        return self.push(protocol.dumps(message))

    async def _write(self) -> None:
        try:
            while True:
                if not self.queue:
                    self._ready = asyncio.get_running_loop().create_future()
                    await self._ready
                items = list(self.queue)
                self.queue.clear()
                drained = self._drained
                if drained is not None:
                    self._drained = None
                    if not drained.done():
                        drained.set_result(None)
                texts: list[Message] = []
                for item in items:
                    if item is None:
                        break
                    texts.extend(item if isinstance(item, list) else (item,))
                corked = len(texts) > 1 and self._cork(True)
                try:
                    for text in texts:
                        # send_str only waits when the socket's buffers are full; `stalled` lets the
                        # server's watchdog cut a console stuck there (cheaper than a timer per message).
                        self.sending_since = time.monotonic()
                        await self.ws.send_frame(text if type(text) is bytes else text.encode("utf-8"),
                                                 WSMsgType.TEXT)
                        self.sending_since = None
                finally:
                    if corked:
                        self._cork(False)
                if None in items:
                    return
                items = texts = text = None  # sent: let them go while the writer waits (a welcome is large)
        except asyncio.CancelledError:
            pass
        except (ConnectionError, RuntimeError):
            self.drop(None)  # the socket is gone: make sure the reader stops too
        except Exception as exc:  # never a writer that dies and leaves its console deaf
            self.drop(f"{self.seat}: a message could not be sent ({type(exc).__name__}: {exc})")

    def _cork(self, on: bool) -> bool:
        """Hold back partial segments while several messages go out together (Linux TCP_CORK)."""
        sock = self._sock
        if sock is _UNKNOWN:
            transport = self.transport
            sock = transport.get_extra_info("socket") if transport is not None else None
            if not hasattr(socket, "TCP_CORK"):
                sock = None
            self._sock = sock
        if sock is None:
            return False
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1 if on else 0)
            return True
        except OSError:
            return False

    def describe(self) -> dict:
        return {"id": self.id, "seat": self.seat, "kind": self.kind, "address": self.address,
                "since": round(self.since, 3)}

    def stalled(self, now: float) -> bool:
        since = self.sending_since
        return since is not None and now - since > self.send_timeout

    def drop(self, why: str | None) -> None:
        """Cut a console that cannot keep up (or whose writer failed: `why` is logged, once; None
        for a socket already gone); it will resume from its last seq."""
        if self.dropped:
            return
        self.dropped = True
        if why is not None:
            self.quiet("drop", logging.WARNING, "dropping connection: %s", why)
        if self.writer is not None and self.writer is not asyncio.current_task():
            self.writer.cancel()
        asyncio.get_running_loop().create_task(self._hard_close())

    async def _hard_close(self) -> None:
        # A peer this far behind would not read a close frame either: cut the socket, so that
        # nothing waits on it; the console reconnects and resumes from its last seq.
        transport = self.transport
        if transport is not None:
            transport.abort()
        else:
            try:
                await asyncio.wait_for(self.ws.close(code=CLOSE_TOO_SLOW, message=b"too slow"), 1.0)
            except (asyncio.TimeoutError, Exception):
                pass

    async def finish(self) -> None:
        """Let queued messages go out (briefly), then stop the writer."""
        if self.writer is None:
            return
        if not self.dropped and len(self.queue) < self.queue_size:
            self._put(None)
            try:
                await asyncio.wait_for(asyncio.shield(self.writer), 1.0)
            except (asyncio.TimeoutError, Exception):
                pass
        self.writer.cancel()

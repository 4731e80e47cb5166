"""The door of the session server: every socket is bounded in time and count until its seat
code is accepted, and the log stays small whatever comes through it.

`Gate.protocol` is the protocol factory of the listening socket. On each accepted
connection it counts the peer's address: past `per_address` sockets still waiting to
join from that address, or `total` from everyone, the socket is closed at once. An
admitted socket is handed, through asyncio's public `Transport.set_protocol`, to
aiohttp's own request handler (`web.AppRunner.server`), so nothing stands between the
two once a console is in. A socket that has not joined within `deadline` seconds of
its accept (TCP, TLS, HTTP upgrade and hello together) is cut.

`Quiet` writes one log line per kind of trouble, then at most one every `every`
seconds with the count of what it did not repeat: a flood costs a few lines, not a
line (or a traceback) per socket."""

from __future__ import annotations

import asyncio
import errno
import logging
import time
from typing import Callable

PER_ADDRESS = 64  # sockets waiting to join from one address (a venue behind one NAT may all join at STARTEX)
TOTAL = 512  # sockets waiting to join, from everyone (well inside the usual 1,024 descriptors)
DEADLINE = 20.0  # seconds from accept to welcome
QUIET_EVERY = 10.0  # seconds between two log lines about the same trouble

_OUT_OF = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)


class Quiet:
    """Rate-limited, counted log lines: the first at once, then one per `every` seconds per key,
    saying how many were left unsaid."""

    def __init__(self, logger: logging.Logger, every: float = QUIET_EVERY,
                 clock: Callable[[], float] = time.monotonic):
        self.logger = logger
        self.every = every
        self.clock = clock
        self._last: dict[str, float] = {}
        self._unsaid: dict[str, int] = {}

    def __call__(self, key: str, level: int, message: str, *args) -> None:
        now = self.clock()
        last = self._last.get(key)
        if last is not None and now - last < self.every:
            self._unsaid[key] = self._unsaid.get(key, 0) + 1
            return
        self._last[key] = now
        unsaid = self._unsaid.pop(key, 0)
        if unsaid:
            message += f" (and {unsaid} more like it in the last {self.every:g} s)"
        self.logger.log(level, message, *args)


class Gate:
    def __init__(self, handler_factory: Callable[[], asyncio.Protocol], quiet: Quiet, *,
                 per_address: int = PER_ADDRESS, total: int = TOTAL, deadline: float = DEADLINE):
        self.handler_factory = handler_factory
        self.quiet = quiet
        self.per_address = per_address
        self.total = total
        self.deadline = deadline
        self._waiting: dict[asyncio.BaseTransport, tuple[str, asyncio.TimerHandle]] = {}
        self._by_address: dict[str, set[asyncio.BaseTransport]] = {}
        self.refused = 0  # sockets closed at the door (for tests and the log)
        self.expired = 0

    def protocol(self) -> asyncio.Protocol:
        return _Door(self)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def enter(self, transport: asyncio.BaseTransport) -> bool:
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, (tuple, list)) and peer else "?"
        mine = self._by_address.setdefault(address, set())
        if len(mine) >= self.per_address:
            self._prune(mine)
        if len(self._waiting) >= self.total:
            self._prune(set(self._waiting))
        if len(mine) >= self.per_address or len(self._waiting) >= self.total:
            self.refused += 1
            why = "from that address" if len(mine) >= self.per_address else "in all"
            self.quiet("refused", logging.WARNING, "refused a connection from %s: %s sockets are waiting to join %s",
                       address, len(mine) if len(mine) >= self.per_address else len(self._waiting), why)
            if not mine:
                del self._by_address[address]
            return False
        timer = asyncio.get_running_loop().call_later(self.deadline, self._expire, transport)
        self._waiting[transport] = (address, timer)
        mine.add(transport)
        return True

    def admitted(self, transport: asyncio.BaseTransport | None) -> None:
        """This socket's seat code was accepted: it no longer counts as waiting."""
        found = self._waiting.pop(transport, None) if transport is not None else None
        if found is not None:
            address, timer = found
            timer.cancel()
            self._forget(address, transport)

    def _expire(self, transport: asyncio.BaseTransport) -> None:
        found = self._waiting.pop(transport, None)
        if found is None:
            return
        self._forget(found[0], transport)
        if not transport.is_closing():
            self.expired += 1
            self.quiet("expired", logging.INFO, "closed a socket from %s that had not joined within %g s",
                       found[0], self.deadline)
        transport.abort()

    def _forget(self, address: str, transport: asyncio.BaseTransport) -> None:
        mine = self._by_address.get(address)
        if mine is not None:
            mine.discard(transport)
            if not mine:
                del self._by_address[address]

    def _prune(self, transports: set) -> None:
        """Forget sockets that closed by themselves before their deadline."""
        for t in [t for t in transports if t.is_closing()]:
            found = self._waiting.pop(t, None)
            if found is not None:
                found[1].cancel()
                self._forget(found[0], t)

    def close(self) -> None:
        for _, timer in self._waiting.values():
            timer.cancel()
        self._waiting.clear()
        self._by_address.clear()

    def exception_handler(self, previous):
        """A loop exception handler: running out of file descriptors (or buffers) on accept is one
        counted line, not a traceback per attempt; anything else goes to `previous`."""
        def handle(loop: asyncio.AbstractEventLoop, context: dict) -> None:
            exc = context.get("exception")
            if isinstance(exc, OSError) and exc.errno in _OUT_OF and "accept" in context.get("message", ""):
                self.quiet("accept", logging.ERROR, "cannot accept connections: %s (open sockets: %s waiting "
                           "to join); accepting again in a second", exc.strerror or exc, len(self._waiting))
                return
            if previous is not None:
                previous(loop, context)
            else:
                loop.default_exception_handler(context)
        return handle


class _Door(asyncio.Protocol):
    """Sees one accepted socket in: counted, then handed to aiohttp's handler (or closed)."""

    def __init__(self, gate: Gate):
        self.gate = gate

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if not self.gate.enter(transport):
            transport.abort()
            return
        handler = self.gate.handler_factory()
        transport.set_protocol(handler)
        handler.connection_made(transport)

    def data_received(self, data: bytes) -> None:  # only a refused socket, before it is gone
        pass

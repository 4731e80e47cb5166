"""Listening: `start_server` puts a session on ws://host:port/ws (wss:// with TLS) behind the
door that bounds the sockets still waiting to join (`Gate`), and returns the handle that stops
it. This is the in-process API (`tabletop serve`, `tabletop run`, the consoles, the tests)."""

from __future__ import annotations

import asyncio
import ssl as ssl_mod
from dataclasses import dataclass, field
from typing import Callable

from aiohttp import web

from tabletop.server import gate as gate_mod
from tabletop.server.app import HANDSHAKE_TIMEOUT, HELLO_TIMEOUT, Server
from tabletop.server.codes import SeatCodes, seats_for
from tabletop.server.gate import Gate
from tabletop.session import Session


@dataclass
class ServerHandle:
    url: str
    host: str
    port: int
    codes: dict[str, str] | None  # seat -> plain code, when issued by this start
    server: Server
    runner: web.AppRunner = field(repr=False)
    listener: asyncio.AbstractServer | None = field(default=None, repr=False)
    _restore: Callable[[], None] | None = field(default=None, repr=False)

    async def close(self) -> None:
        """Stop serving: consoles are disconnected (and will try to reconnect), seats are recorded
        as having left. The session and its store stay open; closing them is the caller's job."""
        if self.server.closing:
            return
        if self.listener is not None:
            self.listener.close()
        await self.server.shutdown()
        await self.runner.cleanup()
        if self.server.gate is not None:
            self.server.gate.close()
        if self._restore is not None:
            self._restore()


async def _index(request: web.Request) -> web.Response:
    return web.Response(text="tabletop session server. Join with: tabletop join ws://HOST:PORT/ws --code CODE\n")


async def start_server(session: Session, codes: dict[str, str] | None = None, host: str = "127.0.0.1",
                       port: int = 0, ssl_context: ssl_mod.SSLContext | None = None, *,
                       preauth_per_address: int = gate_mod.PER_ADDRESS, preauth_total: int = gate_mod.TOTAL,
                       join_deadline: float = gate_mod.DEADLINE, **limits) -> ServerHandle:
    """Serve `session` on ws://host:port/ws (wss:// with a TLS context).

    `codes` are seat → plain code just issued (e.g. by `open_exercise`), or recovered from a
    codes file; they are valid for their seats, and every other seat keeps the code whose hash
    the log holds. Without them the log's hashes are used, and if the log has none, codes are
    issued now and returned in `handle.codes`. `limits` go to `Server` (throttle, per_seat,
    messages, recent, queue_size, send_timeout, heartbeat, clock); the others bound the sockets
    still waiting to join (`Gate`)."""
    stored = SeatCodes.load(session.store)
    if codes is not None:
        # Codes given win for their seats; the log's other seats keep the codes they had.
        given = SeatCodes.from_plain(codes)
        seat_codes = SeatCodes({**(stored.hashes if stored else {}), **given.hashes}, given.aliases)
        if stored is None or seat_codes.hashes != stored.hashes:
            seat_codes.save(session.store)
    elif stored is not None:
        seat_codes = stored
    else:
        seat_codes, codes = SeatCodes.issue(seats_for(session.scenario))
        seat_codes.save(session.store)
    limits.setdefault("hello_timeout", min(HELLO_TIMEOUT, join_deadline))
    server = Server(session, seat_codes, **limits)
    app = web.Application()
    app.router.add_get("/ws", server.handle_socket)
    app.router.add_get("/", _index)
    # keepalive_timeout also bounds a socket that sends nothing, or half a request, before its first
    # request (aiohttp arms it at connection_made).
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=5.0,
                           keepalive_timeout=HANDSHAKE_TIMEOUT)
    await runner.setup()
    loop = asyncio.get_running_loop()
    door = Gate(runner.server, server.quiet, per_address=preauth_per_address, total=preauth_total, deadline=join_deadline)
    previous = loop.get_exception_handler()
    loop.set_exception_handler(door.exception_handler(previous))
    try:
        listener = await loop.create_server(door.protocol, host or None, port, ssl=ssl_context, reuse_address=True,
                                            backlog=128, ssl_handshake_timeout=HANDSHAKE_TIMEOUT if ssl_context else None)
    except BaseException:
        loop.set_exception_handler(previous)
        await runner.cleanup()
        raise
    server.gate = door
    await server.start()
    bound = listener.sockets[0].getsockname()[1] if listener.sockets else port
    scheme = "wss" if ssl_context is not None else "ws"
    shown = host if host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return ServerHandle(f"{scheme}://{shown}:{bound}/ws", host, bound, codes, server, runner, listener,
                        lambda: loop.set_exception_handler(previous))

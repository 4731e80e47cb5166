"""Who may join: a socket that has completed its WebSocket upgrade says hello with a seat code
within the hello deadline, and is let in only if its address and console are not being slowed
down for wrong codes, the code opens a seat, that seat has a connection to spare and has not
joined too often. Every refusal is one reply and a close code (docs/protocol.md), and what a
flood could repeat is logged a few times, then counted."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiohttp import WSCloseCode, WSMsgType, web

from tabletop.server import protocol
from tabletop.server.protocol import ProtocolError

CLOSE_BAD_CODE = 4401
CLOSE_SLOW_DOWN = 4429
CLOSE_PROTOCOL = 4400
CLOSE_TOO_MANY = 4409


@dataclass(frozen=True)
class Hello:
    seat: str
    resume_from: int


class Refused(Exception):
    def __init__(self, reply: dict, close_code: int):
        super().__init__(reply["message"])
        self.reply, self.close_code = reply, close_code


async def refuse(ws: web.WebSocketResponse, reply: dict, close_code: int) -> None:
    try:
        await ws.send_str(protocol.dumps(reply))
        await ws.close(code=close_code, message=reply["code"].encode())
    except Exception:
        pass


async def admit(server, ws: web.WebSocketResponse, address: str) -> Hello | None:
    """The seat this socket joins as, or None once it has been refused (or has gone)."""
    try:
        return await _hello(server, ws, address)
    except Refused as no:
        await refuse(ws, no.reply, no.close_code)
        return None


async def _hello(server, ws: web.WebSocketResponse, address: str) -> Hello | None:
    if server.closing:
        raise Refused(protocol.error("closing", "the server is stopping; try again shortly"),
                      WSCloseCode.TRY_AGAIN_LATER)
    try:
        msg = await ws.receive(timeout=server.hello_timeout)
    except asyncio.TimeoutError:
        raise Refused(protocol.error("not-hello", "no hello received; send your seat code first"),
                      CLOSE_PROTOCOL) from None
    if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
        return None
    if msg.type != WSMsgType.TEXT:
        raise Refused(protocol.error("not-hello", "the first message must be a JSON hello"), CLOSE_PROTOCOL)
    try:
        code, resume_from, console = protocol.hello(protocol.parse(msg.data))
    except ProtocolError as exc:
        raise Refused(exc.reply(), CLOSE_PROTOCOL) from None
    return Hello(_seat(server, code, address, console), resume_from)


def _seat(server, code: str, address: str, console: str | None) -> str:
    """The seat a code opens, if this address and console may try it now and the seat may join."""
    quiet, throttle = server.quiet, server.throttle
    wait = throttle.wait(address, console)
    if wait > 0:
        quiet("slow", logging.INFO, "slowed down hellos from %s (wrong codes)", address)
        raise Refused(protocol.error(
            "slow-down", f"too many wrong codes from your console or address; try again in {wait:.0f} s",
            retry_after=round(wait, 1)), CLOSE_SLOW_DOWN)
    seat = server.codes.seat_for(code)
    if seat is None:
        delay = throttle.failed(address, console)
        quiet("bad-code", logging.INFO, "a wrong seat code from %s", address)
        extra = {"retry_after": round(delay, 1)} if delay else {}
        raise Refused(protocol.error(
            "bad-code", "that code opens no seat in this exercise; check it with your facilitator", **extra),
            CLOSE_BAD_CODE)
    held = server.seat_count[seat]
    if held >= server.per_seat:
        quiet("too-many", logging.WARNING, "%s already has %s connections; refused one from %s", seat, held, address)
        raise Refused(protocol.error(
            "too-many-connections", f"{seat} already has {held} consoles connected (at most "
            f"{server.per_seat}); close one, or ask control to drop one"), CLOSE_TOO_MANY)
    wait = throttle.join(seat)
    if wait > 0:
        quiet("joins", logging.WARNING, "%s is joining too often (from %s)", seat, address)
        raise Refused(protocol.error("slow-down", f"this seat has joined too often; try again in {wait:.0f} s",
                                     retry_after=round(wait, 1)), CLOSE_SLOW_DOWN)
    return seat

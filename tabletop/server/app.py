"""The session server: one exercise, one authoritative process, every console a
client of it over a WebSocket (see docs/protocol.md).

How a move travels: a connection's reader parses the message, the command runs
with the others of its turn of the loop (`worker.Worker`: group commit, whatever
the store), the new events are published to every seat entitled to see them, and
only then is the `result` sent back. The event loop only reads the immutable
state and the recent end of the log (`tail.Tail`: each event serialised and
encoded once, sent to many); older backlog is read from the store, a chunk at
a time, for a console that asks (`backlog.Backlog`).

Each connection has a bounded send queue drained by its own writer task
(`connection.Connection`), so a slow or stuck console never holds up the others:
when its queue overflows the server drops the connection, and the console
resumes from its last seq when it reconnects. Who may join is `admission`; the
listening socket and its door are `listen` and `gate`; opening an exercise is
`exercise`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from datetime import datetime
from typing import Callable, NamedTuple

from aiohttp import WSCloseCode, WSMsgType, web

from tabletop.engine import commands as c
from tabletop.engine.audience import SeatKnowledge, viewers
from tabletop.engine.events import Event
from tabletop.engine.moves import verdict_for
from tabletop.engine.scheduler import next_due, same_schedule
from tabletop.engine.state import State
from tabletop.server import protocol
from tabletop.server.admission import Hello, admit
from tabletop.server.backlog import Backlog
from tabletop.server.codes import SeatCodes, Throttle
from tabletop.server.connection import SEND_QUEUE, SEND_TIMEOUT, Connection
from tabletop.server.exercise import ExerciseError, default_db, open_exercise, seat_titles, utc_now
from tabletop.server.gate import Gate, Quiet
from tabletop.server.limits import Rate
from tabletop.server.protocol import ProtocolError
from tabletop.server.tail import RECENT, Tail
from tabletop.server.worker import Worker
from tabletop.session import Outcome, Session

log = logging.getLogger("tabletop.server")

HELLO_TIMEOUT = 15.0  # seconds a new socket has to say hello
HANDSHAKE_TIMEOUT = 10.0  # seconds from accept to a complete HTTP upgrade request (and TLS handshake)
CLOSE_DROPPED = 4410  # control dropped this connection: the console does not reconnect by itself
PER_SEAT = 4  # connections one seat code may hold open at once
MESSAGES_BURST = 20  # messages a seat may send at once (a console checking its options, say) ...
MESSAGES_EVERY = 0.05  # ... then one every this many seconds (20 a second), whatever its connections


class Server:
    def __init__(self, session: Session, codes: SeatCodes, *, throttle: Throttle | None = None,
                 clock: Callable[[], datetime] = utc_now, queue_size: int = SEND_QUEUE,
                 send_timeout: float = SEND_TIMEOUT, heartbeat: float | None = 20.0,
                 hello_timeout: float = HELLO_TIMEOUT, per_seat: int = PER_SEAT,
                 messages: tuple[int, float] = (MESSAGES_BURST, MESSAGES_EVERY), recent: int = RECENT):
        self.session = session
        self.codes = codes
        self.throttle = throttle or Throttle()
        self.clock = clock
        self.queue_size = queue_size
        self.send_timeout = send_timeout
        self.heartbeat = heartbeat
        self.hello_timeout = hello_timeout
        self.per_seat = per_seat
        self.messages = messages
        self.exercise = session.store.exercise
        self.connections: set[Connection] = set()
        self.seat_count: Counter[str] = Counter()
        self._rates: dict[str, Rate] = {}  # seat -> its message rate, shared by its connections
        self.recent = Tail(recent)
        self.last_seq = 0  # the last event published
        # What each role player has been shown of the rules' facts: a check answers from that.
        self.knowledge = SeatKnowledge(session.state.plan.side_seats)
        last = session.store.last_seq
        for e in session.store.read():
            self.knowledge.learn(e)
            if e.seq > last - recent:
                self.recent.add(e, protocol.event_data(e))
            self.last_seq = e.seq
        self._control_texts = {k: session.store.get_meta(k) for k in ("scenario_text", "scenario_file",
                                                                       "doctrine_text")}
        self.worker = Worker(session, clock, self._after_command, self.last_seq)
        self.backlog = Backlog(session.store, self.recent)
        self._wake = asyncio.Event()
        self._ticker_state: State | None = None  # the state the clock last worked out its next due time from
        self._ticker: asyncio.Task | None = None
        self._handlers: set[asyncio.Task] = set()
        self.closing = False
        self._last_watch = 0.0
        self.gate: Gate | None = None  # the door of the listening socket, once serving
        self._announcing = False
        self.quiet = Quiet(log)  # for what a flood could repeat: one line, then a count every few seconds

    # -- publishing ----------------------------------------------------------------

    def _after_command(self, events: list[Event], answers: list[tuple["Asker", Outcome | BaseException]]) -> None:
        """On the loop: publish a batch's events, each console's reply to its commands behind the
        events it may see (one push a console: they leave in one write); and wake the clock if
        they may have moved its next due time (a move seldom does: then the clock sleeps on)."""
        replies: dict[Connection, list[str]] = {}
        for asker, outcome in answers:
            if isinstance(outcome, BaseException):
                reply = protocol.error("server-error", "the server could not record that "
                                       f"({type(outcome).__name__}); it was not applied — try again", asker.cid)
            else:
                reply = result_message(asker.cid, outcome)
            replies.setdefault(asker.conn, []).append(protocol.dumps(reply))
        try:
            self._publish(events, replies)
        finally:  # a bug in publishing must not leave a console waiting for its reply
            for conn, texts in replies.items():
                conn.push(texts)
        seen = self._ticker_state
        if events and (seen is None or not same_schedule(seen, self.session.state)):
            self._wake.set()

    def _publish(self, events: list[Event], replies: dict[Connection, list[str]] | None = None) -> None:
        """Send each console the events of a batch it may see, with `replies` (console → its
        replies, taken out of it as they are sent) behind them."""
        offered = []
        for e in events:
            if e.seq != self.last_seq + 1:
                log.error("event #%s out of order (last published #%s)", e.seq, self.last_seq)
                continue
            data = protocol.event_data(e)  # once, for every seat that may see it
            self.recent.add(e, data)
            self.last_seq = e.seq
            self.knowledge.learn(e)
            offered.append((viewers(e), data))
        if not offered:
            return
        conns = self.connections
        if replies:  # the senders' consoles first: they are waiting for their results
            first = [c for c in replies if c in conns]
            conns = first + [c for c in conns if c not in replies]
        for conn in list(conns):
            seat, kind = conn.seat, conn.kind
            texts = [data for sees, data in offered if sees(seat, kind)]
            if replies and conn in replies:
                texts += replies.pop(conn)
            if texts:
                conn.push(texts[0] if len(texts) == 1 else texts)

    # -- lifecycle ---------------------------------------------------------------

    async def start(self) -> None:
        self.worker.start(asyncio.get_running_loop())
        # A crash leaves seats marked connected: record that they left.
        for seat, st in list(self.session.state.seats.items()):
            if st.connected:
                await self.worker.run(c.Leave(), seat)
        self._ticker = asyncio.create_task(self._tick_forever(), name="tabletop ticker")

    def _watchdog(self) -> None:
        """Cut consoles stuck on one message for longer than the send timeout."""
        now = time.monotonic()
        if now - self._last_watch < 0.5:
            return
        self._last_watch = now
        for conn in list(self.connections):
            if conn.stalled(now):
                conn.drop(f"{conn.seat} did not take a message within {conn.send_timeout:g} s")

    async def _tick_forever(self) -> None:
        while not self.closing:
            self._watchdog()
            try:
                state = self._ticker_state = self.session.state
                due = next_due(state)
                timeout = 1.0
                if due is not None:
                    wall = state.clock.wall_for(due)
                    if wall is not None:
                        ahead = wall - self.clock().timestamp()
                        if ahead <= 0:
                            await asyncio.sleep(0 if self.worker.tick() else 0.005)
                            continue
                        timeout = min(1.0, ahead + 0.002)
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout)
                except asyncio.TimeoutError:
                    pass
                self._wake.clear()
            except asyncio.CancelledError:
                raise
            except Exception:  # never let the clock stop
                log.exception("ticker failed; retrying")
                await asyncio.sleep(0.5)

    async def shutdown(self) -> None:
        """Close every console (they record SeatLeft), stop the clock."""
        self.closing = True
        if self._ticker is not None:
            self._ticker.cancel()
        for conn in list(self.connections):
            try:
                await asyncio.wait_for(conn.ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping"), 2.0)
            except (asyncio.TimeoutError, Exception):
                pass
        if self._handlers:
            await asyncio.wait(list(self._handlers), timeout=5.0)

    # -- one socket --------------------------------------------------------------

    async def handle_socket(self, request: web.Request) -> web.StreamResponse:
        # No permessage-deflate: an event is encoded once for all its seats, and compressing it would cost
        # that again per connection (a browser offers it by default).
        ws = web.WebSocketResponse(max_msg_size=protocol.MAX_FRAME, heartbeat=self.heartbeat, timeout=5.0,
                                   compress=False)
        await ws.prepare(request)
        task = asyncio.current_task()
        self._handlers.add(task)
        try:
            address = request.remote or "?"
            hello = await admit(self, ws, address)
            if hello is not None:
                await self._serve(ws, hello, address, request.transport)
        finally:
            self._handlers.discard(task)
        return ws

    async def _serve(self, ws: web.WebSocketResponse, hello: Hello, address: str,
                     transport: asyncio.BaseTransport | None) -> None:
        """A seat let in: its welcome and backlog, then its messages until it goes."""
        seat, resume_from = hello.seat, hello.resume_from
        if self.gate is not None:
            self.gate.admitted(transport)
        conn = Connection(ws, seat, self.session.state.role_kind(seat), address, queue_size=self.queue_size,
                          send_timeout=self.send_timeout, transport=transport, quiet=self.quiet)
        # Welcome and backlog are taken, and the connection registered, in one step of the loop:
        # nothing published in between can be missed or sent twice.
        last = self.last_seq
        sent = self._welcome(conn, resume_from, last)
        conn.rate = self._rates.get(seat) or self._rates.setdefault(seat, Rate(*self.messages))
        self.connections.add(conn)
        self.seat_count[seat] += 1
        conn.start()
        self._announce()
        log.info("%s joined from %s (resume from #%s, %s to send)", seat, address, resume_from, sent)
        try:
            if conn.held is not None:
                await self.backlog.catch_up(conn, resume_from, last)
            if self.seat_count[seat] == 1:
                await self.worker.run(c.Join(), seat)
            await self._read(conn)
        finally:
            await self._gone(conn)

    async def _gone(self, conn: Connection) -> None:
        seat = conn.seat
        self.connections.discard(conn)
        self.seat_count[seat] -= 1
        self._announce()
        await conn.finish()
        if self.seat_count[seat] == 0:
            del self.seat_count[seat]
            try:
                await self.worker.run(c.Leave(), seat)
            except Exception:
                log.exception("could not record that %s left", seat)
        log.info("%s left", seat)

    def _welcome(self, conn: Connection, resume_from: int, last: int) -> str:
        """Queue the welcome and the backlog. A function of its own, so that no coroutine frame
        keeps the welcome's objects alive for as long as the console stays."""
        welcome = protocol.welcome(self.session, conn.seat, conn.kind, self.exercise, last, self._control_texts)
        return self.backlog.queue(conn, protocol.dumps(welcome), resume_from, last)

    async def _read(self, conn: Connection) -> None:
        ws = conn.ws
        while not conn.dropped:
            msg = await ws.receive()
            if msg.type == WSMsgType.TEXT:
                wait = conn.rate.take()
                if wait > 0:
                    self._slow_down(conn, msg.data, wait)
                    await asyncio.sleep(wait)  # read nothing more from this console until then
                    continue
                await self._on_text(conn, msg.data)
            elif msg.type == WSMsgType.BINARY:
                conn.send(protocol.error("bad-json", "send JSON as text frames, not binary"))
            elif msg.type == WSMsgType.ERROR:
                exc = ws.exception()
                if exc is not None and "too big" in str(exc).lower():
                    conn.send(protocol.error("too-large", f"a message may be at most "
                                                          f"{protocol.MAX_MESSAGE // 1024} KiB; closing"))
                return
            else:  # CLOSE, CLOSING, CLOSED
                return

    async def _on_text(self, conn: Connection, text: str) -> None:
        try:
            msg = protocol.parse(text)
            kind = msg["type"]
            if kind == "command":
                cid, command = protocol.command(msg)
                await self._command(conn, cid, command)
            elif kind == "check":
                cid, action = protocol.check(msg)
                state = self.session.state
                verdict = (verdict_for(self.knowledge.view(state, conn.seat), conn.seat, action)
                           if conn.kind == "player"
                           else self.session.rules.evaluate(state, conn.seat, action))
                conn.send({"type": "verdict", "id": cid, "action": action, "verdict": verdict.to_json()})
            elif kind == "ping":
                conn.send(protocol.pong())
            elif kind == "drop":
                self._drop(conn, msg)
            elif kind == "hello":
                raise ProtocolError("already-joined", f"you have already joined as {conn.seat}")
            else:
                raise ProtocolError("unknown-type", f"unknown message type {kind!r}; "
                                                    "send command, check, ping (or, as control, drop)", protocol._id(msg))
        except ProtocolError as exc:
            conn.send(exc.reply())
        except Exception:  # a bug must cost one reply, not the connection or the server
            log.exception("message from %s could not be handled", conn.seat)
            conn.send(protocol.error("server-error", "the server could not handle that message; it was not applied"))

    def _slow_down(self, conn: Connection, text: str, wait: float) -> None:
        """A message over the seat's rate: not applied; its sender is told when to send it again."""
        try:
            cid = protocol._id(protocol.parse(text))
        except ProtocolError:
            cid = None
        self.quiet(f"rate {conn.seat}", logging.WARNING, "%s is sending too fast; told to slow down", conn.seat)
        conn.send(protocol.error("slow-down", f"{conn.seat} is sending too many messages; this one was not "
                                 f"applied — send it again in {wait:.2f} s", cid, retry_after=round(wait, 3)))

    # -- who is connected (control sees each connection, and may drop one) -----------

    def _announce(self) -> None:
        """Tell control's consoles who is connected, once per turn of the loop however many changed."""
        if self._announcing:
            return
        self._announcing = True

        def send() -> None:
            self._announcing = False
            conns = sorted((c.describe() for c in self.connections), key=lambda d: (d["seat"], d["since"]))
            text = protocol.dumps({"type": "connections", "connections": conns})
            for conn in list(self.connections):
                if conn.kind == "control":
                    conn.push(text)
        asyncio.get_running_loop().call_soon(send)

    def _drop(self, conn: Connection, msg: dict) -> None:
        cid = protocol.request_id(msg)
        if conn.kind != "control":
            raise ProtocolError("forbidden", "only control may drop a connection", cid)
        target_id = msg.get("connection")
        target = next((t for t in self.connections if t.id == target_id), None)
        if target is None:
            raise ProtocolError("unknown-connection", f"no connection {target_id!r} is open", cid)
        log.info("control dropped %s's connection %s (from %s)", target.seat, target.id, target.address)
        target.send(protocol.error("dropped", "control closed this connection"))
        asyncio.get_running_loop().create_task(_close(target.ws, CLOSE_DROPPED, b"dropped by control"))
        conn.send({"type": "dropped", "id": cid, "connection": target.id, "seat": target.seat})

    async def _command(self, conn: Connection, cid: str, command: c._Command) -> None:
        # Ids are kept per seat, so one seat can neither read nor pre-empt another's outcomes. The
        # reply goes out with the batch's events (`_after_command`); this only waits for it, so
        # that a console's commands are taken one at a time.
        try:
            await self.worker.run(command, conn.seat, f"{conn.seat}/{cid}", Asker(conn, cid))
        except Exception:
            log.exception("command %s from %s failed", cid, conn.seat)


async def _close(ws: web.WebSocketResponse, code: int, message: bytes) -> None:
    try:
        await asyncio.wait_for(ws.close(code=code, message=message), 2.0)
    except (asyncio.TimeoutError, Exception):
        pass


class Asker(NamedTuple):
    """Who sent a command, to be answered when it lands: the console and its message id."""
    conn: Connection
    cid: str


def result_message(cid: str, outcome: Outcome) -> dict:
    return {"type": "result", "id": cid, "status": outcome.status, "code": outcome.code,
            "message": outcome.message, "reasons": outcome.reasons, "first_seq": outcome.first_seq,
            "last_seq": outcome.last_seq, "replayed": outcome.replayed}


# The in-process API, from here as before (`listen` needs `Server`, so it comes last).
from tabletop.server.listen import ServerHandle, start_server  # noqa: E402

__all__ = ["Connection", "ExerciseError", "Server", "ServerHandle", "default_db", "open_exercise", "seat_titles",
           "start_server"]

"""The session server: one exercise, one authoritative process, every console a
client of it over a WebSocket (see docs/protocol.md).

How a move travels: a connection's reader parses the message, the command runs
in the session's single worker thread, whatever the store (`Session.handle`
appends durably before it returns), the new events are published to every seat
entitled to see them, and only then is the `result` sent back. All store access
happens on that one thread, in order; the event loop only reads the immutable
state and the recent end of the log (serialised once, sent to many). Older
backlog is read from the store, on that thread, for a console that asks.

Each connection has a bounded send queue drained by its own writer task, so a
slow or stuck console never holds up the others: when its queue overflows the
server drops the connection, and the console resumes from its last seq when it
reconnects."""

from __future__ import annotations

import asyncio
import logging
import ssl as ssl_mod
import threading
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Callable

from aiohttp import WSCloseCode, WSMsgType, web

from tabletop.engine import commands as c
from tabletop.engine.core import next_due, same_schedule, verdict_for
from tabletop.engine.audience import SeatKnowledge, may_see
from tabletop.engine.events import Event
from tabletop.engine.state import State
from tabletop.server import protocol
from tabletop.server import gate as gate_mod
from tabletop.server.codes import SeatCodes, Throttle, seats_for
from tabletop.server.connection import SEND_QUEUE, SEND_TIMEOUT, Connection
from tabletop.server.gate import Gate, Quiet
from tabletop.server.limits import Rate
from tabletop.server.protocol import ProtocolError
from tabletop.session import Outcome, Session

log = logging.getLogger("tabletop.server")

HELLO_TIMEOUT = 15.0  # seconds a new socket has to say hello
HANDSHAKE_TIMEOUT = 10.0  # seconds from accept to a complete HTTP upgrade request (and TLS handshake)
CLOSE_BAD_CODE = 4401
CLOSE_SLOW_DOWN = 4429
CLOSE_PROTOCOL = 4400
CLOSE_TOO_MANY = 4409
CLOSE_DROPPED = 4410  # control dropped this connection: the console does not reconnect by itself
RECENT = 1000  # events of the log kept in memory, serialised, for new and resuming consoles ...
RECENT_BYTES = 8 * 1024 * 1024  # ... and at most this much of their text
BACKLOG_CHUNK = 500  # events read from the store at a time for a console resuming from further back
PER_SEAT = 4  # connections one seat code may hold open at once
MESSAGES_BURST = 20  # messages a seat may send at once (a console checking its options, say) ...
MESSAGES_EVERY = 0.05  # ... then one every this many seconds (20 a second), whatever its connections


class ExerciseError(Exception):
    """Something the facilitator must fix (a missing log, an existing file): a message, not a traceback."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# -- the server -----------------------------------------------------------------------

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
        self.exercise = session.store.exercise
        self.connections: set[Connection] = set()
        self.seat_count: Counter[str] = Counter()
        # Every event of the log, with its `event` message serialised once.
        # The recent end of the log, each event with its `event` message serialised once (sent to
        # many), at most `recent` events and RECENT_BYTES of text; older backlog is read from the store.
        self.recent: deque[tuple[Event, str]] = deque()
        self._recent_cap = recent
        self._recent_bytes = 0
        self.last_seq = 0  # the last event published
        # What each role player has been shown of the rules' facts: a check answers from that.
        self.knowledge = SeatKnowledge(session.state.plan.side_seats)
        for e in session.store.read():
            self._remember(e, protocol.event_text(e))
        self._queued_seq = self.last_seq  # last seq handed to _publish (session thread only)
        self._control_texts = {k: session.store.get_meta(k) for k in ("scenario_text", "scenario_file",
                                                                       "doctrine_text")}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tabletop-session")
        self._batch: list[tuple] = []  # commands waiting for the session's thread (command, seat, id, sender, future)
        self._batch_lock = threading.Lock()
        self._draining = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake = asyncio.Event()
        self._ticker_state: State | None = None  # the state the clock last worked out its next due time from
        self._ticker: asyncio.Task | None = None
        self._handlers: set[asyncio.Task] = set()
        self._closing = False
        self._last_watch = 0.0
        self.gate: Gate | None = None  # the door of the listening socket, once serving
        self.per_seat = per_seat
        self.messages = messages
        self._rates: dict[str, Rate] = {}  # seat -> its message rate, shared by its connections
        self._announcing = False
        self.quiet = Quiet(log)  # for what a flood could repeat: one line, then a count every few seconds

    # -- running commands on the session's thread --------------------------------

    def _drain(self) -> None:
        """On the session's thread: run every command waiting, as one batch (group commit: the
        commands that arrived together share one durable transaction), until none waits."""
        loop = self._loop
        while True:
            with self._batch_lock:
                jobs, self._batch = self._batch, []
                if not jobs:
                    self._draining = False
                    return
            now = self.clock()
            try:
                outcomes = self.session.handle_batch([(cmd, seat, now, cid) for cmd, seat, cid, _, _ in jobs])
                events = [e for o in outcomes if isinstance(o, Outcome) and not o.replayed for e in o.events]
                events = self._complete(events) if events else []
            except BaseException as exc:  # a bug: every command of the batch hears of it
                outcomes, events = [exc] * len(jobs), []
            loop.call_soon_threadsafe(self._landed, jobs, outcomes, events)

    def _landed(self, jobs, outcomes, events: list[Event]) -> None:
        """On the loop: publish the batch's events, then let each command's caller resume."""
        if events:
            try:
                self._after_command(events, [sender for _, _, _, sender, _ in jobs if sender is not None])
            except Exception:  # a bug must not leave the commands' callers waiting for ever
                log.exception("publishing failed")
        for (_, _, _, _, fut), outcome in zip(jobs, outcomes):
            if fut.done():
                continue  # the caller was cancelled; its events are published all the same
            if isinstance(outcome, BaseException):
                fut.set_exception(outcome)
            else:
                fut.set_result(outcome)

    def _after_command(self, events: list[Event], senders: list[Connection]) -> None:
        """On the loop: publish commands' events, and wake the clock if they may have moved
        its next due time (a move seldom does: then the clock sleeps on, and costs nothing)."""
        self._publish(events, senders)
        seen = self._ticker_state
        if seen is None or not same_schedule(seen, self.session.state):
            self._wake.set()

    def _tick_sync(self) -> tuple[list[Event], Callable[[], None] | None]:
        events = self.session.tick(self.clock())
        return events, (partial(self._publish, self._complete(events)) if events else None)

    async def _on_session_thread(self, fn, *args):
        """`fn(*args)` on the session's thread; it returns its result and what to do on the loop
        (publish) before the caller resumes. Both reach the loop in one callback: one wake-up."""
        loop = self._loop
        fut = loop.create_future()

        def job() -> None:
            try:
                result, then = fn(*args)
            except BaseException as exc:
                loop.call_soon_threadsafe(_land, fut, None, None, exc)
            else:
                loop.call_soon_threadsafe(_land, fut, then, result, None)

        work = self._executor.submit(job)
        try:
            return await fut
        except asyncio.CancelledError:
            work.cancel()  # not started yet: it never will be (once started, it lands all the same)
            raise

    def _complete(self, events: list[Event]) -> list[Event]:
        """The events to publish, including any appended to the session by someone other than
        this server (on the session's thread, so the store may be read)."""
        if events[0].seq != self._queued_seq + 1:
            with self.session.lock:
                events = [e for e in self.session.store.read(self._queued_seq) if e.seq <= events[-1].seq]
        self._queued_seq = events[-1].seq
        return events

    async def run(self, command: c._Command, seat: str, command_id: str | None = None,
                  sender: Connection | None = None) -> Outcome:
        """Run a command on the session's thread, with whatever other commands are waiting."""
        fut = self._loop.create_future()
        with self._batch_lock:
            self._batch.append((command, seat, command_id, sender, fut))
            start = not self._draining
            self._draining = True
        if start:
            self._executor.submit(self._drain)
        return await asyncio.shield(fut)  # once queued it runs; a cancelled caller just stops waiting

    def _publish(self, events: list[Event], senders: list[Connection] = ()) -> None:
        # The senders' consoles first: their results follow these events and wait on them.
        first = [s for s in dict.fromkeys(senders) if s in self.connections]
        conns = first + [c for c in self.connections if c not in first] if first else list(self.connections)
        for e in events:
            if e.seq != self.last_seq + 1:
                log.error("event #%s out of order (last published #%s)", e.seq, self.last_seq)
                continue
            text = protocol.event_text(e)
            self._remember(e, text)
            for conn in conns:
                if may_see(e, conn.seat, conn.kind):
                    conn.push(text)

    def _remember(self, e: Event, text: str) -> None:
        self.recent.append((e, text))
        self._recent_bytes += len(text)
        while len(self.recent) > self._recent_cap or (self._recent_bytes > RECENT_BYTES and len(self.recent) > 1):
            self._recent_bytes -= len(self.recent.popleft()[1])
        self.last_seq = e.seq
        self.knowledge.learn(e)

    def _read_back(self, after: int, upto: int, seat: str, kind: str) -> tuple[tuple[list[str], int], None]:
        """On the session's thread: the `event` messages this seat may see among the events after
        `after` (at most BACKLOG_CHUNK of them, none past `upto`), and the last seq read."""
        texts, last = [], after
        for e in self.session.store.read(after):
            if e.seq > upto or e.seq - after > BACKLOG_CHUNK:
                break
            last = e.seq
            if may_see(e, seat, kind):
                texts.append(protocol.event_text(e))
        return (texts, last), None

    async def _catch_up(self, conn: Connection, after: int, upto: int) -> None:
        """Send a console the backlog older than what is kept in memory, from the store, a chunk at a
        time (each once the previous one has gone out); what is published meanwhile waits behind it."""
        while after < upto and not conn.dropped:
            cached = self.recent[0][0].seq if self.recent else upto + 1
            if after + 1 >= cached:
                conn.push_backlog([t for e, t in self.recent if after < e.seq <= upto
                                   and may_see(e, conn.seat, conn.kind)])
                break
            texts, after = await self._on_session_thread(self._read_back, after, min(upto, cached - 1),
                                                         conn.seat, conn.kind)
            conn.push_backlog(texts)
            await conn.drained()
        conn.release()

    # -- lifecycle ---------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        # A crash leaves seats marked connected: record that they left.
        for seat, st in list(self.session.state.seats.items()):
            if st.connected:
                await self.run(c.Leave(), seat)
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
        while not self._closing:
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
                            events = await self._on_session_thread(self._tick_sync)
                            if not events:
                                await asyncio.sleep(0.005)
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
        """Close every console (they record SeatLeft), stop the clock, finish the log's thread."""
        self._closing = True
        if self._ticker is not None:
            self._ticker.cancel()
        for conn in list(self.connections):
            try:
                await asyncio.wait_for(conn.ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping"), 2.0)
            except (asyncio.TimeoutError, Exception):
                pass
        if self._handlers:
            await asyncio.wait(list(self._handlers), timeout=5.0)

    def stop_thread(self) -> None:
        self._executor.shutdown(wait=True)

    # -- one socket --------------------------------------------------------------

    async def handle_socket(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=protocol.MAX_FRAME, heartbeat=self.heartbeat, timeout=5.0)
        await ws.prepare(request)
        task = asyncio.current_task()
        self._handlers.add(task)
        try:
            await self._serve(ws, request.remote or "?", request.transport)
        finally:
            self._handlers.discard(task)
        return ws

    async def _refuse(self, ws: web.WebSocketResponse, reply: dict, close_code: int) -> None:
        try:
            await ws.send_str(protocol.dumps(reply))
            await ws.close(code=close_code, message=reply["code"].encode())
        except Exception:
            pass

    async def _serve(self, ws: web.WebSocketResponse, address: str,
                     transport: asyncio.BaseTransport | None = None) -> None:
        if self._closing:
            await self._refuse(ws, protocol.error("closing", "the server is stopping; try again shortly"),
                               WSCloseCode.TRY_AGAIN_LATER)
            return
        # hello
        try:
            msg = await ws.receive(timeout=self.hello_timeout)
        except asyncio.TimeoutError:
            await self._refuse(ws, protocol.error("not-hello", "no hello received; send your seat code first"),
                               CLOSE_PROTOCOL)
            return
        if msg.type != WSMsgType.TEXT:
            if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            await self._refuse(ws, protocol.error("not-hello", "the first message must be a JSON hello"),
                               CLOSE_PROTOCOL)
            return
        try:
            code, resume_from, console = protocol.hello(protocol.parse(msg.data))
        except ProtocolError as exc:
            await self._refuse(ws, exc.reply(), CLOSE_PROTOCOL)
            return
        wait = self.throttle.wait(address, console)
        if wait > 0:
            self.quiet("slow", logging.INFO, "slowed down hellos from %s (wrong codes)", address)
            await self._refuse(ws, protocol.error(
                "slow-down", f"too many wrong codes from your console or address; try again in {wait:.0f} s",
                retry_after=round(wait, 1)), CLOSE_SLOW_DOWN)
            return
        seat = self.codes.seat_for(code)
        if seat is None:
            delay = self.throttle.failed(address, console)
            self.quiet("bad-code", logging.INFO, "a wrong seat code from %s", address)
            extra = {"retry_after": round(delay, 1)} if delay else {}
            await self._refuse(ws, protocol.error(
                "bad-code", "that code opens no seat in this exercise; check it with your facilitator", **extra),
                CLOSE_BAD_CODE)
            return
        if self.seat_count[seat] >= self.per_seat:
            self.quiet("too-many", logging.WARNING, "%s already has %s connections; refused one from %s",
                       seat, self.seat_count[seat], address)
            await self._refuse(ws, protocol.error(
                "too-many-connections", f"{seat} already has {self.seat_count[seat]} consoles connected (at most "
                f"{self.per_seat}); close one, or ask control to drop one"), CLOSE_TOO_MANY)
            return
        wait = self.throttle.join(seat)
        if wait > 0:
            self.quiet("joins", logging.WARNING, "%s is joining too often (from %s)", seat, address)
            await self._refuse(ws, protocol.error(
                "slow-down", f"this seat has joined too often; try again in {wait:.0f} s",
                retry_after=round(wait, 1)), CLOSE_SLOW_DOWN)
            return
        if self.gate is not None:
            self.gate.admitted(transport)
        kind = self.session.state.role_kind(seat)
        conn = Connection(ws, seat, kind, address, queue_size=self.queue_size, send_timeout=self.send_timeout,
                          transport=transport, quiet=self.quiet)

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
                await self._catch_up(conn, resume_from, last)
            if self.seat_count[seat] == 1:
                await self.run(c.Join(), seat)
            await self._read(conn)
        finally:
            self.connections.discard(conn)
            self.seat_count[seat] -= 1
            self._announce()
            await conn.finish()
            if self.seat_count[seat] == 0:
                del self.seat_count[seat]
                try:
                    await self.run(c.Leave(), seat)
                except Exception:
                    log.exception("could not record that %s left", seat)
            log.info("%s left", seat)

    def _welcome(self, conn: Connection, resume_from: int, last: int) -> str:
        """Queue the welcome and the backlog held in memory (or hold live events back while the
        older backlog comes from the store). A function of its own, so that no coroutine frame
        keeps the welcome's objects alive for as long as the console stays."""
        seat, kind = conn.seat, conn.kind
        welcome = protocol.dumps(protocol.welcome(self.session, seat, kind, self.exercise, last, self._control_texts))
        cached = self.recent[0][0].seq if self.recent else last + 1
        if resume_from + 1 >= cached:
            backlog = [text for e, text in self.recent if e.seq > resume_from and may_see(e, seat, kind)]
            conn.push([welcome] + backlog)
            return f"{len(backlog)} events"
        conn.push(welcome)  # older than what is kept in memory: from the store, once registered
        conn.hold()
        return f"#{resume_from + 1}…#{last} from the store"

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
        # Ids are kept per seat, so one seat can neither read nor pre-empt another's outcomes.
        try:
            outcome = await self.run(command, conn.seat, f"{conn.seat}/{cid}", conn)
        except Exception as exc:
            log.exception("command %s from %s failed", cid, conn.seat)
            conn.send(protocol.error("server-error", f"the server could not record that ({type(exc).__name__}); "
                                                     "it was not applied — try again", cid))
            return
        conn.send(result_message(cid, outcome))


async def _close(ws: web.WebSocketResponse, code: int, message: bytes) -> None:
    try:
        await asyncio.wait_for(ws.close(code=code, message=message), 2.0)
    except (asyncio.TimeoutError, Exception):
        pass


def _then(then: Callable[[], None] | None) -> None:
    if then is not None:
        try:
            then()
        except Exception:  # a bug must not leave the command's caller waiting for ever
            log.exception("publishing failed")


def _land(fut: asyncio.Future, then: Callable[[], None] | None, result, exc: BaseException | None) -> None:
    """On the loop, once the session's thread is done: publish, then let the caller resume."""
    _then(then)
    if fut.done():
        return  # the caller was cancelled; the events are published all the same
    if exc is not None:
        fut.set_exception(exc)
    else:
        fut.set_result(result)


def result_message(cid: str, outcome: Outcome) -> dict:
    return {"type": "result", "id": cid, "status": outcome.status, "code": outcome.code,
            "message": outcome.message, "reasons": outcome.reasons, "first_seq": outcome.first_seq,
            "last_seq": outcome.last_seq, "replayed": outcome.replayed}


# -- the in-process API (`tabletop serve`, `tabletop run`, tests) ---------------------------

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
        if self.server._closing:
            return
        if self.listener is not None:
            self.listener.close()
        await self.server.shutdown()
        await self.runner.cleanup()
        if self.server.gate is not None:
            self.server.gate.close()
        if self._restore is not None:
            self._restore()
        await asyncio.get_running_loop().run_in_executor(None, self.server.stop_thread)


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


def default_db(scenario_id: str, now: datetime | None = None) -> Path:
    stamp = (now or utc_now()).strftime("%Y%m%d-%H%M%S")
    return Path("exercises") / f"{scenario_id}-{stamp}.db"


def open_exercise(scenario: str | None = None, resume: str | None = None, db: str | None = None,
                  store_url: str | None = None) -> tuple[Session, dict[str, str] | None]:
    """Create an exercise from SCENARIO (log at `db`, default exercises/<id>-<UTC stamp>.db, or
    ":memory:") and issue seat codes; or resume the log at `resume` with the codes it holds.

    With `store_url` (postgresql://…) the log is that database's exercise (`resume` names it).
    Returns the session and seat → plain code (None on resume: only hashes are kept).
    Raises ExerciseError, or ProblemsFound for a scenario with errors."""
    from tabletop.scenario import load_scenario
    from tabletop.store import MemoryStore, SqliteStore, StoreError, open_postgres

    if (scenario is None) == (resume is None):
        raise ExerciseError("give a scenario to start, or --resume LOG to continue an exercise")
    if resume is not None:
        try:
            store = (open_postgres(store_url, resume, create=False, exclusive=True) if store_url
                     else SqliteStore(resume, create=False, exclusive=True))
        except StoreError as exc:
            raise ExerciseError(str(exc)) from None
        try:
            session = Session.resume(store)
        except (ValueError, StoreError) as exc:
            store.close()
            raise ExerciseError(f"{resume}: {exc}") from None
        if SeatCodes.load(store) is None:
            seat_codes, plain = SeatCodes.issue(seats_for(session.scenario))
            seat_codes.save(store)
            return session, plain
        return session, None

    loaded = load_scenario(scenario)
    now = utc_now()
    exercise = f"{loaded.scenario.id}-{now.strftime('%Y%m%d-%H%M%S')}"
    if store_url:
        try:
            store = open_postgres(store_url, exercise, exclusive=True)
        except StoreError as exc:
            raise ExerciseError(str(exc)) from None
    elif db == ":memory:":
        store = MemoryStore(exercise)
    else:
        path = Path(db) if db else default_db(loaded.scenario.id, now)
        if path.exists():
            raise ExerciseError(f"{path} already exists; to continue that exercise use --resume {path}, "
                                "or choose a new --db")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExerciseError(f"cannot create the exercise log {path}: {exc.strerror or exc}") from None
        try:
            store = SqliteStore(path, exercise, exclusive=True)
        except StoreError as exc:
            raise ExerciseError(str(exc)) from None
    session = Session.create(loaded, store, now, scenario_text=Path(loaded.path).read_text(encoding="utf-8"))
    seat_codes, plain = SeatCodes.issue(seats_for(loaded.scenario))
    seat_codes.save(store)
    return session, plain


def seat_titles(session: Session, lang: str = "en") -> dict[str, str]:
    return {seat: protocol.seat_title(session.rules, seat, lang) for seat in seats_for(session.scenario)}


__all__ = ["Connection", "ExerciseError", "Server", "ServerHandle", "default_db", "open_exercise", "seat_titles",
           "start_server"]

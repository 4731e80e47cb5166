"""The protocol client every console uses (facilitator, participant, evaluator, bot).

It joins with a seat code, hands each event to `on_event` exactly once and in
order, and survives the network: when the socket drops it reconnects by itself
(exponential backoff with jitter), resumes from the last seq it saw, and
resubmits any command still waiting for its result under the same id, which
the server answers with the first outcome, appending nothing twice."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import random
import uuid
from typing import Any, Awaitable, Callable

import aiohttp

from tabletop.client.address import BadAddress, session_url, why_unreachable
from tabletop.client.errors import BadCode, ClientError, NoAnswer, SlowDown, Unreachable, refusal, server_said
from tabletop.client.errors import say as _say
from tabletop.client.errors import why as _why

log = logging.getLogger("tabletop.client")

PROTOCOL = 1
CLOSE_DROPPED = 4410  # control closed the connection
CONNECTING, CONNECTED, RECONNECTING, CLOSED = "connecting", "connected", "reconnecting", "closed"

Callback = Callable[..., Any | Awaitable[Any]]


class Client:
    def __init__(self, url: str, code: str, *, on_event: Callback | None = None,
                 on_status: Callback | None = None, ssl: Any = None, resume_from: int = 0,
                 backoff: float = 0.2, backoff_max: float = 5.0, heartbeat: float | None = 10.0,
                 connect_timeout: float = 10.0, on_connections: Callback | None = None):
        self.url = url  # as written: 127.0.0.1:8765 is taken for ws://127.0.0.1:8765/ws (address.py)
        self.code = code
        self.on_event = on_event
        self.on_status = on_status
        self.ssl = ssl
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.heartbeat = heartbeat
        self.connect_timeout = connect_timeout
        self.welcome: dict | None = None
        self.last_seq: int = resume_from
        self.status: str = CLOSED
        self.seat: str | None = None
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._pending: dict[str, tuple[dict, asyncio.Future]] = {}
        self._pongs: list[asyncio.Future] = []
        self._runner: asyncio.Task | None = None
        self._closing = False
        self._send_lock = asyncio.Lock()
        # This console's id in every hello: the server counts wrong codes per console, so another
        # person's mistypes behind the same address do not slow this one down.
        self.console = uuid.uuid4().hex
        self.on_connections = on_connections  # control only: called with the list of open connections
        self.connections: list[dict] = []
        self.dropped = False  # control closed this connection: it does not reconnect by itself
        self._resending: set[asyncio.Task] = set()

    # -- public API --------------------------------------------------------------

    async def connect(self) -> dict:
        """Join; return the welcome. Raises BadCode or Unreachable (both ClientError)."""
        if self._runner is not None and not self._runner.done():
            raise ClientError(_say("already_connected"))
        self._closing = False
        await self._set_status(CONNECTING)
        try:
            welcome = await self._open()
        except BaseException:
            await self._set_status(CLOSED)
            await self._close_http()
            raise
        self._runner = asyncio.create_task(self._run(), name=f"tabletop client {self.seat}")
        return welcome

    async def send(self, command: dict, *, command_id: str | None = None, timeout: float = 30) -> dict:
        """Submit a command; return its `result` message once the server has made it durable.

        If the connection drops meanwhile, the command is resubmitted with the same id after
        the reconnect. A refusal of the message itself comes back as a result with status
        "rejected" and the error's code."""
        cid = command_id or uuid.uuid4().hex
        return await self._request({"type": "command", "id": cid, "command": command}, timeout)

    async def check(self, action: str, timeout: float = 10) -> dict:
        """The rules' verdict on `action` for this seat now (nothing is logged)."""
        reply = await self._request({"type": "check", "id": uuid.uuid4().hex, "action": action}, timeout)
        if reply.get("type") == "verdict":
            return reply["verdict"]
        raise ClientError(server_said(reply, _say("check_refused")))

    async def ping(self, timeout: float = 10) -> float:
        """Round trip to the server, in seconds."""
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._pongs.append(fut)
        t0 = loop.time()
        await self._write({"type": "ping"})
        try:
            await asyncio.wait_for(fut, timeout)
        except asyncio.TimeoutError:
            raise NoAnswer(_say("no_pong", timeout=f"{timeout:g}")) from None
        finally:
            if fut in self._pongs:
                self._pongs.remove(fut)
        return loop.time() - t0

    async def drop(self, connection: str, timeout: float = 10) -> dict:
        """Control only: close one console's connection (an id from `connections`)."""
        reply = await self._request({"type": "drop", "id": uuid.uuid4().hex, "connection": connection}, timeout)
        if reply.get("type") == "dropped":
            return reply
        raise ClientError(server_said(reply, _say("drop_refused")))

    async def close(self) -> None:
        self._closing = True
        ws = self._ws
        if ws is not None and not ws.closed:
            try:
                await asyncio.wait_for(ws.close(), 2.0)
            except Exception:
                pass
        runner = self._runner
        if runner is not None and runner is not asyncio.current_task() and not runner.done():
            runner.cancel()  # it may be asleep between reconnect attempts
            try:
                await asyncio.wait_for(runner, 3.0)
            except (asyncio.TimeoutError, asyncio.CancelledError, Exception):
                pass
        self._fail_pending(ClientError(_say("closed")))
        await self._close_http()
        await self._set_status(CLOSED)

    async def __aenter__(self) -> "Client":
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # -- connection ------------------------------------------------------------------

    async def _open(self) -> dict:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(
                total=None, connect=self.connect_timeout, sock_connect=self.connect_timeout))
        try:
            self.url = session_url(self.url)
        except BadAddress as exc:
            raise Unreachable(exc.args[0]) from None
        try:
            ws = await self._http.ws_connect(self.url, ssl=True if self.ssl is None else self.ssl,
                                             heartbeat=self.heartbeat, max_msg_size=0,
                                             timeout=aiohttp.ClientWSTimeout(ws_close=2.0),
                                             autoclose=True, autoping=True)
        except aiohttp.WSServerHandshakeError as exc:
            raise Unreachable(_say("not_a_server", url=self.url, status=exc.status, reason=exc.message)) from None
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError, ValueError) as exc:
            raise Unreachable(_say("cannot_reach", url=self.url, why=why_unreachable(exc))) from None
        try:
            await ws.send_str(json.dumps({"type": "hello", "protocol": PROTOCOL, "code": self.code,
                                          "resume_from": self.last_seq, "console": self.console}))
            msg = await ws.receive(timeout=self.connect_timeout)
        except (asyncio.TimeoutError, aiohttp.ClientError, OSError) as exc:
            await ws.close()
            raise Unreachable(_say("no_hello", url=self.url, why=_why(exc))) from None
        if msg.type != aiohttp.WSMsgType.TEXT:
            await ws.close()
            raise Unreachable(_say("closed_early", url=self.url))
        try:
            data = json.loads(msg.data)
        except ValueError:
            data = {}
        if not isinstance(data, dict) or data.get("type") != "welcome":
            await ws.close()
            raise refusal(data if isinstance(data, dict) else {}, self.url)
        self._ws = ws
        self.welcome = data
        self.seat = data.get("seat")
        await self._set_status(CONNECTED)
        # Whatever was waiting for a result when the line dropped goes again, under the same id.
        for envelope, fut in list(self._pending.values()):
            if not fut.done():
                await self._write(envelope)
        return data

    async def _run(self) -> None:
        """Read until the socket drops; then reconnect and resume, until closed."""
        try:
            while True:
                ws = self._ws
                if ws is not None:
                    await self._read(ws)
                self._ws = None
                if self._closing:
                    break
                if ws is not None and ws.close_code == CLOSE_DROPPED:
                    log.warning("control closed this console's connection")
                    self.dropped = True
                    break
                await self._set_status(RECONNECTING)
                if not await self._reconnect():
                    break
        finally:
            self._ws = None
            if not self._closing:
                self._fail_pending(ClientError(_say("connection_closed")))
            await self._set_status(CLOSED)

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        try:
            async for msg in ws:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    try:
                        data = json.loads(msg.data)
                    except ValueError:
                        log.warning("unreadable message from the server")
                        continue
                    await self._dispatch(data)
                elif msg.type in (aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSE):
                    break
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as exc:
            log.info("connection lost: %s", _why(exc))
        finally:
            if not ws.closed:
                try:
                    await asyncio.wait_for(ws.close(), 1.0)
                except Exception:
                    pass

    async def _reconnect(self) -> bool:
        attempt = 0
        while not self._closing:
            delay = min(self.backoff_max, self.backoff * 2 ** attempt) * random.uniform(0.5, 1.0)
            attempt += 1
            await asyncio.sleep(delay)
            if self._closing:
                return False
            try:
                await self._open()
                return True
            except SlowDown as exc:
                await asyncio.sleep(exc.retry_after)
            except BadCode as exc:
                log.warning("the server no longer accepts this code: %s", exc)
                self._fail_pending(exc)
                return False
            except ClientError as exc:
                log.info("reconnect attempt %s failed: %s", attempt, exc)
        return False

    # -- messages ----------------------------------------------------------------------

    async def _dispatch(self, data: dict) -> None:
        kind = data.get("type")
        if kind == "event":
            event = data.get("event") or {}
            seq = event.get("seq", 0)
            if seq <= self.last_seq:
                return  # already seen (resume overlap)
            self.last_seq = seq
            await _call(self.on_event, event)
        elif kind in ("result", "verdict", "dropped"):
            self._resolve(data.get("id"), data)
        elif kind == "connections":
            self.connections = list(data.get("connections") or [])
            await _call(self.on_connections, self.connections)
        elif kind == "error":
            cid = data.get("id")
            pending = self._pending.get(cid) if cid else None
            if pending is not None and data.get("code") == "slow-down":
                # Not applied: the server paces this seat. Send it again, same id, when it says.
                envelope = pending[0]
                asyncio.get_running_loop().call_later(float(data.get("retry_after") or 0.1), self._resend, envelope)
            elif pending is not None and pending[0]["type"] == "command":
                self._resolve(cid, {"type": "result", "id": cid, "status": "rejected", "code": data.get("code"),
                                    "message": data.get("message"), "reasons": [], "first_seq": None,
                                    "last_seq": None, "replayed": False})
            elif pending is not None:
                self._resolve(cid, data)
            else:
                log.warning("server error %s: %s", data.get("code"), data.get("message"))
        elif kind == "pong":
            while self._pongs:
                fut = self._pongs.pop(0)
                if not fut.done():
                    fut.set_result(data)
                    break

    def _resend(self, envelope: dict) -> None:
        if envelope["id"] in self._pending:
            task = asyncio.ensure_future(self._write(envelope))
            self._resending.add(task)
            task.add_done_callback(self._resending.discard)

    def _resolve(self, cid: str | None, data: dict) -> None:
        pending = self._pending.get(cid) if cid else None
        if pending is not None and not pending[1].done():
            pending[1].set_result(data)

    async def _request(self, envelope: dict, timeout: float) -> dict:
        if self._closing or self._runner is None or self._runner.done():
            raise ClientError(_say("not_connected"))
        cid = envelope["id"]
        existing = self._pending.get(cid)
        if existing is not None:
            fut = existing[1]
        else:
            fut = asyncio.get_running_loop().create_future()
            self._pending[cid] = (envelope, fut)
            if self.status == CONNECTED:
                await self._write(envelope)
        try:
            return await asyncio.wait_for(asyncio.shield(fut), timeout)
        except asyncio.TimeoutError:
            raise NoAnswer(_say("no_answer", timeout=f"{timeout:g}")) from None
        finally:
            if fut.done() and self._pending.get(cid, (None, None))[1] is fut:
                del self._pending[cid]

    async def _write(self, message: dict) -> None:
        ws = self._ws
        if ws is None or ws.closed:
            return  # sent again after the reconnect
        try:
            async with self._send_lock:
                await ws.send_str(json.dumps(message, ensure_ascii=False))
        except (ConnectionError, RuntimeError, aiohttp.ClientError) as exc:
            log.info("send failed (%s); will resend after reconnecting", _why(exc))

    def _fail_pending(self, exc: Exception) -> None:
        for _, fut in list(self._pending.values()):
            if not fut.done():
                fut.set_exception(exc)
                fut.exception()  # mark retrieved: nobody may be waiting any more
        self._pending.clear()
        for fut in self._pongs:
            if not fut.done():
                fut.cancel()
        self._pongs.clear()

    async def _set_status(self, status: str) -> None:
        if status == self.status:
            return
        self.status = status
        await _call(self.on_status, status)

    async def _close_http(self) -> None:
        if self._http is not None and not self._http.closed:
            await self._http.close()
        self._http = None


async def _call(callback: Callback | None, *args: Any) -> None:
    if callback is None:
        return
    try:
        result = callback(*args)
        if inspect.isawaitable(result):
            await result
    except Exception:
        log.exception("callback %r failed", callback)

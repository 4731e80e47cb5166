"""The session's single thread: every command, every tick of the clock and every read of
the store happens on it, in order, whatever the store (one command path).

Commands that arrive together run as one batch (`Session.handle_batch`: group commit, one
durable transaction). Their events reach the loop with the batch's outcomes in one callback,
which publishes the events and then answers each command's sender (so a console gets its
events before its `result`, both in the same write), before each command's caller resumes."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from datetime import datetime
from typing import Callable

from tabletop.engine import commands as c
from tabletop.engine.events import Event
from tabletop.session import Outcome, Session

log = logging.getLogger("tabletop.server")

# What the loop is given to publish: the events, and each command's sender (None for the
# server's own commands) with its outcome, or the exception that stopped the batch.
Publish = Callable[[list[Event], list[tuple[object, "Outcome | BaseException"]]], None]


class Worker:
    def __init__(self, session: Session, clock: Callable[[], datetime], publish: Publish, last_seq: int):
        self.session = session
        self.clock = clock
        self.publish = publish
        self._queued_seq = last_seq  # the last seq handed to `publish` (this thread only)
        # The thread and what waits for it (a job, or None: stop). A plain queue and thread rather
        # than a ThreadPoolExecutor: its futures and locks cost every move more than this needs.
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="tabletop-session", daemon=True)
        self._batch: list[tuple] = []  # (command, seat, command id, sender, future), waiting for the thread
        self._batch_lock = threading.Lock()
        self._draining = False
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread.start()

    def stop(self) -> None:
        """Finish what was given to the thread, then stop it."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job()
            except BaseException:  # each job reports its own failure; this is a bug in one
                log.exception("the session's thread failed")

    async def run(self, command: c._Command, seat: str, command_id: str | None = None, sender=None) -> Outcome:
        """Run a command on the session's thread, with whatever other commands are waiting; with a
        `sender`, its console is sent the `result` (or the error) as soon as the batch lands."""
        fut = self._loop.create_future()
        with self._batch_lock:
            self._batch.append((command, seat, command_id, sender, fut))
            start = not self._draining
            self._draining = True
        if start:
            self._jobs.put(self._drain)
        return await asyncio.shield(fut)  # once queued it runs; a cancelled caller just stops waiting

    def _drain(self) -> None:
        """On the session's thread: run every command waiting, as one batch, until none waits."""
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
            self._loop.call_soon_threadsafe(self._landed, jobs, outcomes, events)

    def _landed(self, jobs, outcomes, events: list[Event]) -> None:
        """On the loop: publish the batch's events and answer its senders, then let each
        command's caller resume."""
        answers = [(sender, outcome) for (_, _, _, sender, _), outcome in zip(jobs, outcomes) if sender is not None]
        if events or answers:
            _then(lambda: self.publish(events, answers))
        for (_, _, _, _, fut), outcome in zip(jobs, outcomes):
            if isinstance(outcome, BaseException):
                _settle(fut, None, outcome)
            else:
                _settle(fut, outcome, None)

    async def tick(self) -> list[Event]:
        """Let the scheduler act (on the thread); publish what it released (often nothing)."""
        def job():
            events = self.session.tick(self.clock())
            events = self._complete(events) if events else []
            return events, ((lambda: self.publish(events, [])) if events else None)
        return await self.call(job)

    async def call(self, fn, *args):
        """`fn(*args)` on the session's thread; it returns its result and what to do on the loop
        (publish, or None) before the caller resumes. Both reach the loop in one callback."""
        loop = self._loop
        fut = loop.create_future()

        def job() -> None:
            if fut.cancelled():  # the caller stopped waiting before the thread came to it
                return
            try:
                result, then = fn(*args)
            except BaseException as exc:
                loop.call_soon_threadsafe(_land, fut, None, None, exc)
            else:
                loop.call_soon_threadsafe(_land, fut, then, result, None)

        self._jobs.put(job)
        return await fut

    def _complete(self, events: list[Event]) -> list[Event]:
        """The events to publish, including any appended to the session by someone other than
        this server (on the session's thread, so the store may be read)."""
        if events[0].seq != self._queued_seq + 1:
            with self.session.lock:
                events = [e for e in self.session.store.read(self._queued_seq) if e.seq <= events[-1].seq]
        self._queued_seq = events[-1].seq
        return events


def _then(then: Callable[[], None] | None) -> None:
    if then is not None:
        try:
            then()
        except Exception:  # a bug must not leave the command's caller waiting for ever
            log.exception("publishing failed")


def _settle(fut: asyncio.Future, result, exc: BaseException | None) -> None:
    if fut.done():
        return  # the caller was cancelled; the events are published all the same
    if exc is not None:
        fut.set_exception(exc)
    else:
        fut.set_result(result)


def _land(fut: asyncio.Future, then: Callable[[], None] | None, result, exc: BaseException | None) -> None:
    """On the loop, once the session's thread is done: publish, then let the caller resume."""
    _then(then)
    _settle(fut, result, exc)

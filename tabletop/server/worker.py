"""The session's commands, in order: every command, every tick of the clock and every read of
the store runs on the event loop, one at a time, whatever the store (one command path).

Commands that arrive together (read in the same turn of the loop) run as one batch, in one
callback (`Session.handle_batch`: group commit, one durable transaction), which then publishes
the batch's events and answers each command's sender (so a console gets its events before its
`result`, both in the same write), before each command's caller resumes.

Why on the loop and not on a thread of its own: a thread cost every move two wake-ups, loop →
thread → loop, the larger part of what a move took beyond its echo and its commit. The price is
that while a batch commits the loop does nothing else; docs/decisions.md ("Commands on the
event loop") weighs it, and benchmarks/README.md has the figures."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Callable

from tabletop.engine import commands as c
from tabletop.engine.events import Event
from tabletop.session import Outcome, Session

log = logging.getLogger("tabletop.server")

# What is given to publish: the events, and each command's sender (None for the server's own
# commands) with its outcome, or the exception that stopped the batch.
Publish = Callable[[list[Event], list[tuple[object, "Outcome | BaseException"]]], None]


class Worker:
    def __init__(self, session: Session, clock: Callable[[], datetime], publish: Publish, last_seq: int):
        self.session = session
        self.clock = clock
        self.publish = publish
        self._published_seq = last_seq  # the last seq handed to `publish`
        self._batch: list[tuple] = []  # (command, seat, command id, sender, future), waiting for `_drain`
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    async def run(self, command: c._Command, seat: str, command_id: str | None = None, sender=None) -> Outcome:
        """Run a command with whatever other commands arrive in this turn of the loop; with a
        `sender`, its console is sent the `result` (or the error) as soon as the batch lands."""
        fut = self._loop.create_future()
        self._batch.append((command, seat, command_id, sender, fut))
        if len(self._batch) == 1:  # the first of a batch: the rest of this turn's commands join it
            self._loop.call_soon(self._drain)
        return await fut  # once queued it runs; a cancelled caller just stops waiting

    def _drain(self) -> None:
        """Run every command waiting, as one batch; publish; answer; let the callers resume."""
        jobs, self._batch = self._batch, []
        try:
            outcomes = self.session.handle_batch([(cmd, seat, self.clock(), cid) for cmd, seat, cid, _, _ in jobs])
            events = [e for o in outcomes if isinstance(o, Outcome) and not o.replayed for e in o.events]
            events = self._complete(events) if events else []
        except Exception as exc:  # a bug: every command of the batch hears of it
            outcomes, events = [exc] * len(jobs), []
        answers = [(sender, outcome) for (_, _, _, sender, _), outcome in zip(jobs, outcomes) if sender is not None]
        if events or answers:
            try:
                self.publish(events, answers)
            except Exception:  # a bug must not leave the command's caller waiting for ever
                log.exception("publishing failed")
        for (_, _, _, _, fut), outcome in zip(jobs, outcomes):
            if fut.done():
                continue  # the caller was cancelled; the events are published all the same
            if isinstance(outcome, BaseException):
                fut.set_exception(outcome)
            else:
                fut.set_result(outcome)

    def tick(self) -> list[Event]:
        """Let the scheduler act; publish what it released (often nothing)."""
        events = self.session.tick(self.clock())
        if events:
            events = self._complete(events)
            try:
                self.publish(events, [])
            except Exception:
                log.exception("publishing failed")
        return events

    def _complete(self, events: list[Event]) -> list[Event]:
        """The events to publish, including any appended to the session by someone other than
        this server (read from the store)."""
        if events[0].seq != self._published_seq + 1:
            with self.session.lock:
                events = [e for e in self.session.store.read(self._published_seq) if e.seq <= events[-1].seq]
        self._published_seq = events[-1].seq
        return events

"""The recent end of the log, kept in memory for new and resuming consoles.

Each event is kept as its `event` message, serialised and encoded once (sent to many), with
its seq and its addressees, nothing more: the event itself is in the store. At most `cap`
events and `max_bytes` of messages are kept; a console resuming from further back gets the
older part from the store."""

from __future__ import annotations

import sys
from collections import deque

from tabletop.engine.audience import addressed_to
from tabletop.engine.events import Event

RECENT = 1000  # events kept ...
RECENT_BYTES = 8 * 1024 * 1024  # ... and at most this much of their messages


class Tail:
    def __init__(self, cap: int = RECENT, max_bytes: int = RECENT_BYTES):
        self.cap = cap
        self.max_bytes = max_bytes
        self._items: deque[tuple[int, tuple[str, ...] | None, bytes]] = deque()  # (seq, to, message)
        self._bytes = 0
        self._seats: dict[str, str] = {}  # one string per seat name, shared by every `to` kept

    def __len__(self) -> int:
        return len(self._items)

    @property
    def first_seq(self) -> int | None:
        """The oldest event kept, or None while nothing is."""
        return self._items[0][0] if self._items else None

    def add(self, e: Event, data: bytes) -> None:
        to = None if e.to is None else tuple(self._seat(s) for s in e.to)
        self._items.append((e.seq, to, data))
        self._bytes += len(data)
        while len(self._items) > self.cap or (self._bytes > self.max_bytes and len(self._items) > 1):
            self._bytes -= len(self._items.popleft()[2])

    def _seat(self, seat: str) -> str:
        return self._seats.get(seat) or self._seats.setdefault(seat, sys.intern(seat))

    def holds_after(self, after: int, last: int) -> bool:
        """Is everything after `after` (up to `last`) still kept?"""
        first = self.first_seq
        return after + 1 >= (first if first is not None else last + 1)

    def messages(self, after: int, upto: int, seat: str, kind: str) -> list[bytes]:
        """The `event` messages this seat may see among those kept after `after`, up to `upto`."""
        return [data for seq, to, data in self._items if after < seq <= upto and addressed_to(to, seat, kind)]

"""Token buckets for the session server's per-seat limits (joins, commands)."""

from __future__ import annotations

import time
from typing import Callable


class Rate:
    """At most `burst` at once, then one every `every` seconds: `take()` is 0 when one may go
    now (and counts it), else the seconds until one may."""

    __slots__ = ("burst", "every", "clock", "_tokens", "_at")

    def __init__(self, burst: int, every: float, clock: Callable[[], float] = time.monotonic):
        self.burst = float(burst)
        self.every = every
        self.clock = clock
        self._tokens = float(burst)
        self._at = clock()

    def take(self) -> float:
        now = self.clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) / self.every)
        self._at = now
        if self._tokens < 1.0:
            return (1.0 - self._tokens) * self.every
        self._tokens -= 1.0
        return 0.0

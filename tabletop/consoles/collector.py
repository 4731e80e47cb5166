"""Python's cyclic garbage collector, kept out of the way of the console's start and of key presses.

**Start.** Between the command and the first drawn console, Python builds some 140,000 objects the
collector tracks (165,000 for the facilitator: Textual, aiohttp, the console's modules and
widgets), nearly all of which live as long as the process. Each time the collector ran meanwhile
it walked them again: measured, 2 full and about 25 partial collections, 110–290 ms of a
`tabletop join` that took 650–1,000 ms (a bare Textual app's start spends 15–20 ms in it). So the
console commands pause the collector (`pause`) and the console resumes it once it is drawn, is
waiting for a person (the code prompt), or has failed (`resume`; `LONGEST` at most). Reference
counting frees everything else as usual meanwhile; only garbage in reference cycles waits.
A second later (`settle`) one full collection clears that garbage and the objects that remain
are frozen (`gc.freeze()`): no later collection walks them again.

**Key presses.** While an exercise runs the console keeps what it has shown (the feed's lines,
the events), so a full collection walks more and more: measured with 50 seats submitting, 60 ms
of CPU each (100 ms at most), six in 25 s, and a key pressed meanwhile waits for it. The young
generations are still collected as Python does (about 1 ms each); the full ones are the
console's to run (`tend`, every second): when no key has been pressed for `QUIET` seconds, at
most once every `EVERY` seconds, and after `OVERDUE` seconds even while keys are being pressed.
Textual itself pauses the collector while it scrolls, for the same reason (App.PAUSE_GC_ON_SCROLL)."""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager

LONGEST = 10.0  # seconds after which the app resumes the collector in any case
SETTLE = 1.0  # seconds from `resume` to `settle`
QUIET = 1.0  # seconds without a key press before a full collection may run
EVERY = 30.0  # seconds between full collections, at least
OVERDUE = 300.0  # seconds after which a full collection runs even while keys are being pressed
NEVER = 10**9  # the oldest generation's threshold while the console runs its full collections

_paused = False
_settle = False  # resumed, not settled yet
_owned = False  # the console runs the full collections (`tend`)
_last_key = 0.0
_last_full = 0.0
_threshold = 10  # the oldest generation's threshold before the console took the full collections


@contextmanager
def console():
    """Around a console command: the collector paused now (`pause`), and as Python had it when
    the command ends, however it ends (`release`)."""
    pause()
    try:
        yield
    finally:
        release()


def pause() -> None:
    """Pause the collector for the start (a console command calls this first)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """The console is up, or will not come up: the collector runs again, over what is made from
    now on (what the start built is frozen: collecting it at once would walk all of it, 40 ms
    just as the console appears). Does nothing if `pause` did not pause it."""
    global _paused, _settle
    if _paused:
        _paused = False
        _settle = True
        gc.freeze()
        gc.enable()


def settle(now: float | None = None) -> None:
    """A moment after the console is up (nobody is waiting on it yet): one full collection over the
    start's objects too, for the garbage it left in reference cycles (about 10,000 objects), then
    the objects that remain are frozen again, and from now on the console runs the full
    collections (`tend`). Once, after `resume`."""
    global _settle, _owned, _last_full, _threshold
    if not _settle:
        return
    _settle = False
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    young, middle, _threshold = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)
    _owned = True
    _last_full = time.monotonic() if now is None else now


def key_pressed(now: float | None = None) -> None:
    global _last_key
    _last_key = time.monotonic() if now is None else now


def tend(now: float | None = None) -> bool:
    """Run a full collection if one is due and no key is being pressed (see the module's text).
    True if it ran."""
    global _last_full
    if not _owned:
        return False
    now = time.monotonic() if now is None else now
    since = now - _last_full
    if since >= OVERDUE or (since >= EVERY and now - _last_key >= QUIET):
        gc.collect()
        _last_full = now
        return True
    return False


def paused() -> bool:
    return _paused


def unsettled() -> bool:
    """Resumed after a pause, and `settle` still to come."""
    return _settle


def release() -> None:
    """Everything back as Python had it: the console command is over (or a test)."""
    global _owned, _settle, _paused
    if _owned:
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, _threshold)
    _owned = _settle = _paused = False
    gc.unfreeze()
    gc.enable()

"""Start-up: the cyclic garbage collector waits until the console is on screen.

Between the command and the first drawn console, Python builds some 140,000 objects the
collector tracks (165,000 for the facilitator: Textual, aiohttp, the console's modules and
widgets), nearly all of which live as long as the process. Each time the collector runs meanwhile
it walks them again: measured, 2 full and about 25 partial collections, 110–290 ms of a
`tabletop join` that took 650–1,000 ms (a bare Textual app's start-up spends 15–20 ms in it). So the console commands pause the collector (`pause`) and the console resumes it once
it is drawn, is waiting for a person (the code prompt), or has failed (`resume`). Reference
counting frees everything else as usual meanwhile; only garbage in reference cycles waits.
A second later (`settle`) one full collection clears that garbage and the objects that remain
are frozen (`gc.freeze()`), so later collections, while the exercise runs, walk only what was
made since: no full collection over the start-up's objects in the middle of a key press.

`LONGEST` bounds the pause: however the start goes, the collector runs again after it."""

from __future__ import annotations

import gc

LONGEST = 10.0  # seconds after which the app resumes the collector in any case
SETTLE = 1.0  # seconds from `resume` to `settle`

_paused = False
_settle = False  # resumed, not settled yet


def pause() -> None:
    """Pause the collector for the start-up (a console command calls this first)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """The console is up, or will not come up: the collector runs again, over what is made from
    now on (what start-up built is frozen: collecting it at once would walk all of it, 40 ms
    just as the console appears). Does nothing if `pause` did not pause it."""
    global _paused, _settle
    if _paused:
        _paused = False
        _settle = True
        gc.freeze()
        gc.enable()


def settle() -> None:
    """A moment after the console is up (nobody is waiting on it): one full collection over the
    start-up's objects too, for the garbage it left in reference cycles (about 10,000 objects),
    then the objects that remain are frozen again, so that no later collection walks them.
    Once, after `resume`."""
    global _settle
    if _settle:
        _settle = False
        gc.unfreeze()
        gc.collect()
        gc.freeze()


def paused() -> bool:
    return _paused

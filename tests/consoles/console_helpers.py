"""Helpers for the console tests: a bounded wait for what the user would see, and
the plain text a widget shows."""

from __future__ import annotations

import time

SIZE = (160, 45)


async def until(pilot, condition, what: str = "condition", timeout: float = 10.0, seen=None) -> None:
    """Let the app run until `condition()` holds; fail after `timeout` seconds saying what was awaited
    (and what `seen()` returns then: what the user saw instead)."""
    deadline = time.monotonic() + timeout
    last = None  # the last exception the condition raised, said on timeout
    while True:
        try:
            if condition():
                return
        except Exception as exc:  # widgets not mounted yet
            last = exc
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}" + (f" (last: {last!r})" if last else "")
                                 + (f" (seen: {seen()!r})" if seen is not None else ""))
        await pilot.pause(0.02)


def text_of(widget) -> str:
    """What a Static, Label or RichLog shows, as plain text."""
    import io

    from rich.console import Console
    from textual.widgets import RichLog

    if isinstance(widget, RichLog):
        return "".join(strip.text for strip in widget.lines)  # wrapped lines joined back up
    content = getattr(widget, "content", None)
    if content is None or content == "":
        content = widget.render()
    if isinstance(content, str):
        return content
    if hasattr(content, "plain"):
        return content.plain
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(content)
    return console.file.getvalue()


NAMED = {" ": "space", "\t": "tab", "\r": "enter", "-": "minus", ".": "full_stop", ",": "comma"}


def burst(app, *keys: str) -> None:
    """Send `keys` as a fast typist's (or a paste-like burst of) key presses: all queued at once,
    none waiting for the one before to be handled, as a terminal delivers them. (Pilot's `press`
    waits for the app to be idle after every key, which hides what a burst does.)"""
    from textual import events

    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(NAMED.get(key, key), key))
        else:
            app.post_message(events.Key(key, {"tab": "\t", "enter": "\r"}.get(key)))

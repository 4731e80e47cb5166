"""A console in a browser tab ends with the server that started it.

textual-serve runs each tab's console as a child process and talks to it over the child's stdin
and stdout. Textual's own web driver stops reading when stdin closes, but the console lives on:
after the web server is killed (kill -9, a crash), its consoles would stay connected to the
session server, re-parented to init, with no browser behind them (control would still see the
seat as joined). The pipe closes whatever way the server ends, so its end is the signal: when
stdin reaches its end, the console quits."""

from __future__ import annotations

import os

from textual import messages
from textual.drivers.web_driver import WebDriver

TEXTUAL_WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # what textual-serve sets in its children


class BrowserDriver(WebDriver):
    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # stdin ended (or the server said "exit"), not the app quitting
            self.send_message(messages.ExitApp())

    def write(self, data: str) -> None:
        try:
            super().write(data)
        except (BrokenPipeError, ValueError):  # nobody left to draw for: the server is gone
            pass

    def write_meta(self, data: dict[str, object]) -> None:
        try:
            super().write_meta(data)
        except (BrokenPipeError, ValueError):
            pass


def driver_for_environment() -> type | None:
    """BrowserDriver under textual-serve (its TEXTUAL_DRIVER), else None (Textual chooses)."""
    return BrowserDriver if os.environ.get("TEXTUAL_DRIVER") == TEXTUAL_WEB_DRIVER else None

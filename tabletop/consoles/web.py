"""The participant console in a browser, through textual-serve.

Each browser tab runs `tabletop join WS_URL` on this machine; the console first
asks for the seat code. Works offline: the page loads its script, terminal CSS
and fonts from this server (our own copy of textual-serve's page template, with
its Google Fonts link replaced by bundled fonts, and the Japanese font the report
uses served beside them)."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import sys
import threading
from pathlib import Path

TEMPLATES = Path(__file__).parent / "web_templates"


def join_command(ws_url: str) -> str:
    # exec: the console replaces textual-serve's shell, so each tab is one process (see web_driver.py)
    return f"exec {shlex.quote(sys.executable)} -m tabletop join {shlex.quote(ws_url)}"


def make_server(ws_url: str, port: int, host: str = "0.0.0.0", title: str = "tabletop"):
    from textual_serve.server import Server

    class WebServer(Server):
        """textual-serve's server, ending its browser sessions at once when it stops: left to
        themselves they hold the shutdown until their sockets time out (~15 s)."""

        sessions: set[asyncio.Task] = set()

        async def handle_websocket(self, request):
            task = asyncio.current_task()
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

        async def on_shutdown(self, app) -> None:
            # Each session closes its socket (the tab shows "Session ended") and quits its console.
            for task in list(self.sessions):
                task.cancel()
            await asyncio.gather(*self.sessions, return_exceptions=True)

    server = WebServer(join_command(ws_url), host=host, port=port, title=title, templates_path=str(TEMPLATES))
    server.sessions = set()
    return server


def serve_web(ws_url: str, port: int, host: str = "0.0.0.0", *, end_with_stdin: bool = False) -> None:
    """Serve the participant console on http://HOST:PORT until interrupted (blocking).
    `end_with_stdin`: also stop when stdin reaches its end — the session server that started
    this process holds the other end of the pipe, so this server (and its consoles) ends with it,
    however it ends (kill -9 included)."""
    server = make_server(ws_url, port, host)
    if end_with_stdin:
        threading.Thread(target=_stop_at_end_of_stdin, name="tabletop-parent-watch", daemon=True).start()
    server.serve()


def _stop_at_end_of_stdin() -> None:
    # Nothing is ever written: this returns when the other end closes. (os.read, not sys.stdin: a
    # daemon thread holding stdin's lock would stop the interpreter's exit.)
    while os.read(0, 4096):
        pass
    os.kill(os.getpid(), signal.SIGTERM)  # textual-serve's own way out: stop serving, end the sessions

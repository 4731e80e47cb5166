"""The participant console in a browser, through textual-serve.

Each browser tab runs `tabletop join WS_URL` on this machine; the console first
asks for the seat code. Works offline: the page loads its script, terminal CSS
and fonts from this server (our own copy of textual-serve's page template, with
its Google Fonts link replaced by bundled fonts, and one face of the Japanese font the
report uses served beside them, cut down to what the consoles show: web_font.py)."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import sys
import threading
from pathlib import Path

TEMPLATES = Path(__file__).parent / "web_templates"
SESSION_CLOSE_WAIT = 2.0  # seconds a browser gets to answer the close before the server stops anyway


FONT_ROUTE = "/font/japanese"  # app_index.html's @font-face for CJK text points here


def page_words(lang: str | None) -> dict:
    """The page's own words (the phrasebook's `web`), the serving process's language first: `lang`
    for <html lang>, `title`, and each of start, restart, ended as a list of (lang, text)."""
    from tabletop.phrasebook import LANGS, phrase

    first = lang if lang in LANGS else "en"
    order = [first, *(other for other in LANGS if other != first)]
    words = {key: [(each, phrase(f"web.{key}", each)) for each in order] for key in ("start", "restart", "ended")}
    return {"lang": first, "title": phrase("web.title", first), **words}


def join_command(ws_url: str, lang: str | None = None) -> str:
    """`lang`: the serving process's language, the tab's until the seat has chosen its own (the
    code screen asks in it first, then in the other: docs/consoles.md "Browser")."""
    # exec: the console replaces textual-serve's shell, so each tab is one process (see web_driver.py)
    given = f" --lang {shlex.quote(lang)}" if lang else ""
    return f"exec {shlex.quote(sys.executable)} -m tabletop{given} join {shlex.quote(ws_url)}"


def make_server(ws_url: str, port: int, host: str = "0.0.0.0", title: str = "tabletop", lang: str | None = None):
    from textual_serve.server import Server

    from tabletop.consoles import web_font

    class WebServer(Server):
        """textual-serve's server, ending its browser sessions first when it stops. aiohttp stops
        reading every connection before its shutdown hooks run, so a session closed there waits
        for a close reply it can no longer read, until the browser gives up (2 s in Chromium,
        longer elsewhere); closed while the connections still read, each ends at once."""

        sessions: set[asyncio.Task] = set()

        async def handle_websocket(self, request):
            task = asyncio.current_task()
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

        def request_exit(self) -> None:  # SIGINT, SIGTERM (and the end of stdin): end sessions, then stop
            asyncio.get_running_loop().create_task(self._end_sessions_then_exit())

        async def _end_sessions_then_exit(self) -> None:
            # Each session closes its socket (the tab shows "Session ended") and quits its console.
            for task in list(self.sessions):
                task.cancel()
            if self.sessions:
                await asyncio.wait(list(self.sessions), timeout=SESSION_CLOSE_WAIT)
            asyncio.get_running_loop().call_soon(Server.request_exit, self)  # raises GracefulExit

        async def _make_app(self):
            import aiohttp_jinja2

            app = await super()._make_app()
            aiohttp_jinja2.get_env(app).globals["page"] = page_words(lang)
            app.router.add_get(FONT_ROUTE, self.handle_japanese_font)
            return app

        async def on_startup(self, app) -> None:
            await super().on_startup(app)
            # Built (or taken from the cache) before a browser asks: some 20 s the first time ever.
            self.font = asyncio.get_running_loop().run_in_executor(None, web_font.served_font)

        async def handle_japanese_font(self, request):
            # The browser's machine may have no Japanese font (boxes): one face of this one's goes with the page.
            from aiohttp import web

            font = await asyncio.shield(self.font)
            if font is None:
                raise web.HTTPNotFound(text="no Japanese font on the serving machine")
            return web.FileResponse(font, headers={"Cache-Control": "max-age=86400",
                                                   "Content-Type": web_font.media_type(font)})

        async def on_shutdown(self, app) -> None:  # whatever is left (a browser that never answered)
            for task in list(self.sessions):
                task.cancel()
            await asyncio.gather(*self.sessions, return_exceptions=True)

    server = WebServer(join_command(ws_url, lang), host=host, port=port, title=title, templates_path=str(TEMPLATES))
    server.sessions = set()
    return server


def serve_web(ws_url: str, port: int, host: str = "0.0.0.0", *, end_with_stdin: bool = False,
              lang: str | None = None) -> None:
    """Serve the participant console on http://HOST:PORT until interrupted (blocking).
    `end_with_stdin`: also stop when stdin reaches its end — the session server that started
    this process holds the other end of the pipe, so this server (and its consoles) ends with it,
    however it ends (kill -9 included)."""
    server = make_server(ws_url, port, host, lang=lang)
    if end_with_stdin:
        threading.Thread(target=_stop_at_end_of_stdin, name="tabletop-parent-watch", daemon=True).start()
    server.serve()


def _stop_at_end_of_stdin() -> None:
    # Nothing is ever written: this returns when the other end closes. (os.read, not sys.stdin: a
    # daemon thread holding stdin's lock would stop the interpreter's exit.)
    while os.read(0, 4096):
        pass
    os.kill(os.getpid(), signal.SIGTERM)  # textual-serve's own way out: stop serving, end the sessions

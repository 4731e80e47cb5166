"""The participant console in a browser, through textual-serve.

Each browser tab runs `tabletop join WS_URL` on this machine; the console first
asks for the seat code. Works offline: the page loads its script, terminal CSS
and font from this server (our own copy of textual-serve's page template, with
its Google Fonts link replaced by the bundled font)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

TEMPLATES = Path(__file__).parent / "web_templates"


def join_command(ws_url: str) -> str:
    return f"{shlex.quote(sys.executable)} -m tabletop join {shlex.quote(ws_url)}"


def make_server(ws_url: str, port: int, host: str = "0.0.0.0", title: str = "tabletop"):
    from textual_serve.server import Server

    return Server(join_command(ws_url), host=host, port=port, title=title, templates_path=str(TEMPLATES))


def serve_web(ws_url: str, port: int, host: str = "0.0.0.0") -> None:
    """Serve the participant console on http://HOST:PORT until interrupted (blocking)."""
    make_server(ws_url, port, host).serve()

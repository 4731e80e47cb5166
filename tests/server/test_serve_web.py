"""`tabletop serve --web PORT` serves the participant console to browsers, with
nothing fetched from the internet."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)  # polling a child process's port until it listens


def test_serve_web_serves_the_console_page_with_only_local_assets(tmp_path):
    port, web = free_port(), free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tabletop", "serve", str(FIXTURES / "mini.yaml"), "--db", ":memory:",
                             "--port", str(port), "--web", str(web)], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        page = fetch(f"http://127.0.0.1:{web}/", time.monotonic() + 30)
        assets = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert assets and all(a.startswith("/") for a in assets), assets
        remote = [u for u in re.findall(r"https?://[^\s\"'<>]+", page) if not u.startswith("http://www.w3.org/")]
        assert remote == [], remote
        script = fetch(f"http://127.0.0.1:{web}/static/js/textual.js", time.monotonic() + 10)
        assert len(script) > 1000
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"browser: http://127.0.0.1:{web}" in out

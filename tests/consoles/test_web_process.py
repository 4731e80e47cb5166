"""A browser seat's console process ends with the server that started it: after `kill -9` of
`tabletop serve --web`, no console lives on re-parented to init (it would reconnect by itself)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.server.test_serve_web import FIXTURES, free_port

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def descendants(pid: int) -> list[int]:
    return [d for c in children(pid) for d in [c, *descendants(c)]]


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


async def open_tab(http: aiohttp.ClientSession, web: int) -> aiohttp.ClientWebSocketResponse:
    """A browser tab on the web child (once it listens), its console up and asking for the code."""
    deadline = time.monotonic() + 60
    while True:
        try:
            async with http.get(f"http://127.0.0.1:{web}/") as page:
                await page.read()
                break
        except aiohttp.ClientError:
            assert time.monotonic() < deadline, "the browser page never came up"
            await asyncio.sleep(0.1)
    tab = await http.ws_connect(f"http://127.0.0.1:{web}/ws?width=100&height=30", autoclose=False)
    screen = b""
    while b"code" not in screen.lower():
        message = await asyncio.wait_for(tab.receive(), 60)
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        screen += message.data if isinstance(message.data, bytes) else b""
    return tab


async def drain(tab: aiohttp.ClientWebSocketResponse) -> None:
    while (await tab.receive()).type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
        pass


async def test_a_browser_seat_console_ends_when_its_server_is_killed(tmp_path):
    port, web = free_port(), free_port()
    serve = subprocess.Popen([sys.executable, "-m", "tabletop", "serve", str(FIXTURES / "mini.yaml"), "--db", ":memory:",
                              "--port", str(port), "--web", str(web)], cwd=tmp_path, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    left: list[int] = []
    try:
        async with aiohttp.ClientSession() as http:
            await open_tab(http, web)
            consoles = [p for p in descendants(serve.pid) if b"join" in Path(f"/proc/{p}/cmdline").read_bytes()]
            assert consoles, "no console process was started for the tab"
            web_child = children(serve.pid)
            os.kill(serve.pid, signal.SIGKILL)
            serve.wait()
            deadline = time.monotonic() + 30
            while any(alive(p) for p in consoles + web_child) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            left = [p for p in consoles + web_child if alive(p)]
            assert left == [], "these processes outlived the killed server"
    finally:
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        if serve.poll() is None:
            serve.kill()
            serve.wait()


async def test_stopping_the_server_ends_each_browser_session_before_it_stops_listening(tmp_path):
    # aiohttp stops reading its connections before its shutdown hooks run: a session closed there
    # cannot read the browser's close reply and waits for the browser to give up (2 s in Chromium,
    # ~15 s seen elsewhere). Ended first, while the page is still served, its handshake completes.
    port, web = free_port(), free_port()
    serve = subprocess.Popen([sys.executable, "-m", "tabletop", "serve", str(FIXTURES / "mini.yaml"), "--db", ":memory:",
                              "--port", str(port), "--web", str(web)], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    try:
        async with aiohttp.ClientSession() as http:
            tab = await open_tab(http, web)
            serve.send_signal(signal.SIGINT)
            while (message := await asyncio.wait_for(tab.receive(), 60)).type != aiohttp.WSMsgType.CLOSE:
                pass  # the console's last frames, then the server's close
            async with http.get(f"http://127.0.0.1:{web}/") as page:  # not yet stopped: still serving
                assert page.status == 200
            await tab.close()  # the close reply, read by the server
            out, _ = serve.communicate(timeout=60)
        assert serve.returncode == 0
        assert "browser sessions end: players press Restart on the page" in out
        assert "(consoles will reconnect" not in out  # not every console will
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


async def test_the_same_code_in_two_browser_tabs_shows_as_two_connections_to_control(tmp_path):
    from tabletop.client import Client

    port, web = free_port(), free_port()
    serve = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tabletop", "serve", str(FIXTURES / "mini.yaml"), "--db", ":memory:", "--port", str(port),
        "--web", str(web), cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    codes: dict[str, str] = {}
    control = None
    try:
        while not (line := (await asyncio.wait_for(serve.stdout.readline(), 60)).decode()).startswith("Ready"):
            if "--code" in line:
                codes[line.split()[0]] = line.split()[-1]
        listed: list[list[dict]] = []
        control = Client(f"ws://127.0.0.1:{port}/ws", codes["control"], on_connections=listed.append)
        await control.connect()
        async with aiohttp.ClientSession() as http:
            drains = []
            for _ in range(2):  # the same seat code typed in two browser tabs
                tab = await open_tab(http, web)
                await tab.send_json(["stdin", codes["blue.lead"] + "\r"])
                screen = b""
                while b"Blue Leader" not in screen:
                    message = await asyncio.wait_for(tab.receive(), 60)
                    screen += message.data if isinstance(message.data, bytes) else b""
                drains.append(asyncio.create_task(drain(tab)))  # a browser keeps reading what is drawn

            def blue() -> int:
                return sum(1 for c in (listed[-1] if listed else []) if c["seat"] == "blue.lead")

            deadline = time.monotonic() + 30
            while blue() < 2 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            # What the facilitator's seats table marks "×2", and says (test_facilitator.py).
            assert blue() == 2, [[c["seat"] for c in snap] for snap in listed]
            for task in drains:
                task.cancel()
    finally:
        if control is not None:
            await control.close()
        if serve.returncode is None:
            serve.send_signal(signal.SIGINT)
            await serve.wait()

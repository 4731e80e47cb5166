"""`tabletop serve` as a real process, for the crash tests: a free loopback port, and the
server started and awaited until it says Ready (or its output, if it exits first)."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

MINI = str(Path(__file__).resolve().parent / "fixtures" / "mini.yaml")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def serve(*args: str, cwd, timeout: float = 30) -> tuple[asyncio.subprocess.Process, str]:
    """Start `tabletop serve ARGS` in `cwd`; return it and what it printed up to Ready."""
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "tabletop", "serve", *args, cwd=str(cwd),
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    lines: list[str] = []

    async def ready():
        while True:
            line = await proc.stdout.readline()
            if not line:
                raise AssertionError("tabletop serve exited:\n" + "".join(lines))
            lines.append(line.decode())
            if line.startswith(b"Ready."):
                return
    await asyncio.wait_for(ready(), timeout)
    return proc, "".join(lines)

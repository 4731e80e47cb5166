"""The core (scenario, doctrine, engine) imports no UI, network, storage or template code."""

from __future__ import annotations

import json
import subprocess
import sys

CORE = ["tabletop.engine", "tabletop.engine.core", "tabletop.engine.commands", "tabletop.engine.events",
        "tabletop.engine.payloads",
        "tabletop.engine.state", "tabletop.scenario", "tabletop.doctrine", "tabletop.text"]
# `socket` is not listed: pydantic's plugin loader pulls it in through importlib.metadata.
FORBIDDEN = ["textual", "jinja2", "weasyprint", "sqlite3", "psycopg", "aiohttp", "rich", "asyncio", "http.server", "urllib.request"]


def test_core_modules_import_none_of_the_adapters():
    code = ("import sys, json\n"
            + "".join(f"import {m}\n" for m in CORE)
            + f"print(json.dumps([m for m in {FORBIDDEN!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []

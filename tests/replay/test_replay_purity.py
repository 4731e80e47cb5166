"""The replay core is a projection of the log beside the engine: no UI, network or templates.
(The fork reads stores through their contract; the store package's own __init__ loads sqlite3.)"""

from __future__ import annotations

import json
import subprocess
import sys

ADAPTERS = ["textual", "rich", "jinja2", "weasyprint", "aiohttp", "asyncio", "psycopg", "click"]


def loaded_after_import(modules: list[str]) -> list[str]:
    code = ("import sys, json\n" + "".join(f"import {m}\n" for m in modules)
            + f"print(json.dumps([m for m in {ADAPTERS + ['sqlite3']!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_folding_and_finding_points_load_no_adapter_and_no_storage():
    assert loaded_after_import(["tabletop.replay.fold", "tabletop.replay.timeline", "tabletop.replay.log",
                                "tabletop.replay.moves"]) == []


def test_forking_loads_no_ui_network_or_templates():
    assert loaded_after_import(["tabletop.replay.fork"]) in ([], ["sqlite3"])


def test_the_engine_never_imports_replay():
    code = "import sys, tabletop.engine.core, tabletop.session; print('tabletop.replay' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""A participant console starts without loading the rules, the scenario models
or pydantic: only the engine's standard-library modules (events, payloads, clock)."""

from __future__ import annotations

import subprocess
import sys


def test_participant_console_does_not_import_the_rules_or_pydantic():
    code = ("import sys, tabletop.consoles.app, tabletop.consoles.screens.participant, "
            "tabletop.consoles.screens.evaluator; "
            "print(sorted(m for m in sys.modules if m.startswith(('tabletop.engine', 'tabletop.doctrine', "
            "'tabletop.scenario', 'pydantic'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ("['tabletop.engine', 'tabletop.engine.clock', 'tabletop.engine.events', "
                           "'tabletop.engine.events_v2', 'tabletop.engine.payloads']")

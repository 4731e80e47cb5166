"""The pure exercise engine: commands in, events out, state as their fold.

Imports no UI, network, storage or template code (tests/core/test_purity.py
proves it). The names below load on first use, so a client that needs only
`tabletop.engine.events` or `tabletop.engine.clock` (standard library only)
does not load the rules, the scenario models or pydantic."""

from __future__ import annotations

import importlib

_EXPORTS = {
    "parse_command": "tabletop.engine.commands",
    "Rejected": "tabletop.engine.core", "create": "tabletop.engine.core", "decide": "tabletop.engine.core",
    "evolve": "tabletop.engine.core", "next_due": "tabletop.engine.core", "replay": "tabletop.engine.core",
    "Event": "tabletop.engine.events", "visible_to": "tabletop.engine.events",
    "State": "tabletop.engine.state", "initial": "tabletop.engine.state",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tabletop.engine' has no attribute {name!r}")

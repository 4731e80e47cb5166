"""What the consoles read off the wire: event type names, Event, the scenario
clock and the offset format — the engine's own, from its standard-library-only
modules. The participant and evaluator consoles never need the rules or the
scenario file, so they load neither the rest of the engine nor pydantic: that
keeps `tabletop join` quick to start (tests/consoles/test_wire.py holds it)."""

from __future__ import annotations

from tabletop.engine.clock import Clock, format_offset
from tabletop.engine.events import *  # noqa: F403 (the event type names)
from tabletop.engine.events import Event

__all__ = ["Clock", "Event", "format_offset"]

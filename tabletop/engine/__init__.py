"""The pure exercise engine: commands in, events out, state as their fold.

Imports no UI, network, storage or template code (tests/test_purity.py proves it)."""

from tabletop.engine.commands import parse_command
from tabletop.engine.core import Rejected, create, decide, evolve, next_due, replay
from tabletop.engine.events import Event, visible_to
from tabletop.engine.state import State, initial

__all__ = ["Event", "Rejected", "State", "create", "decide", "evolve", "initial", "next_due", "parse_command",
           "replay", "visible_to"]

"""Replay and "what if": the exercise as it stood at any point of its log, and forks.

Pure projections of the log beside the core (never imported by it): `log` reads a
played exercise back through the store contract, `fold` gives the state at any
point (snapshots every N events, a cache made from the log as it is read), `timeline`
finds the points (by event, inject, decision, scenario time), `fork` copies a verified
prefix into a new exercise and checks a fork against its parent. No Textual, no
SQLite: the CLI (`replay/cli.py`) and the replay console open the stores and screens."""

from tabletop.replay.fold import Replay
from tabletop.replay.log import LogError, PlayedLog, read_log
from tabletop.replay.timeline import Timeline

__all__ = ["LogError", "PlayedLog", "Replay", "Timeline", "read_log"]

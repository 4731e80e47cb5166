"""A played exercise read back: its scenario and pack from the log's own record of them,
and its events, read once (a running exercise is read as it stands: a copy)."""

from __future__ import annotations

from dataclasses import dataclass

from tabletop.engine.events import Event
from tabletop.engine.state import State, initial
from tabletop.scenario.loader import Loaded, load_scenario_text

# What a log records of its exercise besides the events; a fork carries them over.
META_KEYS = ("scenario_text", "scenario_file", "doctrine_text", "kind")


class LogError(Exception):
    """The log cannot be replayed (it does not carry its scenario, or its scenario no longer loads)."""


@dataclass(frozen=True)
class PlayedLog:
    exercise: str
    loaded: Loaded
    events: tuple[Event, ...]
    meta: dict[str, str]

    @property
    def scenario(self):
        return self.loaded.scenario

    def initial(self) -> State:
        return initial(self.loaded.scenario, self.loaded.doctrine)


def read_log(store) -> PlayedLog:
    """Any event store (the contract of tabletop.store.base); raises LogError."""
    from tabletop.problems import ProblemsFound, Say

    meta = {k: v for k in META_KEYS if (v := store.get_meta(k)) is not None}
    text = meta.get("scenario_text")
    if text is None:
        raise LogError(Say("replay.log.no_scenario"))
    try:
        loaded = load_scenario_text(text, meta.get("scenario_file") or "scenario.yaml", meta.get("doctrine_text"))
    except ProblemsFound as exc:
        first = exc.problems[0] if exc.problems else "unknown problem"
        raise LogError(Say("replay.log.scenario_fails", problem=first)) from None
    return PlayedLog(store.exercise, loaded, tuple(store.read()), meta)

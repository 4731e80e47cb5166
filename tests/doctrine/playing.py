"""A session to play doctrine cases on the engine (given/when/then), its wall clock a minute on
per command. Shared by the tests in this folder that play a rule through the engine."""

from __future__ import annotations

from datetime import timedelta, timezone

from tabletop.engine import commands as c
from tabletop.session import Session
from tabletop.store import MemoryStore


class Exercise:
    def __init__(self, loaded, name: str, scenario_text: str | None = None) -> None:
        self.now = loaded.scenario.start.astimezone(timezone.utc)
        self.session = Session.create(loaded, MemoryStore(name), self.now, scenario_text=scenario_text)
        self.control(c.Start())

    def control(self, command):
        self.now += timedelta(minutes=1)
        return self.session.handle(command, "control", self.now)

    def act(self, seat: str, action: str):
        self.now += timedelta(minutes=1)
        return self.session.handle(c.FreeAction(action=action), seat, self.now)

    def accepted(self, seat: str, action: str) -> None:
        outcome = self.act(seat, action)
        assert outcome.status == "accepted", (seat, action, outcome.events[-1].data)

"""A few-line stand-in for the session server and its client, for deterministic
screens (snapshots): the real Session on an in-memory store, a frozen clock,
events handed to each fake client filtered as the server filters them."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tabletop.engine.commands import parse_command
from tabletop.engine.events import visible_to
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.store import MemoryStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
T0 = datetime(2027, 4, 5, 0, 0, 0, tzinfo=timezone.utc)


class FakeBadCode(Exception):
    pass


class Hub:
    """One exercise; `client(url, code, ...)` is a client factory for ConsoleApp."""

    def __init__(self, scenario: str | Path = FIXTURES / "mini.yaml"):
        self.wall = T0
        loaded = load_scenario(str(scenario))
        self.session = Session.create(loaded, MemoryStore("mini-test"), self.wall,
                                      scenario_text=Path(loaded.path).read_text(encoding="utf-8"))
        seats = list(loaded.scenario.seats)
        self.codes = {"control": "CTRL-0000", **{s: f"{s.upper()}-CODE" for s in seats},
                      "evaluator-1": "EVAL-0001"}
        self.clients: list[FakeClient] = []
        self.sent: list[tuple[str, dict]] = []

    def now(self) -> float:
        return self.wall.timestamp()

    def advance(self, seconds: float) -> list:
        self.wall += timedelta(seconds=seconds)
        events = self.session.tick(self.wall)
        self._broadcast(events)
        return events

    def client(self, url: str, code: str, *, on_event=None, on_status=None, on_connections=None,
               ssl=None) -> "FakeClient":
        c = FakeClient(self, code, on_event, on_status)
        self.clients.append(c)
        return c

    def welcome(self, seat: str) -> dict:
        s = self.session.scenario
        rules = self.session.rules
        kind = self.session.state.role_kind(seat)
        w = {
            "type": "welcome", "protocol": 1, "seat": seat, "kind": kind, "exercise": self.session.store.exercise,
            "last_seq": self.session.state.last_seq,
            "scenario": {"id": s.id, "title": s.title.both(), "banner": s.banner, "start": s.start.isoformat(),
                         "languages": list(s.languages), "clock": s.clock.model_dump(),
                         "seats": [{"id": x, "title": rules.roles[x].title.both(), "side": rules.side_of(x)}
                                   for x in s.seats],
                         "objectives": [{"id": o.id, "text": o.text.both(), "capability": o.capability.both()}
                                        for o in s.objectives]},
            "roles": {r.id: {"title": r.title.both(), "side": r.side} for r in rules.pack.roles},
            "actions": [{"id": a.id, "label": a.label.both(), "roles": list(a.roles), "force": a.force}
                        for a in rules.pack.actions],
        }
        if kind == "control":
            w["control"] = {"scenario_text": self.session.store.get_meta("scenario_text"),
                            "doctrine_text": rules.text}
        return w

    def handle(self, seat: str, command: dict) -> dict:
        self.sent.append((seat, command))
        outcome = self.session.handle(parse_command(command), seat, self.wall)
        self._broadcast(outcome.events)
        return outcome.to_json()

    def _broadcast(self, events) -> None:
        for c in self.clients:
            if c.seat is None:
                continue
            kind = self.session.state.role_kind(c.seat)
            for e in events:
                if visible_to(e, c.seat, kind):
                    c.deliver(e.to_json())


class FakeClient:
    def __init__(self, hub: Hub, code: str, on_event, on_status):
        self.hub = hub
        self.code = code
        self.on_event = on_event
        self.on_status = on_status
        self.seat: str | None = None
        self.welcome: dict | None = None
        self.status = "connecting"
        self.last_seq = 0

    def deliver(self, event: dict) -> None:
        self.last_seq = event["seq"]
        if self.on_event:
            self.on_event(event)

    def set_status(self, status: str) -> None:
        self.status = status
        if self.on_status:
            self.on_status(status)

    async def connect(self) -> dict:
        seat = next((s for s, c in self.hub.codes.items() if c == self.code), None)
        if seat is None:
            raise FakeBadCode("that seat code is not valid for this exercise; check it with the facilitator")
        self.seat = seat
        self.welcome = self.hub.welcome(seat)
        self.set_status("connected")
        kind = self.hub.session.state.role_kind(seat)
        for e in self.hub.session.store.read():
            if visible_to(e, seat, kind):
                self.deliver(e.to_json())
        return self.welcome

    async def send(self, command: dict, *, command_id=None, timeout=30) -> dict:
        await asyncio.sleep(0)
        return self.hub.handle(self.seat, command)

    async def check(self, action: str) -> dict:
        return self.hub.session.rules.evaluate(self.hub.session.state, self.seat, action).to_json()

    async def close(self) -> None:
        self.set_status("closed")

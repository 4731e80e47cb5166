"""The service layer: one exercise = scenario + rules + store + the current state.

`handle` is the single path every command takes, from the CLI rehearsal, the
session server and the tests alike: it returns the first outcome for a repeated
command id, asks the pure engine for events, appends them durably, and only
then folds them into the state."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from tabletop.engine import audience
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.core import Rejected, create, decide_and_evolve, evolve
from tabletop.engine.events import Event
from tabletop.engine.state import State, initial
from tabletop.scenario.loader import Loaded, load_scenario_text
from tabletop.store.base import EventStore


@dataclass
class Outcome:
    status: str  # accepted | blocked | rejected
    events: list[Event] = field(default_factory=list)
    code: str | None = None
    message: str | None = None
    first_seq: int | None = None
    last_seq: int | None = None
    reasons: list = field(default_factory=list)
    replayed: bool = False

    def to_json(self) -> dict:
        out = {"status": self.status, "first_seq": self.first_seq, "last_seq": self.last_seq}
        if self.code:
            out.update(code=self.code, message=self.message)
        if self.reasons:
            out["reasons"] = self.reasons
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Outcome":
        return cls(data["status"], [], data.get("code"), data.get("message"), data.get("first_seq"),
                   data.get("last_seq"), data.get("reasons", []), replayed=True)


class Session:
    def __init__(self, loaded: Loaded, store: EventStore, state: State):
        self.loaded = loaded
        self.store = store
        self.state = state
        self.lock = threading.Lock()

    @property
    def scenario(self):
        return self.loaded.scenario

    @property
    def rules(self):
        return self.loaded.doctrine

    @classmethod
    def create(cls, loaded: Loaded, store: EventStore, now: datetime, scenario_text: str | None = None) -> "Session":
        state = initial(loaded.scenario, loaded.doctrine)
        events = create(state, store.exercise, loaded.digest, now)
        if scenario_text is not None:
            store.set_meta("scenario_text", scenario_text)
            store.set_meta("scenario_file", loaded.path)
            if loaded.doctrine.text is not None:
                store.set_meta("doctrine_text", loaded.doctrine.text)
        store.append(events)
        for e in events:
            state = evolve(state, e)
        return cls(loaded, store, state)

    @classmethod
    def resume(cls, store: EventStore) -> "Session":
        """Rebuild an exercise from its log (the scenario and pack are stored in it)."""
        text = store.get_meta("scenario_text")
        if text is None:
            raise ValueError("this log does not carry its scenario; it was not written by `tabletop serve/run`")
        loaded = load_scenario_text(text, store.get_meta("scenario_file") or "scenario.yaml",
                                    store.get_meta("doctrine_text"))
        state = initial(loaded.scenario, loaded.doctrine)
        for e in store.read():
            state = evolve(state, e)
        return cls(loaded, store, state)

    def handle(self, command: c._Command, actor: str, now: datetime, command_id: str | None = None) -> Outcome:
        result = self.handle_batch([(command, actor, now, command_id)])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def handle_batch(self, jobs: list[tuple[c._Command, str, datetime, str | None]]) -> list[Outcome | Exception]:
        """Several commands, in order, each decided on the state the ones before it left, their
        events and outcomes appended in one transaction (`append_batch`: group commit), whatever
        the store. If that transaction fails, none of the batch is applied and each command gets
        the exception in its place."""
        with self.lock:
            try:
                return self._commit(jobs)
            except Exception as exc:
                return [exc] * len(jobs)

    def _commit(self, jobs) -> list[Outcome]:
        """Decide each job, append them all at once, then take the new state."""
        state, staged, outcomes, recorded = self.state, [], [], {}
        for command, actor, now, command_id in jobs:
            first = recorded.get(command_id) if command_id is not None else None
            if command_id is not None and first is None:
                first = self.store.outcome(command_id)
            if first is not None:
                outcomes.append(Outcome.from_json(first))
                continue
            outcome, state = self._decide(state, command, actor, now, staged)
            told = outcome.to_json() if command_id is not None else None
            if outcome.events or command_id is not None:
                staged.append((outcome.events, command_id, told))
            if command_id is not None:
                recorded[command_id] = told
            outcomes.append(outcome)
        if staged:
            self.store.append_batch(staged)
        self.state = state
        return outcomes

    def _decide(self, state: State, command: c._Command, actor: str, now: datetime, staged) -> tuple[Outcome, State]:
        target = None
        if isinstance(command, c.Ruling):
            target = next((e for events, _, _ in staged for e in events if e.seq == command.target), None) \
                or self.store.get(command.target)
            command = command.model_copy(update={"evidence": target.to_json() if target else None})
        try:
            events, after = decide_and_evolve(state, command, now, actor)
        except Rejected as exc:
            return Outcome("rejected", code=exc.code, message=exc.message), state
        for e in events:
            audience.check(e, state, target)  # raises before anything misaddressed is logged
        blocked = [e for e in events if e.type == ev.MOVE_BLOCKED and e.actor == actor]
        return Outcome("blocked" if blocked else "accepted", events,
                       first_seq=events[0].seq if events else None,
                       last_seq=events[-1].seq if events else None,
                       reasons=blocked[-1].data["reasons"] if blocked else []), after

    def tick(self, now: datetime) -> list[Event]:
        """Let the scheduler act; append and return what it released (often nothing)."""
        with self.lock:
            events, after = decide_and_evolve(self.state, c.Tick(), now, "system")
            for e in events:
                audience.check(e, self.state)
            if events:
                self.store.append_batch([(events, None, None)])
                self.state = after
            return events

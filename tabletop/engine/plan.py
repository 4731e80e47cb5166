"""The scenario indexed for the scheduler: plain dicts and a timetable, built
once per exercise, so a tick costs what is due rather than the size of the MSEL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tabletop.scenario.model import Decision, Inject, Scenario


@dataclass(frozen=True, eq=False)
class Plan:
    injects: dict[str, Inject]
    decisions: dict[str, tuple[Inject, Decision]]
    timed: tuple[tuple[float, str], ...]  # (at, inject id) sorted by time, then file order
    children: dict[str, tuple[str, ...]]  # inject id -> injects that follow it (`after`)
    order: dict[str, int]  # inject id -> position in the file
    side_seats: dict[str, tuple[str, ...]]  # seat -> the seats in play on its side (itself included)
    audiences: dict[str, tuple[str, ...]]  # decision id -> who sees its moves and outcome (its seats' sides)

    @classmethod
    def of(cls, scenario: Scenario, pack_side_of: Callable[[str], str]) -> "Plan":
        def side_of(seat: str) -> str:  # a third party is on a side of its own, or the one it names
            party = scenario.party(seat)
            return (party.side or party.id) if party is not None else pack_side_of(seat)

        injects = {i.id: i for i in scenario.injects}
        decisions = {d.id: (i, d) for i in scenario.injects for d in i.decisions}
        order = {i.id: n for n, i in enumerate(scenario.injects)}
        timed = tuple(sorted(((float(i.at), i.id) for i in scenario.injects if i.at is not None and not i.manual),
                             key=lambda t: (t[0], order[t[1]])))
        children: dict[str, list[str]] = {}
        for i in scenario.injects:
            if i.after is not None and not i.manual:
                children.setdefault(i.after.inject, []).append(i.id)
        sides = {seat: side_of(seat) for seat in scenario.seats}
        side_seats = {seat: tuple(s for s in scenario.seats if sides[s] == sides[seat]) for seat in scenario.seats}
        audiences = {}
        for key, (_, d) in decisions.items():
            wanted = {sides.get(x, x) for x in d.deciders}
            audiences[key] = tuple(s for s in scenario.seats if sides[s] in wanted)
        return cls(injects, decisions, timed, {k: tuple(v) for k, v in children.items()}, order, side_seats,
                   audiences)

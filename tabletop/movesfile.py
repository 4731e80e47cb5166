"""A moves file checked against its scenario before anything is played: the seats, decisions,
options, actions, injects, objectives and times it names, each problem at its FILE:LINE:COL
(docs/moves-format.md). `tabletop validate` runs it on a file that says `format:
tabletop-moves/1`; the rehearsal itself still reports what the engine refuses in play."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from tabletop.problems import Problem, ProblemsFound, Say
from tabletop.rehearsal import MoveSpec, MovesFile
from tabletop.scenario.checks import audience, hint
from tabletop.scenario.format2 import known_actions, party_actions
from tabletop.scenario.loader import Loaded
from tabletop.text import format_offset
from tabletop.yamlsrc import Located, load_file, pydantic_problems

MOVES_FORMAT = "tabletop-moves/1"
MAX_TEXT = 8000  # the engine's limit on free text (engine/commands.py, Long)
CONTROL_KINDS = ("control", "ruling")


def is_moves(located: Located) -> bool:
    """Whether a YAML document is a moves file (by its format line, else by its `moves:` key)."""
    data = located.data
    return isinstance(data, dict) and (data.get("format") == MOVES_FORMAT or
                                       ("moves" in data and "injects" not in data))


def scenario_beside(path: str) -> Path | None:
    """NAME.yaml beside NAME.moves.yaml, the pair `tabletop rehearse` uses."""
    p = Path(path)
    if not p.name.endswith(".moves.yaml"):
        return None
    candidate = p.with_name(p.name[: -len(".moves.yaml")] + ".yaml")
    return candidate if candidate.is_file() else None


@dataclass
class _Check:
    loaded: Loaded
    loc: Located
    out: list[Problem] = field(default_factory=list)

    def err(self, path: tuple, say: Say, severity: str = "error") -> None:
        self.out.append(self.loc.problem(path, say, severity))

    @property
    def seats(self) -> list[str]:
        s = self.loaded.scenario
        return [*s.seats, "control", "evaluator", *(f"evaluator-{n}" for n in range(1, s.evaluators + 1))]


def check_moves(located: Located, loaded: Loaded) -> tuple[MovesFile, list[Problem]]:
    """The moves file in `located`, and every problem it has against the scenario in `loaded`."""
    try:
        moves = MovesFile.model_validate(located.data)
    except ValidationError as exc:
        raise ProblemsFound(pydantic_problems(located, exc, model=MovesFile)) from None
    c = _Check(loaded, located)
    released = earliest_release(loaded)
    for i, spec in enumerate(moves.moves):
        _check_move(c, spec, ("moves", i), released)
    if moves.expect is not None:
        _check_expect(c, moves)
    return moves, c.out


def load_checked(path: str, loaded: Loaded) -> tuple[MovesFile, list[Problem]]:
    return check_moves(load_file(path), loaded)


def earliest_release(loaded: Loaded) -> dict[str, int]:
    """The earliest scenario time each inject can be released at, when it has one: its `at`,
    or its parent's plus the delay (a condition only makes it later; manual ones have none)."""
    injects = {i.id: i for i in loaded.scenario.injects}
    out: dict[str, int] = {}

    def at(key: str, depth: int = 0) -> int | None:
        if key in out or depth > len(injects):
            return out.get(key)
        inj = injects.get(key)
        if inj is None or inj.manual:
            return None
        if inj.at is not None:
            out[key] = int(inj.at)
        elif inj.after is not None:
            parent = at(inj.after.inject, depth + 1)
            if parent is None:
                return None
            out[key] = parent + int(inj.after.delay)
        return out.get(key)

    for key in injects:
        at(key)
    return out


def _check_move(c: _Check, spec: MoveSpec, base: tuple, released: dict[str, int]) -> None:
    s, d = c.loaded.scenario, c.loaded.doctrine
    if spec.seat not in c.seats:
        c.err(base + ("seat",), Say("problems.moves.seat", seat=spec.seat, hint=hint(spec.seat, c.seats),
                                    seats=list(s.seats), n=s.evaluators))
        return
    kind = next(k for k in ("decision", "action", "message", "observation", "ack", "hotwash", "control", "ruling")
                if getattr(spec, k) is not None)
    if kind in CONTROL_KINDS and spec.seat != "control":
        c.err(base + ("seat",), Say("problems.moves.control_only", seat=spec.seat, kind=kind))
    if kind == "observation" and not spec.seat.startswith(("evaluator", "control")):
        c.err(base + ("seat",), Say("problems.moves.evaluator_only", seat=spec.seat))
    if kind in ("decision", "action", "message", "ack", "hotwash") and spec.seat not in s.seats:
        c.err(base + ("seat",), Say("problems.moves.player_only", seat=spec.seat, kind=kind))
    if kind == "decision":
        _check_decision(c, spec, base, released)
    elif kind == "action" and spec.action in (own := party_actions(s)):
        if own[spec.action] != spec.seat:  # a third party's own action: only its seat takes it (engine/moves.py)
            c.err(base + ("action",), Say("problems.moves.party_action", action=spec.action, party=own[spec.action],
                                          seat=spec.seat))
    elif kind == "action" and spec.action not in d.actions:
        c.err(base + ("action",), Say("problems.scenario.unknown_action", id=spec.action,
                                      hint=hint(spec.action, known_actions(s, d))))
    elif kind == "action" and spec.seat in s.seats and not d.can_ever(spec.seat, spec.action):
        c.err(base + ("action",), Say("problems.moves.never_allowed", seat=spec.seat, action=spec.action,
                                      who=list(d.actions[spec.action].roles)))
    elif kind == "message":
        for j, pattern in enumerate(spec.message.to):
            if not audience([pattern], list(s.seats) + ["control"]):
                c.err(base + ("message", "to", j), Say("problems.moves.no_audience", pattern=pattern,
                                                       hint=hint(pattern, s.seats), seats=list(s.seats)))
    elif kind == "observation" and spec.observation.objective not in {o.id for o in s.objectives}:
        objectives = [o.id for o in s.objectives]
        c.err(base + ("observation", "objective"), Say("problems.scenario.unknown_objective",
              id=spec.observation.objective, hint=hint(spec.observation.objective, objectives)))
    for path, inject in ((("ack",), spec.ack), (("inject",), spec.inject)):
        if inject is not None and inject not in {i.id for i in s.injects}:
            c.err(base + path, Say("problems.scenario.unknown_inject", id=inject, hint=hint(inject, [i.id for i in s.injects])))
    if kind == "ruling" and spec.ruling.seat is not None and spec.ruling.seat not in s.seats:
        c.err(base + ("ruling", "seat"), Say("problems.moves.seat", seat=spec.ruling.seat,
                                             hint=hint(spec.ruling.seat, s.seats), seats=list(s.seats),
                                             n=s.evaluators))
    _check_lengths(c, spec, base)


def _deciders(dec) -> list[str]:
    """Who answers a decision (one seat; format tabletop/2 may name several)."""
    deciders = getattr(dec, "deciders", None)
    return list(deciders) if deciders else [dec.to]


def _check_decision(c: _Check, spec: MoveSpec, base: tuple, released: dict[str, int]) -> None:
    s = c.loaded.scenario
    decisions = {dec.id: (inj, dec) for inj in s.injects for dec in inj.decisions}
    if spec.decision not in decisions:
        c.err(base + ("decision",), Say("problems.scenario.unknown_decision", id=spec.decision,
                                        hint=hint(spec.decision, decisions)))
        return
    inj, dec = decisions[spec.decision]
    if spec.seat not in _deciders(dec):
        deciders = list(_deciders(dec))
        c.err(base + ("seat",), Say("problems.moves.not_decider" if len(deciders) == 1 else "problems.moves.not_decider_joint",
                                    seat=spec.seat, decision=dec.id, deciders=deciders, first=deciders[0]))
    options = [o.id for o in dec.options]
    if spec.option not in options:
        c.err(base + ("option",), Say("problems.scenario.no_such_option", decision=dec.id, option=spec.option,
                                      options=list(options)))
    opens = released.get(inj.id)
    if opens is not None and spec.at < opens:
        c.err(base + ("at",), Say("problems.moves.too_early", decision=dec.id, inject=inj.id,
                                  opens=format_offset(opens)))
    elif opens is not None and dec.deadline is not None and inj.when is None and spec.at > opens + dec.deadline:
        c.err(base + ("at",), Say("problems.moves.too_late", decision=dec.id, closes=format_offset(opens + dec.deadline)),
              "warning")


def _check_lengths(c: _Check, spec: MoveSpec, base: tuple) -> None:
    texts = [(("text",), spec.text)]
    if spec.message is not None:
        texts.append((("message", "text"), spec.message.text))
    if spec.observation is not None:
        texts.append((("observation", "text"), spec.observation.text))
    if spec.hotwash is not None:
        texts += [(("hotwash", "strengths"), spec.hotwash.strengths),
                  (("hotwash", "improvements"), spec.hotwash.improvements)]
    if spec.ruling is not None:
        texts.append((("ruling", "reason"), spec.ruling.reason))
    for path, text in texts:
        if len(text) > MAX_TEXT:
            c.err(base + path, Say("problems.model.too_long", field=".".join(str(x) for x in base + path),
                                   n=MAX_TEXT, given=len(text)))


def _check_expect(c: _Check, moves: MovesFile) -> None:
    s, d, e = c.loaded.scenario, c.loaded.doctrine, moves.expect
    decisions = {dec.id: dec for inj in s.injects for dec in inj.decisions}
    injects = {i.id for i in s.injects}
    for key, option in e.decisions.items():
        if key not in decisions:
            c.err(("expect", "decisions", key), Say("problems.scenario.unknown_decision", id=key,
                                                    hint=hint(key, decisions)))
        elif option != "timeout" and option not in {o.id for o in decisions[key].options}:  # "timeout": expected to time out
            c.err(("expect", "decisions", key), Say("problems.scenario.no_such_option", decision=key, option=option,
                                                    options=list(o.id for o in decisions[key].options)))
    for name in ("released", "not_released"):
        for j, inject in enumerate(getattr(e, name)):
            if inject not in injects:
                c.err(("expect", name, j), Say("problems.scenario.unknown_inject", id=inject,
                                               hint=hint(inject, injects)))
    for j, b in enumerate(e.blocked):
        if b.seat not in s.seats:
            c.err(("expect", "blocked", j, "seat"), Say("problems.moves.seat", seat=b.seat, hint=hint(b.seat, s.seats),
                                                        seats=list(s.seats), n=s.evaluators))
        if b.action not in d.actions:
            c.err(("expect", "blocked", j, "action"), Say("problems.scenario.unknown_action", id=b.action,
                                                          hint=hint(b.action, d.actions)))

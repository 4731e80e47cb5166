"""Headless rehearsal: play a moves file against a scenario at full speed.

The rehearsal drives the same Session as the server, with a simulated wall
clock that jumps from one due time to the next, so a three-hour exercise runs
in well under a second and the log is identical from run to run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.core import EPS, next_due
from tabletop.engine.moves import option_blocked
from tabletop.phrasebook.recognise import as_sentence
from tabletop.problems import Invalid, ProblemsFound, Say, Word
from tabletop.session import Session
from tabletop.text import Offset, Text, format_offset
from tabletop.yamlsrc import load_file, pydantic_problems


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class MessageSpec(_M):
    to: list[str] = Field(min_length=1)
    text: str


class ObservationSpec(_M):
    objective: str
    rating: Literal["P", "S", "M", "U"]
    text: str = ""


class HotwashSpec(_M):
    strengths: str = ""
    improvements: str = ""


class RulingSpec(_M):
    on: int | Literal["last-blocked"] = "last-blocked"
    seat: str | None = Field(None, description="With on: last-blocked, the seat whose last blocked move is ruled on")
    verdict: Literal["overrule", "uphold", "adjudicate"]
    reason: str


class MoveSpec(_M):
    """One line of a moves file: who does what, when (scenario time)."""

    at: Offset
    seat: str
    text: str = ""
    decision: str | None = None
    option: str | None = None
    action: str | None = None
    message: MessageSpec | None = None
    observation: ObservationSpec | None = None
    ack: str | None = None
    hotwash: HotwashSpec | None = None
    control: Literal["start", "pause", "resume", "end", "speed", "release", "hold", "skip", "inject",
                     "jump"] | None = None  # jump: to the next phase (scenario format tabletop/2)
    inject: str | None = None
    speed: float | None = Field(None, gt=0, le=3600)
    to: list[str] | None = None
    title: Text | None = None
    body: Text | None = None
    ruling: RulingSpec | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "MoveSpec":
        kinds = [k for k in ("decision", "action", "message", "observation", "ack", "hotwash", "control", "ruling")
                 if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise Invalid("problems.moves.one_kind", kinds=kinds or Say("problems.value.nothing"))
        if self.decision is not None and self.option is None:
            raise Invalid("problems.moves.needs_option")
        if self.control in ("release", "hold", "skip") and not self.inject:
            raise Invalid("problems.moves.needs_inject", control=self.control)
        if self.control == "speed" and self.speed is None:
            raise Invalid("problems.moves.needs_speed")
        if self.control == "inject" and not (self.to and self.title and self.body):
            raise Invalid("problems.moves.needs_adhoc")
        return self


class BlockedSpec(_M):
    seat: str
    action: str


class Expect(_M):
    decisions: dict[str, str] = {}
    released: list[str] = []
    not_released: list[str] = []
    blocked: list[BlockedSpec] = []
    rulings: int | None = None


class MovesFile(_M):
    format: Literal["tabletop-moves/1"]
    moves: list[MoveSpec] = []
    expect: Expect | None = None


def load_moves(path: str) -> MovesFile:
    located = load_file(path)
    try:
        return MovesFile.model_validate(located.data)
    except ValidationError as exc:
        raise ProblemsFound(pydantic_problems(located, exc)) from None


@dataclass
class Report:
    """What a rehearsal found, for the summary and for tests. Each problem is a sentence still
    to be said (`Say`, phrasebook `cli.rehearse.*`): `str(p)` in the CLI's language, `p.text(lang)`."""

    session: Session
    events: list[ev.Event]
    problems: list[Say] = field(default_factory=list)  # moves the engine refused
    all_blocked: list[Say] = field(default_factory=list)  # decisions whose every option was blocked
    unmet: list[Say] = field(default_factory=list)  # expectations not met
    already: int = 0  # moves a resumed log (a fork) already held, not played again

    @property
    def ok(self) -> bool:
        return not (self.problems or self.all_blocked or self.unmet)


def _command(spec: MoveSpec, session: Session) -> c._Command:
    if spec.decision is not None:
        return c.Move(decision=spec.decision, option=spec.option or "", text=spec.text)
    if spec.action is not None:
        return c.FreeAction(action=spec.action, text=spec.text)
    if spec.message is not None:
        return c.Message(to=spec.message.to, text=spec.message.text)
    if spec.observation is not None:
        o = spec.observation
        return c.Observation(objective=o.objective, rating=o.rating, text=o.text)
    if spec.ack is not None:
        return c.Acknowledge(inject=spec.ack)
    if spec.hotwash is not None:
        return c.Hotwash(strengths=spec.hotwash.strengths, improvements=spec.hotwash.improvements)
    if spec.ruling is not None:
        r = spec.ruling
        target = r.on
        if target == "last-blocked":
            target = _last_blocked(session, r.seat)
        return c.Ruling(target=target, verdict=r.verdict, reason=r.reason)
    simple = {"start": c.Start(), "pause": c.Pause(), "resume": c.Resume(), "end": c.End(), "jump": c.Jump()}
    if spec.control in simple:
        return simple[spec.control]
    if spec.control == "speed":
        return c.SetSpeed(speed=spec.speed)
    if spec.control == "release":
        return c.Release(inject=spec.inject)
    if spec.control == "hold":
        return c.Hold(inject=spec.inject)
    if spec.control == "skip":
        return c.Skip(inject=spec.inject)
    return c.AdHocInject(to=spec.to, title=spec.title, body=spec.body)


def _last_blocked(session: Session, seat: str | None) -> int:
    """The most recent blocked move (by `seat`) not yet ruled on."""
    for seq in range(session.store.last_seq, 0, -1):
        e = session.store.get(seq)
        if e.type == ev.MOVE_BLOCKED and (seat is None or e.actor == seat) and seq not in session.state.ruled:
            return seq
    raise Invalid("client.bot.no_block_by" if seat else "client.bot.no_block", seat=seat)  # as `tabletop bot` says it


def rehearse(session: Session, moves: MovesFile | None, *, max_steps: int = 1_000_000) -> Report:
    """Play the moves, releasing injects and timing out decisions as scenario time passes."""
    start_wall = session.scenario.start.astimezone(timezone.utc)
    # A log picked back up (a fork): its events count for the summary and the expectations, its
    # moves are not played again, and play goes on from its last wall time.
    earlier = list(session.store.read()) if session.state.phase != "created" else []
    wall = max([start_wall] + [datetime.fromisoformat(e.wall.replace("Z", "+00:00")) for e in earlier[-1:]])
    report = Report(session, earlier)
    specs = sorted(moves.moves if moves else [], key=lambda m: m.at)
    ids = f"rehearse-{session.store.last_seq}-" if earlier else "rehearse-"
    if earlier:
        from tabletop.replay.moves import still_to_play

        specs, report.already = still_to_play(specs, earlier)

    def note(events: list[ev.Event]) -> None:
        report.events.extend(events)
        for e in events:
            if e.type == ev.DECISION_OPENED:
                _check_options(session, e, report)

    def wall_at(at: float) -> datetime:
        nonlocal wall
        clock = session.state.clock
        target = clock.wall_for(at)
        when = datetime.fromtimestamp(target, tz=timezone.utc) if target is not None else wall
        # Wall times are kept to the microsecond: on a fast clock a microsecond short of `target`
        # is more scenario time than the engine's tolerance, and nothing would fall due.
        for _ in range(100):
            if target is None or round(clock.at(when.timestamp()), 3) + EPS >= at:
                break
            when += timedelta(microseconds=1)
        wall = max(wall, when)
        return wall

    def advance_to(at: float | None) -> None:
        steps = 0
        while True:
            nd = next_due(session.state)
            if nd is None or (at is not None and nd > at):
                return
            steps += 1
            if steps > max_steps:
                raise RuntimeError("the scheduler did not settle")
            note(session.tick(wall_at(nd)))

    if session.state.phase == "created" and not any(s.control == "start" for s in specs):
        note(session.handle(c.Start(), "control", wall, command_id=f"{ids}start").events)
    elif session.state.phase == "paused" and not (specs and specs[0].control == "resume"):
        note(session.handle(c.Resume(), "control", wall, command_id=f"{ids}resume").events)
    for i, spec in enumerate(specs):
        advance_to(spec.at)
        cmd, problem = _command_of(spec, session)
        if problem is not None:
            report.problems.append(Say("cli.rehearse.problem.line", at=format_offset(spec.at), seat=spec.seat,
                                       problem=problem))
            continue
        outcome = session.handle(cmd, spec.seat, wall_at(spec.at), command_id=f"{ids}{i}")
        note(outcome.events)
        if outcome.status == "rejected":
            code, message = outcome.code or "", outcome.message or ""
            report.problems.append(Say("cli.rehearse.problem.refused", at=format_offset(spec.at), seat=spec.seat,
                                       command=Word("cli.rehearse.command", cmd.type), code=code,
                                       reason=as_sentence(message, f"reasons.{code}.") if code else message))
    # Play out what is still scheduled, up to the planned end (or the last move, if later):
    # an obligation due days later should not stretch a three-hour rehearsal.
    duration = session.scenario.duration
    last_move = specs[-1].at if specs else 0
    advance_to(None if duration is None else max(float(duration), float(last_move)))
    if session.state.phase != "ended":
        note(session.handle(c.End(), "control", wall_at(session.state.clock.at(wall.timestamp())),
                            command_id=f"{ids}end").events)
    if moves and moves.expect:
        report.unmet = check_expect(session, report.events, moves.expect)
    return report


def _command_of(spec, session: Session):
    """The command a move of the moves file gives, or why it gives none: (command, None) or (None, problem)."""
    from tabletop.modelproblems import sentence

    scenario = session.scenario
    in_play = {*scenario.seats, "control", "evaluator", *(f"evaluator-{n}" for n in range(1, scenario.evaluators + 1))}
    if spec.seat not in in_play:
        return None, Say("cli.rehearse.problem.not_in_play", seats=list(scenario.seats), evaluators=scenario.evaluators)
    try:
        return _command(spec, session), None
    except ValidationError as exc:
        return None, [sentence(e) for e in exc.errors()]
    except Invalid as exc:
        return None, exc.say
    except ValueError as exc:
        return None, str(exc)


def _check_options(session: Session, opened: ev.Event, report: Report) -> None:
    d = opened.payload
    verdicts = [option_blocked(session.state, d.decision, o.action) for o in d.options]
    if verdicts and all(verdicts):
        report.all_blocked.append(Say("cli.rehearse.problem.all_blocked", decision=d.decision, seat=d.to))


def check_expect(session: Session, events: list[ev.Event], expect: Expect) -> list[Say]:
    """The expectations of the moves file the rehearsal did not meet (phrasebook `cli.rehearse.unmet.*`)."""
    unmet = []
    status = lambda s: Word("cli.rehearse.status", s)  # noqa: E731
    for decision, option in expect.decisions.items():
        d = session.state.decision(decision)
        if option == "timeout":
            if d.status != "timed_out":
                unmet.append(Say("cli.rehearse.unmet.timeout", decision=decision, status=status(d.status),
                                 option=d.option or "—"))
        elif d.status != "resolved" or d.option != option:
            unmet.append(Say("cli.rehearse.unmet.decision", decision=decision, expected=option,
                             status=status(d.status), option=d.option or "—"))
    for inject in expect.released:
        if session.state.inject(inject).status != "released":
            unmet.append(Say("cli.rehearse.unmet.released", inject=inject,
                             status=status(session.state.inject(inject).status)))
    for inject in expect.not_released:
        if session.state.inject(inject).status == "released":
            unmet.append(Say("cli.rehearse.unmet.not_released", inject=inject))
    for b in expect.blocked:
        if not any(e.type == ev.MOVE_BLOCKED and e.actor == b.seat and e.payload.action == b.action
                   for e in events):
            unmet.append(Say("cli.rehearse.unmet.blocked", action=b.action, seat=b.seat))
    if expect.rulings is not None:
        n = sum(1 for e in events if e.type == ev.RULING_MADE)
        if n != expect.rulings:
            unmet.append(Say("cli.rehearse.unmet.rulings", expected=expect.rulings, n=n))
    return unmet


from tabletop.rehearsal_summary import summary  # noqa: E402 (it reads a Report)


__all__ = ["MovesFile", "Report", "load_moves", "rehearse", "summary"]

"""Load and check a scenario: YAML with positions, the pydantic model, then the
cross-references against itself and its doctrine pack. Every problem is
collected and reported as FILE:LINE:COL: message."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from tabletop.doctrine.rules import Doctrine, doctrine_from_text, load_doctrine, suggest
from tabletop.problems import Problem, ProblemsFound
from tabletop.scenario.model import Inject, Scenario
from tabletop.text import Text
from tabletop.yamlsrc import Located, load_file, load_text, pydantic_problems


ADHOC_ID = re.compile(r"^X\d+$")  # the engine numbers control's ad-hoc injects X01, X02, ...


@dataclass
class Loaded:
    scenario: Scenario
    doctrine: Doctrine
    digest: str
    path: str
    warnings: list[Problem] = field(default_factory=list)


def bundled_dirs() -> list[Path]:
    """Where bundled scenarios live: inside the wheel, or the repository's scenarios/."""
    dirs = []
    packaged = resources.files("tabletop") / "_data" / "scenarios"
    if packaged.is_dir():
        dirs.append(Path(str(packaged)))
    repo = Path(__file__).resolve().parents[2] / "scenarios"
    if repo.is_dir():
        dirs.append(repo)
    return dirs


def bundled_scenarios() -> list[str]:
    names: set[str] = set()
    for d in bundled_dirs():
        names.update(p.stem for p in d.glob("*.yaml") if not p.name.endswith(".moves.yaml"))
    return sorted(names)


def resolve(name_or_path: str) -> Path:
    """A path, or the name of a bundled scenario ('missile-launch')."""
    p = Path(name_or_path)
    if p.is_file():
        return p
    if p.is_dir():
        raise ProblemsFound([Problem(name_or_path, 1, 1, "is a directory, not a scenario file")])
    if not p.suffix and len(p.parts) == 1:
        for d in bundled_dirs():
            candidate = d / f"{name_or_path}.yaml"
            if candidate.is_file():
                return candidate
        raise ProblemsFound([Problem(name_or_path, 1, 1,
            f"no such file, and no bundled scenario by that name; bundled: {', '.join(bundled_scenarios()) or 'none'}")])
    raise ProblemsFound([Problem(name_or_path, 1, 1, "no such file")])


def resolve_beside(scenario_path: str, suffix: str) -> Path | None:
    p = resolve(scenario_path)
    candidate = p.with_name(p.stem + suffix)
    return candidate if candidate.is_file() else None


def audience(patterns: list[str], seats: list[str]) -> list[str]:
    """Seats addressed by role ids and wildcards ('jp.*', '*')."""
    if "*" in patterns:
        return list(seats)
    plain = {p for p in patterns if not any(ch in p for ch in "*?[")}
    wild = [p for p in patterns if p not in plain]
    return [seat for seat in seats if seat in plain or any(fnmatch.fnmatchcase(seat, p) for p in wild)]


def load_scenario(name_or_path: str) -> Loaded:
    """Load and fully check a scenario; raise ProblemsFound (errors and warnings) if it has errors."""
    path = resolve(name_or_path)
    return _load(load_file(path), path.read_bytes(), path.parent)


def load_scenario_text(text: str, file: str, doctrine_text: str | None = None) -> Loaded:
    """Load a scenario from its text (as stored in an exercise log), with its pack's text if given."""
    return _load(load_text(text, file), text.encode("utf-8"), Path(file).parent, doctrine_text)


def _load(located: Located, raw: bytes, base: Path, doctrine_text: str | None = None) -> Loaded:
    path = Path(located.file)
    try:
        scenario = Scenario.model_validate(located.data)
    except ValidationError as exc:
        raise ProblemsFound(pydantic_problems(located, exc)) from None
    try:
        if doctrine_text is not None:
            doctrine = doctrine_from_text(doctrine_text, f"<pack {scenario.doctrine}>")
        else:
            doctrine = load_doctrine(scenario.doctrine, base=base)
    except ProblemsFound as exc:
        raise ProblemsFound([located.problem(("doctrine",), f"doctrine pack: {p}") for p in exc.problems]) from None
    problems = check(scenario, doctrine, located)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ProblemsFound(problems)
    digest = hashlib.sha256(raw).hexdigest()
    return Loaded(scenario, doctrine, digest, str(path), [p for p in problems if p.severity == "warning"])


def check(s: Scenario, d: Doctrine, loc: Located) -> list[Problem]:
    """Cross-reference checks the model alone cannot make."""
    out: list[Problem] = []
    err = lambda path, msg: out.append(loc.problem(path, msg))  # noqa: E731
    warn = lambda path, msg: out.append(loc.problem(path, msg, "warning"))  # noqa: E731

    # Seats are player roles of the pack.
    for i, seat in enumerate(s.seats):
        role = d.roles.get(seat)
        if role is None:
            err(("seats", i), f"unknown role {seat!r}{suggest(seat, d.roles)}; see `tabletop doctrine list`")
        elif role.kind != "player":
            err(("seats", i), f"{seat!r} is a {role.kind} role; list only player roles as seats")
        elif seat in ("control", "system") or seat.startswith("evaluator"):
            err(("seats", i), f"the seat name {seat!r} is reserved for control, evaluators and the system "
                              "(a seat so named would be treated as one); rename the role in the pack")
    if len(set(s.seats)) != len(s.seats):
        seen: set[str] = set()
        for i, seat in enumerate(s.seats):
            if seat in seen:
                err(("seats", i), f"seat {seat!r} is listed twice")
            seen.add(seat)
    seats = [x for x in s.seats if x in d.roles]

    # Unique ids.
    def unique(kind: str, items, path_of) -> None:
        seen: dict[str, int] = {}
        for idx, item in enumerate(items):
            if item.id in seen:
                err(path_of(idx) + ("id",), f"duplicate {kind} id {item.id!r}")
            seen.setdefault(item.id, idx)

    unique("objective", s.objectives, lambda i: ("objectives", i))
    unique("inject", s.injects, lambda i: ("injects", i))
    all_decisions = [(ii, di, dec) for ii, inj in enumerate(s.injects) for di, dec in enumerate(inj.decisions)]
    seen_dec: set[str] = set()
    for ii, di, dec in all_decisions:
        if dec.id in seen_dec:
            err(("injects", ii, "decisions", di, "id"), f"duplicate decision id {dec.id!r}")
        seen_dec.add(dec.id)
    objectives = {o.id for o in s.objectives}
    injects = {i.id: i for i in s.injects}
    decisions = {dec.id: dec for _, _, dec in all_decisions}

    for ii, inj in enumerate(s.injects):
        base = ("injects", ii)
        if ADHOC_ID.match(inj.id):
            err(base + ("id",), f"inject ids like {inj.id!r} (X and digits) are given to control's ad-hoc injects; "
                                "choose another id")
        for j, pattern in enumerate(inj.to):
            if not audience([pattern], seats):
                hint = suggest(pattern, seats) if "*" not in pattern else ""
                err(base + ("to", j), f"audience {pattern!r} matches no seat in play{hint}; seats: {', '.join(seats)}")
        if inj.after is not None and inj.after.inject not in injects:
            err(base + ("after", "inject"), f"unknown inject {inj.after.inject!r}{suggest(inj.after.inject, injects)}")
        if inj.after is not None and inj.after.inject == inj.id:
            err(base + ("after", "inject"), "an inject cannot follow itself")
        for j, obj in enumerate(inj.objectives):
            if obj not in objectives:
                err(base + ("objectives", j), f"unknown objective {obj!r}{suggest(obj, objectives)}")
        for j, act in enumerate(inj.expected):
            if act not in d.actions:
                err(base + ("expected", j), f"unknown doctrine action {act!r}{suggest(act, d.actions)}")
        for key in ("set_flags", "clear_flags"):
            for j, flag in enumerate(getattr(inj, key)):
                if flag not in d.flags:
                    err(base + (key, j), f"unknown flag {flag!r}{suggest(flag, d.flags)}")
        if inj.when is not None:
            w = inj.when
            if w.decision is not None:
                if w.decision not in decisions:
                    err(base + ("when", "decision"), f"unknown decision {w.decision!r}{suggest(w.decision, decisions)}")
                elif any(d.id == w.decision for d in inj.decisions):
                    err(base + ("when", "decision"), f"inject {inj.id!r} waits for decision {w.decision!r}, which it "
                                                     "opens itself: it could never be released")
                elif w.option is not None and w.option not in {o.id for o in decisions[w.decision].options}:
                    opts = [o.id for o in decisions[w.decision].options]
                    err(base + ("when", "option"), f"decision {w.decision!r} has no option {w.option!r}; options: {', '.join(opts)}")
            if w.situation is not None and w.situation not in d.situations:
                err(base + ("when", "situation"), f"unknown situation {w.situation!r}{suggest(w.situation, d.situations)}")
            for key in ("flag", "not_flag"):
                val = getattr(w, key)
                if val is not None and val not in d.flags:
                    err(base + ("when", key), f"unknown flag {val!r}{suggest(val, d.flags)}")
        for di, dec in enumerate(inj.decisions):
            dbase = base + ("decisions", di)
            if dec.to not in seats:
                err(dbase + ("to",), f"decision addressed to {dec.to!r}, which is not a seat in play{suggest(dec.to, seats)}")
            elif dec.to not in audience(inj.to, seats):
                warn(dbase + ("to",), f"decision {dec.id} is addressed to {dec.to}, who does not receive inject "
                                      f"{inj.id} (to: {', '.join(inj.to)}); the seat would see the prompt "
                                      "without the inject")
            if dec.deadline is not None and dec.deadline <= 0:
                err(dbase + ("deadline",), "deadline must be positive scenario time, e.g. '+00:05'")
            opt_ids = [o.id for o in dec.options]
            for oi, opt in enumerate(dec.options):
                if opt_ids.count(opt.id) > 1 and opt_ids.index(opt.id) != oi:
                    err(dbase + ("options", oi, "id"), f"duplicate option id {opt.id!r}")
                if opt.action is not None:
                    if opt.action not in d.actions:
                        err(dbase + ("options", oi, "action"),
                            f"unknown doctrine action {opt.action!r}{suggest(opt.action, d.actions)}; see `tabletop doctrine list`")
                    elif dec.to in d.roles and not d.can_ever(dec.to, opt.action):
                        who = ", ".join(d.actions[opt.action].roles)
                        err(dbase + ("options", oi, "action"),
                            f"{dec.to} can never take {opt.action!r} (only {who}); address the decision to one of them or pick another action")
            if dec.on_timeout is not None and dec.on_timeout not in opt_ids:
                err(dbase + ("on_timeout",), f"on_timeout {dec.on_timeout!r} is not one of the options: {', '.join(opt_ids)}")
            if dec.on_timeout is not None and dec.deadline is None:
                err(dbase + ("on_timeout",), "on_timeout needs a deadline")

    # Cycles in `after` chains. Each inject follows at most one other, so one walk per chain,
    # marking what it has seen, finds every inject on a loop in time linear in the MSEL.
    on_loop: set[str] = set()
    walked: dict[str, bool] = {}  # inject id -> True while on the current walk, False once done
    for inj in s.injects:
        path: list[str] = []
        cur: str | None = inj.id
        while cur is not None and cur in injects and cur not in walked:
            walked[cur] = True
            path.append(cur)
            after = injects[cur].after
            cur = after.inject if after is not None else None
        if cur is not None and walked.get(cur) is True:
            on_loop.update(path[path.index(cur):])
        for key in path:
            walked[key] = False
    for ii, inj in enumerate(s.injects):
        if inj.id in on_loop and inj.after is not None:
            err(("injects", ii, "after", "inject"), f"`after` chain loops back to {inj.id!r}")

    if not [p for p in out if p.severity == "error"]:
        for ii in unreachable(s, d):
            warn(("injects", ii, "id"), f"inject {s.injects[ii].id!r} can never be released: its chain or condition "
                                         "depends on something no path produces")
    # Missing languages in what participants read.
    wanted = tuple(s.languages)

    def text(path, t: Text | None) -> None:
        if t is not None:
            missing = t.missing(wanted)
            if missing:
                warn(path, f"text has no {', '.join(missing)} version; add `{missing[0]}:`")

    text(("title",), s.title)
    text(("summary",), s.summary)
    for oi, o in enumerate(s.objectives):
        text(("objectives", oi, "text"), o.text)
    for ii, inj in enumerate(s.injects):
        text(("injects", ii, "title"), inj.title)
        text(("injects", ii, "body"), inj.body)
        for di, dec in enumerate(inj.decisions):
            text(("injects", ii, "decisions", di, "prompt"), dec.prompt)
            for oi, opt in enumerate(dec.options):
                text(("injects", ii, "decisions", di, "options", oi, "label"), opt.label)
    return out


def unreachable(s: Scenario, d: Doctrine) -> list[int]:
    """Indexes of injects that no course of play can release.

    An inject is reachable when its trigger is (an `at`, manual release, or a
    reachable parent) and its condition can come true: a decision option on a
    reachable inject, a situation some action declares, a flag some reachable
    inject or action sets."""
    declarable = {a.effects.declare for a in d.actions.values() if a.effects.declare} | {d.pack.default_situation}
    action_flags = {f for a in d.actions.values() for f in a.effects.set_flags}
    reachable: set[str] = set()
    flags = set(action_flags)
    owner = {dec.id: inj.id for inj in s.injects for dec in inj.decisions}
    # What to look at again when an inject becomes reachable or a flag settable: a worklist
    # instead of repeated passes, so a long chain written in reverse costs no more than any other.
    waiting: dict[tuple[str, str], list[Inject]] = {}
    for inj in s.injects:
        if inj.after is not None:
            waiting.setdefault(("inject", inj.after.inject), []).append(inj)
        if inj.when is not None and inj.when.decision in owner:
            waiting.setdefault(("inject", owner[inj.when.decision]), []).append(inj)
        if inj.when is not None and inj.when.flag is not None:
            waiting.setdefault(("flag", inj.when.flag), []).append(inj)
    todo = list(reversed(s.injects))
    while todo:
        inj = todo.pop()
        if inj.id in reachable:
            continue
        if inj.after is not None and inj.after.inject not in reachable:
            continue
        if not _condition_possible(inj, owner, reachable, declarable, flags):
            continue
        reachable.add(inj.id)
        todo += waiting.get(("inject", inj.id), [])
        for flag in inj.set_flags:
            if flag not in flags:
                flags.add(flag)
                todo += waiting.get(("flag", flag), [])
    return [i for i, inj in enumerate(s.injects) if inj.id not in reachable and not inj.manual]


def _condition_possible(inj: Inject, owner: dict[str, str], reachable: set[str], declarable: set[str],
                        flags: set[str]) -> bool:
    w = inj.when
    if w is None:
        return True
    if w.decision is not None:
        if owner.get(w.decision) not in reachable:
            return False
    if w.situation is not None and w.situation not in declarable:
        return False
    if w.flag is not None and w.flag not in flags:
        return False
    return True


def json_schema() -> dict:
    schema = Scenario.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://tabletop.invalid/schema/tabletop-1.json"
    schema["title"] = "tabletop scenario (format tabletop/1)"
    return schema

"""Load and check a scenario: YAML with positions, the pydantic model, then the
cross-references against itself and its doctrine pack. Every problem is
collected and reported as FILE:LINE:COL: message."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from tabletop.doctrine.rules import Doctrine, doctrine_from_text, load_doctrine
from tabletop.problems import Problem, ProblemsFound, Say, hint
from tabletop.scenario import format2
from tabletop.scenario.checks import ADHOC_ID, audience, check  # noqa: F401  (the loader's API)
from tabletop.scenario.model import Inject, Scenario
from tabletop.yamlsrc import Located, load_file, load_text, pydantic_problems


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
        raise ProblemsFound([Problem.of(name_or_path, 1, 1, Say("problems.file.directory"))])
    if not p.suffix and len(p.parts) == 1:
        for d in bundled_dirs():
            candidate = d / f"{name_or_path}.yaml"
            if candidate.is_file():
                return candidate
        names = list(bundled_scenarios())
        raise ProblemsFound([Problem.of(name_or_path, 1, 1, Say("problems.file.no_bundled", hint=hint(name_or_path, names),
                                                                names=names or "-"))])
    raise ProblemsFound([Problem.of(name_or_path, 1, 1, Say("problems.file.missing"))])


def resolve_beside(scenario_path: str, suffix: str) -> Path | None:
    p = resolve(scenario_path)
    candidate = p.with_name(p.stem + suffix)
    return candidate if candidate.is_file() else None


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
        raise ProblemsFound(pydantic_problems(located, exc, model=Scenario)) from None
    try:
        if doctrine_text is not None:
            doctrine = doctrine_from_text(doctrine_text, f"<pack {scenario.doctrine}>")
        else:
            doctrine = load_doctrine(scenario.doctrine, base=base)
    except ProblemsFound as exc:
        raise ProblemsFound([located.problem(("doctrine",), _pack_problem(p, scenario.doctrine))
                             for p in exc.problems]) from None
    problems = check(scenario, doctrine, located)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ProblemsFound(problems)
    digest = hashlib.sha256(raw).hexdigest()
    return Loaded(scenario, doctrine, digest, str(path), [p for p in problems if p.severity == "warning"])


def _pack_problem(p: Problem, name: str) -> Say:
    """A problem of the scenario's pack, said at the scenario's `doctrine:` line: with the pack
    file's own position, or without one when the pack was not found by that name."""
    if p.file == name and (p.line, p.col) == (1, 1):
        return Say("problems.scenario.pack_named", problem=p.say or p.message)
    return Say("problems.scenario.pack", where=f"{p.file}:{p.line}:{p.col}", problem=p.say or p.message)


def unreachable(s: Scenario, d: Doctrine) -> list[int]:
    """Indexes of injects that no course of play can release.

    An inject is reachable when its trigger is (an `at`, manual release, or a
    reachable parent) and its condition can come true: a decision option on a
    reachable inject, a situation some action declares, a flag some reachable
    inject or action sets."""
    at_startex = format2.starting_state(s, d)
    declarable = ({a.effects.declare for a in d.actions.values() if a.effects.declare}
                  | {d.pack.default_situation} | at_startex[0])
    action_flags = ({f for a in d.actions.values() for f in a.effects.set_flags}
                    | {f for p in s.parties for a in p.actions for f in a.set_flags} | at_startex[1])
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

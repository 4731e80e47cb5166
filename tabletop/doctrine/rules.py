"""A loaded doctrine pack with its indexes, and `evaluate`: may this role take
this action now, and if not, why not (with citations)."""

from __future__ import annotations

import hashlib
from collections.abc import Set
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from tabletop.doctrine.combine import flatten, uses_of
from tabletop.doctrine.model import Action, Division, Obligation, Pack, Role, Test
from tabletop.doctrine.verdict import Reason, Verdict
from tabletop.modelproblems import placed
from tabletop.problems import Problem, ProblemsFound, Say, hint
from tabletop.text import Text
from tabletop.yamlsrc import Located, load_file, load_text, pydantic_problems


class Context(Protocol):
    """What the rules may look at: the exercise state seen through three fields.
    `situations` are the recognised ones; none recognised means the pack's default."""

    situations: Set[str]
    flags: Set[str]
    done: Set[str]


@dataclass(frozen=True)
class SimpleContext:
    situations: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    done: frozenset[str] = frozenset()


class Doctrine:
    """A validated pack with lookups by id."""

    def __init__(self, pack: Pack, digest: str, source: str):
        self.pack = pack
        self.digest = digest
        self.source = source
        self.text: str | None = None
        self.roles: dict[str, Role] = {r.id: r for r in pack.roles}
        self.sides = {s.id: s for s in pack.sides}
        self.situations = {s.id: s for s in pack.situations}
        self.flags = {f.id: f for f in pack.flags}
        self.actions: dict[str, Action] = {a.id: a for a in pack.actions}
        self.obligations: dict[str, Obligation] = {o.id: o for o in pack.obligations}
        self.divisions: dict[str, Division] = {d.id: d for d in pack.divisions}
        self._division_of: dict[str, tuple[Division, bool]] = {}
        for d in pack.divisions:
            for a in d.primary_actions:
                self._division_of[a] = (d, True)
            for a in d.supporting_actions:
                self._division_of.setdefault(a, (d, False))

    @property
    def id(self) -> str:
        return self.pack.id

    def player_roles(self) -> list[Role]:
        return [r for r in self.pack.roles if r.kind == "player"]

    def side_of(self, role_id: str) -> str:
        role = self.roles.get(role_id)
        return role.side if role else role_id

    def can_ever(self, role_id: str, action_id: str) -> bool:
        action = self.actions.get(action_id)
        return action is not None and role_id in action.roles

    # -- evaluation ----------------------------------------------------------

    def in_force(self, situations: Set[str]) -> list[str]:
        """The situations in force, in the pack's order: the recognised ones, or the default."""
        if not situations - {self.pack.default_situation}:
            return [self.pack.default_situation]
        return [s.id for s in self.pack.situations if s.id in situations]

    def holds(self, test: Test, ctx: Context) -> bool:
        if test.situation is not None or test.not_situation is not None:
            current = self.in_force(ctx.situations)
            if test.situation is not None and not any(s in test.situation for s in current):
                return False
            if test.not_situation is not None and any(s in test.not_situation for s in current):
                return False
        if test.flag is not None and test.flag not in ctx.flags:
            return False
        if test.not_flag is not None and test.not_flag in ctx.flags:
            return False
        if test.done is not None and test.done not in ctx.done:
            return False
        if test.not_done is not None and test.not_done in ctx.done:
            return False
        if test.any is not None and not any(self.holds(t, ctx) for t in test.any):
            return False
        return True

    def evaluate(self, ctx: Context, role_id: str, action_id: str) -> Verdict:
        """Allowed, blocked with every unmet condition, or allowed with flags."""
        action = self.actions.get(action_id)
        if action is None:
            return Verdict("blocked", (Reason(_said("unknown_action", action=action_id)),))
        reasons: list[Reason] = []
        if role_id not in action.roles:
            text = action.authority or _said("only_roles", roles=list(action.roles))
            cites = tuple(action.authority_citations) or tuple(action.citations)
            role = self.roles.get(role_id)
            reasons.append(Reason(_said("no_authority", role=role.title if role else role_id, why=text), cites))
        for req in action.requires:
            if not self.holds(req, ctx):
                reasons.append(Reason(req.text, tuple(req.citations)))
        if reasons:
            return Verdict("blocked", tuple(reasons))
        flags = [Reason(adv.text, tuple(adv.citations)) for adv in action.advisories if not self.holds(adv, ctx)]
        deviation = self.deviation(ctx, role_id, action_id)
        if deviation:
            flags.append(deviation)
        return Verdict("flagged" if flags else "allowed", (), tuple(flags))

    def deviation(self, ctx: Context, role_id: str, action_id: str) -> Reason | None:
        """A supporting side acting before the primary side has, under the Guidelines."""
        found = self._division_of.get(action_id)
        if not found:
            return None
        division, is_primary = found
        if is_primary or any(a in ctx.done for a in division.primary_actions):
            return None
        primary = self.sides.get(division.primary)
        pname = primary.title if primary else Text(en=division.primary)
        return Reason(_said("deviation", division=division.id, title=division.title, primary=pname, text=division.text),
                      tuple(division.citations))


def _said(key: str, **fields: "Text | str | list[str]") -> Text:
    """A reason in both languages from the phrasebook (`doctrine.reason.*`): a field given as a
    Text gives each language its own words; a list of ids is listed as the language lists."""
    from tabletop.phrasebook import phrase

    def value(v, lang: str) -> str:
        if isinstance(v, Text):
            return v.get(lang)
        return phrase("common.list.separator", lang).join(v) if isinstance(v, list) else v

    return Text(**{lang: phrase(f"doctrine.reason.{key}", lang, **{k: value(v, lang) for k, v in fields.items()})
                   for lang in ("en", "ja")})


# -- loading -----------------------------------------------------------------

def _check_refs(pack: Pack, located: Located) -> list[Problem]:
    problems: list[Problem] = []
    sides = {s.id for s in pack.sides}
    roles = {r.id for r in pack.roles}
    situations = {s.id for s in pack.situations}
    flags = {f.id for f in pack.flags}
    actions = {a.id for a in pack.actions}
    obligations = {o.id for o in pack.obligations}

    def dupes(kind: str, items: list, key: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(located.problem((key, i, "id"), Say("problems.pack.duplicate", id=item.id,
                                                                        kind=Say(f"problems.pack.kind.{kind}"))))
            seen.add(item.id)

    dupes("side", pack.sides, "sides")
    dupes("role", pack.roles, "roles")
    dupes("situation", pack.situations, "situations")
    dupes("flag", pack.flags, "flags")
    dupes("action", pack.actions, "actions")
    dupes("obligation", pack.obligations, "obligations")
    dupes("division", pack.divisions, "divisions")

    def ref(path: tuple, value: str, known: set[str], kind: str) -> None:
        if value not in known:
            say = Say("problems.pack.unknown", value=value, hint=hint(value, known), kind=Say(f"problems.pack.kind.{kind}"))
            problems.append(located.problem(path, placed(located, path, say)))

    if pack.default_situation not in situations:
        ref(("default_situation",), pack.default_situation, situations, "situation")
    for i, r in enumerate(pack.roles):
        ref(("roles", i, "side"), r.side, sides, "side")

    def test_refs(path: tuple, t: Test) -> None:
        for key in ("situation", "not_situation"):
            for j, s in enumerate(getattr(t, key) or []):
                ref(path + (key, j), s, situations, "situation")
        for key in ("flag", "not_flag"):
            if getattr(t, key) is not None:
                ref(path + (key,), getattr(t, key), flags, "flag")
        for key in ("done", "not_done"):
            if getattr(t, key) is not None:
                ref(path + (key,), getattr(t, key), actions, "action")
        for j, sub in enumerate(t.any or []):
            test_refs(path + ("any", j), sub)

    for i, a in enumerate(pack.actions):
        for j, r in enumerate(a.roles):
            ref(("actions", i, "roles", j), r, roles, "role")
        for j, r in enumerate(a.carried_out_by):
            ref(("actions", i, "carried_out_by", j), r, roles, "role")
        for key in ("requires", "advisories"):
            for j, req in enumerate(getattr(a, key)):
                test_refs(("actions", i, key, j), req)
        e = a.effects
        if e.declare is not None:
            ref(("actions", i, "effects", "declare"), e.declare, situations, "situation")
        for j, sit in enumerate(e.end):
            ref(("actions", i, "effects", "end", j), sit, situations, "situation")
        for key in ("set_flags", "clear_flags"):
            for j, f in enumerate(getattr(e, key)):
                ref(("actions", i, "effects", key, j), f, flags, "flag")
        for j, o in enumerate(e.obligations):
            ref(("actions", i, "effects", "obligations", j), o, obligations, "obligation")
        if a.operation is not None:
            ref(("actions", i, "operation"), a.operation, {d.id for d in pack.divisions}, "division")
    for i, o in enumerate(pack.obligations):
        for j, r in enumerate(o.owed_by):
            ref(("obligations", i, "owed_by", j), r, roles, "role")
        for j, a in enumerate(o.discharged_by):
            ref(("obligations", i, "discharged_by", j), a, actions, "action")
    for i, d in enumerate(pack.divisions):
        ref(("divisions", i, "primary"), d.primary, sides, "side")
        for key in ("primary_actions", "supporting_actions"):
            for j, a in enumerate(getattr(d, key)):
                ref(("divisions", i, key, j), a, actions, "action")
    return problems


def from_located(located: Located, digest: str) -> Doctrine:
    try:
        pack = Pack.model_validate(located.data)
    except ValidationError as exc:
        raise ProblemsFound(pydantic_problems(located, exc)) from None
    problems = _check_refs(pack, located)
    if problems:
        raise ProblemsFound(problems)
    return Doctrine(pack, digest, located.file)


def packs_dir():
    return resources.files("tabletop.doctrine") / "packs"


def bundled_packs() -> list[str]:
    return sorted(p.name[:-5] for p in packs_dir().iterdir() if p.name.endswith(".yaml"))


_cache: dict[str, Doctrine] = {}


def load_doctrine(name_or_path: str | Path, base: Path | None = None) -> Doctrine:
    """Load a pack by bundled name ('us-japan') or by path (relative to `base`)."""
    key = str(name_or_path)
    candidate = Path(name_or_path)
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if key.endswith((".yaml", ".yml")) or candidate.is_file():
        path = candidate
        text = path.read_text(encoding="utf-8") if path.is_file() else None
        if text is None:
            raise ProblemsFound([Problem.of(str(path), 1, 1, Say("problems.file.no_pack"))])
        return doctrine_from_text(text, str(path), base=path.parent)
    res = packs_dir() / f"{key}.yaml"
    if not res.is_file():
        raise ProblemsFound([Problem.of(key, 1, 1, Say("problems.file.no_bundled_pack", name=key,
                                                      names=list(bundled_packs())))])
    return doctrine_from_text(res.read_text(encoding="utf-8"), f"<pack {key}>")


def _pack_key(name: str, base: Path | None) -> str:
    """One name per pack for the circle check: a bundled name as it is, a file by its resolved path."""
    candidate = Path(name)
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if name.endswith((".yaml", ".yml")) or candidate.is_file():
        return str(candidate.resolve())
    return name


_using: list[str] = []  # the packs being combined now, to refuse packs that use each other in a circle


def _combined(located: Located, text: str, base: Path | None) -> tuple[Located, str]:
    """A pack with `uses` made into one flat pack and its text (tabletop/doctrine/combine.py)."""
    if uses_of(located) is None:
        return located, text
    name = located.file[len("<pack "):-1] if located.file.startswith("<pack ") else _pack_key(located.file, None)
    _using.append(name)
    try:
        if len(_using) > 8:
            raise ProblemsFound([located.problem(("uses",), Say("problems.pack.too_deep", chain=" → ".join(_using)))])
        return flatten(located, lambda used: load_doctrine(used, base=base).text or "", tuple(_using),
                       key=lambda used: _pack_key(used, base))
    finally:
        _using.pop()


def doctrine_from_text(text: str, file: str, base: Path | None = None) -> Doctrine:
    """A pack from its text. A pack that `uses` others is combined with them first; its
    `text` is then the combined pack, which is what an exercise log stores."""
    key = hashlib.sha256(text.encode()).hexdigest()
    if key not in _cache:
        located, flat = _combined(load_text(text, file), text, base)
        doctrine = from_located(located, hashlib.sha256(flat.encode()).hexdigest())
        doctrine.text = flat
        _cache[key] = doctrine
    return _cache[key]


def load_doctrine_file(path: str | Path) -> Doctrine:
    located = load_file(path)
    text = Path(path).read_text(encoding="utf-8")
    located, flat = _combined(located, text, Path(path).parent)
    return from_located(located, hashlib.sha256(flat.encode()).hexdigest())

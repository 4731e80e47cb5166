"""A pack that uses others: `uses: [us-japan]` adds the used packs' sides, roles,
situations, flags, actions, obligations, divisions and glossary before its own.

The result is one flat pack, written out again as YAML text (`flatten`), so that an
exercise log stores a self-contained rulebook: replaying it never depends on the
bundled packs of the day. An id the extension repeats from a used pack is an
error (duplicate id), reported at the extension's line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from tabletop.problems import Problem, ProblemsFound, Say
from tabletop.yamlsrc import Located

LIST_KEYS = ("sides", "roles", "situations", "flags", "actions", "obligations", "divisions", "glossary")


def uses_of(located: Located) -> list[str] | None:
    """The names in a pack's `uses`, or None when it uses no other pack."""
    data = located.data
    if not isinstance(data, dict) or "uses" not in data:
        return None
    uses = data["uses"]
    if not isinstance(uses, list) or not uses or not all(isinstance(u, str) and u for u in uses):
        raise ProblemsFound([located.problem(("uses",), Say("problems.pack.uses_not_list"))])
    return uses


def combine(located: Located, bases: list[tuple[str, str]]) -> Located:
    """The extension's data with each base pack's lists in front of its own. `bases` are
    (name, flat text) pairs; positions of the extension's items are kept (shifted by the
    number of items the bases put before them); base items point at the `uses` entry."""
    data = located.data
    base_data = [(name, yaml.safe_load(text)) for name, text in bases]
    merged: dict[str, Any] = {k: v for k, v in data.items() if k != "uses"}
    if "default_situation" not in data:
        for _, bd in base_data:
            if "default_situation" in bd:
                merged["default_situation"] = bd["default_situation"]
                break
    counts: dict[str, int] = {}
    for key in LIST_KEYS:
        front = [item for _, bd in base_data for item in bd.get(key) or []]
        own = data.get(key) or []
        if not isinstance(own, list):
            continue  # the model reports the wrong type at its own position
        counts[key] = len(front)
        if front or own:
            merged[key] = front + own
    uses_at = located.where(("uses",))

    def shift(path: tuple) -> tuple:
        if len(path) > 1 and path[0] in counts and isinstance(path[1], int):
            return (path[0], path[1] + counts[path[0]]) + path[2:]
        return path

    marks = {shift(p): pos for p, pos in located.marks.items()}
    key_marks = {shift(p): pos for p, pos in located.key_marks.items()}
    for key, n in counts.items():
        for i in range(n):
            marks.setdefault((key, i), uses_at)
    return Located(located.file, merged, marks, key_marks)


def _shown(name: str) -> str:
    return name.rsplit("/", 1)[-1] if name.endswith((".yaml", ".yml")) else name


def flatten(located: Located, resolve: Callable[[str], str], chain: tuple[str, ...] = (),
            key: Callable[[str], str] = str) -> tuple[Located, str]:
    """Resolve the pack's `uses` (each name to its flat text by `resolve`) and return the
    combined data and its text: a comment naming what it was made from, then the pack.
    `chain` holds the packs being combined now, each as `key` names it (a bundled name, or
    a file's resolved path), so that packs using each other in a circle are refused."""
    uses = uses_of(located) or []
    for name in uses:
        if key(name) in chain:
            shown = " → ".join(_shown(c) for c in chain + (key(name),))
            raise ProblemsFound([located.problem(("uses",), Say("problems.pack.circle", chain=shown))])
    bases: list[tuple[str, str]] = []
    for name in uses:
        try:
            bases.append((name, resolve(name)))
        except ProblemsFound as exc:
            line, col = located.where(("uses",))
            raise ProblemsFound([Problem.of(located.file, line, col, Say("problems.pack.used", name=name, problem=p.say or p.message))
                                 for p in exc.problems]) from None
    combined = combine(located, bases)
    header = (f"# Doctrine pack {combined.data.get('id')!s}, combined with {', '.join(uses)} "
              f"(its `uses`) into one rulebook; see docs/doctrine-format.md.\n")
    text = header + yaml.safe_dump(combined.data, allow_unicode=True, sort_keys=False, width=100)
    return combined, text

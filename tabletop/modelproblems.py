"""What pydantic found wrong in a YAML document, said the way an author needs it: where
(FILE:LINE:COL), what they wrote, and what to write instead, in either language.

pydantic's own sentences name its internals ("instance of Scenario", a raw regular
expression, "Input should be a valid string" for an unquoted `no`); each error type an
author meets is given its own phrase (tabletop/phrasebook/data/problems.yaml), and any
other keeps pydantic's words behind the field's name."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from tabletop.problems import Invalid, Problem, Say
from tabletop.yamlsrc import Located, Path_

# What each model is, to say what the file should have been; and how it begins.
KINDS = {"Scenario": ("scenario", "tabletop/1"), "MovesFile": ("moves", "tabletop-moves/1"),
         "Pack": ("pack", "tabletop-doctrine/1")}
# The id patterns of the scenario format and of a doctrine pack, said in words.
ID_PATTERNS = {r"^[A-Za-z][A-Za-z0-9_.-]*$": "problems.model.id", r"^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$": "problems.model.pack_id"}
_SHORT = 40


def written(value: Any, plain: str | None = None) -> Say:
    """What the author wrote, as a reader would name it."""
    if plain is not None:
        return Say("problems.value.written", text=plain)
    if isinstance(value, bool):
        return Say("problems.value.bool", value=str(value).lower())
    if isinstance(value, (int, float)):
        return Say("problems.value.number", value=value)
    if value is None:
        return Say("problems.value.nothing")
    if isinstance(value, list):
        return Say("problems.value.list")
    if isinstance(value, dict):
        return Say("problems.value.mapping")
    text = str(value)
    return Say("problems.value.text", text=text if len(text) <= _SHORT else text[:_SHORT] + "…")


def _read_as(value: Any) -> Say:
    if isinstance(value, bool):
        return Say("problems.value.read_bool", value=str(value).lower())
    if value is None:
        return Say("problems.value.read_null")
    return Say("problems.value.read_number", value=value)


def _field(loc: tuple) -> str:
    return ".".join(str(x) for x in loc)


# The items of a list an author finds by their id ("inject I02"), by the list's key (and, where the
# same key means two things, its parent's): the kind's phrase and the key that names an item.
_KINDS = {"injects": ("inject", "id"), "decisions": ("decision", "id"), "options": ("option", "id"),
          "objectives": ("objective", "id"), "phases": ("phase", "id"), "parties": ("party", "id"),
          "actions": ("action", "id"), "sources": ("source", "id"), "expected": ("expectation", "action"),
          ("initial", "situations"): ("situation", "id"), ("initial", "flags"): ("flag", "id"),
          ("initial", "done"): ("done", "id"), "sides": ("side", "id"), "roles": ("role", "id"),
          "situations": ("situation", "id"), "flags": ("flag", "id"), "obligations": ("obligation", "id"),
          "divisions": ("division", "id"), "glossary": ("term", "term"), "requires": ("requirement", ""),
          "advisories": ("advisory", ""), "citations": ("citation", ""), "authority_citations": ("citation", ""),
          "any": ("test", ""), "moves": ("move", ""), ("expect", "blocked"): ("blocked", "")}


def _item(parent: Any, key: Any, item: Any, index: int) -> Say | None:
    """An item of the list under `key` named as an author finds it, or None for a list of plain values."""
    kind = _KINDS.get((parent, key)) or _KINDS.get(key)
    if kind is None or not isinstance(item, dict):
        return None
    name = item.get(kind[1]) if kind[1] else None
    what = Say(f"problems.place.kind.{kind[0]}")
    if isinstance(name, str) and len(name) <= _SHORT and re.match(r"^[A-Za-z][A-Za-z0-9_.-]*$", name):
        return Say("problems.place.item", kind=what, id=name)
    return Say("problems.place.nth", kind=what, n=index + 1)


def _segments(located: Located, path: Path_) -> tuple[list[Say], Say | None]:
    """The list items on `path`, each named by its id, and the field inside the last of them."""
    items: list[Say] = []
    keys: list[str] = []  # the keys since the last named item
    cur, parent, key = located.data, None, None
    for part in path:
        inside = isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        item = _item(parent, key, cur[part], part) if inside else None
        if item is not None:
            items.append(item)
            keys = []
        else:
            keys.append(str(part + 1) if inside else str(part))
        parent, key = key, part
        cur = cur[part] if inside or (isinstance(cur, dict) and part in cur) else None
    if not keys:
        return items, None
    if len(keys) > 1 and isinstance(path[-1], int):  # a plain value in a list: its number
        return items, Say("problems.place.entry", name=".".join(keys[:-1]), n=int(keys[-1]))
    return items, Say("problems.place.field", name=".".join(keys))


def _joined(parts: list[Say]) -> Say:
    out = parts[0]
    for part in parts[1:]:
        out = Say("problems.place.within", outer=out, inner=part)
    return out


def place(located: Located, path: Path_) -> Say | str:
    """Where `path` points, naming each list item on the way by its id: "inject I02, decision D1,
    field deadline" (付与I02の決定事項D1の項目「deadline」); a path through no list stays a path
    (`title.ja`), and a plain value in a list is said by its number (`seats`, item 2)."""
    items, rest = _segments(located, path) if located.names_items else ([], None)
    if items:
        return _joined(items + ([rest] if rest is not None else []))
    if rest is not None and rest.key == "problems.place.entry":
        return rest
    return Say("problems.place.top", name=_field(path)) if path else Say("problems.place.document")


def _names(say: Any, ident: Any) -> bool:
    """Whether a sentence already names `ident` among its fields."""
    return isinstance(say, Say) and any(v == ident or _names(v, ident) for v in say.fields.values())


def placed(located: Located, path: Path_, say: Say) -> Say:
    """`say`, preceded by where it is when that is inside a list of items ("inject I02, field
    set_flags, item 1: unknown flag ..."); items the sentence names itself are not said again."""
    items, rest = _segments(located, path) if located.names_items else ([], None)
    while items and _names(say, items[-1].fields.get("id", object())):
        items, rest = items[:-1], None
    if not items:
        return say
    return Say("problems.place.at", place=_joined(items + ([rest] if rest is not None else [])), problem=say)


def _one(located: Located, err: dict, path: Path_, loc: tuple, title: str) -> Problem:
    """The problem for one pydantic error that is not about keys."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    name = place(located, path or loc)  # `sentence` gives no path (no file), only the error's loc
    plain = located.plain.get(path)
    say: Say
    if kind in ("model_type", "dict_type", "model_attributes_type") and not loc:
        what, fmt = KINDS.get(title, ("scenario", "tabletop/1"))
        say = Say(f"problems.model.top_level.{what}", wrote=written(value), format=fmt)
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        say = Say("problems.model.mapping", field=name, wrote=written(value))
    elif kind == "string_type" and plain is not None and loc:
        say = Say("problems.model.quote_it", field=name, wrote=plain, read=_read_as(value), key=loc[-1])
    elif kind == "string_type":
        say = Say("problems.model.text", field=name, wrote=written(value))
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") in ID_PATTERNS:
        say = Say(ID_PATTERNS[ctx["pattern"]], field=name, value=value)
    elif kind == "string_pattern_mismatch":
        say = Say("problems.model.pattern", field=name, value=value, pattern=ctx.get("pattern", ""))
    elif kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))  # pydantic's "'a', 'b' or 'c'"
        say = Say("problems.model.literal", field=name, wrote=written(value, plain),
                  expected=[Say("problems.value.written", text=c) for c in choices] or ctx.get("expected", ""))
    elif kind in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float"):
        say = Say("problems.model.number", field=name, wrote=written(value, plain))
    elif kind in ("bool_type", "bool_parsing"):
        say = Say("problems.model.bool", field=name, wrote=written(value, plain))
    elif kind == "list_type":
        say = Say("problems.model.list", field=name, wrote=written(value, plain))
    elif kind == "too_short":
        say = Say("problems.model.too_few", field=name, n=ctx.get("min_length", 1))
    elif kind == "string_too_short":
        say = Say("problems.model.too_short_text", field=name, n=ctx.get("min_length", 1))
    elif kind in ("too_long", "string_too_long"):
        say = Say("problems.model.too_long", field=name, n=ctx.get("max_length", 0),
                  given=len(value) if hasattr(value, "__len__") else 0)
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        say = Say(f"problems.model.{kind}", field=name, limit=limit, wrote=written(value, plain))
    elif kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing", "timezone_aware"):
        say = Say("problems.model.datetime", field=name, wrote=written(value, plain))
    elif kind == "value_error" and isinstance(ctx.get("error"), Invalid):
        say = Say("problems.model.field", field=name, detail=ctx["error"].say)
    else:
        msg = err["msg"]
        msg = msg[len("Value error, "):] if msg.startswith("Value error, ") else msg
        say = Say("problems.model.field", field=name, detail=msg)
    return located.problem(path, say)


def sentence(err: dict) -> Say:
    """One pydantic error of a model built in code (a rehearsed move's command), as a sentence:
    the field's name and what to write, as for a file, without a position."""
    loc = tuple(err["loc"])
    return _one(Located("", None), err, loc, loc, "").say  # type: ignore[return-value]


def _inside(t: Any, part: Any) -> Any:
    """The type found at `part` (a key or a list index) inside a value of type `t`, or None."""
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is typing.Annotated:
        return _inside(args[0], part)
    if origin in (typing.Union, types.UnionType):
        return next((x for x in (_inside(a, part) for a in args) if x is not None), None)
    if isinstance(t, type) and issubclass(t, BaseModel) and isinstance(part, str):
        f = t.model_fields.get(part) or next((f for f in t.model_fields.values() if f.alias == part), None)
        return f.annotation if f else None
    if origin in (list, tuple) and isinstance(part, int) and args:
        return args[0]
    if origin is dict and isinstance(part, str) and len(args) == 2:
        return args[1]
    return None


def keys_at(model: Any, loc: tuple) -> list[str]:
    """The keys a mapping at `loc` in a document of `model` may have (none if it cannot be told)."""
    t = model
    for part in loc:
        t = _inside(t, part)
        if t is None:
            return []
    found: list[str] = []
    for m in (t, *typing.get_args(t)):
        if isinstance(m, type) and issubclass(m, BaseModel):
            found += [f.alias or name for name, f in m.model_fields.items()]
    return found


def problems_of(located: Located, exc: Any, prefix: Path_ = (), model: Any = None) -> list[Problem]:
    """Every error of a pydantic ValidationError, positioned in `located`. An unknown key that is
    a misspelling of a missing required one is one problem ("did you mean 'body'?"), not two; one
    close to another key `model` allows there is said with it ("did you mean 'objectives'?")."""
    errors = []
    for err in exc.errors(include_url=False):
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith(("function-", "tagged-union"))))
        errors.append((err, loc))
    missing = {(loc[:-1], loc[-1]) for err, loc in errors if err["type"] == "missing"}
    spelt: set[tuple] = set()  # missing keys that an unknown key misspells
    out: list[Problem] = []
    for err, loc in errors:
        if err["type"] != "extra_forbidden":
            continue
        wanted = [k for parent, k in missing if parent == loc[:-1] and isinstance(k, str)]
        close = difflib.get_close_matches(str(loc[-1]), wanted, n=1, cutoff=0.6)
        if close:
            spelt.add((loc[:-1], close[0]))
            say = Say("problems.model.misspelt", key=loc[-1], meant=close[0])
        elif near := difflib.get_close_matches(str(loc[-1]), keys_at(model, loc[:-1]) if model else [], n=1, cutoff=0.75):
            say = Say("problems.model.unknown_key_near", key=loc[-1], meant=near[0])
        else:
            say = Say("problems.model.unknown_key", key=loc[-1])
        out.append(located.problem(prefix + loc, placed(located, prefix + loc[:-1], say), key=True))
    for err, loc in errors:
        if err["type"] == "extra_forbidden":
            continue
        if err["type"] == "missing":
            if (loc[:-1], loc[-1]) not in spelt:
                out.append(located.problem(prefix + loc[:-1], placed(located, prefix + loc[:-1],
                                                                     Say("problems.model.missing", key=loc[-1]))))
            continue
        out.append(_one(located, err, prefix + loc, loc, getattr(exc, "title", "")))
    return out

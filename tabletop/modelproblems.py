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


def _one(located: Located, err: dict, path: Path_, loc: tuple, title: str) -> Problem:
    """The problem for one pydantic error that is not about keys."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    name = _field(loc) or "document"
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
    return _one(Located("", None), err, (), tuple(err["loc"]), "").say  # type: ignore[return-value]


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
        out.append(located.problem(prefix + loc, say, key=True))
    for err, loc in errors:
        if err["type"] == "extra_forbidden":
            continue
        if err["type"] == "missing":
            if (loc[:-1], loc[-1]) not in spelt:
                out.append(located.problem(prefix + loc[:-1], Say("problems.model.missing", key=loc[-1])))
            continue
        out.append(_one(located, err, prefix + loc, loc, getattr(exc, "title", "")))
    return out

"""How an event's stored dict becomes its typed payload: the `Payload` base, the
`@payload(TYPE)` registration, the checking of each field against its annotation, and
`Unknown` for an event that cannot be read. The models themselves are declared with
the events, in events.py. Standard library only."""

from __future__ import annotations

import collections.abc
import types
import typing
from dataclasses import MISSING, dataclass, fields
from typing import Any, Callable, ClassVar, Mapping, Union


Bilingual = Mapping[str, str]  # {"en": ..., "ja": ...}: text a participant wrote or a scenario gives


class PayloadError(ValueError):
    """A payload that does not fit its event type's model: says which field and why."""


class Payload:
    """The base of every payload model. `known` is False only for `Unknown`."""

    __slots__ = ()
    TYPE: ClassVar[str] = ""
    known: ClassVar[bool] = True


PAYLOADS: dict[str, type[Payload]] = {}  # event type -> its payload model


def _key(f) -> str:
    return f.metadata.get("key", f.name)


_NO = object()  # what a checker returns for a value that does not fit its annotation


def _checker(hint: Any) -> Callable[[Any, str], Any]:
    """A function of (value, where) giving `value` as `hint` says (lists become tuples), `_NO`
    if it does not fit, or PayloadError naming the item inside it that does not. Made once per
    annotation: reading an event is then a few calls, not a walk over `typing` per value."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return lambda v, where: v
    if origin in (Union, types.UnionType):
        options = [_checker(a) for a in typing.get_args(hint)]
        nullable = type(None) in typing.get_args(hint)

        def either(v, where):
            if v is None:
                return None if nullable else _NO
            for option in options:
                try:
                    out = option(v, where)
                except PayloadError:
                    continue
                if out is not _NO:
                    return out
            return _NO
        return either
    if hint is type(None):
        return lambda v, where: None if v is None else _NO
    if hint is float:  # kept as written: 1 and 1.0 are different bytes in the log
        return lambda v, where: v if isinstance(v, (int, float)) and not isinstance(v, bool) else _NO
    if hint is int:
        return lambda v, where: v if isinstance(v, int) and not isinstance(v, bool) else _NO
    if hint in (str, bool):
        return lambda v, where: v if isinstance(v, hint) else _NO
    if origin is tuple:
        item = typing.get_args(hint)[0]
        check = _checker(item)

        def items(v, where):
            if not isinstance(v, (list, tuple)):
                return _NO
            if item is str and set(map(type, v)) <= {str}:  # the usual list of seats, at once
                return tuple(v)
            return tuple(_fit(check, x, item, f"{where}[{i}]") for i, x in enumerate(v))
        return items
    if origin is collections.abc.Mapping or hint is dict:
        return lambda v, where: v if isinstance(v, dict) else _NO
    if isinstance(hint, type) and issubclass(hint, Payload):
        return lambda v, where: _fill(hint, v, where + ".") if isinstance(v, dict) else _NO
    return lambda v, where: _NO


def _fit(check: Callable[[Any, str], Any], value: Any, hint: Any, where: str) -> Any:
    out = check(value, where)
    if out is _NO:
        raise PayloadError(f"{where} is {value!r}, not {_describe(hint)}")
    return out


def _describe(hint: Any) -> str:
    if typing.get_origin(hint) in (Union, types.UnionType):
        return " or ".join(_describe(a) for a in typing.get_args(hint))
    if typing.get_origin(hint) is tuple:
        return f"a list of {_describe(typing.get_args(hint)[0])}"
    if typing.get_origin(hint) is collections.abc.Mapping or hint is dict:
        return "a mapping"
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false",
            type(None): "null"}.get(hint, getattr(hint, "__name__", str(hint)))


# Per model, once: each field's (name, key in the stored dict, checker, annotation, required).
_PLANS: dict[type, list[tuple[str, str, Callable[[Any, str], Any], Any, bool]]] = {}


def _plan(cls: type) -> list:
    hints = typing.get_type_hints(cls)
    plan = [(f.name, _key(f), _checker(hints[f.name]), hints[f.name],
             f.default is MISSING and f.default_factory is MISSING) for f in fields(cls)]
    _PLANS[cls] = plan
    return plan


def _fill(cls: type, data: Mapping[str, Any], prefix: str = "") -> Any:
    # `_fit` written out: this runs for every field of every event read from a log.
    values = {}
    for name, key, check, hint, required in _PLANS.get(cls) or _plan(cls):
        value = data.get(key, _NO)
        if value is _NO:
            if required:
                raise PayloadError(f"{prefix}{key} is missing")
            continue
        out = check(value, prefix + key if prefix else key)
        if out is _NO:
            raise PayloadError(f"{prefix}{key} is {value!r}, not {_describe(hint)}")
        values[name] = out
    return cls(**values)


def payload(type_name: str):
    """Register a frozen payload model for an event type."""
    def register(cls):
        cls = dataclass(frozen=True, slots=True)(cls)
        cls.TYPE = type_name
        PAYLOADS[type_name] = cls
        return cls
    return register


@dataclass(frozen=True, slots=True)
class Unknown(Payload):
    """An event this code cannot read: its type is unknown (a log from a newer tabletop), or its
    payload does not fit the model of its type (`problem` says which field and why)."""

    type_name: str
    data: Mapping[str, Any]
    problem: str | None = None
    known: ClassVar[bool] = False


def parse_payload(type_name: str, data: Mapping[str, Any]) -> Payload:
    """The typed payload of an event, or `Unknown` saying why it could not be read."""
    model = PAYLOADS.get(type_name)
    if model is None:
        return Unknown(type_name, data)
    try:
        return _fill(model, data)
    except PayloadError as exc:
        return Unknown(type_name, data, f"{type_name}: {exc}")



"""How an event's stored dict becomes its typed payload: the `Payload` base, the
`@payload(TYPE)` registration, the checking of each field against its annotation, and
`Unknown` for an event that cannot be read. The models themselves are declared with
the events, in events.py. Standard library only."""

from __future__ import annotations

import collections.abc
import types
import typing
from dataclasses import MISSING, dataclass, fields
from typing import Any, ClassVar, Mapping, Union


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


def _check(value: Any, hint: Any, where: str) -> Any:
    """`value` as `hint` says (lists become tuples), or PayloadError naming `where`."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return value
    if origin in (Union, types.UnionType):
        for option in typing.get_args(hint):
            try:
                return _check(value, option, where)
            except PayloadError:
                pass
        raise PayloadError(f"{where} is {value!r}, not {_describe(hint)}")
    if hint is type(None):
        if value is None:
            return None
    elif hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value  # kept as written: 1 and 1.0 are different bytes in the log
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint in (str, bool):
        if isinstance(value, hint):
            return value
    elif origin is tuple:
        item = typing.get_args(hint)[0]
        if isinstance(value, (list, tuple)):
            if item is str and all(type(v) is str for v in value):  # the usual list of seats, at once
                return tuple(value)
            return tuple(_check(v, item, f"{where}[{i}]") for i, v in enumerate(value))
    elif origin is collections.abc.Mapping or hint is dict:
        if isinstance(value, dict):
            return value
    elif isinstance(hint, type) and issubclass(hint, Payload):
        if isinstance(value, dict):
            return _fill(hint, value, where + ".")
    raise PayloadError(f"{where} is {value!r}, not {_describe(hint)}")


def _describe(hint: Any) -> str:
    if typing.get_origin(hint) in (Union, types.UnionType):
        return " or ".join(_describe(a) for a in typing.get_args(hint))
    if typing.get_origin(hint) is tuple:
        return f"a list of {_describe(typing.get_args(hint)[0])}"
    if typing.get_origin(hint) is collections.abc.Mapping or hint is dict:
        return "a mapping"
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false",
            type(None): "null"}.get(hint, getattr(hint, "__name__", str(hint)))


_HINTS: dict[type, dict[str, Any]] = {}


def _fill(cls: type, data: Mapping[str, Any], prefix: str = "") -> Any:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    values = {}
    for f in fields(cls):
        key = _key(f)
        if key in data:
            values[f.name] = _check(data[key], hints[f.name], prefix + key)
        elif f.default is MISSING and f.default_factory is MISSING:
            raise PayloadError(f"{prefix}{key} is missing")
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



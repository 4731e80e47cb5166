"""Safe YAML reading that remembers where every value came from.

The document is composed into PyYAML's node graph with the safe loader (no
Python object tags), then walked into plain dicts, lists and scalars while a
map from each value's path to its line and column is kept. The walk counts the
nodes it visits, so an alias bomb ("billion laughs") stops at a fixed budget
instead of expanding; the text itself is size-limited before parsing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tabletop.problems import Problem, ProblemsFound

MAX_BYTES = 2_000_000
MAX_NODES = 200_000

Path_ = tuple[Any, ...]
ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class Located:
    """A YAML document as plain data plus the position of every value in it."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its nearest
        ancestor that has one. With key=True, the position of the mapping key."""
        path = tuple(path)
        while True:
            if key and path in self.key_marks:
                return self.key_marks[path]
            if path in self.marks:
                return self.marks[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def problem(self, path: Path_, message: str, severity: str = "error", *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, message, severity)  # type: ignore[arg-type]


class _Walker:
    def __init__(self, file: str):
        self.file = file
        self.loader = yaml.SafeLoader("")
        self.count = 0
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > 64:
            line, col = self._pos(node)
            raise ProblemsFound([Problem(self.file, line, col,
                "document too large or nested too deeply (over 64 levels, or aliases expanding past the "
                "limit); write the values out instead of using many anchors")])
        self.marks[path] = self._pos(node)
        if node.tag not in ALLOWED_TAGS:
            line, col = self._pos(node)
            self.problems.append(Problem(self.file, line, col,
                f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; "
                "scenarios hold plain text, numbers, lists and mappings"))
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    line, col = self._pos(key_node)
                    self.problems.append(Problem(self.file, line, col, "merge keys (<<) are not supported; write the keys out"))
                    continue
                key = self.walk_scalar_key(key_node)
                if key in out:
                    line, col = self._pos(key_node)
                    self.problems.append(Problem(self.file, line, col, f"duplicate key {key!r}"))
                    continue
                self.key_marks[path + (key,)] = self._pos(key_node)
                out[key] = self.walk(value_node, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        value = self.loader.construct_object(node, deep=True)
        # Timestamps and dates stay text: the models parse them with clear errors.
        if not isinstance(value, (str, int, float, bool, type(None))):
            value = node.value
        return value

    def walk_scalar_key(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            line, col = self._pos(node)
            raise ProblemsFound([Problem(self.file, line, col, "mapping keys must be plain text")])
        value = self.loader.construct_object(node)
        # YAML 1.1 reads keys such as `on`, `yes`, `no` as booleans; as keys they are names.
        if isinstance(value, bool):
            return str(node.value)
        return value if isinstance(value, (str, int, float)) else str(node.value)


def fast_loader(text: str):
    """libyaml's safe loader when PyYAML has it and `text` cannot nest deeply (libyaml recurses in C
    without a limit and crashes past some 20,000 levels); else PyYAML's own. Nesting needs a bracket
    or a column of indentation per level, so few brackets and short indents bound it."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None or text.count("[") + text.count("{") > 5000:
        return yaml.SafeLoader
    if max((len(line) - len(line.lstrip(" -")) for line in text.splitlines()), default=0) > 5000:
        return yaml.SafeLoader
    return fast


def _compose(text: str) -> list:
    """The YAML documents of `text` as nodes (with their line and column), by libyaml when it is
    safe (`fast_loader`; ten times faster); a text libyaml refuses is read again by PyYAML's own
    parser, whose errors the messages are written for."""
    fast = fast_loader(text)
    if fast is not yaml.SafeLoader:
        try:
            return list(yaml.compose_all(text, Loader=fast))
        except (yaml.YAMLError, RecursionError):
            pass
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def load_text(text: str, file: str) -> Located:
    """Parse YAML text safely; raise ProblemsFound with positions on any failure."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ProblemsFound([Problem(file, 1, 1, f"file is larger than {MAX_BYTES // 1_000_000} MB; split it or trim it")])
    try:
        nodes = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        raise ProblemsFound([Problem(file, line, col, f"YAML syntax: {msg}")]) from None
    except yaml.reader.ReaderError as exc:
        pos = exc.position
        line, col = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise ProblemsFound([Problem(file, line, col, f"YAML syntax: character {what} is not allowed "
                                                      f"({exc.reason})")]) from None
    except yaml.YAMLError as exc:
        raise ProblemsFound([Problem(file, 1, 1, f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise ProblemsFound([Problem(file, 1, 1, "YAML nested too deeply to read; "
                                                 "scenarios need only a few levels of lists and mappings")]) from None
    if len(nodes) > 1:
        line, col = nodes[1].start_mark.line + 1, nodes[1].start_mark.column + 1
        raise ProblemsFound([Problem(file, line, col, "more than one YAML document; keep one per file")])
    if not nodes or nodes[0] is None:
        raise ProblemsFound([Problem(file, 1, 1, "the file is empty")])
    walker = _Walker(file)
    data = walker.walk(nodes[0], ())
    if walker.problems:
        raise ProblemsFound(walker.problems)
    return Located(file, data, walker.marks, walker.key_marks)


def load_file(path: str | Path) -> Located:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ProblemsFound([Problem(str(path), 1, 1, f"cannot read the file: {exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise ProblemsFound([Problem(str(path), 1, 1, f"file is larger than {MAX_BYTES // 1_000_000} MB; split it or trim it")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemsFound([Problem(str(path), 1, 1, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")]) from None
    return load_text(text, str(path))


def pydantic_problems(located: Located, exc: Any, prefix: Path_ = ()) -> list[Problem]:
    """Turn a pydantic ValidationError into positioned problems."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith(("function-", "tagged-union"))))
        path = prefix + loc
        kind = err["type"]
        field_name = ".".join(str(x) for x in loc) or "document"
        if kind == "extra_forbidden":
            out.append(located.problem(path, f"unknown key {loc[-1]!r}; check the spelling (see `tabletop schema`)", key=True))
        elif kind == "missing":
            out.append(located.problem(path[:-1], f"missing required key {loc[-1]!r}"))
        else:
            msg = err["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            out.append(located.problem(path, f"{field_name}: {msg}"))
    return out

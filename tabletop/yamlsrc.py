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
from typing import Any, ClassVar

import yaml

from tabletop.phrasebook.recognise import as_sentence, recognise
from tabletop.problems import Problem, ProblemsFound, Say
from tabletop.text import unfold_wide

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
    plain: dict[Path_, str] = field(default_factory=dict)  # as written, for unquoted values YAML read as not text
    # Problems name the list items on their path ("inject I02, field at"); a subclass whose positions
    # already name the item (a spreadsheet's row) turns it off.
    names_items: ClassVar[bool] = True

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

    def problem(self, path: Path_, message: str | Say, severity: str = "error", *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        if isinstance(message, Say):
            return Problem.of(self.file, line, col, message, severity)  # type: ignore[arg-type]
        return Problem(self.file, line, col, message, severity)  # type: ignore[arg-type]


class _Walker:
    def __init__(self, file: str, text: str = ""):
        self.file = file
        self.text = text
        self.loader = yaml.SafeLoader("")
        self.count = 0
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.plain: dict[Path_, str] = {}

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > 64:
            line, col = self._pos(node)
            raise ProblemsFound([Problem.of(self.file, line, col, Say("problems.yaml.too_deep"))])
        self.marks[path] = self._pos(node)
        if node.tag not in ALLOWED_TAGS:
            line, col = self._pos(node)
            self.problems.append(Problem.of(self.file, line, col, Say(
                "problems.yaml.tag", tag=node.tag.replace('tag:yaml.org,2002:', '!!'))))
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    line, col = self._pos(key_node)
                    self.problems.append(Problem.of(self.file, line, col, Say("problems.yaml.merge_key")))
                    continue
                key = self.walk_scalar_key(key_node)
                if key in out:
                    line, col = self._pos(key_node)
                    self.problems.append(Problem.of(self.file, line, col, Say("problems.yaml.duplicate_key", key=key)))
                    continue
                self.key_marks[path + (key,)] = self._pos(key_node)
                out[key] = self.walk(value_node, path + (key,), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, str) and node.style == ">" and self.text:  # a folded block (`>-`): Japanese lines join
            value = unfold_wide(value, self.text[node.start_mark.index:node.end_mark.index])
        if not isinstance(value, str) and not node.style:
            self.plain[path] = node.value  # `no`, `007`, `1e3`: YAML read it as something other than text
        # Timestamps and dates stay text: the models parse them with clear errors.
        if not isinstance(value, (str, int, float, bool, type(None))):
            value = node.value
        return value

    def walk_scalar_key(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            line, col = self._pos(node)
            raise ProblemsFound([Problem.of(self.file, line, col, Say("problems.yaml.key_not_text"))])
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


def _too_large(file: str) -> ProblemsFound:
    return ProblemsFound([Problem.of(file, 1, 1, Say("problems.yaml.too_large", mb=MAX_BYTES // 1_000_000))])


# What PyYAML found, as it writes it (%r of a token's name or a character): the phrasebook's
# `problems.yaml.found.*` names it for a reader; any other character is quoted (`found.written`).
_FOUND = {"'<stream end>'": "stream_end", "'<stream start>'": "stream_start", "'<scalar>'": "scalar",
          "'<block mapping start>'": "block_mapping_start", "'<block sequence start>'": "block_sequence_start",
          "'<block end>'": "block_end", "'<document start>'": "document_start", "'<document end>'": "document_end",
          "'<alias>'": "alias", "'<anchor>'": "anchor", "'<tag>'": "tag", "'<directive>'": "directive",
          r"'\t'": "tab", r"'\n'": "newline", r"'\r'": "return", "' '": "space", r"'\x00'": "end", '"\'"': "quote", "'?'": "key"}


def _found(fields: dict[str, str]) -> dict[str, Any]:
    """A recognised PyYAML sentence's fields, what it found named for a reader."""
    out: dict[str, Any] = dict(fields)
    for name in ("found", "character", "handle", "anchor"):
        raw = fields.get(name)
        if raw is None:
            continue
        if raw in _FOUND:
            out[name] = Say(f"problems.yaml.found.{_FOUND[raw]}")
        elif len(raw) >= 3 and raw[0] == raw[-1] == "'":
            out[name] = Say("problems.yaml.found.written", text=raw[1:-1])
    return out


def pyyaml_sentence(context: str, problem: str) -> Say | str:
    """PyYAML's context and problem as one sentence to say in the reader's language: a phrase for
    the two together (`problems.yaml.pyyaml.*`), else its problem (`problem.*`) said in its context
    (`context.*`); else PyYAML's English as it is (docs/phrasebook.md)."""
    whole = " ".join(x for x in (context, problem) if x)
    found = recognise(whole, "problems.yaml.pyyaml.") if whole else None
    if found:
        return Say(found[0], **_found(found[1]))
    said_problem = recognise(problem, "problems.yaml.problem.") if problem else None
    said_context = recognise(context, "problems.yaml.context.") if context else None
    if said_problem is None or (context and said_context is None):
        return whole or "invalid YAML"
    sentence = Say(said_problem[0], **_found(said_problem[1]))
    return Say("problems.yaml.in_context", context=Say(said_context[0]), problem=sentence) if context else sentence


def _syntax(file: str, exc: yaml.MarkedYAMLError) -> Problem:
    """PyYAML's complaint, with what to write instead for the traps an author falls into."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context, problem = exc.context or "", exc.problem or ""
    if context.startswith("while scanning an ") or "undefined alias" in problem:
        # `to: [*]` or `to: *`: a bare * (or &) begins an alias (an anchor) in YAML.
        at = exc.context_mark or mark
        sign = "&" if "anchor" in context else "*"
        return Problem.of(file, at.line + 1, at.column + 1, Say("problems.yaml.alias", sign=sign))
    return Problem.of(file, line, col, Say("problems.yaml.syntax", detail=pyyaml_sentence(context, problem)))


def load_text(text: str, file: str) -> Located:
    """Parse YAML text safely; raise ProblemsFound with positions on any failure."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise _too_large(file)
    try:
        nodes = _compose(text)
    except yaml.MarkedYAMLError as exc:
        raise ProblemsFound([_syntax(file, exc)]) from None
    except yaml.reader.ReaderError as exc:
        pos = exc.position
        line, col = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise ProblemsFound([Problem.of(file, line, col, Say("problems.yaml.character", character=what,
                                                             reason=as_sentence(exc.reason, "problems.yaml.reader.")))]) from None
    except yaml.YAMLError as exc:
        raise ProblemsFound([Problem.of(file, 1, 1, Say("problems.yaml.syntax", detail=str(exc)))]) from None
    except RecursionError:
        raise ProblemsFound([Problem.of(file, 1, 1, Say("problems.yaml.too_deep"))]) from None
    if len(nodes) > 1:
        line, col = nodes[1].start_mark.line + 1, nodes[1].start_mark.column + 1
        raise ProblemsFound([Problem.of(file, line, col, Say("problems.yaml.two_documents"))])
    if not nodes or nodes[0] is None:
        raise ProblemsFound([Problem.of(file, 1, 1, Say("problems.yaml.empty"))])
    walker = _Walker(file, text)
    data = walker.walk(nodes[0], ())
    if walker.problems:
        raise ProblemsFound(walker.problems)
    return Located(file, data, walker.marks, walker.key_marks, walker.plain)


def _not_utf8(file: str, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    """Where the first byte that is not UTF-8 is, as a line and column of the text before it."""
    before = raw[:exc.start].decode("utf-8")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    encoding = ""
    for name, label in (("shift_jis", "Shift_JIS"), ("cp932", "Shift_JIS (Windows)"), ("euc_jp", "EUC-JP")):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        encoding = label
        break
    say = (Say("problems.yaml.encoding_named", byte=f"0x{raw[exc.start]:02X}", encoding=encoding) if encoding
           else Say("problems.yaml.encoding", byte=f"0x{raw[exc.start]:02X}"))
    return Problem.of(file, line, col, say)


def load_file(path: str | Path) -> Located:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ProblemsFound([Problem.of(str(path), 1, 1, Say("problems.file.unreadable",
                                                             reason=exc.strerror or str(exc)))]) from None
    if len(raw) > MAX_BYTES:
        raise _too_large(str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemsFound([_not_utf8(str(path), raw, exc)]) from None
    return load_text(text, str(path))


def pydantic_problems(located: Located, exc: Any, prefix: Path_ = (), model: Any = None) -> list[Problem]:
    """Turn a pydantic ValidationError into positioned problems, each saying what the author
    wrote and what to write instead (tabletop/modelproblems.py); `model`, the model validated,
    lets an unknown key be matched to the keys allowed where it is."""
    from tabletop.modelproblems import problems_of

    return problems_of(located, exc, prefix, model)

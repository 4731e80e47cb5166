"""The catalogue: every word and sentence the product shows, in English and Japanese,
read from data/*.yaml (one file per area) and looked up by key.

A key is the file's name, then the path of mappings inside it, joined by dots:
`feed.tag.released` is `tag: {released: {en: ..., ja: ...}}` in data/feed.yaml.
A phrase is a mapping with `en` and `ja` (and, if it helps a translator, a `note`);
`{name}` in it is a field the caller fills in (`{speed:g}` with a format).
docs/phrasebook.md says how to correct a string and how keys are named."""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

DATA = Path(__file__).parent / "data"
LANGS = ("en", "ja")
_LEAF_KEYS = {"en", "ja", "note"}


class PhraseError(LookupError):
    """A key that is not in the phrasebook, a field a phrase needs and was not given, a language
    the phrasebook does not have, or a data file that is not a phrasebook (FILE:LINE:COL)."""


@dataclass(frozen=True)
class Entry:
    key: str
    en: str
    ja: str | None
    note: str | None
    where: str  # FILE:LINE:COL of the phrase in its data file

    def text(self, lang: str) -> str:
        if lang == "ja":
            # a missing Japanese form fails tests/phrasebook, not the user; an empty one (with a note
            # saying why: the Japanese puts its words elsewhere) is empty
            return self.en if self.ja is None else self.ja
        if lang == "en":
            return self.en
        raise PhraseError(f"no language {lang!r} in the phrasebook; use one of {', '.join(LANGS)}")

    def fields(self, lang: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self.text(lang)) if name}


Part = tuple[str, "str | None"]  # (text, the field it fills, or None for the phrase's own words)


def _where(path: Path, node: yaml.Node) -> str:
    return f"{path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _scalar(path: Path, node: yaml.Node, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        raise PhraseError(f"{_where(path, node)}: {what} must be text")
    return node.value


def _walk(path: Path, prefix: str, node: yaml.Node) -> Iterator[Entry]:
    if not isinstance(node, yaml.MappingNode):
        raise PhraseError(f"{_where(path, node)}: {prefix}: expected a mapping of keys, or {{en: ..., ja: ...}}")
    keys = [k.value for k, _ in node.value]
    if "en" in keys:
        extra = set(keys) - _LEAF_KEYS
        if extra:
            raise PhraseError(f"{_where(path, node)}: {prefix}: a phrase holds only en, ja and note, "
                              f"not {', '.join(sorted(extra))}")
        texts = {k.value: _scalar(path, v, f"{prefix}.{k.value}") for k, v in node.value}
        yield Entry(prefix, texts["en"], texts.get("ja"), texts.get("note"), _where(path, node))
        return
    for k, v in node.value:
        name = _scalar(path, k, "a key")
        if not name or "." in name:
            raise PhraseError(f"{_where(path, k)}: {name!r}: a key is a word without dots")
        yield from _walk(path, f"{prefix}.{name}", v)


def load(folder: Path = DATA) -> dict[str, Entry]:
    """Every phrase in `folder`'s YAML files, by key; PhraseError (FILE:LINE:COL) for a malformed file."""
    entries: dict[str, Entry] = {}
    for path in sorted(folder.glob("*.yaml")):
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if root is None:
            continue
        for entry in _walk(path, path.stem, root):
            if entry.key in entries:
                raise PhraseError(f"{entry.where}: {entry.key} is already given at {entries[entry.key].where}")
            entries[entry.key] = entry
    return entries


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Entry]:
    """The shipped phrasebook, read once per process."""
    return load()


def entry(key: str) -> Entry:
    try:
        return catalogue()[key]
    except KeyError:
        raise PhraseError(f"no phrase {key!r} in the phrasebook (tabletop/phrasebook/data/"
                          f"{key.split('.', 1)[0]}.yaml)") from None


def has(key: str) -> bool:
    return key in catalogue()


@lru_cache(maxsize=4096)
def _parsed(key: str, lang: str) -> tuple[tuple[str, str | None, str, str | None], ...]:
    return tuple(string.Formatter().parse(entry(key).text(lang)))


def parts(key: str, lang: str, /, **fields: Any) -> list[Part]:
    """The phrase as pieces: its own words (field None) and each field's text (named), so a
    console can style the fields apart. `"".join(t for t, _ in parts(...))` is `phrase(...)`."""
    out: list[Part] = []
    for literal, name, spec, conversion in _parsed(key, lang):
        if literal:
            out.append((literal, None))
        if name is None:
            continue
        if name not in fields:
            raise PhraseError(f"phrase {key!r} needs the field {name!r} "
                              f"(given: {', '.join(sorted(fields)) or 'none'})")
        value = fields[name]
        if conversion == "r":
            value = repr(value)
        out.append((format(value, spec or ""), name))
    return out


def phrase(key: str, lang: str, /, **fields: Any) -> str:
    """The phrase `key` in `lang` ("en" or "ja"), its fields filled in."""
    return "".join(text for text, _ in parts(key, lang, **fields))


class Section:
    """The phrases under one key prefix, in one language: `w["title"]`, `w("count", n=3)`."""

    def __init__(self, prefix: str, lang: str):
        if lang not in LANGS:
            raise PhraseError(f"no language {lang!r} in the phrasebook; use one of {', '.join(LANGS)}")
        self.prefix = prefix
        self.lang = lang

    def __getitem__(self, name: str) -> str:
        return phrase(f"{self.prefix}.{name}", self.lang)

    def __call__(self, name: str, /, **fields: Any) -> str:
        return phrase(f"{self.prefix}.{name}", self.lang, **fields)

    def get(self, name: str, default: str | None = None) -> str | None:
        key = f"{self.prefix}.{name}"
        return phrase(key, self.lang) if has(key) else default


def section(prefix: str, lang: str) -> Section:
    return Section(prefix, lang)

"""Bilingual text and scenario-time offsets, shared by scenarios and doctrine packs."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema, field_validator,
                      model_validator)

from tabletop.engine.clock import format_offset

LANGS = ("en", "ja")


class Text(BaseModel):
    """Text a participant reads: `{en: ..., ja: ...}`; a plain string means English only."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str = Field(description="English")
    ja: str | None = Field(None, description="Japanese; a folded block (ja: >-) may break its lines anywhere")

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_english(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"en": value}
        return value

    @field_validator("ja")
    @classmethod
    def _no_folding_spaces(cls, value: str | None) -> str | None:
        return None if value is None else join_wide(value)

    def get(self, lang: str = "en") -> str:
        """The text in `lang`, falling back to English."""
        if lang == "ja" and self.ja:
            return self.ja
        return self.en

    def missing(self, langs: tuple[str, ...] | list[str]) -> list[str]:
        return [lang for lang in langs if not getattr(self, lang, None)]

    def both(self) -> dict[str, str]:
        return {"en": self.en, "ja": self.ja or self.en}


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


# A run of spaces inside a line; `join_wide` decides whether it stays.
_SPACE_AFTER_WIDE = re.compile(r"(?<=\S) +(?=\S)")


def join_wide(text: str) -> str:
    """Japanese text without the spaces that YAML's line folding puts where an author broke a line.

    A folded scalar (`>`) joins its lines with a space, which Japanese does not use: "青森県と
    北海道" would read "青森県と 北海道". As CSS does for a line break between East Asian wide
    characters, a space between two wide characters goes; so does one after an ideographic full stop
    or comma. A space between Latin words ("Freedom Edge") stays."""

    def keep(m: re.Match[str]) -> str:
        before, after = text[m.start() - 1], text[m.end()]
        if _wide(before) and _wide(after) or before in "。、":
            return ""
        return m.group(0)

    return _SPACE_AFTER_WIDE.sub(keep, text)


def unfold_wide(value: str, source: str) -> str:
    """`value`, a block scalar YAML folded (`>`) from the lines of `source` (its text in the file), without the
    spaces folding put at a line break beside a Japanese (wide) character: "海警局の船舶は" then
    "2020年には" on the next line reads "海警局の船舶は2020年には". Spaces the author typed stay.
    A value whose lines cannot be found in it in order is left as it is."""
    lines = source.splitlines()[1:]  # after the header line: `>-`, `>`, with any comment
    cuts, pos, end = [], 0, None
    for line in (x.strip() for x in lines):
        if not line:
            continue
        at = value.find(line, pos)
        if at < 0 or value[pos:at].strip(" \n"):
            return value
        if end is not None and value[end:at] == " " and (_wide(value[end - 1]) or _wide(value[at])):
            cuts.append(end)
        pos = end = at + len(line)
    for cut in reversed(cuts):
        value = value[:cut] + value[cut + 1:]
    return value


_OFFSET = re.compile(r"^\+?(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")


def parse_offset(value: Any) -> int:
    """'+HH:MM' or '+HH:MM:SS' (scenario time) to seconds."""
    from tabletop.problems import Invalid

    if isinstance(value, bool):
        raise Invalid("problems.model.offset")
    if isinstance(value, int):
        # YAML 1.1 reads unquoted 00:07 as a base-60 integer (minutes:seconds); refuse it.
        raise Invalid("problems.model.offset_unquoted", value=value)
    if not isinstance(value, str):
        raise Invalid("problems.model.offset")
    m = _OFFSET.match(value.strip())
    if not m:
        raise Invalid("problems.model.offset_form", value=value)
    h, mnt, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    return h * 3600 + mnt * 60 + s


Offset = Annotated[
    int,
    BeforeValidator(parse_offset),
    PlainSerializer(format_offset, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\+?\d{1,3}:[0-5]\d(:[0-5]\d)?$",
                    "description": "Scenario-time offset, '+HH:MM' or '+HH:MM:SS'"}),
]

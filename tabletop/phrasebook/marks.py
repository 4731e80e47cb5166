"""Scenario-authoring marks: `◇` (a fact not yet checked against a public source), with its
words — "(◇ unverified)", "（◇ 未確認）", "(◇ this last point unverified)". They are for
authors and facilitators; a player reading an inject, a prompt or an option never sees them."""

from __future__ import annotations

import re

# A parenthesised remark that starts with ◇, in ASCII or full-width brackets, with the space before it.
_REMARK = re.compile(r"\s?[（(]\s*◇[^()（）]*[)）]")
# The mark with its word at the end of a remark that says something else too: "(… did not carry
# it out - ◇ unverified.)", "（…実行しなかった。◇ 未確認）".
_WORDS = re.compile(r"\s*(?:[-–—]\s*)?◇\s*(?:unverified|未確認)")
# A bare ◇, with one space beside it: "under the quick 2015 procedure ◇)", "、◇ 解釈".
_BARE = re.compile(r"\s◇|◇\s?")


def for_players(text: str) -> str:
    """`text` without its authoring marks."""
    if "◇" not in text:
        return text
    return _BARE.sub("", _WORDS.sub("", _REMARK.sub("", text)))


def banner(text: str | None) -> str:
    """The marking on every screen and page: a scenario's own banner as written; the default
    HSEEP marking (`EXERCISE EXERCISE EXERCISE`) with its Japanese beside it (docs/decisions.md)."""
    from tabletop.phrasebook.book import phrase

    default = phrase("common.banner.exercise", "en")
    if text and text.strip() != default:
        return text
    return f"{default} / {phrase('common.banner.exercise', 'ja')}"

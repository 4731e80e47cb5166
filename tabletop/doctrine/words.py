"""How `tabletop doctrine` says things: a pack's bilingual texts and the phrasebook's phrases in
one language or both ("English / 日本語"), and a citation with its quote, source and ◇ mark."""

from __future__ import annotations

import re

import click

from tabletop.doctrine.model import Citation
from tabletop.phrasebook import citation, phrase
from tabletop.text import Text

LANG = click.Choice(["en", "ja", "both"])


class Lang:
    """Renders bilingual text in one language or both."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, text: Text | None) -> str:
        if text is None:
            return ""
        if self.lang == "both":
            return text.en if not text.ja or text.ja == text.en else f"{text.en} / {text.ja}"
        return text.get(self.lang)

    def say(self, key: str, **fields) -> str:
        """A phrasebook phrase in this language, or both ('English / 日本語'). A field given as
        bilingual `Text` is filled in each language, so 'both' never nests one pair in another."""
        if self.lang != "both":
            return phrase(key, self.lang, **_in(fields, self.lang))
        return self(self.words(key, **fields))

    @staticmethod
    def words(key: str, **fields) -> Text:
        """A phrasebook phrase in both languages, as a field for another phrase."""
        return Text(en=phrase(key, "en", **_in(fields, "en")), ja=phrase(key, "ja", **_in(fields, "ja")))

    def heading(self, key: str) -> str:
        """A section heading with its colon ('Roles:', '役割：', 'Roles / 役割:')."""
        if self.lang == "both":
            return self.say(key) + ":"
        return phrase("doctrine.heading", self.lang, heading=phrase(key, self.lang))

    def lines(self, text: Text | None) -> list[str]:
        """One line per language (for longer texts)."""
        if text is None:
            return []
        if self.lang == "both":
            return [text.en] + ([text.ja] if text.ja and text.ja != text.en else [])
        return [text.get(self.lang)]


def _in(fields: dict, lang: str) -> dict:
    return {k: v.get(lang) if isinstance(v, Text) else v for k, v in fields.items()}


def cite(c: Citation, lang: str = "en") -> str:
    """A citation for an author: its form in `lang` (both, for "both"), its quote, source and ◇ mark.
    In Japanese the quote is the pack's Japanese one (`quote_ja`); where a pack gives none, its
    English quote, said to be English, rather than nothing."""
    c_json = c.model_dump(exclude_none=True)
    langs = ("en", "ja") if lang == "both" else (lang,)
    forms = list(dict.fromkeys(citation(c_json, x, marks=False) for x in langs))
    parts = [" / ".join(forms)]
    if c.quote and lang != "ja":
        parts.append(phrase("doctrine.citation.quote", "en", quote=c.quote))
    if lang != "en" and c.quote_ja:
        parts.append(phrase("doctrine.citation.quote", "ja", quote=c.quote_ja))
    elif lang == "ja" and c.quote:
        parts.append(phrase("doctrine.citation.quote_in_english", "ja", quote=c.quote))
    out = " — ".join(parts)
    if c.source:  # '... [S11]'; in Japanese the brackets are full-width and need no space
        out += ("" if lang == "ja" else " ") + phrase("doctrine.citation.source", langs[-1],
                                                      source=_source(c.source, langs[-1]))
    if not c.verified:
        out += phrase("doctrine.citation.unverified", langs[-1])
    return out


def _source(source: str, lang: str) -> str:
    """A citation's source reference as the reader's language says it: `S11`; `review` (the December
    2026 legal review, doctrine.md's "Corrections and additions"); `I27 (secondary)`, a press report."""
    if source == "review":
        return phrase("doctrine.citation.review", lang)
    if m := re.fullmatch(r"(\S+) \(secondary\)", source):
        return phrase("doctrine.citation.secondary", lang, source=m[1])
    return source


def basis_heading(a) -> str:
    """'Legal basis', or for a step of diplomacy or signalling, a heading that says it is policy, not law."""
    return "doctrine.head.policy_basis" if a.basis == "policy" else "doctrine.head.citations"

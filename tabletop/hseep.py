"""HSEEP's performance ratings, in both languages: one table for the evaluator's form and the report.

The words are the phrasebook's (`common.rating.*`); standard library and PyYAML only: the
evaluator's console loads it without the engine."""

from __future__ import annotations

from tabletop.phrasebook import LANGS, phrase

RATINGS = ("P", "S", "M", "U")
RATING_NAME: dict[str, dict[str, str]] = {
    code: {lang: phrase(f"common.rating.{code}", lang) for lang in LANGS} for code in RATINGS}
NOT_RATED = {lang: phrase("common.rating.none", lang) for lang in LANGS}

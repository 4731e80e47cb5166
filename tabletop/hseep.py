"""HSEEP's performance ratings, in both languages: one table for the evaluator's form and the report.

Standard library only: the evaluator's console loads it without the engine."""

from __future__ import annotations

RATINGS = ("P", "S", "M", "U")
RATING_NAME: dict[str, dict[str, str]] = {
    "P": {"en": "Performed without challenges", "ja": "課題なく実施"},
    "S": {"en": "Performed with some challenges", "ja": "一部課題ありで実施"},
    "M": {"en": "Performed with major challenges", "ja": "重大な課題ありで実施"},
    "U": {"en": "Unable to be performed", "ja": "実施できず"},
}

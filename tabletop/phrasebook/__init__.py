"""The phrasebook: every word and sentence a person reads, in English and Japanese.

The words are data (tabletop/phrasebook/data/*.yaml, one file per area), read once per
process; a Japanese reviewer corrects them there (docs/phrasebook.md). Standard library
and PyYAML only: the consoles, the report, the CLI and the doctrine explanations all use it.

    phrase("events.InjectReleased.tag", "ja")            -> '付与'
    phrase("common.duration.minutes", "en", minutes=3)   -> '3 min'
    describe(event, "ja", names)                         -> the event's sentence
    short_date(moment, "ja")                             -> '10月5日（火）'
"""

from __future__ import annotations

from tabletop.phrasebook.book import LANGS, Entry, Part, PhraseError, catalogue, has, load, parts, phrase, section
from tabletop.phrasebook.marks import banner, for_players
from tabletop.phrasebook.names import Names, SeatNames, pick
from tabletop.phrasebook.sentences import (citation, describe, describe_parts, reasons_parts, skip_reason, tag,
                                           verdict_word)
from tabletop.phrasebook.times import (cells, clock_time, date_time, duration, long_date, offset, pad, relative,
                                       short_date)

__all__ = ["LANGS", "Entry", "Names", "Part", "PhraseError", "SeatNames", "banner", "catalogue", "cells", "citation",
           "clock_time", "date_time", "describe", "describe_parts", "duration", "for_players", "has", "load", "long_date",
           "offset", "pad", "parts", "phrase", "pick", "reasons_parts", "relative", "section", "short_date",
           "skip_reason", "tag", "verdict_word"]

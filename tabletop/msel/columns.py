"""The MSEL workbook's columns: their keys, their English and Japanese headings
(words from the phrasebook, tabletop/phrasebook/data/msel.yaml), the other
names planners give them (read on import only), and how wide they are drawn.

A heading is matched after folding: Unicode NFKC (full-width letters and
brackets become ASCII), case, spaces and punctuation dropped, and a trailing
language tag — "(en)", "(English)", "（英）", "(日本語)" ... — read apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from tabletop.phrasebook import phrase

MSEL, DECISIONS, OBJECTIVES, EXERCISE = "MSEL", "Decisions", "Objectives", "Exercise"
SHEET_TITLES = {MSEL: phrase("msel.sheet.msel", "en"),
                **{kind: f'{phrase(f"msel.sheet.{kind.lower()}", "en")} {phrase(f"msel.sheet.{kind.lower()}", "ja")}'
                   for kind in (DECISIONS, OBJECTIVES, EXERCISE)}}
SHEET_ALIASES = {
    MSEL: ("msel", "mastersceneventslist", "masterscenarioeventslist", "injects", "状況付与計画", "状況付与一覧"),
    DECISIONS: ("decisions", "decisionpoints", "判断事項", "意思決定"),
    OBJECTIVES: ("objectives", "演習目標", "目標"),
    EXERCISE: ("exercise", "scenario", "演習概要", "概要"),
}


@dataclass(frozen=True)
class Column:
    key: str                  # what the column holds, in the scenario's own words
    en: str                   # the heading written by the export
    ja: str
    width: int                # characters, as drawn
    lang: str | None = None   # for bilingual texts: which language this column holds
    aliases: tuple[str, ...] = field(default=())  # other headings planners use (any language)

    @property
    def heading(self) -> str:
        return f"{self.en}\n{self.ja}"


def _col(section: str, key: str, width: int, aliases: tuple[str, ...] = ()) -> Column:
    return Column(key, phrase(f"msel.{section}.{key}", "en"), phrase(f"msel.{section}.{key}", "ja"), width,
                  aliases=aliases)


def _bi(section: str, key: str, width: int, aliases: tuple[str, ...] = ()) -> list[Column]:
    """A bilingual text: one column per language, its heading tagged with the language."""
    words = f"msel.{section}.{key}"
    return [Column(key, f'{phrase(words, "en")} {phrase(f"msel.lang.{name}", "en")}',
                   f'{phrase(words, "ja")}{phrase(f"msel.lang.{name}", "ja")}', width, lang, aliases)
            for lang, name in (("en", "english"), ("ja", "japanese"))]


MSEL_COLUMNS: list[Column] = [
    _col("column", "id", 9,
           aliases=("inject", "injectno", "injectnumber", "injectid", "event", "eventno", "eventnumber",
                    "eventinject", "eventinjectno", "msel", "mselno", "no", "#", "id", "number", "番号", "付与no", "no")),
    _col("column", "time", 12,
           aliases=("scenariotime", "time", "elapsed", "elapsedtime", "t", "offset", "startexoffset",
                    "timefromstartex", "経過時間", "想定時間", "時間", "付与時期")),
    _col("column", "clock", 10,
           aliases=("scenarioclock", "scenariodatetime", "scenariotimeofday", "timeofday", "dtg", "時刻", "想定日時")),
    _col("column", "wall", 10,
           aliases=("walltime", "walltimeatstartex", "actualtime", "realtime", "exercisetime", "実時間", "実施時刻")),
    *_bi("column", "from", 16,
         ("from", "sender", "source", "originator", "simulatedsender", "発信者", "発信元", "送信者", "発出者")),
    _col("column", "to", 18,
           aliases=("to", "audience", "recipient", "recipients", "player", "players", "responder", "toaudience",
                    "受信者", "対象", "宛先", "付与先", "受領者")),
    *_bi("column", "method", 14,
         ("method", "deliverymethod", "means", "mode", "伝達手段", "手段", "付与手段", "伝達方法")),
    *_bi("column", "title", 26, ("title", "injecttitle", "subject", "headline", "件名", "表題", "標題")),
    *_bi("column", "body", 48,
         ("injecttext", "inject", "text", "description", "eventdescription", "injectdescription", "message",
          "content", "details", "付与内容", "状況付与", "内容", "状況", "本文")),
    _col("column", "expected", 24,
           aliases=("expectedaction", "expectedactions", "expectedplayeraction", "expectedplayeractions",
                    "expectedoutcome", "expectedresponse", "期待行動", "期待される対応", "期待される行動")),
    _col("column", "objectives", 12,
           aliases=("objective", "objectives", "objectiveno", "capability", "目標", "演習目標", "関連目標")),
    _col("column", "notes", 28,
           aliases=("controllernote", "controllernotes", "notes", "note", "remarks", "comments", "notesforcontrol",
                    "統制官メモ", "備考", "メモ", "統制官備考")),
    _col("column", "decisions", 30,
           aliases=("decisionpoint", "decisionpoints", "decision", "decisionpointandoptions", "判断事項", "判断")),
    _col("column", "when", 22,
           aliases=("branchcondition", "condition", "branch", "when", "trigger", "条件", "分岐条件", "付与条件")),
    _col("column", "set_flags", 16, aliases=("setflags", "setsflags", "setsfacts", "flags")),
    _col("column", "clear_flags", 16, aliases=("clearflags", "clearsflags", "clearsfacts")),
]

DECISION_COLUMNS: list[Column] = [
    _col("decision_column", "id", 10, aliases=("decision", "decisionid", "decisionpoint", "dp", "判断事項")),
    _col("decision_column", "inject", 9, aliases=("inject", "injectno", "injectid", "event", "番号")),
    _col("decision_column", "to", 16, aliases=("decidedby", "to", "seat", "role", "who", "判断者")),
    *_bi("decision_column", "prompt", 36, ("question", "prompt", "decision", "問い", "設問")),
    _col("decision_column", "deadline", 10, aliases=("deadline", "timeallowed", "期限", "制限時間")),
    _col("decision_column", "on_timeout", 12, aliases=("ifnodecision", "ontimeout", "timeout", "期限切れ時")),
    _col("decision_column", "option", 12, aliases=("option", "optionid", "選択肢番号")),
    *_bi("decision_column", "label", 30, ("optiontext", "label", "optionlabel", "選択肢")),
    _col("decision_column", "action", 28, aliases=("doctrineaction", "action", "行動", "対応する行動")),
]

OBJECTIVE_COLUMNS: list[Column] = [
    _col("objective_column", "id", 10, aliases=("objective", "objectiveid", "objectiveno", "no", "id", "番号")),
    *_bi("objective_column", "text", 50, ("objectivetext", "text", "目標", "演習目標")),
    *_bi("objective_column", "capability", 40, ("capability", "corecapability", "能力", "対処能力")),
]

EXERCISE_COLUMNS: list[Column] = [
    _col("exercise_column", "key", 14, aliases=("key",)),
    _col("exercise_column", "item", 30, aliases=("item", "項目")),
    _col("exercise_column", "value", 70, aliases=("value", "値")),
]

COLUMNS = {MSEL: MSEL_COLUMNS, DECISIONS: DECISION_COLUMNS, OBJECTIVES: OBJECTIVE_COLUMNS, EXERCISE: EXERCISE_COLUMNS}

# The Exercise sheet's rows: scenario key, and the item's words in both languages.
EXERCISE_KEYS = ["id", "title.en", "title.ja", "summary.en", "summary.ja", "scope.en", "scope.ja", "poc", "poc.ja", "doctrine",
                 "banner", "languages", "start", "duration", "clock.mode", "clock.speed", "seats", "evaluators"]
EXERCISE_ROWS: list[tuple[str, str]] = [
    (k, f'{phrase("msel.setting." + k.replace(".", "_"), "en")} / {phrase("msel.setting." + k.replace(".", "_"), "ja")}')
    for k in EXERCISE_KEYS]

_LANG_TAGS = {"en": "en", "english": "en", "eng": "en", "英": "en", "英語": "en", "英文": "en",
              "ja": "ja", "jp": "ja", "japanese": "ja", "jpn": "ja", "日": "ja", "日本語": "ja", "和": "ja", "和文": "ja"}
_TAIL = re.compile(r"^(.*?)[\s]*[(\[]([^()\[\]]*)[)\]]\s*$")
_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """A heading or sheet name reduced to what matters for matching."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "#" if text.strip() == "#" else _DROP.sub("", text)


def split_heading(text: str) -> tuple[str, str | None]:
    """('inject text', 'ja') from 'Inject text (ja)'; a heading of two lines is read line by line."""
    text = unicodedata.normalize("NFKC", str(text)).strip()
    lang = None
    m = _TAIL.match(text)
    if m and fold(m.group(2)) in _LANG_TAGS:
        text, lang = m.group(1), _LANG_TAGS[fold(m.group(2))]
    return fold(text), lang


def heading_index(columns: list[Column]) -> dict[tuple[str, str | None], Column]:
    """Every folded heading a column answers to, with the language it implies."""
    index: dict[tuple[str, str | None], Column] = {}
    for col in columns:
        for name in (col.en, col.ja):
            base, lang = split_heading(name)
            index.setdefault((base, lang), col)
    for col in columns:
        for alias in col.aliases:
            base = fold(alias)
            index.setdefault((base, col.lang), col)
            if col.lang == "en":
                index.setdefault((base, None), col)  # an untagged text heading is English, unless told
    return index


def match_heading(text: str, index: dict[tuple[str, str | None], Column]) -> Column | None:
    """The column a heading names; a heading written on two lines ("From\\n発信者") may match by either."""
    lines = [line for line in str(text).splitlines() if line.strip()] or [str(text)]
    for line in lines:
        col = index.get(split_heading(line))
        if col is not None:
            return col
    return None


def sheet_kind(name: str) -> str | None:
    folded = fold(name)
    for kind, aliases in SHEET_ALIASES.items():
        if any(folded == fold(a) or folded.startswith(fold(a)) for a in aliases):
            return kind
    return None

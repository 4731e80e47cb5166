"""The MSEL workbook's columns: their keys, their English and Japanese headings
(the one table of the sheet's words: there is no phrasebook to take them from
yet), the other names planners give them, and how wide they are drawn.

A heading is matched after folding: Unicode NFKC (full-width letters and
brackets become ASCII), case, spaces and punctuation dropped, and a trailing
language tag — "(en)", "(English)", "（英）", "(日本語)" ... — read apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MSEL, DECISIONS, OBJECTIVES, EXERCISE = "MSEL", "Decisions", "Objectives", "Exercise"
SHEET_TITLES = {MSEL: "MSEL", DECISIONS: "Decisions 判断事項", OBJECTIVES: "Objectives 演習目標",
                EXERCISE: "Exercise 演習概要"}
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


def _bi(key: str, en: str, ja: str, width: int, aliases: tuple[str, ...] = ()) -> list[Column]:
    """A bilingual text: one column per language."""
    return [Column(key, f"{en} (en)", f"{ja}（英）", width, "en", aliases),
            Column(key, f"{en} (ja)", f"{ja}（日）", width, "ja", aliases)]


MSEL_COLUMNS: list[Column] = [
    Column("id", "Inject no.", "付与番号", 9,
           aliases=("inject", "injectno", "injectnumber", "injectid", "event", "eventno", "eventnumber",
                    "eventinject", "eventinjectno", "msel", "mselno", "no", "#", "id", "number", "番号", "付与no", "no")),
    Column("time", "Scenario time", "想定経過時間", 12,
           aliases=("scenariotime", "time", "elapsed", "elapsedtime", "t", "offset", "startexoffset",
                    "timefromstartex", "経過時間", "想定時間", "時間", "付与時期")),
    Column("clock", "Scenario clock", "想定時刻", 10,
           aliases=("scenarioclock", "scenariodatetime", "scenariotimeofday", "timeofday", "dtg", "時刻", "想定日時")),
    Column("wall", "Wall time", "実時刻", 10,
           aliases=("walltime", "walltimeatstartex", "actualtime", "realtime", "exercisetime", "実時間", "実施時刻")),
    Column("from", "From", "発信者", 16,
           aliases=("from", "sender", "source", "originator", "simulatedsender", "発信元", "送信者", "発出者")),
    Column("to", "To / audience", "宛先", 18,
           aliases=("to", "audience", "recipient", "recipients", "player", "players", "responder", "toaudience",
                    "受信者", "対象", "宛先", "付与先", "受領者")),
    Column("method", "Method", "伝達手段", 14,
           aliases=("method", "deliverymethod", "means", "mode", "手段", "付与手段", "伝達方法")),
    *_bi("title", "Inject title", "件名", 26, ("title", "injecttitle", "subject", "headline", "件名", "表題", "標題")),
    *_bi("body", "Inject text", "付与内容", 48,
         ("injecttext", "inject", "text", "description", "eventdescription", "injectdescription", "message",
          "content", "details", "付与内容", "状況付与", "内容", "状況", "本文")),
    Column("expected", "Expected actions", "期待される行動", 24,
           aliases=("expectedaction", "expectedactions", "expectedplayeraction", "expectedplayeractions",
                    "expectedoutcome", "expectedresponse", "期待行動", "期待される対応", "期待される行動")),
    Column("objectives", "Objectives", "演習目標", 12,
           aliases=("objective", "objectives", "objectiveno", "capability", "目標", "演習目標", "関連目標")),
    Column("notes", "Controller notes", "統制官メモ", 28,
           aliases=("controllernote", "controllernotes", "notes", "note", "remarks", "comments", "notesforcontrol",
                    "統制官メモ", "備考", "メモ", "統制官備考")),
    Column("decisions", "Decision point and options", "判断事項と選択肢", 30,
           aliases=("decisionpoint", "decisionpoints", "decision", "decisionpointandoptions", "判断事項", "判断")),
    Column("when", "Branch condition", "分岐条件", 22,
           aliases=("branchcondition", "condition", "branch", "when", "trigger", "条件", "分岐条件", "付与条件")),
    Column("set_flags", "Sets facts", "成立する事実", 16, aliases=("setflags", "setsflags", "setsfacts", "flags")),
    Column("clear_flags", "Clears facts", "解消する事実", 16, aliases=("clearflags", "clearsflags", "clearsfacts")),
]

DECISION_COLUMNS: list[Column] = [
    Column("id", "Decision", "判断事項番号", 10, aliases=("decision", "decisionid", "decisionpoint", "dp", "判断事項")),
    Column("inject", "Inject no.", "付与番号", 9, aliases=("inject", "injectno", "injectid", "event", "番号")),
    Column("to", "Decided by", "判断者", 16, aliases=("decidedby", "to", "seat", "role", "who", "判断者")),
    *_bi("prompt", "Question", "問い", 36, ("question", "prompt", "decision", "問い", "設問")),
    Column("deadline", "Deadline", "期限", 10, aliases=("deadline", "timeallowed", "期限", "制限時間")),
    Column("on_timeout", "If no decision", "期限切れ時", 12, aliases=("ifnodecision", "ontimeout", "timeout", "期限切れ時")),
    Column("option", "Option", "選択肢番号", 12, aliases=("option", "optionid", "選択肢番号")),
    *_bi("label", "Option text", "選択肢", 30, ("optiontext", "label", "optionlabel", "選択肢")),
    Column("action", "Doctrine action", "対応する行動", 28, aliases=("doctrineaction", "action", "行動", "対応する行動")),
]

OBJECTIVE_COLUMNS: list[Column] = [
    Column("id", "Objective", "目標番号", 10, aliases=("objective", "objectiveid", "objectiveno", "no", "id", "番号")),
    *_bi("text", "Objective", "演習目標", 50, ("objectivetext", "text", "目標", "演習目標")),
    *_bi("capability", "Capability", "能力", 40, ("capability", "corecapability", "能力", "対処能力")),
]

EXERCISE_COLUMNS: list[Column] = [
    Column("key", "Key", "キー", 14, aliases=("key",)),
    Column("item", "Item", "項目", 30, aliases=("item", "項目")),
    Column("value", "Value", "値", 70, aliases=("value", "値")),
]

COLUMNS = {MSEL: MSEL_COLUMNS, DECISIONS: DECISION_COLUMNS, OBJECTIVES: OBJECTIVE_COLUMNS, EXERCISE: EXERCISE_COLUMNS}

# The Exercise sheet's rows: scenario key, and the item's words.
EXERCISE_ROWS: list[tuple[str, str]] = [
    ("id", "Scenario id / シナリオID"), ("title.en", "Title (en) / 表題（英）"), ("title.ja", "Title (ja) / 表題（日）"),
    ("summary.en", "Summary (en) / 概要（英）"), ("summary.ja", "Summary (ja) / 概要（日）"),
    ("scope.en", "Scope (en) / 範囲（英）"), ("scope.ja", "Scope (ja) / 範囲（日）"),
    ("poc", "Point of contact / 連絡先"), ("doctrine", "Doctrine pack / ドクトリン"),
    ("banner", "Banner / バナー"), ("languages", "Languages / 言語"),
    ("start", "STARTEX (scenario clock) / 想定開始日時"), ("duration", "Planned length / 予定時間"),
    ("clock.mode", "Clock mode / 時計モード"), ("clock.speed", "Clock speed / 時計速度"),
    ("seats", "Seats in play / 参加ロール"), ("evaluators", "Evaluator seats / 評価者数"),
]

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

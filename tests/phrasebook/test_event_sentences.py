"""Per event type: its payload (as the engine logs it) parses to its typed model, and its
sentence reads as expected in English and in Japanese."""

from __future__ import annotations

import pytest

from tabletop.engine import events as ev
from tabletop.engine.events import PAYLOADS, Event
from tabletop.phrasebook import Names, describe, tag

NAMES = Names(
    roles={"jp.pm": {"title": {"en": "Prime Minister", "ja": "内閣総理大臣"}, "side": "jp"},
           "jp.mod": {"title": {"en": "Minister of Defense", "ja": "防衛大臣"}, "side": "jp"},
           "us.indopacom": {"title": {"en": "INDOPACOM", "ja": "インド太平洋軍"}, "side": "us"}},
    actions={"jp.order-bmd": {"label": {"en": "Order destruction", "ja": "破壊措置を命じる"}}},
    situations={"none": {"en": "Peacetime", "ja": "平時"}, "sts": {"en": "Survival-Threatening Situation",
                                                                 "ja": "存立危機事態"}},
    flags={"launch": {"en": "A missile was launched", "ja": "ミサイルが発射された"}},
    obligations={"diet": {"en": "Report to the Diet", "ja": "国会に報告する"}},
    sides={"jp": {"en": "Japan", "ja": "日本"}, "us": {"en": "United States", "ja": "米国"}},
    seats=["jp.pm", "jp.mod", "us.indopacom"],
    options={("D1", "approve"): {"en": "Approve", "ja": "承認する"}},
)

REASON = {"text": {"en": "Needs the PM's approval", "ja": "総理の承認が必要"},
          "citations": [{"instrument": "SDF Act", "article": "Art. 82-3(1)", "ja": "自衛隊法第82条の3第1項",
                         "verified": True},
                        {"instrument": "Guidelines", "article": "IV.C", "verified": False}]}

# type, actor, data as the engine writes it, English sentence, Japanese sentence
CASES = [
    (ev.EXERCISE_CREATED, "system",
     {"exercise": "x", "scenario": "s", "scenario_sha256": "a", "doctrine": "d", "doctrine_sha256": "b",
      "title": {"en": "Dawn launch", "ja": "早朝の発射"}, "start": "2027-10-05T06:40:00+09:00", "seats": ["jp.pm"]},
     "exercise created: Dawn launch", "演習を作成：早朝の発射"),
    (ev.SEAT_JOINED, "jp.pm", {}, "Prime Minister", "内閣総理大臣"),
    (ev.SEAT_LEFT, "evaluator-2", {}, "Evaluator 2", "評価者 2"),
    (ev.EXERCISE_STARTED, "control", {"speed": 1, "mode": "realtime"}, "×1", "×1"),
    (ev.CLOCK_PAUSED, "control", {}, "", ""),
    (ev.CLOCK_RESUMED, "control", {}, "", ""),
    (ev.SPEED_CHANGED, "control", {"speed": 2.0, "previous": 1}, "×1 → ×2", "×1 → ×2"),
    (ev.INJECT_RELEASED, "system",
     {"inject": "I01", "title": {"en": "Launch", "ja": "発射"}, "body": {"en": "b", "ja": "本文"}, "from": "J2",
      "method": "phone", "to": ["jp.pm", "jp.mod"], "decisions": ["D1"]},
     "I01 Launch → all Japan", "I01 発射 → 日本全体"),
    (ev.INJECT_HELD, "control", {"inject": "I02"}, "I02", "I02"),
    (ev.INJECT_SKIPPED, "system", {"inject": "I03", "reason": "follows I02, which was skipped"},
     "I03 — follows I02, which was skipped", "I03 — 先行するI02が省略された"),
    (ev.INJECT_ACKNOWLEDGED, "jp.pm", {"inject": "I01"}, "Prime Minister read I01", "内閣総理大臣がI01を読んだ"),
    (ev.DECISION_OPENED, "system",
     {"decision": "D1", "inject": "I01", "to": "jp.pm", "prompt": {"en": "Approve?", "ja": "承認するか。"},
      "options": [{"id": "approve", "label": {"en": "Approve", "ja": "承認する"}, "action": None}],
      "deadline_at": 480.0, "on_timeout": "approve"},
     "D1 → Prime Minister: Approve?", "D1 → 内閣総理大臣：承認するか。"),
    (ev.MOVE_SUBMITTED, "jp.mod",
     {"decision": None, "option": None, "action": "jp.order-bmd", "text": "now", "flags": [], "ruling": 7},
     "Minister of Defense: Order destruction (overruled #7) — “now”",
     "防衛大臣：破壊措置を命じる（裁定で#7の阻止を覆した） 「now」"),
    (ev.MOVE_BLOCKED, "jp.mod",
     {"decision": None, "option": None, "action": "jp.order-bmd", "text": "", "reasons": [REASON]},
     "#5 Minister of Defense: Order destruction — Needs the PM's approval [SDF Act Art. 82-3(1); "
     "Guidelines IV.C ◇ unverified]",
     "#5 防衛大臣：破壊措置を命じる — 総理の承認が必要［自衛隊法第82条の3第1項；Guidelines IV.C ◇ 未確認］"),
    (ev.DECISION_RESOLVED, "jp.pm", {"decision": "D1", "option": "approve", "timed_out": False},
     "D1 → Approve", "D1 → 承認する"),
    (ev.DECISION_TIMED_OUT, "system", {"decision": "D1", "option": None}, "D1 → no answer", "D1 → 回答なし"),
    (ev.SITUATION_DECLARED, "jp.pm", {"situation": "sts", "previous": "none", "action": "x"},
     "Survival-Threatening Situation (was Peacetime)  Prime Minister", "存立危機事態（従前：平時）  内閣総理大臣"),
    (ev.SITUATION_ENDED, "jp.pm", {"situation": "sts", "action": "x", "situations": []},
     "Survival-Threatening Situation ended  Prime Minister", "存立危機事態の終了  内閣総理大臣"),
    (ev.FLAGS_CHANGED, "system", {"set": ["launch"], "cleared": ["calm"], "source": "I01"},
     "+ A missile was launched, − calm", "+ ミサイルが発射された、− calm"),
    (ev.OBLIGATION_DUE, "jp.pm",
     {"key": "diet#1", "obligation": "diet", "owed_by": ["jp.pm"], "due_at": 3600.0, "action": "x"},
     "Report to the Diet by +01:00:00", "国会に報告する（期限 +01:00:00）"),
    (ev.OBLIGATION_MET, "jp.pm", {"key": "diet#1", "obligation": "diet", "action": "y", "late": True},
     "Report to the Diet (late)", "国会に報告する（期限後）"),
    (ev.OBLIGATION_OVERDUE, "system", {"key": "diet#1", "obligation": "diet"}, "Report to the Diet", "国会に報告する"),
    (ev.MESSAGE_SENT, "jp.mod", {"to": ["us.indopacom"], "text": "hello"},
     "Minister of Defense → INDOPACOM: hello", "防衛大臣 → インド太平洋軍：hello"),
    (ev.OBSERVATION_RECORDED, "evaluator", {"objective": "OBJ1", "rating": "S", "text": "timely"},
     "OBJ1 [S] timely  — Evaluator", "OBJ1［S］timely  — 評価者"),
    (ev.RULING_MADE, "control",
     {"target": 5, "verdict": "uphold", "reason": "no attack yet", "seat": "jp.mod", "action": "jp.order-bmd"},
     "#5 UPHELD (Minister of Defense: Order destruction) — no attack yet",
     "#5 阻止を維持（防衛大臣：破壊措置を命じる） — no attack yet"),
    (ev.HOTWASH_SUBMITTED, "jp.pm", {"strengths": "a", "improvements": "b"}, "Prime Minister", "内閣総理大臣"),
    (ev.EXERCISE_ENDED, "control", {"open_decisions": ["D9"]}, "", ""),
    (ev.FORKED, "control", {"exercise": "ml-b", "parent": "ml", "point": 50, "head": "ab" * 32, "decision": "D8",
                            "option": "measured", "parent_file": "ml.db"},
     "from ml at #50, before D8 was answered, to play measured", "ml の #50 から分岐（D8 の回答前）、measured を選ぶ"),
    (ev.STARTING_STATE, "system", {"situations": ["sts"], "flags": ["launch"], "done": ["jp.order-bmd"],
                                   "items": [{"kind": "done", "id": "jp.order-bmd", "by": "jp.mod",
                                              "citation": "SDF Act Art. 82-3(3)", "verified": True}]},
     "in force at STARTEX: Survival-Threatening Situation; already done: Order destruction",
     "演習開始時点で有効：存立危機事態；実施済み：破壊措置を命じる"),
    (ev.PHASE_BEGAN, "system", {"phase": "P2", "speed": 30, "jumped_from": 600.0, "by": "schedule"},
     "P2 ×30 (the clock jumped from +00:10:00)", "P2 ×30（時計を+00:10:00から進めた）"),
    (ev.DEADLINE_MOVED, "system", {"decision": "D1", "deadline_at": 3900.0},
     "D1: due at +01:05:00 (a real-time window keeps its minutes)", "D1：期限+01:05:00（実時間の期限は長さを保つ）"),
    (ev.POSITION_TAKEN, "jp.pm", {"decision": "D1", "option": "approve", "text": ""},
     "Prime Minister: D1 Approve", "内閣総理大臣：D1 承認する"),
]


def test_every_event_type_has_a_case_here():
    assert sorted(t for t, *_ in CASES) == sorted(PAYLOADS)


@pytest.mark.parametrize("type_, actor, data, en, ja", CASES, ids=[c[0] for c in CASES])
def test_given_an_event_as_logged_then_its_payload_parses_and_its_sentence_reads_well(type_, actor, data, en, ja):
    event = Event(type_, actor, 60.0, "2027-10-04T21:41:00.000Z", data, None, 5)
    assert event.known and event.problem is None
    assert type(event.payload) is PAYLOADS[type_]
    assert describe(event, "en", NAMES) == en
    assert describe(event, "ja", NAMES) == ja
    assert tag(event, "ja") != tag(event, "en") or type_ == ev.EXERCISE_STARTED


def test_an_ad_hoc_inject_is_tagged_as_one():
    event = Event(ev.INJECT_RELEASED, "control", 0, "w", {"inject": "X01", "adhoc": True, "title": {"en": "t"},
                                                          "body": {"en": "b"}, "to": ["jp.pm"]})
    assert (tag(event, "en"), tag(event, "ja")) == ("AD HOC", "臨時")
    assert describe(event, "ja", NAMES) == "X01 t → 内閣総理大臣"


def test_a_seat_namer_function_names_the_roles_and_leaves_other_things_as_ids():
    event = Event(ev.MESSAGE_SENT, "jp.mod", 0, "w", {"to": ["jp.pm", "us.indopacom"], "text": "x"})
    assert describe(event, "ja", lambda seat: seat.upper()) == "JP.MOD → JP.PM、US.INDOPACOM：x"

"""One event of the log in words (the evidence appendix and the printed log). Participant text
is kept apart (`note`), shown as written, never translated."""

from __future__ import annotations

from dataclasses import dataclass

from tabletop.engine import events as ev
from tabletop.report.model import Bi, bi, text_bi

# (English, Japanese) sentence per event type; fields from the event's data (names resolved below)
SENTENCES: dict[str, tuple[str, str]] = {
    ev.EXERCISE_CREATED: ("Exercise {exercise} created (scenario {scenario})", "演習{exercise}作成（シナリオ{scenario}）"),
    ev.EXERCISE_STARTED: ("STARTEX (clock {mode}, ×{speed})", "演習開始（時計{mode}、×{speed}）"),
    ev.CLOCK_PAUSED: ("Clock paused", "時計停止"),
    ev.CLOCK_RESUMED: ("Clock resumed", "時計再開"),
    ev.SPEED_CHANGED: ("Clock speed ×{previous} → ×{speed}", "時計速度 ×{previous} → ×{speed}"),
    ev.INJECT_RELEASED: ("Inject {inject} released to {to}: {title}", "インジェクト{inject}を{to}に配布：{title}"),
    ev.INJECT_HELD: ("Inject {inject} held", "インジェクト{inject}保留"),
    ev.INJECT_SKIPPED: ("Inject {inject} skipped", "インジェクト{inject}省略"),
    ev.INJECT_ACKNOWLEDGED: ("Inject {inject} acknowledged", "インジェクト{inject}受領確認"),
    ev.DECISION_OPENED: ("Decision {decision} opened for {role}: {prompt}", "決定{decision}を{role}に提示：{prompt}"),
    ev.MOVE_SUBMITTED: ("Move: {label}{on}", "行動：{label}{on}"),
    ev.MOVE_BLOCKED: ("Move blocked: {label}{on} [{cites}]", "行動阻止：{label}{on}［{cites}］"),
    ev.DECISION_RESOLVED: ("Decision {decision} resolved: {option}", "決定{decision}確定：{option}"),
    ev.DECISION_TIMED_OUT: ("Decision {decision} timed out (default: {option})", "決定{decision}期限切れ（既定：{option}）"),
    ev.SITUATION_DECLARED: ("Situation declared: {situation}", "事態認定：{situation}"),
    ev.FLAGS_CHANGED: ("Facts set: {set}; cleared: {cleared}", "状況設定：{set}；解除：{cleared}"),
    ev.OBLIGATION_DUE: ("Obligation due: {obligation}", "義務発生：{obligation}"),
    ev.OBLIGATION_MET: ("Obligation met: {key}", "義務履行：{key}"),
    ev.OBLIGATION_OVERDUE: ("Obligation overdue: {key}", "義務期限超過：{key}"),
    ev.MESSAGE_SENT: ("Message to {to}", "{to}へのメッセージ"),
    ev.OBSERVATION_RECORDED: ("Observation on {objective}: {rating}", "{objective}に関する所見：{rating}"),
    ev.RULING_MADE: ("Ruling on #{target}: {verdict}", "#{target}への裁定：{verdict}"),
    ev.HOTWASH_SUBMITTED: ("Hotwash submitted", "ホットウォッシュ提出"),
    ev.SEAT_JOINED: ("Seat joined", "席に参加"),
    ev.SEAT_LEFT: ("Seat left", "席を離脱"),
    ev.EXERCISE_ENDED: ("ENDEX", "演習終了"),
}
NOTE = {ev.MOVE_SUBMITTED: ("text",), ev.MOVE_BLOCKED: ("text",), ev.MESSAGE_SENT: ("text",),
        ev.OBSERVATION_RECORDED: ("text",), ev.RULING_MADE: ("reason",), ev.INJECT_SKIPPED: ("reason",),
        ev.HOTWASH_SUBMITTED: ("strengths", "improvements")}


@dataclass
class Entry:
    seq: int
    at: float
    wall: str
    actor: str
    role: Bi
    type: str
    text: Bi
    note: str = ""


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return "—"


def entry(e, names) -> Entry:
    d = e.data
    fields: dict[str, Bi] = {k: bi(str(v)) for k, v in d.items() if isinstance(v, (str, int, float))}
    fields["to"] = _roles(names, d.get("to"))
    fields["role"] = names.role(d.get("to")) if isinstance(d.get("to"), str) else fields["to"]
    fields["title"], fields["prompt"] = text_bi(d.get("title")), text_bi(d.get("prompt"))
    fields["situation"] = names.situation(d.get("situation"))
    fields["label"] = names.action(d.get("action")) or bi(d.get("option") or "—")
    fields["on"] = {"en": f" on {d['decision']} ({d.get('option')})", "ja": f"（決定{d['decision']}：{d.get('option')}）"} \
        if d.get("decision") and "Move" in e.type else bi("")
    fields["cites"] = bi("; ".join(f"{c.get('instrument')} {c.get('article')}" for r in d.get("reasons") or []
                                   for c in r.get("citations", [])))
    fields["set"], fields["cleared"] = bi(", ".join(d.get("set") or []) or "—"), bi(", ".join(d.get("cleared") or []) or "—")
    en, ja = SENTENCES.get(e.type, (e.type, e.type))
    text = {"en": en.format_map(_Fields({k: v["en"] for k, v in fields.items()})),
            "ja": ja.format_map(_Fields({k: v["ja"] for k, v in fields.items()}))}
    note = " / ".join(str(d.get(k)) for k in NOTE.get(e.type, ()) if d.get(k))
    return Entry(e.seq, e.at, e.wall, e.actor, names.role(e.actor), e.type, text, note)


def _roles(names, seats) -> Bi:
    if not isinstance(seats, list) or not seats:
        return bi("—")
    roles = [names.role(s) for s in seats]
    return {"en": ", ".join(r["en"] for r in roles), "ja": "、".join(r["ja"] for r in roles)}

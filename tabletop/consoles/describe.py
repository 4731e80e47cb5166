"""One line of the live feed per event, as Rich text.

Sides are told apart by a badge (`US`, `JP`, ...) as well as by colour, so a
move is legible on a washed-out projector and to a colour-blind reader."""

from __future__ import annotations

from rich.text import Text

from tabletop.consoles.model import Lexicon, pick
from tabletop.consoles import wire as ev
from tabletop.consoles.wire import Event
from tabletop.consoles.wire import format_offset

SIDE_STYLES = {
    "us": "bold #6cb6ff", "jp": "bold #ff7b8a", "blue": "bold #6cb6ff", "red": "bold #ff7b8a",
    "control": "bold #e0c060",
}
OTHER_STYLES = ("bold #7ee787", "bold #d2a8ff", "bold #ffa657")


def side_style(side: str) -> str:
    if side in SIDE_STYLES:
        return SIDE_STYLES[side]
    return OTHER_STYLES[sum(map(ord, side)) % len(OTHER_STYLES)]


def side_badge(side: str) -> Text:
    label = "CTL" if side == "control" else side.upper()[:3]
    return Text(f" {label:<3} ", style=f"reverse {side_style(side)}")


def citation_text(c: dict) -> str:
    mark = "" if c.get("verified", True) else " ◇ unverified"
    return f"{c.get('instrument', '')} {c.get('article', '')}".strip() + mark


def reasons_text(reasons: list[dict], lang: str) -> Text:
    """Each unmet condition with its citations: 'Needs approval [Mini Act Art. 3]; ...'."""
    out = Text()
    for i, r in enumerate(reasons or []):
        if i:
            out.append("; ")
        out.append(pick(r.get("text"), lang))
        cites = [citation_text(c) for c in r.get("citations") or []]
        if cites:
            out.append(f" [{'; '.join(cites)}]", style="italic")
    return out


LABELS = {
    "en": {"released": "INJECT", "held": "HELD", "skipped": "SKIPPED", "opened": "DECISION", "move": "MOVE",
           "blocked": "BLOCKED", "resolved": "DECIDED", "timeout": "TIMED OUT", "situation": "SITUATION",
           "flags": "FACT", "obl_due": "DUE", "obl_met": "MET", "obl_over": "OVERDUE", "msg": "MESSAGE",
           "obs": "OBSERVED", "ruling": "RULING", "hotwash": "HOTWASH", "ended": "ENDEX", "started": "STARTEX",
           "paused": "PAUSED", "resumed": "RESUMED", "speed": "SPEED", "joined": "JOINED", "left": "LEFT",
           "adhoc": "AD HOC", "overruled": "overruled", "overrule": "OVERRULED", "uphold": "UPHELD",
           "adjudicate": "ADJUDICATED", "skipped by control": "skipped by control",
           "condition can no longer hold": "condition can no longer hold"},
    "ja": {"released": "付与", "held": "保留", "skipped": "省略", "opened": "決定事項", "move": "行動",
           "blocked": "阻止", "resolved": "決定", "timeout": "期限切れ", "situation": "事態", "flags": "事実",
           "obl_due": "義務", "obl_met": "履行", "obl_over": "期限超過", "msg": "通信", "obs": "評価",
           "ruling": "裁定", "hotwash": "振り返り", "ended": "演習終了", "started": "演習開始", "paused": "一時停止",
           "resumed": "再開", "speed": "速度", "joined": "接続", "left": "切断", "adhoc": "臨時",
           "overruled": "裁定で阻止を覆す", "overrule": "阻止を覆す", "uphold": "阻止を維持", "adjudicate": "判定",
           "skipped by control": "統制が省略", "condition can no longer hold": "条件が成立し得なくなった"},
}


def describe(e: Event, lex: Lexicon, lang: str = "en", *, show_time: bool = True) -> Text | None:
    """The feed line for an event, or None for events the feed does not show."""
    L = LABELS["ja" if lang == "ja" else "en"]
    d = e.data
    who = lex.role(e.actor, lang)
    side = lex.side(e.actor)
    line = Text(no_wrap=False, overflow="fold")
    if show_time:
        line.append(format_offset(e.at), style="dim")
        line.append(" ")

    def tag(label: str, style: str) -> None:
        line.append(f"{label:<9}", style=style)
        line.append(" ")

    def actor() -> None:
        line.append_text(side_badge(side))
        line.append(" ")
        line.append(who, style=side_style(side))

    t = e.type
    if t == ev.INJECT_RELEASED:
        tag(L["adhoc"] if d.get("adhoc") else L["released"], "bold #e0c060")
        line.append(f"{d.get('inject', '')} ", style="bold")
        line.append(pick(d.get("title"), lang), style="bold")
        to = d.get("to") or []
        if to:
            line.append(" → " + lex.audience(to, lang), style="dim")
    elif t == ev.INJECT_HELD:
        tag(L["held"], "#e0c060")
        line.append(d.get("inject", ""))
    elif t == ev.INJECT_SKIPPED:
        tag(L["skipped"], "dim")
        reason = d.get("reason", "")
        line.append(f"{d.get('inject', '')} — {L.get(reason, reason)}", style="dim")
    elif t == ev.DECISION_OPENED:
        tag(L["opened"], "bold")
        line.append(f"{d.get('decision', '')} → {lex.role(d.get('to'), lang)}: ")
        line.append(pick(d.get("prompt"), lang))
    elif t == ev.MOVE_SUBMITTED:
        tag(L["move"], "bold")
        actor()
        what = lex.action(d.get("action"), lang) or d.get("option") or ""
        line.append(": ")
        if d.get("decision"):
            line.append(f"{d['decision']} ", style="dim")
        line.append(what, style="bold")
        if d.get("ruling"):
            line.append(f" ({L['overruled']} #{d['ruling']})", style="italic #e0c060")
        for f in d.get("flags") or []:
            line.append("  ⚑ ", style="#e0c060")
            line.append(pick(f.get("text"), lang), style="#e0c060")
        if d.get("text"):
            line.append(f" — “{d['text']}”", style="italic")
    elif t == ev.MOVE_BLOCKED:
        tag(L["blocked"], "bold reverse #ff5555")
        line.append(f"#{e.seq} ", style="dim")
        actor()
        line.append(": ")
        line.append(lex.action(d.get("action"), lang) or d.get("option") or "", style="bold")
        line.append(" — ")
        line.append_text(reasons_text(d.get("reasons") or [], lang))
        if d.get("text"):
            line.append(f" — “{d['text']}”", style="italic")
    elif t in (ev.DECISION_RESOLVED, ev.DECISION_TIMED_OUT):
        tag(L["resolved"] if t == ev.DECISION_RESOLVED else L["timeout"],
            "bold #7ee787" if t == ev.DECISION_RESOLVED else "bold #ffa657")
        line.append(f"{d.get('decision', '')} → {d.get('option') or '—'}")
    elif t == ev.SITUATION_DECLARED:
        tag(L["situation"], "bold reverse #d2a8ff")
        line.append(lex.situation(d.get("situation", ""), lang), style="bold")
        if d.get("previous"):  # a log of pack version 1: the situation replaced the previous one
            line.append(f" (was {lex.situation(d['previous'], lang)})", style="dim")
        if e.actor not in ("system", "control"):
            line.append("  ")
            actor()
    elif t == ev.SITUATION_ENDED:
        tag(L["situation"], "#d2a8ff")
        line.append(("終了: " if lang == "ja" else "ended: ") + lex.situation(d.get("situation", ""), lang), style="bold")
        if e.actor not in ("system", "control"):
            line.append("  ")
            actor()
    elif t == ev.FLAGS_CHANGED:
        tag(L["flags"], "#d2a8ff")
        parts = [f"+ {lex.flag(f, lang)}" for f in d.get("set") or []]
        parts += [f"− {lex.flag(f, lang)}" for f in d.get("cleared") or []]
        line.append(", ".join(parts))
    elif t == ev.OBLIGATION_DUE:
        tag(L["obl_due"], "#ffa657")
        line.append(lex.obligation(d.get("obligation", ""), lang))
        line.append(f" by {format_offset(d.get('due_at', 0))}", style="dim")
    elif t == ev.OBLIGATION_MET:
        tag(L["obl_met"], "#7ee787")
        line.append(lex.obligation(d.get("obligation", ""), lang) + (" (late)" if d.get("late") else ""))
    elif t == ev.OBLIGATION_OVERDUE:
        tag(L["obl_over"], "bold reverse #ffa657")
        line.append(lex.obligation(d.get("obligation", ""), lang))
    elif t == ev.MESSAGE_SENT:
        tag(L["msg"], "bold")
        actor()
        line.append(" → " + lex.audience(d.get("to") or [], lang) + ": ")
        line.append(d.get("text", ""))
    elif t == ev.RULING_MADE:
        tag(L["ruling"], "bold reverse #e0c060")
        verdict = d.get("verdict", "")
        line.append(f"#{d.get('target')} {L.get(verdict, verdict.upper())}", style="bold")
        if d.get("action"):
            line.append(f" ({lex.role(d.get('seat'), lang)}: {lex.action(d['action'], lang)})")
        line.append(f" — {d.get('reason', '')}", style="italic")
    elif t == ev.OBSERVATION_RECORDED:
        tag(L["obs"], "#7ee787")
        line.append(f"{d.get('objective', '')} [{d.get('rating', '')}] ", style="bold")
        line.append(d.get("text", ""))
        line.append(f"  — {who}", style="dim")
    elif t == ev.HOTWASH_SUBMITTED:
        tag(L["hotwash"], "dim")
        line.append(who)
    elif t == ev.EXERCISE_STARTED:
        tag(L["started"], "bold reverse #7ee787")
        line.append(f"×{d.get('speed', 1):g}")
    elif t == ev.CLOCK_PAUSED:
        tag(L["paused"], "bold #ffa657")
    elif t == ev.CLOCK_RESUMED:
        tag(L["resumed"], "bold #7ee787")
    elif t == ev.SPEED_CHANGED:
        tag(L["speed"], "bold")
        line.append(f"×{d.get('previous', 1):g} → ×{d.get('speed', 1):g}")
    elif t == ev.EXERCISE_ENDED:
        tag(L["ended"], "bold reverse #ff5555")
    elif t in (ev.SEAT_JOINED, ev.SEAT_LEFT):
        tag(L["joined"] if t == ev.SEAT_JOINED else L["left"], "dim")
        line.append(who, style="dim")
    else:
        return None
    return line

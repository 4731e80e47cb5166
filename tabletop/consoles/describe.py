"""One line of the live feed per event, as Rich text: the phrasebook's sentence
(tabletop.phrasebook.describe_parts), each field styled.

Sides are told apart by a badge (`US`, `JP`, ...) as well as by colour, so a
move is legible on a washed-out projector and to a colour-blind reader. Tags
are padded by terminal cells, so Japanese lines up with English."""

from __future__ import annotations

from rich.text import Text

from tabletop.consoles import wire as ev
from tabletop.consoles.model import Lexicon
from tabletop.consoles.wire import Event, format_offset
from tabletop.phrasebook import describe_parts, pad, phrase, reasons_parts
from tabletop.phrasebook import tag as event_tag

SIDE_STYLES = {
    "us": "bold #6cb6ff", "jp": "bold #ff7b8a", "blue": "bold #6cb6ff", "red": "bold #ff7b8a",
    "control": "bold #e0c060", "evaluator": "bold #7ee787",
}
BADGES = {"control": "CTL", "evaluator": "EVAL"}  # an evaluator is not control: it said "CTL"
OTHER_STYLES = ("bold #7ee787", "bold #d2a8ff", "bold #ffa657")
TAG_WIDTH = 9  # cells: the feed's left column

TAG_STYLES = {
    ev.INJECT_RELEASED: "bold #e0c060", ev.INJECT_HELD: "#e0c060", ev.INJECT_SKIPPED: "dim",
    ev.DECISION_OPENED: "bold", ev.MOVE_SUBMITTED: "bold", ev.MOVE_BLOCKED: "bold reverse #ff5555",
    ev.DECISION_RESOLVED: "bold #7ee787", ev.DECISION_TIMED_OUT: "bold #ffa657",
    ev.SITUATION_DECLARED: "bold reverse #d2a8ff", ev.SITUATION_ENDED: "#d2a8ff", ev.FLAGS_CHANGED: "#d2a8ff", ev.OBLIGATION_DUE: "#ffa657",
    ev.OBLIGATION_MET: "#7ee787", ev.OBLIGATION_OVERDUE: "bold reverse #ffa657", ev.MESSAGE_SENT: "bold",
    ev.RULING_MADE: "bold reverse #e0c060", ev.OBSERVATION_RECORDED: "#7ee787", ev.HOTWASH_SUBMITTED: "dim",
    ev.EXERCISE_STARTED: "bold reverse #7ee787", ev.CLOCK_PAUSED: "bold #ffa657", ev.CLOCK_RESUMED: "bold #7ee787",
    ev.SPEED_CHANGED: "bold", ev.EXERCISE_ENDED: "bold reverse #ff5555", ev.SEAT_JOINED: "dim", ev.SEAT_LEFT: "dim",
}
FIELD_STYLES = {
    "inject": "bold", "title": "bold", "action": "bold", "situation": "bold", "seq": "dim", "decision": "dim",
    "audience": "dim", "previous": "dim", "due": "dim", "ruling": "italic #e0c060", "flag": "#e0c060",
    "citations": "italic", "quote": "italic", "reason": None, "verdict": "bold", "target": "bold",
    "objective": "bold", "rating": "bold",
}
WHOLE_LINE_STYLES = {ev.INJECT_SKIPPED: "dim", ev.SEAT_JOINED: "dim", ev.SEAT_LEFT: "dim"}
NOT_IN_FEED = {ev.EXERCISE_CREATED, ev.INJECT_ACKNOWLEDGED}


def side_style(side: str) -> str:
    if side in SIDE_STYLES:
        return SIDE_STYLES[side]
    return OTHER_STYLES[sum(map(ord, side)) % len(OTHER_STYLES)]


def side_badge(side: str) -> Text:
    label = BADGES.get(side) or side.split(".", 1)[0].upper()[:3]  # a party is its own side: ph.gov, PH
    return Text(f" {label:<3} ", style=f"reverse {side_style(side)}")


def badge_side(lex: Lexicon, seat: str | None) -> str:
    """The side a seat's badge shows: its own side, control, or "evaluator" (the Lexicon counts
    evaluators with control, for what they may see)."""
    if seat and seat.startswith("evaluator"):
        return "evaluator"
    return lex.side(seat)


def styled(pieces, style_of=FIELD_STYLES.get, base: str | None = None) -> Text:
    """Phrasebook parts as Rich text, each field in its style."""
    out = Text()
    for text, name in pieces:
        out.append(text, style=base or (style_of(name) if name else None))
    return out


def reasons_text(reasons, lang: str, *, marks: bool = True) -> Text:
    """Each unmet condition with its citations: 'Needs approval [Mini Act Art. 3]; ...'."""
    return styled(reasons_parts(reasons, lang, marks=marks))


def describe(e: Event, lex: Lexicon, lang: str = "en", *, show_time: bool = True) -> Text | None:
    """The feed line for an event, or None for events the feed does not show."""
    if e.known and e.type in NOT_IN_FEED:
        return None
    line = Text(no_wrap=False, overflow="fold")
    if show_time:
        line.append(format_offset(e.at), style="dim")
        line.append(" ")
    line.append(pad(event_tag(e, lang), TAG_WIDTH), style=TAG_STYLES.get(e.type, "bold reverse #888888"))
    pieces = describe_parts(e, lang, lex)
    badged = e.type not in WHOLE_LINE_STYLES and e.type != ev.OBSERVATION_RECORDED
    if not (badged and pieces and pieces[0][1] == "actor"):
        # a line that opens with a badge (MOVE, MESSAGE, HOTWASH) has the badge's own leading
        # space there instead: its letters start in the column every other line's text starts in
        line.append(" ")
    whole = WHOLE_LINE_STYLES.get(e.type)
    side = badge_side(lex, e.actor)
    for text, name in pieces:
        if name == "actor" and badged:
            line.append_text(side_badge(side))
            line.append(" ")
            line.append(text, style=side_style(side))
        else:
            line.append(text, style=whole or ("dim" if name == "actor" else FIELD_STYLES.get(name) if name else None))
    return line

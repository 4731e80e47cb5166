"""The situation board: legal situation, then what needs control first — blocked moves
waiting for a ruling, open decisions with their countdowns, obligations — and the
scenario facts last."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tabletop.consoles.model import ControlView, countdown, pick
from tabletop.consoles.wire import format_offset
from tabletop.phrasebook import section



class SituationBoard(Static):
    """Drawn from the control view and the scenario time; parents call `show(view, at)` each tick.
    The facilitator's screen puts it in a bordered scroll box (#board): a long board scrolls, not clips."""

    DEFAULT_CSS = """
    SituationBoard { height: auto; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._shown: list = []
        self.lang = "en"

    def show(self, view: ControlView, at: float) -> None:
        board = self.board(view, at, self.lang)
        key = [signature(r) for r in board.renderables]
        if key != self._shown:  # an unchanged board costs no layout
            self._shown = key
            self.update(board)

    @staticmethod
    def board(view: ControlView, at: float, lang: str) -> Group:
        h = section("consoles.situation_board.head", lang)
        w = section("consoles.situation_board", lang)
        lex = view.lexicon
        state = view.state
        ended = state.phase == "ended"  # nothing counts down or waits for a key any more
        parts: list = [Text(w("ended", at=format_offset(at)), style="bold reverse")] if ended else []
        parts.append(situations_line(view, lang))
        pending = view.pending_rulings()
        if pending:
            parts.append(Text(h["unruled"] if ended else w("awaiting", label=h["awaiting"]),
                              style="bold underline" + ("" if ended else " #ff5555")))
            for e in pending:
                line = Text()  # wraps: the action's whole name (the board scrolls when long)
                line.append(f"#{e.seq} ", style="bold")
                line.append(w("move", seat=lex.role(e.actor, lang), action=lex.action(e.payload.action, lang)))
                parts.append(line)
        open_decisions = [(k, d) for k, d in state.decisions.items() if d.status == "open"]
        heading = h["left_open"] if ended else h["open"]
        parts.append(Text(heading if open_decisions else w("label", label=heading) + h["none"],
                          style="bold underline" if open_decisions else "dim"))
        if open_decisions:
            t = Table.grid(padding=(0, 1))
            for key, d in sorted(open_decisions, key=lambda kd: kd[1].deadline_at or 1e18):
                _, decision = view.scenario.decision(key)
                left = None if d.deadline_at is None else d.deadline_at - at
                if ended:
                    when = Text(w["not_decided"], style="bold")
                else:
                    style = "bold reverse #ff5555" if left is not None and left < 60 else "bold #e0c060"
                    when = Text(countdown(left) if left is not None else w["no_deadline"], style=style)
                t.add_row(Text(key, style="bold"), Text(lex.role(decision.to, lang)), when,
                          Text(pick(decision.prompt, lang), style="dim"))
            parts.append(t)

        parts += obligations_due(view, at, lang)

        # One fact a line, each its own sentence (joined by commas they read as one sentence, capitals mid-way).
        facts = Text()
        facts.append(w("label", label=h["facts"]), style="dim")
        if not state.flags:
            facts.append(h["none"])
        for f in sorted(state.flags):
            facts.append(f"\n  • {lex.flag(f, lang)}")
        parts.append(facts)

        return Group(*parts)


def situations_line(view: ControlView, lang: str) -> Text:
    """Every recognised legal situation in force, side by side (public: SituationDeclared is)."""
    h = section("consoles.situation_board.head", lang)
    sit = Text()
    sit.append(section("consoles.situation_board", lang)("label", label=h["situation"]), style="dim")
    for i, situation in enumerate(view.state.in_force()):
        sit.append(" " if i else "")
        sit.append(f" {view.lexicon.situation(situation, lang)} ", style="bold reverse #d2a8ff")
    return sit


def obligations_due(view: ControlView, at: float, lang: str) -> list:
    """The obligations not yet met, soonest first, with who owes them and when (a heading and a
    table; nothing when none is due)."""
    h = section("consoles.situation_board.head", lang)
    w = section("consoles.situation_board", lang)
    lex = view.lexicon
    obligations = [o for o in view.state.obligations.values() if o.status != "met"]
    if not obligations:
        return []
    t = Table.grid(padding=(0, 1))
    ended = view.state.phase == "ended"
    for o in sorted(obligations, key=lambda o: o.due_at):
        left = o.due_at - at
        if ended:  # no clock runs on it: say how it stood at ENDEX
            state_text = Text(w("unmet", due=format_offset(o.due_at)), style="bold #ffa657")
        elif o.status == "overdue" or left <= 0:
            state_text = Text(w("overdue", due=format_offset(o.due_at)), style="bold reverse #ffa657")
        else:
            state_text = Text(w("due_in", left=countdown(left)), style="#ffa657")
        t.add_row(Text(lex.obligation(o.obligation, lang)),
                  Text(w["separator"].join(lex.role(s, lang) for s in o.owed_by), style="dim"), state_text)
    return [Text(h["unmet"] if ended else h["obligations"], style="bold underline"), t]


def signature(renderable) -> tuple:
    """What a board line or table shows, to skip redrawing an unchanged board."""
    if isinstance(renderable, Text):
        return (renderable.plain, tuple(renderable.spans))
    if isinstance(renderable, Table):
        return tuple(signature(cell) for column in renderable.columns for cell in column._cells)
    return (repr(renderable),)

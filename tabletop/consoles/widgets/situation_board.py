"""The situation board: legal situation, then what needs control first — blocked moves
waiting for a ruling, open decisions with their countdowns, obligations — and the
scenario facts last."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tabletop.consoles.model import ControlView, countdown, pick
from tabletop.consoles.wire import format_offset
from tabletop.phrasebook import parts as phrase_parts, section



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
            parts.append(decisions_table(view, at, lang, open_decisions, ended))

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


def decisions_table(view: ControlView, at: float, lang: str, open_decisions, ended: bool) -> Table:
    """One row an open decision, soonest deadline first: its id, its countdown, then who decides
    and the prompt (wrapping). The first two columns keep their width while the board is up, so
    no prompt moves as a countdown loses a digit or a decision joins with a longer one."""
    w = section("consoles.situation_board", lang)
    t = Table.grid(padding=(0, 1))
    ids = [d.id for inject in view.scenario.injects for d in inject.decisions] + [key for key, _ in open_decisions]
    t.add_column(min_width=max(map(cell_len, ids)))
    t.add_column(justify="right", min_width=countdown_width(open_decisions))
    t.add_column()
    for key, d in sorted(open_decisions, key=lambda kd: kd[1].deadline_at or 1e18):
        _, decision = view.scenario.decision(key)
        left = None if d.deadline_at is None else d.deadline_at - at
        if ended:
            when = Text(w["not_decided"], style="bold")
        else:
            style = "bold reverse #ff5555" if left is not None and left < 60 else "bold #e0c060"
            when = Text(countdown(left) if left is not None else w["no_deadline"], style=style)
        what = Text()
        for text, name in phrase_parts("consoles.situation_board.decision", lang, role=view.lexicon.role(decision.to, lang),
                                prompt=pick(decision.prompt, lang)):
            what.append(text, style="dim" if name == "prompt" else None)
        t.add_row(Text(key, style="bold"), when, what)
    return t


def countdown_width(open_decisions) -> int:
    """The countdowns' column: as wide as the longest any open decision's will be (the time it
    was given, M:SS at least MM:SS), so that no prompt moves as one gains or loses a digit, nor
    when a decision with a ten-minute deadline joins one with five."""
    given = [countdown(d.deadline_at - d.opened_at) for _, d in open_decisions
             if d.deadline_at is not None and d.opened_at is not None]
    return max([cell_len("00:00")] + [cell_len(text) for text in given])


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

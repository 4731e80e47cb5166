"""The end prompt's words: what ENDEX leaves undone, named, so the facilitator can see to it first.
After ENDEX the engine takes no ruling, release or decision (only hotwash, observations, messages)."""

from __future__ import annotations

from tabletop.consoles.model import ControlView
from tabletop.phrasebook import phrase, section

NAMED = 5  # blocked moves named one a line; more are counted


def endex_question(view: ControlView, lang: str) -> str:
    """The question `e` asks: with the decisions still open and the blocked moves not ruled on."""
    w = section("consoles.endex", lang)
    lex = view.lexicon
    extra = ""
    open_decisions = view.state.open_decisions()
    if open_decisions:
        named = w["separator"].join(w("decision", decision=key, role=lex.role(view.scenario.decision(key)[1].to, lang))
                                    for key in open_decisions)
        extra += w("open", n=len(open_decisions), decisions=named)
    unruled = view.pending_rulings()
    if unruled:
        extra += w("unruled", n=len(unruled))
        for e in unruled[:NAMED]:
            extra += w("move", seq=e.seq, seat=lex.role(e.actor, lang), action=lex.action(e.payload.action, lang))
        if len(unruled) > NAMED:
            extra += w("more", n=len(unruled) - NAMED)
    return phrase("consoles.facilitator.say.endex", lang, open=extra)

"""The open decision points of this role, newest first; closed ones stay below as a record."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from tabletop.consoles.model import OpenDecision
from tabletop.consoles.widgets.decision_card import DecisionCard
from tabletop.phrasebook import phrase

class DecisionPanel(VerticalScroll):
    """Parents call `show(decisions, at)`; a card is mounted once per decision and never rebuilt,
    so a rationale being typed survives every update and every reconnect."""

    DEFAULT_CSS = """
    DecisionPanel { height: 1fr; }
    DecisionPanel #no-decisions { color: $text-muted; padding: 1; }
    """

    lang: reactive[str] = reactive("en")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cards: dict[str, DecisionCard] = {}

    def compose(self):
        yield Static(phrase("consoles.decision_panel.empty", self.lang), id="no-decisions")

    def show(self, decisions: list[OpenDecision], at: float) -> list[DecisionCard]:
        """Mount cards for new decisions; return the new cards (their options need checking)."""
        new: list[DecisionCard] = []
        for d in decisions:
            card = self.cards.get(d.decision)
            if card is None:
                card = DecisionCard(d, id=f"decision-{d.decision}")
                card.lang = self.lang
                self.cards[d.decision] = card
                first = next(iter(self.query(DecisionCard)), None)
                if first is not None:
                    self.mount(card, before=first)
                else:
                    self.mount(card)
                new.append(card)
            else:
                card.refresh_state()
        self.query_one("#no-decisions").display = not any(d.status == "open" for d in decisions)
        self.tick(at)
        return new

    def tick(self, at: float, speed: float = 1.0) -> None:
        for card in self.cards.values():
            d = card.decision
            card.speed = speed
            if d.status != "open":
                continue
            card.remaining = None if d.deadline_at is None else d.deadline_at - at

    def open_cards(self) -> list[DecisionCard]:
        return [c for c in self.cards.values() if c.decision.status == "open"]

    def watch_lang(self, lang: str) -> None:
        for card in self.cards.values():
            card.lang = lang
        if self.is_mounted:
            self.query_one("#no-decisions", Static).update(phrase("consoles.decision_panel.empty", lang))

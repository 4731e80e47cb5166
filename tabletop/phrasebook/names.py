"""Names of the exercise's things in both languages: roles (seats), sides, actions,
situations, flags, obligations and decision options, from the doctrine pack and
the scenario (as the server's welcome gives them, or loaded). A person reads a
role's name, never its id; ids stay for authors and the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tabletop.phrasebook.book import phrase

Bilingual = dict  # {"en": ..., "ja": ...}


def pick(text: Any, lang: str) -> str:
    """A bilingual dict (or plain string, or tabletop.text.Text) in `lang`, falling back to English."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if hasattr(text, "get") and not isinstance(text, dict):  # tabletop.text.Text
        return text.get(lang)
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


@dataclass
class Names:
    """Everything `describe` and the consoles need to name a thing for a person."""

    roles: dict[str, dict] = field(default_factory=dict)  # id -> {"title": {en, ja}, "side": ...}
    actions: dict[str, dict] = field(default_factory=dict)  # id -> {"label": {en, ja}, "roles": [...], "force": ...}
    situations: dict[str, Bilingual] = field(default_factory=dict)
    flags: dict[str, Bilingual] = field(default_factory=dict)
    obligations: dict[str, Bilingual] = field(default_factory=dict)
    sides: dict[str, Bilingual] = field(default_factory=dict)
    seats: list[str] = field(default_factory=list)  # the seats in play, in scenario order
    options: dict[tuple[str, str], Bilingual] = field(default_factory=dict)  # (decision, option) -> label
    marks: bool = True  # show authoring marks (◇ unverified): for control and evaluators, never players

    @classmethod
    def from_welcome(cls, welcome: dict) -> "Names":
        roles = {k: dict(v) for k, v in (welcome.get("roles") or {}).items()}
        for seat in (welcome.get("scenario") or {}).get("seats") or []:
            if isinstance(seat, dict):
                roles.setdefault(seat["id"], {"title": seat.get("title") or {"en": seat["id"]},
                                              "side": seat.get("side", "")})
        actions = {a["id"]: a for a in welcome.get("actions") or []}
        seats = [s["id"] if isinstance(s, dict) else s for s in (welcome.get("scenario") or {}).get("seats") or []]
        return cls(roles=roles, actions=actions, situations=dict(welcome.get("situations") or {}),
                   flags=dict(welcome.get("flags") or {}), sides=dict(welcome.get("sides") or {}),
                   obligations=dict(welcome.get("obligations") or {}), seats=seats)

    @classmethod
    def from_doctrine(cls, rules, scenario=None) -> "Names":
        """From a loaded pack (and, if given, the scenario: its seats and decision options)."""
        names = cls(
            roles={r.id: {"title": r.title.both(), "side": r.side} for r in rules.pack.roles},
            actions={a.id: {"label": a.label.both(), "roles": list(a.roles), "force": a.force}
                     for a in rules.pack.actions},
            situations={s.id: s.title.both() for s in rules.pack.situations},
            flags={f.id: f.title.both() for f in rules.pack.flags},
            obligations={o.id: o.title.both() for o in rules.pack.obligations},
            sides={s.id: s.title.both() for s in rules.pack.sides},
        )
        if scenario is not None:
            names.seats = list(scenario.seats)
            names.options = {(d.id, o.id): o.label.both() for inj in scenario.injects
                             for d in inj.decisions for o in d.options}
            for p in getattr(scenario, "parties", None) or []:  # third parties: the scenario names them
                names.roles.setdefault(p.id, {"title": p.title.both(), "side": p.side or p.id})
                names.actions.update({a.id: {"label": a.label.both(), "roles": [p.id], "force": "none"}
                                      for a in p.actions if a.id not in names.actions})
        return names

    def role(self, seat: str | None, lang: str = "en") -> str:
        if not seat:
            return ""
        if seat in ("control", "system"):
            return phrase(f"common.actor.{seat}", lang)
        role = self.roles.get(seat)
        if role is None:
            if seat.startswith("evaluator"):
                n = seat[len("evaluator"):].lstrip("-._")
                return phrase("common.actor.evaluator", lang, n=n).strip()
            return seat
        return pick(role.get("title"), lang) or seat

    def side(self, seat: str | None) -> str:
        if not seat:
            return ""
        if seat in ("control", "system") or seat.startswith("evaluator"):
            return "control"
        role = self.roles.get(seat)
        if role and role.get("side"):
            return role["side"]
        return seat.split(".", 1)[0]

    def audience(self, seats, lang: str = "en") -> str:
        """Who received something, briefly: 'everyone', 'all of Japan', or the roles' names."""
        chosen = set(seats)
        if self.seats and chosen >= set(self.seats):
            return phrase("common.audience.everyone", lang)
        parts: list[str] = []
        covered: set[str] = set()
        by_side: dict[str, list[str]] = {}
        for s in self.seats:
            by_side.setdefault(self.side(s), []).append(s)
        for side, members in by_side.items():
            if len(members) > 1 and chosen >= set(members):
                parts.append(phrase("common.audience.side", lang, side=pick(self.sides.get(side), lang) or side.upper()))
                covered.update(members)
        parts += [self.role(s, lang) for s in seats if s not in covered]
        return phrase("common.list.separator", lang).join(parts)

    def action(self, action_id: str | None, lang: str = "en") -> str:
        if not action_id:
            return ""
        a = self.actions.get(action_id)
        return pick(a.get("label"), lang) if a else action_id

    def situation(self, situation_id: str | None, lang: str = "en") -> str:
        if not situation_id:
            return ""
        t = self.situations.get(situation_id)
        return pick(t, lang) if t else situation_id.replace("-", " ").replace("_", " ")

    def flag(self, flag_id: str, lang: str = "en") -> str:
        t = self.flags.get(flag_id)
        return pick(t, lang) if t else flag_id

    def obligation(self, obligation_id: str, lang: str = "en") -> str:
        t = self.obligations.get(obligation_id)
        return pick(t, lang) if t else obligation_id

    def option(self, decision: str | None, option_id: str | None, lang: str = "en") -> str:
        if not option_id:
            return ""
        t = self.options.get((decision or "", option_id))
        return pick(t, lang) if t else option_id


class SeatNames(Names):
    """Names where only a function naming a seat in one language is known (`name_of(seat)`):
    roles are named by it, everything else by its id."""

    def __init__(self, name_of):
        super().__init__()
        self._name_of = name_of

    def role(self, seat: str | None, lang: str = "en") -> str:
        return self._name_of(seat) if seat else ""

    def audience(self, seats, lang: str = "en") -> str:
        return phrase("common.list.separator", lang).join(self.role(s, lang) for s in seats)

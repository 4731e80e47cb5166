"""The facilitator's command palette (ctrl+p): every control, and release/hold/skip
of any inject by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tabletop.phrasebook import section

# (action, key): their words are the phrasebook's consoles.palette.<action>
CONTROLS = (("start", "s"), ("pause_resume", "p"), ("speed", "f"), ("release", "r"), ("hold", "h"), ("skip", "k"),
            ("adhoc", "a"), ("ruling", "u"), ("codes", "c"), ("report", "w"), ("end", "e"), ("jump", "j"),
            ("language", "l"))


class FacilitatorCommands(Provider):
    """Controls of the facilitator screen beneath the palette."""

    def _commands(self) -> list[tuple[str, object, str]]:
        screen = self.screen
        w = section("consoles.palette", getattr(screen, "lang", "en"))
        out: list[tuple[str, object, str]] = []
        for action, key in CONTROLS:
            out.append((w[action], getattr(screen, f"action_{action}"), w("key", key=key)))
        view = getattr(screen, "view", None)
        if view is not None and hasattr(view, "scenario"):
            for inj in view.scenario.injects:
                status = view.state.inject(inj.id).status
                if status not in ("pending", "held"):
                    continue
                title = inj.title.get(getattr(screen, "lang", "en"))
                said = w.get(f"status.{status}") or status
                out.append((w("release_one", inject=inj.id, title=title), partial(screen.action_release, inj.id), said))
                if status == "pending":
                    out.append((w("hold_one", inject=inj.id, title=title), partial(screen.action_hold, inj.id), said))
                out.append((w("skip_one", inject=inj.id, title=title), partial(screen.action_skip, inj.id), said))
        return out

    async def discover(self) -> Hits:
        for label, callback, help_text in self._commands():
            if not isinstance(callback, partial):  # the controls; injects are found by searching
                yield DiscoveryHit(label, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, callback, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)

"""The facilitator's command palette (ctrl+p): every control, and release/hold/skip
of any inject by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

CONTROLS = (
    ("Start the exercise (STARTEX)", "start", "s"),
    ("Pause or resume the clock", "pause_resume", "p"),
    ("Set the clock speed", "speed", "f"),
    ("Release the selected inject now", "release", "r"),
    ("Hold the selected inject", "hold", "h"),
    ("Skip the selected inject", "skip", "k"),
    ("Send an ad-hoc inject", "adhoc", "a"),
    ("Rule on a blocked move", "ruling", "u"),
    ("Show the seat codes", "codes", "c"),
    ("Write the after-action report", "report", "w"),
    ("End the exercise (ENDEX)", "end", "e"),
    ("Switch language English / 日本語", "language", "l"),
)


class FacilitatorCommands(Provider):
    """Controls of the facilitator screen beneath the palette."""

    def _commands(self) -> list[tuple[str, object, str]]:
        screen = self.screen
        out: list[tuple[str, object, str]] = []
        for label, action, key in CONTROLS:
            out.append((label, getattr(screen, f"action_{action}"), f"key: {key}"))
        view = getattr(screen, "view", None)
        if view is not None and hasattr(view, "scenario"):
            for inj in view.scenario.injects:
                status = view.state.inject(inj.id).status
                if status not in ("pending", "held"):
                    continue
                title = inj.title.get(getattr(screen, "lang", "en"))
                out.append((f"Release {inj.id} {title}", partial(screen.action_release, inj.id), status))
                if status == "pending":
                    out.append((f"Hold {inj.id} {title}", partial(screen.action_hold, inj.id), status))
                out.append((f"Skip {inj.id} {title}", partial(screen.action_skip, inj.id), status))
        return out

    async def discover(self) -> Hits:
        for label, callback, help_text in self._commands():
            if not label.startswith(("Release I", "Hold I", "Skip I")):
                yield DiscoveryHit(label, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, callback, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)

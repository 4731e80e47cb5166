"""The live feed: one line per event, newest at the bottom, kept scrolled to the end."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import RichLog

from tabletop.consoles.describe import describe
from tabletop.consoles.model import Lexicon
from tabletop.consoles.wire import Event


class Feed(RichLog):
    """Releases, moves (each side its own badge and colour), blocked attempts with their
    citations, messages, rulings. Keeps the events so a language change redraws them."""

    DEFAULT_CSS = """
    Feed { height: 1fr; border: round $primary-darken-2; scrollbar-size-vertical: 1; }
    Feed:focus { border: round $accent; }
    """

    lang: reactive[str] = reactive("en")

    def __init__(self, lexicon: Lexicon | None = None, *, skip: frozenset[str] = frozenset(), **kwargs) -> None:
        super().__init__(wrap=True, markup=False, highlight=False, auto_scroll=True, **kwargs)
        self.lexicon = lexicon or Lexicon()
        self.skip = skip
        self.events: list[Event] = []
        self._queued: list = []
        self._flush_pending = False

    def add(self, event: Event) -> None:
        """Queue an event's line; `flush` writes what is queued (parents call it once per burst)."""
        if event.type in self.skip:
            return
        line = describe(event, self.lexicon, self.lang)
        if line is None:
            return
        self.events.append(event)
        self._queued.append(line)
        if not self._flush_pending:
            self._flush_pending = True
            self.set_timer(0.1, self.flush)

    def flush(self) -> None:
        """Write the queued lines, scrolling once: a burst of fifty moves costs one repaint, not fifty."""
        self._flush_pending = False
        queued, self._queued = self._queued, []
        for i, line in enumerate(queued):
            self.write(line, width=self._width(), scroll_end=(i == len(queued) - 1) and None)

    def _width(self) -> int | None:
        """Lines wrap at the feed's own width (the app's console may be narrower than the terminal)."""
        return self.scrollable_content_region.width or None

    def watch_lang(self) -> None:
        self._queued = []
        self.clear()
        for e in self.events:
            line = describe(e, self.lexicon, self.lang)
            if line is not None:
                self.write(line, width=self._width())

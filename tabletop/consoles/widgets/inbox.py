"""The inbox: injects addressed to this seat, newest first, unread marked; the selected one in full.

An item is one line, shortened with … on a narrow inbox (the reader below shows it whole): a list
whose items wrap was drawn with lines missing once its scroll bar appeared."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tabletop.consoles.model import InboxItem, pick
from tabletop.consoles.wire import format_offset
from tabletop.phrasebook import for_players, phrase


class Inbox(Vertical):
    """Parents call `show(items)` (oldest first, as folded); posts `InjectRead` the first time one is opened."""

    DEFAULT_CSS = """
    Inbox { border: round $primary-darken-2; }
    Inbox:focus-within { border: round $accent; }
    Inbox OptionList { height: 2fr; min-height: 4; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    Inbox #reader { height: 3fr; border-top: solid $primary-darken-3; padding: 0 1; }
    """

    class InjectRead(Message):
        """The participant opened an inject for the first time."""

        def __init__(self, inject: str, adhoc: bool) -> None:
            super().__init__()
            self.inject = inject
            self.adhoc = adhoc

    lang: reactive[str] = reactive("en")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: list[InboxItem] = []
        self._shown: list[tuple] = []

    def compose(self) -> ComposeResult:
        yield OptionList(id="inbox-list")
        with VerticalScroll(id="reader"):
            yield Static(phrase("consoles.inbox.empty", self.lang), id="reader-text")

    def on_mount(self) -> None:
        self._retitle()

    def show(self, items: list[InboxItem]) -> None:
        self.items = list(items)
        key = [(i.seq, i.read) for i in items]
        if key == self._shown:
            return
        self._shown = key
        ol = self.query_one(OptionList)
        current = ol.highlighted_option.id if ol.highlighted_option is not None else None
        ol.set_options([Option(self._line(i), id=str(i.seq)) for i in reversed(items)])
        if current is not None:
            try:
                ol.highlighted = ol.get_option_index(current)
            except Exception:
                pass
        self._retitle()

    def _line(self, item: InboxItem) -> Text:
        t = Text()
        t.append("● " if not item.read else "  ", style="bold #e0c060")
        t.append(format_offset(item.at) + " ", style="dim")
        t.append(item.inject + " ", style="bold" if not item.read else "")
        t.append(for_players(pick(item.title, self.lang)), style="bold" if not item.read else "")
        return t

    def _retitle(self) -> None:
        unread = sum(1 for i in self.items if not i.read)
        self.border_title = (phrase("consoles.inbox.title_unread", self.lang, n=unread) if unread
                             else phrase("consoles.inbox.title", self.lang))
        if self.items and self.query_one(OptionList).highlighted is None:
            self.query_one("#reader-text", Static).update(phrase("consoles.inbox.pick", self.lang))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        item = next((i for i in self.items if str(i.seq) == event.option.id), None)
        if item is None:
            return
        self._read(item)

    def _read(self, item: InboxItem) -> None:
        body = Text()
        body.append(f"{item.inject}  {for_players(pick(item.title, self.lang))}\n", style="bold")
        meta = [format_offset(item.at)]
        if item.sender:
            meta.append(phrase("consoles.inbox.sender", self.lang, sender=pick(item.sender, self.lang)))
        if item.method:
            meta.append(phrase("consoles.inbox.method", self.lang, method=pick(item.method, self.lang)))
        body.append(" · ".join(meta) + "\n\n", style="dim")
        body.append(for_players(pick(item.body, self.lang)))
        self.query_one("#reader-text", Static).update(body)
        if not item.read:
            item.read = True
            self.post_message(self.InjectRead(item.inject, item.adhoc))
            self.show(self.items)

    def watch_lang(self) -> None:
        if not self.is_mounted:
            return
        self._shown = []
        self.show(self.items)
        ol = self.query_one(OptionList)
        if ol.highlighted_option is not None:
            item = next((i for i in self.items if str(i.seq) == ol.highlighted_option.id), None)
            if item is not None:
                self._read(item)
        elif not self.items:
            self.query_one("#reader-text", Static).update(phrase("consoles.inbox.empty", self.lang))
        self._retitle()  # show() leaves an empty inbox alone

"""The inbox: injects addressed to this seat, newest first, unread marked; the selected one in full."""

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

EMPTY = {"en": "Nothing yet. Injects addressed to you appear here.", "ja": "まだありません。あなた宛ての付与がここに表示されます。"}
PICK = {"en": "Press F2, then ↑/↓ to read an inject here.", "ja": "F2を押し、↑/↓で付与を選ぶとここに表示されます。"}


class Inbox(Vertical):
    """Parents call `show(items)` (oldest first, as folded); posts `InjectRead` the first time one is opened."""

    DEFAULT_CSS = """
    Inbox { border: round $primary-darken-2; }
    Inbox:focus-within { border: round $accent; }
    Inbox OptionList { height: 2fr; min-height: 4; border: none; }
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
            yield Static(pick(EMPTY, self.lang), id="reader-text")

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
        t.append(pick(item.title, self.lang), style="bold" if not item.read else "")
        return t

    def _retitle(self) -> None:
        unread = sum(1 for i in self.items if not i.read)
        if self.lang == "ja":
            self.border_title = f"受信（未読 {unread}）" if unread else "受信"
        else:
            self.border_title = f"Inbox ({unread} unread)" if unread else "Inbox"
        if self.items and self.query_one(OptionList).highlighted is None:
            self.query_one("#reader-text", Static).update(pick(PICK, self.lang))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        item = next((i for i in self.items if str(i.seq) == event.option.id), None)
        if item is None:
            return
        self._read(item)

    def _read(self, item: InboxItem) -> None:
        body = Text()
        body.append(f"{item.inject}  {pick(item.title, self.lang)}\n", style="bold")
        meta = [format_offset(item.at)]
        if item.sender:
            meta.append(("発信: " if self.lang == "ja" else "from ") + item.sender)
        if item.method:
            meta.append(item.method)
        body.append(" · ".join(meta) + "\n\n", style="dim")
        body.append(pick(item.body, self.lang))
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
            self.query_one("#reader-text", Static).update(pick(EMPTY, self.lang))
        self._retitle()  # show() leaves an empty inbox alone

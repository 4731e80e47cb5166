"""The connection state, loud when it is not 'connected'."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tabletop.phrasebook import section


class ConnectionBadge(Static):
    DEFAULT_CSS = """
    ConnectionBadge { width: auto; min-width: 16; padding: 0 1; }
    ConnectionBadge.-connected { color: #7ee787; }
    ConnectionBadge.-connecting, ConnectionBadge.-reconnecting { background: #ffa657; color: black; text-style: bold; }
    ConnectionBadge.-closed { background: #ff5555; color: white; text-style: bold; }
    """

    # layout=True: the badge is as wide as its words ("◌ RECONNECTING…" was cut to "◌").
    status: reactive[str] = reactive("connecting", layout=True)
    lang: reactive[str] = reactive("en", layout=True)

    def render(self) -> Text:
        return Text(section("consoles.connection_badge", self.lang).get(self.status, self.status), no_wrap=True)

    def watch_status(self, old: str, new: str) -> None:
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")

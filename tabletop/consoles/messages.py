"""Messages the consoles post: past-tense facts, each a small documented class.

Network facts (an event arrived, the connection changed) come up from the
client callbacks; form facts (a move was asked for) come up from widgets to
their screen, which sends the command and sets the outcome back down."""

from __future__ import annotations

from textual.message import Message


class EventArrived(Message):
    """The server sent an event this seat may see (raw JSON as the client hands it over)."""

    def __init__(self, event: dict) -> None:
        super().__init__()
        self.event = event


class ConnectionChanged(Message):
    """The client's connection status changed: connecting, connected, reconnecting or closed."""

    def __init__(self, status: str) -> None:
        super().__init__()
        self.status = status

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ConnectionChanged)


class ConnectionsListed(Message):
    """Control only: the server's list of open connections (one seat may hold several)."""

    def __init__(self, connections: list[dict]) -> None:
        super().__init__()
        self.connections = connections

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ConnectionsListed)


class Connected(Message):
    """The server welcomed this seat."""

    def __init__(self, welcome: dict) -> None:
        super().__init__()
        self.welcome = welcome


class CommandRequested(Message):
    """A form asked for a command to be sent; `origin` is told the outcome."""

    def __init__(self, command: dict, origin=None) -> None:
        super().__init__()
        self.command = command
        self.origin = origin

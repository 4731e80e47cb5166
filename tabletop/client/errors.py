"""What can go wrong for a console talking to the session server, as the person at it reads it.

Each error's argument is a sentence still to be said in the console's language (a `Say`,
`tabletop.problems.said`), or a plain text. A refusal the server gives in English (its
`code` and `message`, docs/protocol.md) is recognised by the phrasebook's `reasons.*`
and said again in Japanese where it is read."""

from __future__ import annotations

from tabletop.phrasebook.recognise import as_sentence
from tabletop.problems import Say


class ClientError(Exception):
    """Something the person at the console should read: `str(exc)` is the message."""


class BadCode(ClientError):
    """The server refused the seat code."""


class SlowDown(BadCode):
    """Too many wrong codes came from this address; `retry_after` seconds to wait."""

    def __init__(self, message, retry_after: float = 0.0):
        super().__init__(message)
        self.retry_after = retry_after


class Unreachable(ClientError):
    """No session server answered at that address."""


class NoAnswer(ClientError, TimeoutError):
    """The server did not answer in time (the request may still be applied; resending the same id is safe)."""


def say(key: str, **fields) -> Say:
    return Say(f"client.{key}", **fields)


def server_said(data: dict, otherwise: Say) -> Say | str:
    """The server's reason in an `error` message, as a sentence to say in the reader's language
    (the phrasebook's `reasons.*`), else its own words, else `otherwise`."""
    code, message = str(data.get("code") or ""), str(data.get("message") or "")
    return (as_sentence(message, f"reasons.{code}.") if code else message) or otherwise


def refusal(data: dict, url: str) -> ClientError:
    """The error for a hello the server refused, by its code."""
    text = server_said(data, say("not_a_server_plain", url=url))
    code = data.get("code")
    if code == "slow-down":
        return SlowDown(text, float(data.get("retry_after") or 1.0))
    return {"bad-code": BadCode, "closing": Unreachable}.get(code, ClientError)(text)


def why(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__

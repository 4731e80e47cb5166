"""Where a session server is, as people write it: `127.0.0.1:8765`, `host`, `ws://host:8765`,
`ws://host:8765/ws`, `http://host:8765` (a browser's address) all mean the same socket, and
why a connection failed, said without aiohttp's internals (no `ssl:default`)."""

from __future__ import annotations

import errno
from urllib.parse import urlsplit, urlunsplit

DEFAULT_PORT = 8765
SCHEMES = {"ws": "ws", "wss": "wss", "http": "ws", "https": "wss"}


class BadAddress(ValueError):
    """The address cannot name a session server; `str(exc)` says what to type instead (its
    argument is a sentence still to be said: `exc.args[0].text("ja")`)."""


def _say(key: str, **fields):
    from tabletop.problems import Say

    return Say(f"client.{key}", **fields)


def session_url(text: str) -> str:
    """The server's WebSocket URL for an address as a person wrote it (see the module's doc)."""
    raw = (text or "").strip()
    given = raw if "://" in raw else "ws://" + raw
    try:
        parts = urlsplit(given)
        port = parts.port
    except ValueError:
        parts, port = None, None
    scheme = SCHEMES.get(parts.scheme.lower()) if parts else None
    if parts is None or scheme is None or not parts.hostname or parts.query or parts.fragment:
        raise BadAddress(_say("bad_address", address=raw or _say("nothing_typed"), port=DEFAULT_PORT))
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    path = parts.path if parts.path not in ("", "/") else "/ws"
    return urlunsplit((scheme, f"{host}:{port or DEFAULT_PORT}", path, "", ""))


def why_unreachable(exc: BaseException):
    """A connection failure in words (a sentence still to be said): refused, no such host, timed
    out, or the OS's own words."""
    import asyncio

    import aiohttp

    if isinstance(exc, aiohttp.ClientConnectorError):
        where = f"{exc.host}:{exc.port}"
        os_error = exc.os_error
        number = getattr(os_error, "errno", None)
        if number == errno.ECONNREFUSED or "Connect call failed" in str(os_error):
            return _say("not_listening", where=where)
        if isinstance(exc, aiohttp.ClientConnectorDNSError) or number in (-2, -3, -5):  # EAI_NONAME, EAI_AGAIN
            return _say("no_such_host", host=exc.host)
        reason = getattr(os_error, "strerror", None) or str(os_error) or type(os_error).__name__
        return _say("os_reason", where=where, reason=reason)
    if isinstance(exc, asyncio.TimeoutError):
        return _say("timed_out")
    return str(exc) or type(exc).__name__

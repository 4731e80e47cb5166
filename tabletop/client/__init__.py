"""The protocol client used by the consoles and the bot (see docs/protocol.md).

Its names load on first use, so that `tabletop.client.address` (standard library only) is read
before a console's first frame without aiohttp, which the console then loads off its event loop."""

from importlib import import_module

_FROM = {**dict.fromkeys(["CLOSED", "CONNECTED", "CONNECTING", "RECONNECTING", "BadCode", "Client", "ClientError",
                          "NoAnswer", "SlowDown", "Unreachable"], "tabletop.client.client"),
         "ScenarioClock": "tabletop.client.clock"}

__all__ = sorted(_FROM)


def __getattr__(name: str):
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = getattr(import_module(_FROM[name]), name)
    return value

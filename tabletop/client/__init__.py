"""The protocol client used by the consoles and the bot (see docs/protocol.md)."""

from tabletop.client.client import (CLOSED, CONNECTED, CONNECTING, RECONNECTING, BadCode, Client, ClientError,
                                    NoAnswer, SlowDown, Unreachable)
from tabletop.client.clock import ScenarioClock

__all__ = ["CLOSED", "CONNECTED", "CONNECTING", "RECONNECTING", "BadCode", "Client", "ClientError", "NoAnswer",
           "ScenarioClock", "SlowDown", "Unreachable"]

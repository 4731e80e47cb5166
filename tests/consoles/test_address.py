"""How a server's address may be written on a join sheet or typed at a console, and what is said
when it names no server."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tabletop.cli import main
from tabletop.client.address import BadAddress, session_url


@pytest.mark.parametrize("typed, url", [
    ("127.0.0.1:8765", "ws://127.0.0.1:8765/ws"),
    ("127.0.0.1", "ws://127.0.0.1:8765/ws"),
    ("ws://10.0.0.5:9000/ws", "ws://10.0.0.5:9000/ws"),
    ("ws://10.0.0.5:9000", "ws://10.0.0.5:9000/ws"),
    ("http://room.local:8765/", "ws://room.local:8765/ws"),
    ("https://room.example", "wss://room.example:8765/ws"),
    ("  [::1]:8765 ", "ws://[::1]:8765/ws"),
])
def test_an_address_as_people_write_it_names_the_socket(typed, url):
    assert session_url(typed) == url


@pytest.mark.parametrize("typed", ["", "ftp://host:21", "host:port", "ws://:8765/ws"])
def test_an_address_that_names_no_server_says_what_to_type(typed):
    with pytest.raises(BadAddress, match="HOST:PORT or ws://HOST:PORT/ws"):
        session_url(typed)


def test_join_with_a_bad_address_exits_2_saying_what_to_type():
    result = CliRunner().invoke(main, ["join", "host:port", "--code", "X"])
    assert result.exit_code == 2
    assert "type it as HOST:PORT or ws://HOST:PORT/ws" in result.output
    assert "Traceback" not in result.output

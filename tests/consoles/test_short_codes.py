"""Short seat codes: twelve symbols to read out across a room, opening the same seat as the full
code while the server holds the full codes, leaving no trace in the log."""

from __future__ import annotations

import re

import pytest

from tabletop.client import BadCode, Client
from tabletop.server.codes import META_KEY, SeatCodes, normalise, short_code


def test_a_short_code_is_twelve_symbols_in_three_groups_and_follows_from_the_full_code():
    _, plain = SeatCodes.issue(["jp.mod", "us.indopacom"])
    shorts = {seat: short_code(code) for seat, code in plain.items()}
    assert all(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", s) for s in shorts.values())
    assert shorts["jp.mod"] == short_code(plain["jp.mod"].lower().replace("-", " "))  # typed sloppily, same
    assert shorts["jp.mod"] != shorts["us.indopacom"]


async def test_the_short_code_joins_its_seat_and_the_log_keeps_no_trace_of_it(live):
    short = short_code(live.codes["blue.ops"])
    async with Client(live.url, short.lower().replace("-", " ")) as c:
        assert c.welcome["seat"] == "blue.ops"
    meta = live.session.store.get_meta(META_KEY)
    assert normalise(short) not in meta
    assert SeatCodes.load(live.session.store).seat_for(short) is None  # a copied log opens nothing with it


async def test_a_server_started_from_the_log_alone_knows_only_the_full_codes(live):
    from tabletop.server.app import start_server

    handle = await start_server(live.session, None, "127.0.0.1", 0)  # no codes given: the log's hashes
    try:
        with pytest.raises(BadCode):
            async with Client(handle.url, short_code(live.codes["blue.ops"])):
                pass
        async with Client(handle.url, live.codes["blue.ops"]) as c:
            assert c.welcome["seat"] == "blue.ops"
    finally:
        await handle.close()

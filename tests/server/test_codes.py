"""Seat codes: random, typed forgivingly, stored only as hashes, slowed down when wrong."""

from __future__ import annotations

import hmac
import math
import re

from tabletop.server import codes as codes_mod
from tabletop.server.codes import ALPHABET, SeatCodes, Throttle, code_hash, new_code, normalise, seats_for
from tabletop.store import MemoryStore


def test_a_code_carries_at_least_128_bits_and_reads_in_groups():
    code = new_code()
    assert re.fullmatch(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", code)
    symbols = normalise(code)
    assert set(symbols) <= set(ALPHABET)
    assert len(symbols) * math.log2(len(ALPHABET)) >= 128
    assert len({new_code() for _ in range(200)}) == 200


def test_typing_is_forgiving_about_case_dashes_and_lookalikes():
    store, plain = SeatCodes.issue(["jp.mod"])
    code = plain["jp.mod"]
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert store.seat_for(sloppy) == "jp.mod"
    assert store.seat_for(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    assert store.seat_for("") is None
    assert store.seat_for(None) is None
    assert store.seat_for("x" * 10_000) is None


def test_only_hashes_reach_the_log():
    seat_codes, plain = SeatCodes.issue(["blue.lead", "control"])
    store = MemoryStore()
    seat_codes.save(store)
    raw = store.get_meta(codes_mod.META_KEY)
    for code in plain.values():
        assert code not in raw and normalise(code) not in raw
        assert code_hash(code) in raw
    again = SeatCodes.load(store)
    assert again.seat_for(plain["control"]) == "control"


def test_every_stored_hash_is_compared_in_constant_time(monkeypatch):
    seat_codes, plain = SeatCodes.issue(["a", "b", "c", "d"])
    calls = []
    real = hmac.compare_digest

    def spy(x, y):
        calls.append(1)
        return real(x, y)

    monkeypatch.setattr(codes_mod.hmac, "compare_digest", spy)
    assert seat_codes.seat_for(plain["a"]) == "a"
    assert len(calls) == 4 + 4  # no early exit on a match: every full code's hash, and every short code's


def test_codes_go_to_every_seat_control_and_each_evaluator(mini):
    assert seats_for(mini.scenario) == ["blue.lead", "blue.ops", "red.lead", "control", "evaluator-1", "evaluator-2"]


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_wrong_codes_are_free_at_first_then_each_doubles_the_wait():
    clock = FakeClock()
    t = Throttle(console_free=3, base=1.0, ceiling=60.0, clock=clock)
    waits = [t.failed("10.0.0.1") for _ in range(10)]
    assert waits == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60]
    assert t.wait("10.0.0.1") == 60
    assert t.wait("10.0.0.2") == 0  # other addresses are not affected
    assert t.wait("10.0.0.1", "another-console") == 0  # nor another console at the same address
    clock.t += 30
    assert t.wait("10.0.0.1") == 30
    clock.t += 30
    assert t.wait("10.0.0.1") == 0


def test_only_a_quiet_spell_clears_the_record_a_right_code_does_not():
    clock = FakeClock()
    t = Throttle(console_free=1, base=2.0, forget=600, clock=clock)
    t.failed("a")
    assert t.failed("a") == 2
    assert t.join("blue.ops") == 0  # a right code in between
    clock.t += 2
    assert t.failed("a") == 4  # counts on
    clock.t += 601
    assert t.failed("a") == 0  # forgotten


def test_new_console_ids_do_not_buy_an_address_more_guesses():
    clock = FakeClock()
    t = Throttle(console_free=5, address_free=8, base=1.0, clock=clock)
    waits = [t.failed("10.0.0.1", f"console-{i}") for i in range(10)]
    assert waits == [0] * 8 + [1, 2]
    assert t.wait("10.0.0.1", "a-fresh-console") == 2


def test_a_seat_joins_in_a_burst_then_at_a_steady_pace():
    clock = FakeClock()
    t = Throttle(joins=3, join_every=2.0, clock=clock)
    assert [t.join("blue.ops") for _ in range(4)] == [0, 0, 0, 2.0]
    assert t.join("red.lead") == 0  # seats are counted apart
    clock.t += 2
    assert t.join("blue.ops") == 0


def test_the_throttle_cannot_be_made_to_grow_without_bound():
    clock = FakeClock()
    t = Throttle(max_keys=100, clock=clock)
    for i in range(1000):
        t.failed(f"10.0.{i // 256}.{i % 256}")
        clock.t += 0.001
    assert len(t.consoles._records) <= 100 and len(t.addresses._records) <= 100

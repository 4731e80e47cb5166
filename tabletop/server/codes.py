"""Seat codes: the only credential a participant has, and the only source of
their role.

A code is 28 symbols of Crockford base32 (140 bits from `secrets`), shown in
groups of four (`7KQ2-M9XD-...`). Typing is forgiving: case, dashes, spaces
and the look-alikes I/L (1) and O (0) do not matter. The exercise log keeps
only the SHA-256 of each normalised code, so a copied log grants no seat;
lookups compare every stored hash in constant time.

Each seat also has a short code, 12 symbols (`7KQ2-M9XD-4T1B`, 60 bits) derived from its full
code, to read out across a room or type from paper (`short_code`). The server knows it only
while it holds the full codes (issued now, or read back from the codes file): the log keeps no
trace of it, so a copied log still grants nothing. Why 60 bits is enough against guessing
under the throttle: docs/consoles.md, "Short seat codes".

Wrong codes are slowed down per console, per address and per seat (`Throttle`,
with an injectable clock so tests never sleep; the policy is in docs/protocol.md)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from tabletop.server.limits import Rate

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
SYMBOLS = 28  # 28 x 5 bits = 140 bits of entropy
SHORT_SYMBOLS = 12  # 12 x 5 bits = 60 bits (the arithmetic: docs/consoles.md)
GROUP = 4
META_KEY = "seat_code_hashes"
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code() -> str:
    """A fresh random seat code, grouped for reading aloud: XXXX-XXXX-…"""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(SYMBOLS))
    return "-".join(raw[i:i + GROUP] for i in range(0, SYMBOLS, GROUP))


def short_code(code: str) -> str:
    """The seat's short code, derived from its full code: XXXX-XXXX-XXXX."""
    digest = int.from_bytes(hashlib.sha256(("tabletop-short-code/1:" + normalise(code)).encode("ascii", "replace"))
                            .digest(), "big")
    raw = "".join(ALPHABET[(digest >> (5 * i)) & 31] for i in range(SHORT_SYMBOLS))
    return "-".join(raw[i:i + GROUP] for i in range(0, SHORT_SYMBOLS, GROUP))


def normalise(code: str) -> str:
    """The code as stored: upper case, no separators, look-alikes folded."""
    return "".join(ch for ch in code.upper() if ch.isalnum()).translate(_LOOKALIKES)


def code_hash(code: str) -> str:
    return hashlib.sha256(("tabletop-seat-code/1:" + normalise(code)).encode("ascii", "replace")).hexdigest()


def seats_for(scenario) -> list[str]:
    """Every seat that gets a code: the scenario's roles, control, and evaluator-1..N."""
    return list(scenario.seats) + ["control"] + [f"evaluator-{i}" for i in range(1, scenario.evaluators + 1)]


@dataclass
class SeatCodes:
    """Seat → hash of its code, and hash of a short code → seat for the seats whose full code
    was given (never saved). Knows nothing of the plain codes once issued."""

    hashes: dict[str, str]
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def issue(cls, seats: Iterable[str]) -> tuple["SeatCodes", dict[str, str]]:
        plain = {seat: new_code() for seat in seats}
        return cls.from_plain(plain), plain

    @classmethod
    def from_plain(cls, plain: dict[str, str]) -> "SeatCodes":
        return cls({seat: code_hash(c) for seat, c in plain.items()},
                   {code_hash(short_code(c)): seat for seat, c in plain.items()})

    def seat_for(self, code: object) -> str | None:
        """The seat this code opens, or None. Every stored hash is compared, in constant time."""
        if not isinstance(code, str) or not code or len(code) > 200:
            return None
        candidate = code_hash(code).encode()
        found = None
        for seat, stored in self.hashes.items():
            if hmac.compare_digest(candidate, stored.encode()):
                found = seat
        for stored, seat in self.aliases.items():
            if hmac.compare_digest(candidate, stored.encode()) and self.hashes.get(seat) is not None:
                found = seat
        return found

    # -- persistence in the exercise log's meta ---------------------------------

    def save(self, store) -> None:
        store.set_meta(META_KEY, json.dumps(self.hashes, sort_keys=True))

    @classmethod
    def load(cls, store) -> "SeatCodes | None":
        raw = store.get_meta(META_KEY)
        return None if raw is None else cls(json.loads(raw))


# -- the codes file -------------------------------------------------------------

def format_codes_file(plain: dict[str, str], titles: dict[str, str], url: str, exercise: str, lang: str = "en") -> str:
    from tabletop.phrasebook import section

    w = section("cli.codes_file", lang)
    lines = [w("head", exercise=exercise), w("join", url=url), w["columns"]]
    lines += [f"{seat}\t{code}\t{titles.get(seat, seat)}\t{short_code(code)}" for seat, code in plain.items()]
    return "\n".join(lines) + "\n"


def parse_codes_file(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2:
            out[parts[0].strip()] = parts[1].strip()
    return out


# -- slowing down wrong codes -----------------------------------------------------

@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0
    blocked_until: float = 0.0


@dataclass
class Backoff:
    """Wrong codes counted under one key: the first `free` cost nothing (people mistype); the
    next makes the key wait `base` seconds, each further one twice as long, up to `ceiling`.
    A key's failures are forgotten after `forget` quiet seconds, and only then: a right code
    clears nothing. At most `max_keys` keys are remembered (the quietest go first)."""

    free: int = 5
    base: float = 1.0
    ceiling: float = 300.0
    forget: float = 900.0
    clock: Callable[[], float] = time.monotonic
    max_keys: int = 10_000
    _records: dict[str, _Record] = field(default_factory=dict)

    def wait(self, key: str) -> float:
        rec = self._records.get(key)
        return 0.0 if rec is None else max(0.0, rec.blocked_until - self.clock())

    def delay_after(self, failures: int) -> float:
        if failures <= self.free:
            return 0.0
        return min(self.ceiling, self.base * 2 ** (failures - self.free - 1))

    def failed(self, key: str) -> float:
        now = self.clock()
        rec = self._records.get(key)
        if rec is None or now - rec.last > self.forget:
            if len(self._records) >= self.max_keys:
                self._prune(now)
            rec = self._records[key] = _Record()
        rec.failures += 1
        rec.last = now
        delay = self.delay_after(rec.failures)
        rec.blocked_until = now + delay
        return delay

    def _prune(self, now: float) -> None:
        for key in [k for k, r in self._records.items() if now - r.last > self.forget]:
            del self._records[key]
        if len(self._records) >= self.max_keys:  # still full: drop the quietest half
            for key in sorted(self._records, key=lambda k: self._records[k].last)[: self.max_keys // 2]:
                del self._records[key]


class Throttle:
    """How fast codes may be tried: per console, per address, and per seat.

    - **Per console** (the address with the random `console` id a hello may carry; without one,
      every console at the address is the same one): `console_free` wrong codes are free, then
      each doubles the wait. While a console waits, every hello from it is refused unchecked,
      right code or not — otherwise the check itself would answer its guesses.
    - **Per address**, whatever the consoles: `address_free` wrong codes, then the same doubling
      for every hello from the address. So a guesser cannot reset its count by inventing console
      ids, and one person's mistypes behind a shared address (a venue's NAT) cost only that
      person's console until the address as a whole has guessed a lot.
    - **Per seat**: a right code opens its seat at most `joins` times in a burst, then once every
      `join_every` seconds; beyond that the hello gets slow-down.
    A right code clears no count, so a right code in between cannot buy more guesses."""

    def __init__(self, *, console_free: int = 5, address_free: int = 30, base: float = 1.0,
                 ceiling: float = 300.0, forget: float = 900.0, joins: int = 20, join_every: float = 3.0,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000):
        self.clock = clock
        self.consoles = Backoff(console_free, base, ceiling, forget, clock, max_keys)
        self.addresses = Backoff(address_free, base, ceiling, forget, clock, max_keys)
        self.joins = joins
        self.join_every = join_every
        self._seats: dict[str, Rate] = {}

    def wait(self, address: str, console: str = "") -> float:
        """Seconds before a hello from this console at this address may be checked (0: now)."""
        return max(self.consoles.wait(f"{address} {console}"), self.addresses.wait(address))

    def failed(self, address: str, console: str = "") -> float:
        """Record a wrong code; return the wait now imposed on that console."""
        return max(self.consoles.failed(f"{address} {console}"), self.addresses.failed(address))

    def join(self, seat: str) -> float:
        """A right code for `seat`: 0 if it may join now (and count it), else the seconds to wait."""
        rate = self._seats.get(seat)
        if rate is None:
            rate = self._seats[seat] = Rate(self.joins, self.join_every, self.clock)
        return rate.take()


def joined_address(codes_text: str) -> tuple[str | None, int | None]:
    """The address participants were given, from a codes file's "# join with: tabletop join URL" line (in either language), as
    (host to listen on, port); (None, None) if the line is not there."""
    import ipaddress
    import re

    found = re.search(r"^#[^\n]*?\btabletop join wss?://(\[[^\]]+\]|[^:/\s]+):(\d+)/", codes_text, re.MULTILINE)
    if not found:
        return None, None
    shown, port = found.group(1).strip("[]"), int(found.group(2))
    if shown == "localhost":
        return "127.0.0.1", port
    try:
        return str(ipaddress.ip_address(shown)), port
    except ValueError:  # a host name: the exercise listened on every address
        return "0.0.0.0", port

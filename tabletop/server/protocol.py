"""The wire protocol, version 1: JSON text messages over one WebSocket.

This module only builds and checks messages; it does no I/O. docs/protocol.md
describes every message with examples."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from pydantic import ValidationError

from tabletop.engine.commands import CLIENT_TYPES, parse_command
from tabletop.engine.events import Event
from tabletop.phrasebook import phrase

PROTOCOL = 1
MAX_MESSAGE = 64 * 1024  # bytes of one client message; larger ones get `too-large`
MAX_FRAME = 1024 * 1024  # beyond this the socket itself is closed (1009)
MAX_ID = 128
SERVER_ONLY = {"join", "leave", "tick"}
IMPERSONATION_KEYS = ("seat", "actor", "role", "as")


class ProtocolError(Exception):
    """A message the server refuses; becomes an `error` reply."""

    def __init__(self, code: str, message: str, id: str | None = None, **extra: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.id = id
        self.extra = extra

    def reply(self) -> dict:
        return error(self.code, self.message, self.id, **self.extra)


def error(code: str, message: str, id: str | None = None, **extra: Any) -> dict:
    out: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if id is not None:
        out["id"] = id
    out.update(extra)
    return out


_WIRE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once, not per message


def dumps(message: dict) -> str:
    return _WIRE.encode(message)


def event_data(event: Event) -> bytes:
    """The `event` message for one event, serialised and encoded once, sent to every seat entitled to it."""
    return dumps({"type": "event", "event": event.to_json()}).encode("utf-8")


def parse(text: str) -> dict:
    """One client message: a JSON object with a string `type`, at most MAX_MESSAGE bytes."""
    if len(text) > MAX_MESSAGE or len(text.encode("utf-8")) > MAX_MESSAGE:
        raise ProtocolError("too-large", f"a message may be at most {MAX_MESSAGE // 1024} KiB")
    try:
        msg = json.loads(text)
    except (ValueError, RecursionError):
        raise ProtocolError("bad-json", "that message is not valid JSON") from None
    if not isinstance(msg, dict):
        raise ProtocolError("bad-json", "a message must be a JSON object")
    if _SURROGATE_ESCAPE.search(text) and not _well_formed(msg):
        # A `\ud800` escape decodes to a lone surrogate, which no reply could carry back.
        raise ProtocolError("bad-json", "that message holds text that is not well-formed Unicode "
                                        "(a lone surrogate escape such as \\ud800)")
    kind = msg.get("type")
    if not isinstance(kind, str):
        raise ProtocolError("unknown-type", "a message needs a string `type` (hello, command, check, ping)",
                            _id(msg))
    return msg


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # the only way JSON text can spell a surrogate


def _well_formed(value: Any) -> bool:
    """Every string in a parsed message (keys included) encodes as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_well_formed(k) and _well_formed(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_well_formed(v) for v in value)
    return True


def _id(msg: dict) -> str | None:
    """The message's id, to echo in an error, if it is one (printable, at most MAX_ID characters)."""
    value = msg.get("id")
    return value if isinstance(value, str) and 0 < len(value) <= MAX_ID and value.isprintable() else None


def request_id(msg: dict) -> str:
    value = msg.get("id")
    if not isinstance(value, str) or not value.strip():
        raise ProtocolError("missing-field", f"a {msg['type']} message needs an `id` (a string you make, "
                                             "e.g. a UUID)")
    if len(value) > MAX_ID or not value.isprintable():
        raise ProtocolError("bad-id", f"`id` must be printable and at most {MAX_ID} characters")
    return value


def hello(msg: dict) -> tuple[str, int, str]:
    """(code, resume_from, console) from a hello, or ProtocolError."""
    if msg.get("type") != "hello":
        raise ProtocolError("not-hello", "the first message must be a hello with your seat code")
    if msg.get("protocol") != PROTOCOL:
        raise ProtocolError("bad-protocol", f"this server speaks protocol {PROTOCOL}; "
                                            f"you sent {msg.get('protocol')!r} — update tabletop")
    code = msg.get("code")
    if not isinstance(code, str) or not code.strip():
        raise ProtocolError("missing-field", "a hello needs your seat `code`")
    resume = msg.get("resume_from", 0)
    if resume is None:
        resume = 0
    if isinstance(resume, bool) or not isinstance(resume, int) or resume < 0:
        raise ProtocolError("bad-field", "`resume_from` must be a whole number ≥ 0 (the last seq you saw)")
    console = msg.get("console", "")
    if console is None:
        console = ""
    if not isinstance(console, str) or len(console) > 64 or not console.isprintable():
        raise ProtocolError("bad-field", "`console` must be a printable id of at most 64 characters")
    return code, resume, console


def command(msg: dict):
    """(id, engine command) from a `command` message, or ProtocolError.

    The seat is never taken from a message: a message or command that names a
    seat or actor is refused outright."""
    cid = request_id(msg)
    if any(k in msg for k in IMPERSONATION_KEYS):
        raise ProtocolError("forbidden", "a message cannot name a seat: your seat comes from your code", cid)
    body = msg.get("command")
    if not isinstance(body, dict):
        raise ProtocolError("missing-field", "a command message needs a `command` object", cid)
    if any(k in body for k in ("seat", "actor")):
        raise ProtocolError("forbidden", "a command cannot name a seat: your seat comes from your code", cid)
    ctype = body.get("type")
    if ctype in SERVER_ONLY:
        raise ProtocolError("forbidden", f"`{ctype}` is issued by the server, not by consoles", cid)
    if ctype not in CLIENT_TYPES:
        raise ProtocolError("bad-command", f"unknown command type {ctype!r}; one of: "
                                           f"{', '.join(sorted(CLIENT_TYPES))}", cid)
    try:
        return cid, parse_command(body)
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err["loc"][1:]) or "command"
            problems.append(f"{where}: {err['msg']}")
        raise ProtocolError("bad-command", f"{ctype} command: " + "; ".join(problems), cid) from None


def check(msg: dict) -> tuple[str, str]:
    cid = request_id(msg)
    action = msg.get("action")
    if not isinstance(action, str) or not action:
        raise ProtocolError("missing-field", "a check message needs the doctrine `action` id", cid)
    if len(action) > 200 or not action.isprintable():
        raise ProtocolError("bad-field", "`action` must be a doctrine action id (printable, at most 200 "
                                         "characters)", cid)
    return cid, action


def pong() -> dict:
    return {"type": "pong", "t": time.time()}


# -- welcome ---------------------------------------------------------------------

def scenario_public(session) -> dict:
    """What every seat may know about the scenario: no injects, no controller notes."""
    s = session.scenario
    rules = session.rules
    return {
        "id": s.id,
        "title": s.title.both(),
        "banner": s.banner,
        "basis": s.basis,  # fictional | historical | adapted (scenario format tabletop/2)
        "start": s.start.isoformat(),
        "duration": s.duration,
        "languages": list(s.languages),
        "clock": {"mode": s.clock.mode, "speed": s.clock.speed},
        "doctrine": rules.id,
        "seats": [{"id": seat, "title": rules.roles[seat].title.both() if seat in rules.roles else {"en": seat, "ja": seat},
                   "side": rules.side_of(seat)} for seat in s.seats],
        "evaluators": s.evaluators,
        "objectives": [{"id": o.id, "text": o.text.both(), "capability": o.capability.both()}
                       for o in s.objectives],
    }


def clock_now(state) -> dict:
    """The scenario clock as the server sees it at this moment."""
    c = state.clock
    now = time.time()
    return {"phase": state.phase, "running": c.running, "speed": c.speed, "anchor_wall": c.anchor_wall,
            "anchor_at": c.anchor_at, "at": round(c.at(now), 3), "server_time": now}


def welcome(session, seat: str, kind: str, exercise: str, last_seq: int, control_texts: dict | None = None) -> dict:
    """The first message a seat receives. `control_texts` (scenario and pack source) go to control only."""
    rules = session.rules
    state = session.state
    out = {
        "type": "welcome",
        "protocol": PROTOCOL,
        "seat": seat,
        "kind": kind,
        "title": _seat_title(rules, seat),
        "exercise": exercise,
        "last_seq": last_seq,
        "clock": clock_now(state),
        "in_force": state.in_force(),  # the recognised situations (the pack's default if none)
        "scenario": scenario_public(session),
        "sides": {sid: side.title.both() for sid, side in rules.sides.items()},
        "roles": {rid: {"title": r.title.both(), "side": r.side, "kind": r.kind} for rid, r in rules.roles.items()},
        "situations": {sid: sit.title.both() for sid, sit in rules.situations.items()},
        "actions": [{"id": a.id, "label": a.label.both(), "roles": list(a.roles), "force": a.force}
                    for a in rules.actions.values()],
    }
    if kind != "player":  # who sees FlagsChanged and obligations reads their sentences, not their ids
        out["flags"] = {fid: f.title.both() for fid, f in rules.flags.items()}
        out["obligations"] = {oid: o.title.both() for oid, o in rules.obligations.items()}
    if kind == "control":
        texts = control_texts or {}
        out["control"] = {
            "scenario_text": texts.get("scenario_text"),
            "scenario_file": texts.get("scenario_file"),
            "doctrine_text": texts.get("doctrine_text") or rules.text,
        }
    return out


def _seat_title(rules, seat: str) -> dict:
    if seat in rules.roles:
        return rules.roles[seat].title.both()
    if seat.startswith("evaluator-"):
        return {lang: phrase("common.actor.evaluator", lang, n=seat.split("-", 1)[1]) for lang in ("en", "ja")}
    if seat == "control":
        return {lang: phrase("common.actor.control_seat", lang) for lang in ("en", "ja")}
    return {"en": seat, "ja": seat}


def seat_title(rules, seat: str, lang: str = "en") -> str:
    return _seat_title(rules, seat)[lang]

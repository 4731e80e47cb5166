"""Sentences another program writes in English, recognised by their words and said again
in the reader's language, the way a gettext catalogue is keyed by the English.

Three places need it: a database's account of why it failed (`database_said`), Click's own usage errors (`cli.click.said.*`, tabletop/usage.py), and
the reasons the engine and the server give a seat for refusing a command or a message
(`reasons.*`): the protocol carries them in English, unchanged, and the console says them
in Japanese (docs/phrasebook.md, "Reasons a seat reads"). The `en` of each phrase is the
other program's wording word for word, its `{fields}` where it fills in a value."""

from __future__ import annotations

import ast
import re
import string
from functools import lru_cache
from typing import Callable

from tabletop.phrasebook.book import catalogue, has, phrase

Pattern = tuple[re.Pattern, str, frozenset[str]]  # (the English as a pattern, the key, fields given with !r)


@lru_cache(maxsize=16)
def patterns(prefix: str) -> tuple[Pattern, ...]:
    """A pattern for each phrase under `prefix` (e.g. "reasons." or "cli.click.said."), the most
    words first: "{value!r} is not one of {choices}." is tried before "{value!r} is not {choice}."."""
    out = []
    for key, entry in catalogue().items():
        if not key.startswith(prefix):
            continue
        regex, quoted = "", set()
        for literal, name, _spec, conversion in string.Formatter().parse(entry.en):
            regex += re.escape(literal)
            if name:
                regex += f"(?P<{name}>.+?)"
                if conversion == "r":
                    quoted.add(name)
        out.append((re.compile(regex, re.S), key, frozenset(quoted)))
    return tuple(sorted(out, key=lambda p: -len(re.sub(r"\(\?P<\w+>\.\+\?\)", "", p[0].pattern))))


def unquote(text: str) -> str:
    """A value another program wrote with !r ('D1'), as written (D1)."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def recognise(message: str, prefix: str) -> tuple[str, dict[str, str]] | None:
    """The phrase under `prefix` whose English `message` is, and the values it was filled with."""
    for pattern, key, quoted in patterns(prefix):
        m = pattern.fullmatch(message.strip())
        if m:
            return key, {k: unquote(v) if k in quoted else v for k, v in m.groupdict().items()}
    return None


class EventType:
    """An event type another program named (`{type}`: "DecisionOpened"): as logged in English, by
    its tag in Japanese (「決定事項」), the words the feed and the report use for it. Said like a
    scenario's bilingual text (`tabletop.problems.said` asks for `.get(lang)`)."""

    missing = ()

    def __init__(self, logged: str):
        self.logged = logged

    def get(self, lang: str = "en") -> str:
        key = f"events.{self.logged}.tag"
        return phrase(key, lang) if lang != "en" and has(key) else self.logged

    def __str__(self) -> str:
        return self.logged


def _typed(fields: dict[str, str]) -> dict:
    return {k: EventType(v) if k == "type" else v for k, v in fields.items()}


def as_sentence(message: str, prefix: str):
    """`message` as a sentence still to be said in the reader's language (a `tabletop.problems.Say`)
    when a phrase under `prefix` has its words; else the message as it is."""
    from tabletop.problems import Say

    found = recognise(message, prefix) if message else None
    return Say(found[0], **_typed(found[1])) if found else message


def said_again(message: str, prefix: str, lang: str, value: Callable[[str, str], str] | None = None) -> str | None:
    """`message` in `lang`, or None when no phrase under `prefix` has its words. `value(field, text)`
    may say a filled-in value in `lang` too (a status word, a list)."""
    found = recognise(message, prefix)
    if found is None:
        return None
    key, fields = found
    if value is not None:
        fields = {k: value(k, v) for k, v in fields.items()}
    return phrase(key, lang, **{k: v.get(lang) if isinstance(v, EventType) else v for k, v in _typed(fields).items()})


def reason(code: str, message: str, lang: str) -> str:
    """Why the engine or the server refused (an `error` message's or a rejected `result`'s code
    and message), in `lang`: the phrase the message's words are, else the phrase for its code
    (`consoles.rejected.*`), else the message as sent."""
    if lang == "en" or not message and not code:
        return message or code
    prefix = f"reasons.{code}." if code and message else None
    if prefix:
        def status(field: str, text: str) -> str:
            key = f"reasons.status.{text.replace(' ', '_')}"
            return phrase(key, lang) if field == "status" and has(key) else text

        again = said_again(message, prefix, lang, status)
        if again is not None:
            return again
    if code and has(f"consoles.rejected.{code}"):
        return phrase(f"consoles.rejected.{code}", lang)
    return message or code


# What SQLite and PostgreSQL (libpq, psycopg) say when a log cannot be opened, read or written:
# their words found anywhere in the message (its wording around them varies with the version),
# and the phrase that says the kind of failure and what to do (`store.detail.*`).
_DATABASE = tuple((re.compile(pattern), key) for pattern, key in (
    (r"database (?:table )?is locked", "sqlite.locked"),
    (r"unable to open database file", "sqlite.unable_to_open"),
    (r"disk I/O error", "sqlite.io"),
    (r"file is (?:encrypted or is )?not a database", "sqlite.not_a_database"),
    (r"attempt to write a readonly database", "sqlite.read_only"),
    (r"database disk image is malformed", "sqlite.malformed"),
    (r"database or disk is full", "sqlite.full"),
    (r"no such (?:table|column)", "sqlite.schema"),
    (r"password authentication failed for user \"(?P<user>[^\"]*)\"", "pg.auth"),
    (r"no password supplied", "pg.no_password"),
    (r"database \"(?P<database>[^\"]*)\" does not exist", "pg.no_database"),
    (r"role \"(?P<role>[^\"]*)\" does not exist", "pg.no_role"),
    (r"no pg_hba\.conf entry", "pg.hba"),
    (r"on socket \"[^\"]*\" failed: No such file or directory", "pg.no_socket"),
    (r"Connection refused", "pg.refused"),
    (r"failed to resolve host '(?P<host>[^']*)'|could not translate host name \"(?P<host_>[^\"]*)\"", "pg.no_host"),
    (r"timeout expired|timed out", "pg.timeout"),
    (r"server closed the connection unexpectedly|terminating connection", "pg.closed"),
    (r"too many clients|remaining connection slots are reserved", "pg.too_many"),
    (r"the database system is (?:starting up|shutting down|in recovery mode)", "pg.starting"),
    (r"permission denied for (?P<kind>\w+) (?P<name>\S+)", "pg.permission"),
))


def database_said(detail: str):
    """A database's account of a failure (SQLite's, PostgreSQL's) as a sentence still to be said
    (`Say`, `store.detail.*`): the kind of failure and what to do, in the reader's language; a
    message of another kind stays as it came."""
    from tabletop.problems import Say

    for pattern, key in _DATABASE:
        m = pattern.search(detail)
        if m:
            fields = {k.rstrip("_"): v for k, v in m.groupdict().items() if v is not None}
            return Say(f"store.detail.{key}", **fields)
    return detail

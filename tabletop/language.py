"""The language the `tabletop` command speaks to its user: one choice for the whole command,
`tabletop --lang ja`, else TABLETOP_LANG, else the locale, else English (docs/decisions.md,
"The language of errors"); a verb's own --lang speaks that verb."""

from __future__ import annotations

import os

import click

from tabletop.problems import Say, language

LANGS = ("en", "ja")


def choose_language(flag: str | None, env=os.environ) -> str:
    """`--lang`, else TABLETOP_LANG, else the locale as gettext reads it (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG: ja_JP.UTF-8 is Japanese), else English."""
    if flag:
        return flag
    for var in ("TABLETOP_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").split(":")[0].strip().lower()
        if value:
            return "ja" if value.startswith("ja") else "en"
    return "en"


def reader_language() -> str:
    """The language to speak to the user in: a verb's own --lang, else the one chosen for the command."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.params.get("lang") in LANGS:
            return ctx.params["lang"]
        ctx = ctx.parent
    return language()


def say(message: str | Say, lang: str | None = None) -> str:
    return message.text(lang or reader_language()) if isinstance(message, Say) else message


def asked_language(args: list[str]) -> str:
    """The language the command line asks for before Click has read it: its last --lang, else
    TABLETOP_LANG or the locale."""
    flag = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            flag = args[i + 1]
        elif arg.startswith("--lang=") and arg[7:] in LANGS:
            flag = arg[7:]
    return choose_language(flag)


def help_language(ctx: click.Context) -> str:
    """The language of `ctx`'s --help: a --lang already read, else the command line's."""
    while ctx.parent is not None and ctx.params.get("lang") not in LANGS:
        ctx = ctx.parent
    return ctx.params["lang"] if ctx.params.get("lang") in LANGS else asked_language(ctx.meta.get("tabletop.args", []))

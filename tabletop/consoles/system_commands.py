"""Textual's own commands in the command palette (ctrl+p) — Theme, Quit, Keys, Maximize,
Screenshot — and the palette's "Search for commands…", said in the console's language.

Textual names them in English in `App.get_system_commands`, the hook it gives an app for its
palette's system commands; the phrasebook (`consoles.system_commands.*`) holds Textual's words
word for word with their Japanese, so a command Textual adds or rewords stays as Textual says it
(and tests/consoles/test_system_commands_ja.py notices)."""

from __future__ import annotations

from textual.app import SystemCommand

from tabletop.phrasebook import phrase
from tabletop.phrasebook.recognise import said_again

PREFIX = "consoles.system_commands."


def said(text: str, lang: str) -> str:
    return (said_again(text, PREFIX, lang) if lang != "en" else None) or text


def in_language(command: SystemCommand, lang: str) -> SystemCommand:
    return command._replace(title=said(command.title, lang), help=said(command.help, lang))


def search_placeholder(lang: str) -> str:
    return phrase(PREFIX + "search", lang)

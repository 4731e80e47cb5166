"""`tabletop ... --help` in Japanese: every command's and option's help has a Japanese phrase
(data/help.yaml) whose English is the code's own, and the Japanese help leaves no English of
its own (Click's words included) and fits the terminal, a Japanese character being two cells."""

from __future__ import annotations

import inspect
import re

import click
import pytest
from click.testing import CliRunner

from tabletop.cli import main
from tabletop.phrasebook import catalogue, cells, phrase

WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")


def commands():
    """(path, command) of `tabletop` and every verb, a group's verbs too."""
    ctx = click.Context(main)
    out = []

    def walk(cmd, path):
        out.append((path, cmd))
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), [*path, name])
    walk(main, [])
    return out


def key(path) -> str:
    return "help." + (".".join(path) or "tabletop")


def test_every_command_and_option_has_a_japanese_help_whose_english_is_the_codes():
    book = catalogue()
    wrong = []
    for path, cmd in commands():
        texts = {f"{key(path)}.about": inspect.cleandoc(cmd.help or "")}
        texts.update({f"{key(path)}.options.{p.name}": p.help for p in cmd.params if getattr(p, "help", None)})
        for k, english in texts.items():
            if k not in book:
                wrong.append(f"{k}: no phrase in tabletop/phrasebook/data/help.yaml")
            elif book[k].en != english:
                wrong.append(f"{book[k].where}: {k}: the code now says {english!r}")
    assert wrong == []
    assert len(commands()) > 25


@pytest.mark.parametrize("path", [p for p, _ in commands()], ids=lambda p: " ".join(p) or "tabletop")
def test_a_commands_japanese_help_has_no_english_of_its_own_and_fits_the_terminal(path):
    out = CliRunner().invoke(main, ["--lang", "ja", *path, "--help"], terminal_width=80, prog_name="tabletop")
    assert out.exit_code == 0, out.output
    text = out.output
    assert text.startswith("使い方：tabletop") and "オプション：" in text
    # What the Japanese keeps on purpose: its own phrases' ids, paths and examples, the flags and
    # metavars of the usage line and the options column.
    mine = ("help." + ".".join(path)) if path else "help."  # the command's phrases, its verbs' too
    ja = [e.ja for e in catalogue().values() if e.key.startswith(mine) or e.key.startswith("cli.help_frame")]
    ja.append(phrase("help.help_option", "ja"))
    ctx = click.Context(main)
    cmd = main
    for name in path:
        ctx = click.Context(cmd.get_command(ctx, name), parent=ctx, info_name=name)
        cmd = ctx.command
    kept = " ".join([*ja, "tabletop", ctx.command_path, *cmd.collect_usage_pieces(ctx),
                     *(r[0] for p in cmd.get_params(ctx) if (r := p.get_help_record(ctx))),
                     *(str(p.get_help_extra(ctx).get("default", "")) for p in cmd.params if isinstance(p, click.Option)),
                     *getattr(cmd, "commands", {})])
    english = sorted(set(WORD.findall(text)) - set(WORD.findall(kept)))
    assert english == []
    verbatim = {line.strip() for t in ja for para in t.split("\n\n") if para.startswith("\b") for line in para.split("\n")}
    wide = [line for line in text.splitlines() if cells(line) > 80 and line.strip() not in verbatim]
    assert wide == []


def test_the_english_help_is_clicks_own():
    out = CliRunner().invoke(main, ["--lang", "en", "validate", "--help"], prog_name="tabletop")
    assert "Usage: tabletop validate [OPTIONS] FILES..." in out.output
    assert "Options:\n  --strict             Treat warnings as errors (exit 1)." in out.output
    assert "Show this message and exit." in out.output


def test_the_help_follows_the_locale_and_a_flag_given_after_the_verb(monkeypatch):
    monkeypatch.setenv("TABLETOP_LANG", "")
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert CliRunner().invoke(main, ["verify", "--help"]).output.startswith("使い方：")
    assert CliRunner().invoke(main, ["--help", "--lang", "ja"]).output.startswith("使い方：")
    monkeypatch.setenv("TABLETOP_LANG", "en")
    assert CliRunner().invoke(main, ["--lang", "ja", "archive"]).output.startswith("使い方：")


def test_the_version_is_said_in_the_command_lines_language():
    from importlib.metadata import version

    ja = CliRunner().invoke(main, ["--lang", "ja", "--version"], prog_name="tabletop")
    en = CliRunner().invoke(main, ["--lang", "en", "--version"], prog_name="tabletop")
    assert (ja.exit_code, ja.output) == (0, f"tabletop バージョン {version('tabletop')}\n")
    assert en.output == f"tabletop, version {version('tabletop')}\n"

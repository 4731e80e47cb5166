"""`--help` in the reader's language.

In English, Click writes the help from the code (docstrings, `help=`). In Japanese, the
same layout is written from the phrasebook (data/help.yaml: each command's `about` and
options, keyed by the command's path; `cli.help_frame.*`: Click's own words — "Usage:",
"Options", "[default: …]"), with Click's public pieces (the usage line, each option's
flags and the facts behind its "[default: …]") and lines wrapped in terminal cells, a
Japanese character being two. A command or option without a phrase keeps its English
(tests/phrasebook/test_help.py fails first)."""

from __future__ import annotations

import inspect
import re

import click

from tabletop.phrasebook import cells, has, phrase

_TOKEN = re.compile(r"[ \t]+|[^\s\u1100-\uffff]+|.", re.S)  # a run of spaces, an ASCII word, or one wide character
_NO_BREAK_BEFORE = set("、。，．）」』］】〉》・ー！？：；ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_NO_BREAK_AFTER = set("（「『［【〈《")


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between: ASCII words, each Japanese character, runs of spaces;
    closing punctuation is kept with what comes before it, opening with what follows."""
    out: list[str] = []
    for piece in _TOKEN.findall(text):
        if out and (piece[0] in _NO_BREAK_BEFORE or out[-1][-1] in _NO_BREAK_AFTER) and not out[-1].isspace():
            out[-1] += piece
        else:
            out.append(piece)
    return out


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal cells (a longer word stands alone on its line)."""
    lines, line = [], ""
    for token in _tokens(text):
        if token.isspace():
            line += " " if line else ""
            continue
        if line and cells(line) + cells(token) > width:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


class CellFormatter(click.HelpFormatter):
    """Click's help layout, measured in terminal cells; a heading brings its own colon."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for i, para in enumerate(text.split("\n\n")):
            if i:
                self.write("\n")
            if para.startswith("\b\n"):
                self.write("".join(f"{indent}{line}\n" for line in para[2:].splitlines()))
                continue
            joined = " ".join(line.strip() for line in para.splitlines())
            self.write("".join(f"{indent}{line}\n" for line in wrap(joined, max(self.width - self.current_indent, 20))))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((cells(term) for term, _ in rows), default=0), col_max)
        room = max(self.width - first - col_spacing - self.current_indent, 20)
        for term, text in rows:
            self.write(" " * self.current_indent + term)
            if not text:
                self.write("\n")
                continue
            if cells(term) <= first:
                self.write(" " * (first - cells(term) + col_spacing))
            else:
                self.write("\n" + " " * (first + col_spacing + self.current_indent))
            lines = wrap(text, room)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first + col_spacing + self.current_indent) + line + "\n")


def _key(ctx: click.Context, *more: str) -> str:
    """The phrasebook key of a command's help: `help.archive.push` (`help.tabletop`: the command itself)."""
    names = list(more)
    while ctx.parent is not None:
        names.insert(0, ctx.info_name or ctx.command.name or "")
        ctx = ctx.parent
    return "help." + (".".join(names) or "tabletop")


def _said(key: str, english: str | None, lang: str) -> str:
    return phrase(key, lang) if has(key) else (english or "")


def _extras(param: click.Option, ctx: click.Context, lang: str) -> str:
    extra = param.get_help_extra(ctx)
    items = []
    if "envvars" in extra:
        items.append(phrase("cli.help_frame.envvar", lang, var=", ".join(extra["envvars"])))
    if "default" in extra:
        items.append(phrase("cli.help_frame.default", lang, default=extra["default"]))
    if "range" in extra:
        items.append(extra["range"])
    if "required" in extra:
        items.append(phrase("cli.help_frame.required", lang))
    return phrase("cli.help_frame.extras", lang, items=phrase("common.list.semicolon", lang).join(items)) if items else ""


def _short(text: str, limit: int) -> str:
    """A command's first sentence, for its group's list of commands."""
    para, depth, first = text.split("\n\n")[0], 0, None
    for i, ch in enumerate(para):
        depth += (ch in _NO_BREAK_AFTER) - (ch in "）」』］】〉》")
        if depth <= 0 and (ch == "。" or ch == "." and para[i + 1:i + 2] in (" ", "\n", "")):
            first = para[:i + 1]
            break
    first = (first or para).strip()
    return first if cells(first) <= limit else wrap(first, limit - 1)[0] + "…"


def write_help(ctx: click.Context, formatter: click.HelpFormatter, lang: str) -> None:
    """Click's `format_help`, in `lang`, from the phrasebook's `help.*`."""
    cmd, prefix = ctx.command, _key(ctx)
    w = lambda name, **f: phrase(f"cli.help_frame.{name}", lang, **f)  # noqa: E731
    formatter.write_usage(ctx.command_path, " ".join(cmd.collect_usage_pieces(ctx)), prefix=w("usage"))
    about = _said(f"{prefix}.about", inspect.cleandoc(cmd.help or ""), lang)
    if about:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(about)
    rows = []
    for param in cmd.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None or isinstance(param, click.Argument):
            continue
        key = "help.help_option" if param is cmd.get_help_option(ctx) else f"{prefix}.options.{param.name}"
        text = _said(key, getattr(param, "help", None), lang) if getattr(param, "help", None) else ""
        extras = _extras(param, ctx, lang) if isinstance(param, click.Option) else ""
        rows.append((record[0], w("with_extras", text=text, extras=extras) if text and extras else text or extras))
    if rows:
        with formatter.section(w("options")):
            formatter.write_dl(rows)
    if isinstance(cmd, click.Group):
        subs = [(n, cmd.get_command(ctx, n)) for n in cmd.list_commands(ctx)]
        subs = [(n, c) for n, c in subs if c is not None and not c.hidden]
        if subs:
            limit = formatter.width - 6 - max(len(n) for n, _ in subs)
            with formatter.section(w("commands")):
                formatter.write_dl([(n, _short(_said(_key(ctx, n, "about"), inspect.cleandoc(c.help or ""), lang)
                                               .replace("\b\n", ""), limit)) for n, c in subs])


class ReaderContext(click.Context):
    """A context whose --help is in the reader's language (tabletop.language.help_language)."""

    def get_help(self) -> str:
        from tabletop.language import help_language

        lang = help_language(self)
        if lang == "en":
            return self.command.get_help(self)
        formatter = CellFormatter(width=self.terminal_width, max_width=self.max_content_width)
        write_help(self, formatter, lang)
        return formatter.getvalue().rstrip("\n")


def in_reader_language(command: click.Command) -> click.Command:
    """`command` (and a group's commands) with its help in the reader's language."""
    command.context_class = ReaderContext
    for sub in getattr(command, "commands", {}).values():
        in_reader_language(sub)
    return command

"""Click's usage errors (a missing option, a bad value, an unknown option) in the reader's language.

Click composes these sentences itself, in English. The `tabletop` group hands each usage
error to `in_reader_language`, which says it again from the phrasebook (`cli.click.*`):
the frame (which option is missing, which value is wrong, the usage line) from the
exception's own fields, and a value's complaint ("'x' is not one of 'en', 'ja'.") by
matching Click's English wording, kept word for word as the `en` of `cli.click.said.*`,
the way a gettext catalogue is keyed by the English. English stays Click's own."""

from __future__ import annotations

import click
from click import exceptions as ce

from tabletop.phrasebook import has, phrase
from tabletop.phrasebook.recognise import said_again, unquote


def _listing(text: str, lang: str) -> str:
    """Click's list of quoted values ('en', 'ja') as the language lists and quotes them."""
    names = [unquote(v.strip()) for v in text.split(",")]
    return phrase("common.list.separator", lang).join(phrase("cli.click.quoted", lang, name=n) for n in names)


def said(message: str, lang: str) -> str:
    """One of Click's sentences in `lang`; a sentence it does not know (ours, already said) stays as it is."""
    def value(name: str, text: str) -> str:
        if name in ("choice", "choices", "states", "format", "formats") and lang != "en":
            return _listing(text, lang)
        type_key = "cli.click.type." + text.replace(" ", "_")
        return phrase(type_key, lang) if name == "number_type" and has(type_key) else text

    again = said_again(message, "cli.click.said.", lang, value)
    return message if again is None else again


def _hint(exc: ce.BadParameter, lang: str) -> str:
    if exc.param_hint is not None:
        names = [exc.param_hint] if isinstance(exc.param_hint, str) else list(exc.param_hint)
        names = [n.strip("'") for n in names]
    elif exc.param is not None:
        names = exc.param.opts or [exc.param.human_readable_name]
        if isinstance(exc.param, click.Argument) and exc.ctx is not None:
            names = [exc.param.make_metavar(exc.ctx)]
    else:
        return ""
    return " / ".join(phrase("cli.click.quoted", lang, name=n) for n in names)


def _possibilities(exc, lang: str) -> str:
    if not exc.possibilities:
        return ""
    sep = phrase("common.list.separator", lang)
    names = sep.join(phrase("cli.click.quoted", lang, name=p) for p in sorted(exc.possibilities))
    return phrase("cli.click.did_you_mean", lang, possibilities=names)


def _missing(exc: ce.MissingParameter, lang: str) -> str:
    kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
    kind = kind if kind in ("option", "argument") else "parameter"
    text = phrase(f"cli.click.missing_{kind}", lang, hint=_hint(exc, lang))
    if exc.param is not None and isinstance(exc.param.type, click.Choice):
        sep = phrase("common.list.separator", lang)
        text += phrase("cli.click.choose_from", lang, choices=sep.join(map(str, exc.param.type.choices)))
    return text


def message(exc: click.UsageError, lang: str) -> str:
    """What the error says (Click's `format_message`), in `lang`."""
    if isinstance(exc, ce.MissingParameter):
        return _missing(exc, lang)
    if isinstance(exc, ce.BadParameter):
        hint = _hint(exc, lang)
        text = said(exc.message, lang)
        return phrase("cli.click.invalid_value", lang, hint=hint, message=text) if hint else \
            phrase("cli.click.invalid", lang, message=text)
    if isinstance(exc, ce.NoSuchOption):
        return phrase("cli.click.no_such_option", lang, name=phrase("cli.click.quoted", lang, name=exc.option_name)) \
            + _possibilities(exc, lang)
    if isinstance(exc, getattr(ce, "NoSuchCommand", ())):
        return phrase("cli.click.no_such_command", lang, name=phrase("cli.click.quoted", lang, name=exc.command_name)) \
            + _possibilities(exc, lang)
    return said(exc.message, lang)


class SaidUsageError(click.UsageError):
    """A usage error said again in the reader's language: the usage line, where to find help, the error."""

    def __init__(self, original: click.UsageError, lang: str):
        super().__init__(message(original, lang), original.ctx)
        self.lang = lang

    def show(self, file=None) -> None:
        ctx = self.ctx
        if ctx is not None:
            pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
            click.echo(phrase("cli.click.usage", self.lang, usage=f"{ctx.command_path} {pieces}".rstrip()), err=True)
            help_names = ctx.command.get_help_option_names(ctx)
            if ctx.command.get_help_option(ctx) is not None and help_names:
                click.echo(phrase("cli.click.try_help", self.lang, command=ctx.command_path,
                                  option=max(help_names, key=len)), err=True)
            click.echo("", err=True)
        click.echo(phrase("cli.click.error", self.lang, message=self.format_message()), err=True)


def in_reader_language(exc: click.UsageError, lang: str) -> click.UsageError:
    """`exc` as the reader should read it: itself in English (Click's words) and for the help
    a group prints when given nothing; else said again from the phrasebook."""
    if lang == "en" or isinstance(exc, (ce.NoArgsIsHelpError, SaidUsageError)):
        return exc
    return SaidUsageError(exc, lang)

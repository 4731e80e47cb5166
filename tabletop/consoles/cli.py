"""`tabletop run` (host an exercise and open the facilitator console on it),
`tabletop join` (a participant's or evaluator's console), `tabletop facilitate`
(the facilitator console on a server started elsewhere) and `tabletop present` (the
read-only presenter view for the room's screen)."""

from __future__ import annotations

import click

from tabletop.cli import STORE_URL
from tabletop.consoles import collector

LANG = click.Choice(["en", "ja"])
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def _failed(message):
    from tabletop.cli import Failed

    return Failed(message)


def _say(key: str, **fields):
    """A sentence of the consoles' commands (phrasebook `cli.run.*`), still to be said."""
    from tabletop.problems import Say

    return Say(f"cli.run.{key}", **fields)


def _echo(key: str, **fields) -> None:
    from tabletop.cli import say

    click.echo(say(_say(key, **fields)))


def console_lang(lang: str | None) -> tuple[str | None, str]:
    """(lang, fallback) for a console: its own --lang wins; else the language this seat chose last
    time (the app reads it, memory.py); else `tabletop --lang`, TABLETOP_LANG or the locale."""
    from click.core import ParameterSource

    from tabletop.problems import language

    ctx = click.get_current_context(silent=True)
    given = lang is not None and (ctx is None or ctx.get_parameter_source("lang") not in (
        ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP))
    return (lang if given else None), (lang or language())


def _address(url: str) -> str:
    """The server's ws:// URL for the address as typed (127.0.0.1:8765 is fine), or exit 2 saying what to type."""
    from tabletop.client.address import BadAddress, session_url

    try:
        return session_url(url)
    except BadAddress as exc:
        raise _failed(exc.args[0]) from None


def _run_console(app) -> None:
    """Run a console app; a failure it reports (bad code, unreachable server) becomes exit 2, no traceback;
    a console that stopped on an error (Textual printed it) exits non-zero, not 0."""
    app.run()
    if app.failure:
        raise _failed(app.failure)
    if app.return_code:
        raise SystemExit(app.return_code)


def previous_address(db: str) -> tuple[str | None, int | None]:
    """The address an exercise's participants were given (the join line of the codes file beside
    its log), as (host to listen on, port); (None, None) if it cannot be read."""
    from tabletop.consoles.embedded import codes_file_for
    from tabletop.server.codes import joined_address

    path = codes_file_for(db)
    try:
        text = path.read_text(encoding="utf-8") if path is not None else ""
    except (OSError, UnicodeDecodeError):
        return None, None
    return joined_address(text)


def prepare_run(scenario: str | None, resume: str | None, db: str | None, host: str | None, port: int | None,
                lang: str = "en", store_url: str | None = None):
    """Start the exercise's server (on its own thread) and build the facilitator console on it.
    Returns (server, started, app); the caller runs the app and then stops the server.

    A host or port left None is the default, or on --resume the one the participants were given
    (their consoles keep reconnecting to it); a resumed exercise never moves to another port."""
    from tabletop.consoles.app import ConsoleApp, Launch
    from tabletop.consoles.embedded import EmbeddedServer, StartFailed
    from tabletop.problems import Say

    if scenario and resume:
        raise _failed(_say("scenario_or_resume"))
    if resume and db:
        raise _failed(Say("cli.errors.db_and_resume"))
    if not resume and not scenario:
        scenario = "missile-launch"
    if resume and (host is None or port is None):
        was_host, was_port = previous_address(resume)
        host = was_host if host is None else host
        port = was_port if port is None else port
    host = DEFAULT_HOST if host is None else host
    port = DEFAULT_PORT if port is None else port
    if store_url and db:
        raise _failed(Say("cli.serve.db_and_store"))
    server = EmbeddedServer(scenario, resume, db, host, port, fallback=not resume, store_url=store_url)
    try:
        started = server.start()
    except StartFailed as exc:
        raise _failed(exc.args[0]) from None
    if resume:
        started.notes.append(_say("resumed_on", url=started.join_url))
    launch = Launch(started.join_url, started.codes, started.codes_file, started.db_path, started.notes)
    lang, fallback = console_lang(lang)
    app = ConsoleApp(started.url, started.control_code, launch=launch, lang=lang, fallback_lang=fallback,
                     expect="control")
    return server, started, app


@click.command()
@click.argument("scenario", required=False)
@click.option("--resume", metavar="DB", help="Pick an interrupted exercise back up from its log.")
@click.option("--host", default=None,
              help="Address to listen on; 0.0.0.0 lets participants join from other machines "
                   "[default: 127.0.0.1; with --resume, the exercise's own].")
@click.option("--port", default=None, type=click.IntRange(0, 65535),
              help="Port to listen on [default: 8765, a free one if it is taken; with --resume, the "
                   "exercise's own, which the participants' consoles reconnect to].")
@click.option("--db", type=click.Path(dir_okay=False),
              help="Exercise log to create [default: exercises/<scenario>-<UTC time>.db].")
@click.option("--store", "store_url", metavar="URL", type=STORE_URL,
              help="Log the exercise in this PostgreSQL database (postgresql://USER@HOST/DB) instead of a SQLite "
                   "file; with --resume, give the exercise's name.")
@click.option("--lang", type=LANG, default=None, help="Language of the console [default: the one last chosen here, else tabletop --lang, "
                   "TABLETOP_LANG or the locale, else en].")
def run(scenario: str | None, resume: str | None, host: str | None, port: int | None, db: str | None,
        store_url: str | None, lang: str) -> None:
    """Run an exercise: start the session server here and open the facilitator console.

    SCENARIO is a bundled scenario name or a file (default: missile-launch). The seat
    codes are shown in the console (key c) and written beside the log
    (exercises/<name>.codes.txt, readable by you only).

    \b
    Start:     tabletop run missile-launch
    Resume:    tabletop run --resume exercises/missile-launch-20271005-064000.db
    Players:   tabletop join ws://HOST:PORT/ws --code CODE
    """
    with collector.console():  # the collector waits until the console is drawn (collector.py)
        server, started, app = prepare_run(scenario, resume, db, host, port, lang, store_url)
        try:
            app.run()
        finally:
            server.stop()
    if app.failure:
        raise _failed(app.failure)
    if started.db_path:  # also after an error: the way back in matters most then
        _echo("log", db=started.db_path)
        _echo("continue", db=started.db_path)
        if started.codes_file:
            _echo("codes", file=started.codes_file)
    elif store_url:
        _echo("in_database", exercise=started.exercise)
    if app.return_code:
        raise SystemExit(app.return_code)


@click.command()
@click.argument("url")
@click.option("--code", envvar="TABLETOP_CODE", help="Your seat code (or set TABLETOP_CODE); asked for if not given.")
@click.option("--lang", type=LANG, default=None,
              help="Language to start in (F9 switches) [default: the one last chosen at this seat, else "
                   "tabletop --lang, TABLETOP_LANG or the locale, else en].")
def join(url: str, code: str | None, lang: str) -> None:
    """Join an exercise at URL (ws://HOST:PORT/ws, or just HOST:PORT) with your seat code.

    The console is the participant's, the evaluator's or the facilitator's,
    depending on the code. Without --code the console asks for it.
    """
    with collector.console():  # the collector waits until the console is drawn (collector.py)
        from tabletop.consoles.app import ConsoleApp

        lang, fallback = console_lang(lang)
        _run_console(ConsoleApp(_address(url), code or None, lang=lang, fallback_lang=fallback))


def _control_console(fn):
    """The command, URL, --code and --lang of a console opened with the control code."""
    for option in reversed([click.command(), click.argument("url"),
                            click.option("--code", envvar="TABLETOP_CODE",
                                         help="The control code (or set TABLETOP_CODE); asked for if not given."),
                            click.option("--lang", type=LANG, default=None,
                                         help="[default: the one last chosen here, else tabletop --lang, "
                                              "TABLETOP_LANG or the locale, else en]")]):
        fn = option(fn)
    return fn


def _open_as_control(url: str, code: str | None, lang: str | None, **kwargs) -> None:
    if not code:
        from tabletop.cli import say

        code = click.prompt(say(_say("control_code")), hide_input=False).strip()
    with collector.console():  # the collector waits until the console is drawn (collector.py)
        from tabletop.consoles.app import ConsoleApp

        lang, fallback = console_lang(lang)
        _run_console(ConsoleApp(_address(url), code, lang=lang, fallback_lang=fallback, expect="control",
                                **kwargs))


@_control_console
def facilitate(url: str, code: str | None, lang: str) -> None:
    """Open the facilitator console on an exercise served elsewhere (tabletop serve)."""
    _open_as_control(url, code, lang)


@_control_console
def present(url: str, code: str | None, lang: str) -> None:
    """The presenter view for the room's shared screen: the scenario clock large, the latest inject
    released to every seat, the legal situations and obligations due. Read-only and nothing
    secret (no controller note, no inject to only some seats), so the facilitator's own console
    stays private. Needs the control code."""
    _open_as_control(url, code, lang, present=True)

"""`tabletop serve` (host an exercise) and `tabletop bot` (play a seat from a moves file)."""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import socket
import ssl as ssl_mod
import sys
from pathlib import Path

import click

from tabletop.cli import STORE_URL
from tabletop.problems import message_of

DEFAULT_PORT = 8765



def _failed(message):
    from tabletop.cli import Failed

    return Failed(message)


def _say(key: str, **fields) -> str:
    """A line of `tabletop serve` in the reader's language (phrasebook `cli.serve.*`)."""
    from tabletop.cli import say
    from tabletop.problems import Say

    return say(Say(f"cli.serve.{key}", **fields))


def _sentence(key: str, **fields):
    """The same line still to be said (for an error: `Failed` says it in the reader's language)."""
    from tabletop.problems import Say

    return Say(f"cli.serve.{key}", **fields)


def write_codes_file(path: str, text: str) -> None:
    """Write the codes readable by the owner only (0600), even if the file existed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def tls_context(certfile: str | None, keyfile: str | None) -> ssl_mod.SSLContext | None:
    if not certfile and not keyfile:
        return None
    if not certfile:
        raise _failed(_sentence("keyfile_alone"))
    ctx = ssl_mod.create_default_context(ssl_mod.Purpose.CLIENT_AUTH)
    try:
        ctx.load_cert_chain(certfile, keyfile)
    except (OSError, ssl_mod.SSLError) as exc:
        raise _failed(_sentence("bad_certificate", file=certfile, reason=str(exc))) from None
    return ctx


def join_url(scheme: str, host: str, port: int) -> str:
    shown = host
    if host in ("0.0.0.0", "::", ""):
        shown = socket.gethostname()
    elif ":" in host:
        shown = f"[{host}]"
    return f"{scheme}://{shown}:{port}/ws"


@click.command()
@click.argument("scenario", required=False)
@click.option("--resume", "resume", metavar="DB", help="Reopen this exercise log after a stop or a crash.")
@click.option("--host", help="Address to listen on; 0.0.0.0 to accept other machines "
              "[default: 127.0.0.1; with --resume and --codes-file, the exercise's own].")
@click.option("--port", type=click.IntRange(0, 65535),
              help=f"Port to listen on [default: {DEFAULT_PORT}; with --resume and --codes-file, the exercise's own].")
@click.option("--db", type=click.Path(dir_okay=False),
              help="Exercise log to create [default: exercises/<scenario>-<UTC time>.db].")
@click.option("--codes-file", type=click.Path(dir_okay=False),
              help="Write the seat codes here (mode 0600); with --resume, read them back to reprint.")
@click.option("--certfile", type=click.Path(exists=True, dir_okay=False), help="TLS certificate (PEM): serve wss://.")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False), help="TLS private key (PEM).")
@click.option("--web", "web_port", type=click.IntRange(1, 65535), metavar="PORT",
              help="Also serve the participant console to browsers on http://HOST:PORT (works offline).")
@click.option("--store", "store_url", metavar="URL", type=STORE_URL,
              help="Log the exercise in this PostgreSQL database (postgresql://USER@HOST/DB) instead of a SQLite "
                   "file; with --resume, give the exercise's name.")
@click.option("--pace", type=click.FloatRange(0), default=20.0, show_default=True,
              help="Messages a second one seat may send after a burst of 20; 0 for no limit (benchmarks).")
def serve(scenario: str | None, resume: str | None, host: str, port: int, db: str | None, codes_file: str | None,
          certfile: str | None, keyfile: str | None, web_port: int | None, store_url: str | None = None,
          pace: float = 20.0) -> None:
    """Host an exercise: participants join from their own terminals with a seat code.

    \b
    Start:   tabletop serve missile-launch --codes-file codes.txt
    Resume:  tabletop serve --resume exercises/missile-launch-20270405-065000.db --codes-file codes.txt
    Browser: tabletop serve missile-launch --host 0.0.0.0 --web 8080   (players open http://THIS-MACHINE:8080)
    """
    from tabletop.problems import ProblemsFound, Say
    from tabletop.server.app import ExerciseError, open_exercise
    from tabletop.server.codes import SeatCodes, parse_codes_file

    if (scenario is None) == (resume is None):
        raise _failed(_sentence("what_to_serve"))
    if resume and db:
        raise _failed(Say("cli.errors.db_and_resume"))
    if store_url and db:
        raise _failed(_sentence("db_and_store"))
    ctx = tls_context(certfile, keyfile)
    if codes_file and resume is None:
        # Before the log exists: codes nobody can read would make the new exercise unjoinable.
        try:
            os.close(os.open(codes_file, os.O_WRONLY | os.O_CREAT, 0o600))
        except OSError as exc:
            raise _failed(_sentence("codes_file_unwritable", file=codes_file, reason=exc.strerror or str(exc))) from None
    try:
        session, codes = open_exercise(scenario, resume, db, store_url)
    except ExerciseError as exc:
        raise _failed(message_of(exc)) from None
    except ProblemsFound as exc:
        from tabletop.cli import print_problems

        print_problems(exc.problems)
        raise _failed(_sentence("not_started", n=len(exc.errors), file=scenario)) from None

    reprinted = False
    if codes is None and codes_file and Path(codes_file).is_file():
        kept = parse_codes_file(Path(codes_file).read_text(encoding="utf-8"))
        stored = SeatCodes.load(session.store)
        if kept and stored and all(stored.seat_for(code) == seat for seat, code in kept.items()):
            codes, reprinted = kept, True
        else:
            click.echo(_say("codes_not_these", file=codes_file), err=True)
    if (host is None or port is None) and reprinted:
        # A resumed exercise listens where its participants' consoles keep reconnecting.
        from tabletop.server.codes import joined_address

        was_host, was_port = joined_address(Path(codes_file).read_text(encoding="utf-8", errors="replace"))
        if was_port is not None:
            host = was_host if host is None else host
            port = was_port if port is None else port
            click.echo(_say("resuming_on", host=host, port=port, file=codes_file))
    host = "127.0.0.1" if host is None else host
    port = DEFAULT_PORT if port is None else port
    try:
        asyncio.run(_serve(session, codes, reprinted, host, port, ctx, codes_file, resume, web_port, pace))
    finally:
        session.store.close()


async def _serve(session, codes, reprinted, host, port, ctx, codes_file, resume, web_port=None, pace=20.0) -> None:
    from tabletop.server.app import MESSAGES_BURST, seat_titles, start_server
    from tabletop.server.codes import format_codes_file, short_code

    try:
        messages = (MESSAGES_BURST, 1.0 / pace) if pace else (1 << 30, 1e-9)  # 0: no limit
        handle = await start_server(session, codes, host, port, ctx, messages=messages)
    except OSError as exc:
        # asyncio words the error itself ("error while attempting to bind on address ..."):
        # say the port in use in the reader's language, else only the system's reason.
        in_use = exc.errno == errno.EADDRINUSE
        why = dict(host=host, port=port, other=port + 1 if port < 65535 else port - 1) if in_use else \
            dict(host=host, port=port, reason=os.strerror(exc.errno) if exc.errno else str(exc))
        path = getattr(session.store, "path", None)
        if resume is None and path is not None:
            # The new log's codes were never shown: resuming it would give an exercise nobody can
            # join. It holds nothing else yet, so it goes, and the same command works again.
            session.store.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise _failed(_sentence("in_use_nothing" if in_use else "cannot_listen_nothing", **why)) from None
        raise _failed(_sentence("in_use" if in_use else "cannot_listen", **why)) from None
    scheme = "wss" if ctx else "ws"
    url = join_url(scheme, host, handle.port)
    store = session.store
    where = getattr(store, "path", None) or getattr(store, "location", "memory (--db :memory:)")
    state = session.state
    from tabletop.cli import reader_language
    from tabletop.phrasebook import cells, pad

    lang = reader_language()
    click.echo(_say("exercise", exercise=store.exercise, title=session.scenario.title.get(lang)))
    click.echo(_say("log", where=where, n=state.last_seq, phase=_say(f"phase.{state.phase}")))
    click.echo(_say("serving", url=url))
    if host in ("127.0.0.1", "localhost", "::1"):
        click.echo(_say("local_only"))
    elif not ctx:
        click.echo(_say("unencrypted"))
    shown_titles = seat_titles(session, lang)
    if codes:
        if codes_file and not reprinted:
            try:
                write_codes_file(codes_file, format_codes_file(codes, shown_titles, url, store.exercise, lang))
                click.echo(_say("codes_written", file=codes_file))
            except OSError as exc:
                click.echo(_say("codes_unwritable", file=codes_file, reason=exc.strerror or str(exc)), err=True)
        click.echo("")
        click.echo(_say("codes_head") if not reprinted else _say("codes_reprinted", file=codes_file))
        width = max(len(s) for s in codes)
        twidth = max(cells(shown_titles.get(s, s)) for s in codes)
        for seat, code in codes.items():
            # The short code (the one read out, as the run console's codes screen shows it) opens the
            # seat while this server holds the full codes, which it does whenever it lists them.
            click.echo(f"  {seat:<{width}}  {pad(shown_titles.get(seat, seat), twidth)}  {short_code(code)}  "
                       f"{code}   tabletop join {url} --code {code}")
        click.echo(_say("codes_short"))
    else:
        click.echo("")
        click.echo(_say("codes_kept"))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    web = await _start_web(scheme, host, handle.port, web_port) if web_port else None
    click.echo("")
    if hasattr(store, "path"):
        click.echo(_say("ready_file", where=where))
    elif hasattr(store, "location"):
        click.echo(_say("ready_store", exercise=store.exercise))
    else:
        click.echo(_say("ready_memory"))
    try:
        await stop.wait()
    finally:
        click.echo(_say("stopping_web" if web is not None else "stopping"))
        if web is not None and web.returncode is None:
            web.terminate()
            await web.wait()
        await handle.close()


async def _start_web(scheme: str, host: str, port: int, web_port: int):
    """The browser console (textual-serve) in a child process; each browser tab runs
    `tabletop join` on this machine against the local session server."""
    import sys

    from tabletop.cli import reader_language

    local = join_url(scheme, "127.0.0.1", port)
    code = ("import sys; from tabletop.consoles.web import serve_web; "
            "serve_web(sys.argv[1], int(sys.argv[2]), sys.argv[3], end_with_stdin=True, lang=sys.argv[4])")
    # Its stdin is a pipe from this process: it ends with this server, even on kill -9. Its tabs
    # speak this server's language (`tabletop --lang` may not be in the child's environment).
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", code, local, str(web_port), host,
                                                reader_language(), stdin=asyncio.subprocess.PIPE)
    shown = "THIS-MACHINE" if host in ("0.0.0.0", "::") else host
    click.echo(_say("browser", host=shown, port=web_port))
    return proc


@click.command()
@click.argument("url")
@click.option("--code", required=True, help="The seat code of the seat to play.")
@click.option("--moves", "moves_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Moves file (format tabletop-moves/1); the bot plays the lines for its seat.")
@click.option("--lang", type=click.Choice(["en", "ja"]), default="en", show_default=True)
@click.option("--cafile", type=click.Path(exists=True, dir_okay=False), help="CA certificate to trust for wss://.")
@click.option("--insecure", is_flag=True, help="wss:// without checking the certificate (tests only).")
def bot(url: str, code: str, moves_path: str, lang: str, cafile: str | None, insecure: bool) -> None:
    """Play one seat from a moves file against a running exercise at URL."""
    from tabletop.cli import print_problems
    from tabletop.client import ClientError
    from tabletop.client.bot import Bot
    from tabletop.problems import ProblemsFound
    from tabletop.rehearsal import load_moves

    try:
        moves = load_moves(moves_path)
    except ProblemsFound as exc:
        print_problems(exc.problems)
        raise _failed(_sentence("moves_errors", n=len(exc.errors), file=moves_path)) from None
    ssl = None
    if cafile:
        ssl = ssl_mod.create_default_context(cafile=cafile)
    elif insecure:
        ssl = False
    try:
        report = asyncio.run(Bot(url, code, moves, echo=click.echo, lang=lang, ssl=ssl).run())
    except ClientError as exc:
        raise _failed(message_of(exc)) from None
    except KeyboardInterrupt:
        sys.exit(130)
    click.echo(_say("bot_done", played=report.played, seat=report.seat, refused=report.refused))
    if report.refused:
        sys.exit(1)

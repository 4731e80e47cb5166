"""The `tabletop` command: one verb per job.

User errors (a bad scenario, a missing file, an unknown id) are printed as
FILE:LINE:COL: message with exit status 2 and never as a traceback, in the
reader's language: `tabletop --lang ja`, else TABLETOP_LANG, else the locale
(LANG=ja_JP.UTF-8), else English (docs/decisions.md, "The language of errors")."""

from __future__ import annotations

import csv
import json
import sys
from datetime import timezone
from pathlib import Path

import click

from tabletop.helptext import ReaderContext, in_reader_language
from tabletop.phrasebook.recognise import as_sentence, database_said
from tabletop.language import LANGS, asked_language, choose_language, help_language, reader_language, say  # noqa: F401 (said from here)
from tabletop.phrasebook import phrase
from tabletop.problems import ProblemsFound, Say, message_of, set_language

# The verbs whose own --lang follows the language chosen for the whole command (their
# default stays English when nothing asks for Japanese).
FOLLOW_LANG = ("rehearse", "run", "join", "facilitate", "report", "replay", "bot", "present")
FOLLOW_LANG_DOCTRINE = ("list", "check", "explain")  # `tabletop doctrine VERB`: both languages unless one is chosen


class Failed(click.ClickException):
    """A user-caused error: message on stderr, exit status 2 (or as given). The message is a
    phrasebook sentence (`Say`), said in the reader's language."""

    def __init__(self, message: str | Say, code: int = 2):
        self.lang = reader_language()
        super().__init__(say(message, self.lang))
        self.exit_code = code

    def show(self, file=None) -> None:
        click.echo(f"tabletop: {self.message}", err=True)


class _StoreUrl(click.ParamType):
    """A `--store` / `--to` / `--from` value: a PostgreSQL URL."""

    name = "URL"

    def convert(self, value, param, ctx):
        from tabletop.store import is_postgres_url

        if not is_postgres_url(value):
            self.fail(say(Say("cli.errors.store_url", value=value)), param, ctx)
        return value


STORE_URL = _StoreUrl()


def print_problems(problems) -> None:
    lang = reader_language()
    for p in problems:
        click.echo(p.text(lang), err=True)


def _load(scenario: str):
    from tabletop.scenario import load_scenario

    try:
        return load_scenario(scenario)
    except ProblemsFound as exc:
        print_problems(exc.problems)
        raise Failed(Say("cli.errors.not_run", n=len(exc.errors), file=scenario)) from None


def open_log(db: str):
    from tabletop.store import SqliteStore, StoreError

    if not Path(db).exists():
        raise Failed(Say("cli.errors.no_log", db=db))
    try:
        return SqliteStore(db, create=False)
    except StoreError as exc:
        raise Failed(Say("cli.errors.detail", detail=message_of(exc))) from None


def _in_reader_language(exc: click.UsageError, args: list[str]) -> click.UsageError:
    """Click's usage error in the language the command line asks for: Click words it in
    English, the phrasebook says it in Japanese."""
    from tabletop.usage import in_reader_language

    return in_reader_language(exc, asked_language(args))


class LazyGroup(click.Group):
    """Verbs that live beside the core (doctrine, server, consoles, report) are
    imported only when used, so `tabletop join` does not pay for WeasyPrint."""

    lazy = {  # one verb a line: several branches add verbs here
        "doctrine": "tabletop.doctrine.cli",
        "serve": "tabletop.server.cli",
        "bot": "tabletop.server.cli",
        "run": "tabletop.consoles.cli",
        "join": "tabletop.consoles.cli",
        "facilitate": "tabletop.consoles.cli",
        "present": "tabletop.consoles.cli",
        "report": "tabletop.report.cli",
        "msel": "tabletop.msel.cli",
        "archive": "tabletop.archive.cli",
        "lessons": "tabletop.archive.cli",
        "ip": "tabletop.archive.cli",
        "replay": "tabletop.replay.cli",
        "fork": "tabletop.replay.cli",
        "migrate": "tabletop.scenario.cli",
    }

    context_class = ReaderContext  # --help in the reader's language (tabletop/helptext.py)

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        given = list(args)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _in_reader_language(exc, given) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta.setdefault("tabletop.args", list(args))  # before an eager --help reads it
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _in_reader_language(exc, ctx.meta.get("tabletop.args", [])) from None
        except Exception as exc:  # a database failing under a verb (locked, full, altered): said, not a traceback
            if type(exc).__module__.split(".")[0] not in ("sqlite3", "psycopg"):
                raise
            raise Failed(Say("cli.errors.database", detail=database_said(str(exc).strip()))) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            import importlib

            command = getattr(importlib.import_module(self.lazy[name]), name)
            self.add_command(command, name)
        command = super().get_command(ctx, name)
        return command if command is None else in_reader_language(command)


def _version(ctx: click.Context, asked: bool) -> None:
    """`tabletop --version`, in the command line's language."""
    if asked and not ctx.resilient_parsing:
        from importlib.metadata import version

        click.echo(phrase("cli.version", help_language(ctx), prog=ctx.find_root().info_name, version=version("tabletop")))
        ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=lambda ctx, _p, v: _version(ctx, v),
              help="Show the version and exit.")
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="Language of messages and errors, and the default --lang of run, join, rehearse, report, "
                   "doctrine [default: TABLETOP_LANG, else the locale (LANG=ja_JP.UTF-8 is ja), else en].")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """Run tabletop crisis exercises of the US-Japan alliance.

    \b
    Start here:
      tabletop run missile-launch           run an exercise (facilitator console)
      tabletop validate FILE...             check scenarios
      tabletop rehearse missile-launch      dry-run a scenario with its moves file
      tabletop doctrine list                roles, situations and actions
    """
    chosen = choose_language(lang)
    set_language(chosen)
    if chosen != "en":
        ctx.default_map = {**{verb: {"lang": chosen} for verb in FOLLOW_LANG},
                           "doctrine": {verb: {"lang": chosen} for verb in FOLLOW_LANG_DOCTRINE},
                           **(ctx.default_map or {})}


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option("--scenario", "against", metavar="SCENARIO",
              help="The scenario to check a moves file against [default: NAME.yaml beside NAME.moves.yaml].")
def validate(files: tuple[str, ...], strict: bool, against: str | None) -> None:
    """Check scenario FILES and moves files (paths or bundled names); print every problem as
    FILE:LINE:COL. A moves file (format: tabletop-moves/1) is checked against its scenario."""
    errors = warnings = 0
    for f in files:
        try:
            found = _validate_one(f, against)
        except ProblemsFound as exc:
            found = exc.problems
        print_problems(found)
        errors += sum(p.severity == "error" for p in found)
        warnings += sum(p.severity == "warning" for p in found)
    if errors:
        raise Failed(Say("cli.errors.totals", errors=errors, warnings=warnings))
    if warnings and strict:
        raise Failed(Say("cli.errors.strict", warnings=warnings), 1)


def _validate_one(f: str, against: str | None) -> list:
    """The problems of one scenario or moves file (warnings too); prints its "ok" line if it has no errors."""
    from tabletop.movesfile import is_moves, scenario_beside
    from tabletop.scenario import load_scenario
    from tabletop.yamlsrc import load_file

    lang = reader_language()
    if Path(f).is_file():
        located = load_file(f)
        if is_moves(located):
            return _validate_moves(f, located, against or scenario_beside(f))
    loaded = load_scenario(f)
    s = loaded.scenario
    line = Say("cli.validate.ok", file=loaded.path, injects=len(s.injects),
               decisions=sum(len(i.decisions) for i in s.injects), seats=len(s.seats)).text(lang)
    if loaded.warnings:
        line += Say("cli.validate.ok_warnings", n=len(loaded.warnings)).text(lang)
    click.echo(line)
    return loaded.warnings


def _validate_moves(f: str, located, scenario) -> list:
    from tabletop.movesfile import check_moves
    from tabletop.problems import Problem
    from tabletop.scenario import load_scenario

    if scenario is None:
        return [Problem.of(f, 1, 1, Say("problems.moves.which_scenario"))]
    try:
        loaded = load_scenario(str(scenario))
    except ProblemsFound as exc:
        return [Problem.of(f, 1, 1, Say("problems.moves.scenario_fails", scenario=str(scenario),
                                        n=len(exc.errors))), *exc.problems]
    moves, found = check_moves(located, loaded)
    if not any(p.severity == "error" for p in found):
        click.echo(Say("cli.validate.moves_ok", file=f, moves=len(moves.moves), scenario=loaded.path)
                   .text(reader_language()))
    return found


@main.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format (for editors)."""
    from tabletop.scenario import json_schema

    click.echo(json.dumps(json_schema(reader_language()), indent=2, ensure_ascii=False))


@main.command()
@click.argument("scenario", required=False)
@click.option("--moves", "moves_path", help="Moves file to play (default: SCENARIO.moves.yaml beside it, if any).")
@click.option("--db", type=click.Path(dir_okay=False), help="Write the log to this SQLite file (default: in memory).")
@click.option("--resume", metavar="DB", type=click.Path(dir_okay=False),
              help="Continue the exercise in this log (a fork: tabletop fork), playing the moves it does not hold yet.")
@click.option("--lang", type=click.Choice(["en", "ja"]), default="en", show_default=True)
def rehearse(scenario: str | None, moves_path: str | None, db: str | None, resume: str | None, lang: str) -> None:
    """Run SCENARIO headless at full speed with scripted moves, and summarise."""
    from tabletop.rehearsal import load_moves
    from tabletop.rehearsal import rehearse as run_rehearsal
    from tabletop.rehearsal import summary
    from tabletop.scenario.loader import resolve_beside
    from tabletop.session import Session
    from tabletop.store import MemoryStore, SqliteStore, StoreError

    if (scenario is None) == (resume is None):
        raise Failed(Say("cli.errors.rehearse_what"))
    if resume and db:
        raise Failed(Say("cli.errors.db_and_resume"))
    loaded = _load(scenario) if scenario else None
    if moves_path is None and scenario:
        beside = resolve_beside(scenario, ".moves.yaml")
        if beside is not None:
            moves_path = str(beside)
            click.echo(say(Say("cli.rehearse.moves_from", file=moves_path)))
    try:
        moves = load_moves(moves_path) if moves_path else None
    except ProblemsFound as exc:
        print_problems(exc.problems)
        raise Failed(Say("cli.errors.not_run", n=len(exc.errors), file=moves_path)) from None
    if resume:
        session = _resume(resume)
        store = session.store
    else:
        exercise = f"{loaded.scenario.id}-rehearsal"
        if db:
            if Path(db).exists():
                raise Failed(Say("cli.errors.log_exists", db=db))
            try:
                store = SqliteStore(db, exercise)
            except StoreError as exc:
                raise Failed(Say("cli.errors.detail", detail=message_of(exc))) from None
        else:
            store = MemoryStore(exercise)
        start = loaded.scenario.start.astimezone(timezone.utc)
        session = Session.create(loaded, store, start, scenario_text=Path(loaded.path).read_text(encoding="utf-8"))
        store.set_meta("kind", "rehearsal")  # its wall clock is simulated: the report says so
    report = run_rehearsal(session, moves)
    click.echo(summary(report, lang))
    if db or resume:
        click.echo(say(Say("cli.rehearse.log_written", db=db or resume)))
    store.close()
    if not report.ok:
        sys.exit(1)


def _resume(db: str):
    """The exercise in DB, to go on with (one writer at a time)."""
    from tabletop.session import Session
    from tabletop.store import SqliteStore, StoreError

    try:
        store = SqliteStore(db, create=False, exclusive=True)
    except StoreError as exc:
        raise Failed(Say("cli.errors.detail", detail=message_of(exc))) from None
    try:
        session = Session.resume(store)
    except (ValueError, ProblemsFound, StoreError) as exc:
        store.close()
        raise Failed(Say("cli.errors.in_file", file=db, detail=message_of(exc))) from None
    if session.state.phase == "ended":
        store.close()
        raise Failed(Say("cli.errors.ended", db=db))
    return session


def verification(db: str, result) -> Say:
    """What `tabletop verify` found, as a sentence: intact, or the first event that breaks the chain."""
    if result.ok:
        return Say("cli.verify.intact" if result.head_recorded else "cli.verify.intact_no_head", db=db, n=result.events)
    why = result.message
    kind = ("missing" if " is missing" in why else "altered" if "was altered: its hash" in why
            else "head" if "last event" in why else "other")
    extra = {"detail": as_sentence(why, "store.verify.")} if kind == "other" else {}
    return Say(f"cli.verify.tampered_{kind}", db=db, first=result.first_bad or "?", **extra)


@main.command()
@click.argument("db", type=click.Path())
@click.option("--parent", type=click.Path(), help="For a fork: its parent's log [default: the one named in the fork, "
              "if it lies beside it].")
def verify(db: str, parent: str | None) -> None:
    """Check the hash chain of an exercise log; name the first altered event. A fork is also
    checked against its parent when the parent is at hand."""
    store = open_log(db)
    result = store.verify()
    if not result.ok:
        click.echo(say(verification(db, result)), err=True)
        sys.exit(1)
    click.echo(say(verification(db, result)))
    from tabletop.replay.cli import verify_lineage

    if not verify_lineage(db, list(store.read()), parent):
        sys.exit(1)


@main.command()
@click.argument("db", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), help="Folder to write into [default: exports/EXERCISE]")
def export(db: str, fmt: str, out_dir: str | None) -> None:
    """Export the log (JSONL or CSV) and the MSEL as played (CSV)."""
    from tabletop.exports import msel_rows, write_events
    from tabletop.session import Session

    from tabletop.store import StoreError

    store = open_log(db)
    folder = Path(out_dir or Path("exports") / store.exercise)
    log_path = folder / f"events.{fmt}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        n = write_events(store.read(), log_path, fmt, store.exercise)
    except StoreError as exc:
        raise Failed(Say("cli.errors.unreadable_log", db=db, detail=message_of(exc))) from None
    except OSError as exc:
        raise Failed(Say("cli.errors.cannot_write", path=str(folder), reason=exc.strerror or str(exc))) from None
    click.echo(say(Say("cli.export.events", path=str(log_path), n=n)))
    try:
        session = Session.resume(store)
    except (ValueError, ProblemsFound) as exc:
        click.echo(say(Say("cli.export.no_msel", detail=message_of(exc))), err=True)
        return
    msel_path = folder / "msel.csv"
    rows = msel_rows(session, list(store.read()))
    try:
        with msel_path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise Failed(Say("cli.errors.cannot_write", path=str(msel_path), reason=exc.strerror or str(exc))) from None
    click.echo(say(Say("cli.export.msel", path=str(msel_path), n=len(rows))))


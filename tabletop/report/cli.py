"""`tabletop report DB`: the after-action report of an exercise log."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("db", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", default="html,pdf", show_default=True, metavar="html,pdf",
              help="Formats to write, comma-separated.")
@click.option("--lang", type=click.Choice(["en", "ja", "both"]), default="en", show_default=True,
              help="Language of the report; `both` writes one bilingual document.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False),
              help="Folder to write into  [default: reports/EXERCISE]")
@click.option("--templates", type=click.Path(file_okay=False),
              help="Folder of templates overriding the bundled ones (copy templates/ and edit).")
@click.option("--corrective-actions", "corrective", type=click.Path(dir_okay=False),
              help="YAML file of corrective actions keyed by issue id (see docs/report.md)  "
                   "[default: LOG.ip.yaml beside the log, if there is one]")
@click.option("--print-log", is_flag=True,
              help="Also write the whole event log as a document of its own (EXERCISE-log-LANG.html/.pdf); "
                   "the PDF report always carries it as JSONL and CSV attachments.")
@click.option("--compare", "compare_db", type=click.Path(dir_okay=False), metavar="PARENT.db",
              help="For a fork (tabletop fork): add a section comparing it with its parent from where they split.")
@click.option("--allow-unverified", is_flag=True,
              help="Write the report of a log that fails its integrity check (every page is marked UNVERIFIED).")
def report(db: str, fmt: str, lang: str, out_dir: str | None, templates: str | None, corrective: str | None,
           print_log: bool, allow_unverified: bool, compare_db: str | None) -> None:
    """Write the after-action report / improvement plan (HSEEP) of an exercise log, as HTML and PDF."""
    from tabletop.cli import Failed, print_problems, reader_language
    from tabletop.phrasebook import section
    from tabletop.problems import ProblemsFound, Say, message_of
    from tabletop.report import ReportError, write_report
    from tabletop.store import SqliteStore, StoreError

    formats = tuple(x.strip().lower() for x in fmt.split(",") if x.strip())  # write_report checks them
    try:
        store = SqliteStore(db, create=False)
    except StoreError as exc:
        raise Failed(message_of(exc)) from None
    folder = Path(out_dir) if out_dir else Path("reports") / store.exercise
    say = section("report", reader_language())  # the terminal's lines: `tabletop --lang`; --lang both is the document's
    beside = Path(db).with_name(Path(db).stem + ".ip.yaml")  # where `tabletop ip LOG.db` keeps them
    if corrective is None and beside.is_file():
        corrective = str(beside)
        click.echo(say("cli_corrective_beside", path=beside))
    try:
        if compare_db:
            from tabletop.replay.cli import comparison

            compare = comparison(db, store, compare_db)
        write_report(store, folder, formats, lang, templates, corrective, print_log=print_log,
                     allow_unverified=allow_unverified, compare=compare if compare_db else None,
                     written=lambda p: click.echo(say("cli_wrote", path=p) + (say["cli_pdf_follows"] if
                                                                          p.suffix == ".html" and "pdf" in formats else "")))
    except ProblemsFound as exc:
        print_problems(exc.problems)
        raise Failed(Say("cli.report.not_written", n=len(exc.errors), file=corrective)) from None
    except ReportError as exc:
        raise Failed(message_of(exc)) from None
    except OSError as exc:  # the folder cannot be written to, a file's name is taken by a folder…
        where = exc.filename or folder
        raise Failed(Say("cli.report.cannot_write", path=str(where), reason=exc.strerror or str(exc))) from None
    finally:
        store.close()

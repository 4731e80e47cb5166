"""The after-action report: HSEEP AAR/IP as HTML and PDF, in English, Japanese or both.

log ──► index (one pass) ──► one builder per section (pure) ──► Report ──► Jinja2 ──► HTML ──► WeasyPrint ──► PDF
"""

from __future__ import annotations

import inspect
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from tabletop.report.model import Integrity, Report
from tabletop.phrasebook import phrase as say
from tabletop.phrasebook.recognise import as_sentence, said_again
from tabletop.problems import Say, language, message_of
from tabletop.report.words import phrase

FORMATS = ("html", "pdf")
LANGS = ("en", "ja", "both")


class ReportError(Exception):
    """Something the user can fix: a log that is not one, a bad template folder or corrective-actions file."""


class UnverifiedLog(ReportError):
    """The log failed its integrity check and --allow-unverified was not given."""


def integrity(store) -> tuple[Integrity, list | None]:
    """The log's hash-chain check, its head (the last event's seq and hash) as recorded, and the
    events the check read, when the store hands them back (a SQLite log: read once, not twice)."""
    rows: list | None = [] if "keep" in inspect.signature(store.verify).parameters else None
    result = store.verify(keep=rows) if rows is not None else store.verify()
    try:
        head = json.loads(store.get_meta("head") or "null")
    except ValueError:
        head = None
    seq, digest = (int(head[0]), str(head[1])) if isinstance(head, list) and len(head) == 2 else (None, None)
    tail = phrase("integrity_no_head") if result.ok and not result.head_recorded else ""
    found = {lang: said_again(result.message, "store.verify.", lang) or result.message for lang in ("en", "ja")}
    message = (phrase("integrity_ok", events=result.events, tail=tail) if result.ok
               else phrase("integrity_failed", message=found))
    return (Integrity(result.ok, message, result.events, seq, digest,
                      file=Path(getattr(store, "path", None) or "LOG.db").name),
            [e for e, _ in rows] if rows is not None and result.ok else None)


def load_report(store, *, corrective: dict | None = None, generated: str | None = None,
                allow_unverified: bool = False, warn: Callable[[str], None] | None = None,
                full_log: bool = False) -> Report:
    """The report model of an exercise log (a store). A log that fails its check raises
    UnverifiedLog, unless `allow_unverified` (then `warn` is told and every page is marked)."""
    from tabletop.problems import ProblemsFound
    from tabletop.report.build import build_report
    from tabletop.scenario.loader import load_scenario_text
    from tabletop.store import StoreError

    where = getattr(store, "path", "log")
    text = store.get_meta("scenario_text")
    if text is None:
        raise ReportError(Say("cli.report.no_scenario", where=str(where)))
    checked, events = integrity(store)
    why = as_sentence(checked.message["en"], "store.verify.")
    if not checked.ok:
        if not allow_unverified:
            raise UnverifiedLog(Say("cli.report.unverified", where=str(where), why=why))
        checked.allowed = True
        (warn or _stderr)(Say("cli.report.unverified_anyway", where=str(where), why=why).text())
    try:
        loaded = load_scenario_text(text, store.get_meta("scenario_file") or "scenario.yaml",
                                    store.get_meta("doctrine_text"))
        return build_report(store.read() if events is None else events, loaded.scenario, loaded.doctrine, checked, corrective=corrective,
                            generated=generated, rehearsal=store.get_meta("kind") == "rehearsal", full_log=full_log)
    except ProblemsFound as exc:
        raise ReportError(Say("cli.report.scenario_fails", detail=str(exc))) from None
    except StoreError as exc:
        raise ReportError(Say("cli.report.unreadable", where=str(where), detail=message_of(exc))) from None


def _stderr(msg: str) -> None:
    print(say("cli.report.warning", language(), message=msg), file=sys.stderr)


def write_report(db, out_dir, formats: Iterable[str] = FORMATS, lang: str = "en", templates=None,
                 corrective=None, *, warn: Callable[[str], None] | None = None, generated: str | None = None,
                 allow_unverified: bool = False, print_log: bool = False,
                 written: Callable[[Path], None] | None = None, compare=None) -> list[Path]:
    """Write the report of an exercise log (a SQLite log's path or an open store); return the files.

    `lang` is en, ja or both; `templates` a folder overriding the bundled templates file by file;
    `corrective` a corrective-actions YAML path or its parsed mapping (docs/report.md). The PDF
    carries the whole log as JSONL and CSV attachments; `print_log` also writes the log as a
    document of its own (EXERCISE-log-LANG.html/.pdf). `written` is told of each file as it is done.
    `compare`: a fork's comparison with its parent (tabletop.replay.compare), a section of its own."""
    from tabletop.report.corrective import load_corrective
    from tabletop.report.render import TemplateProblem, make_env

    warn = warn or _stderr
    formats = tuple(dict.fromkeys(formats))
    if not formats or any(f not in FORMATS for f in formats):
        raise ReportError(Say("cli.report.unknown_format", formats=", ".join(FORMATS),
                              bad=", ".join(f for f in formats if f not in FORMATS) or Say("cli.report.no_format")))
    if lang not in LANGS:
        raise ReportError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    if corrective is not None and not isinstance(corrective, dict):
        corrective = load_corrective(corrective)
    try:
        env = make_env(templates)
    except TemplateProblem as exc:
        raise ReportError(str(exc)) from None
    store, opened = _open(db)
    try:
        report = load_report(store, corrective=corrective, generated=generated or date.today().isoformat(),
                             allow_unverified=allow_unverified, warn=warn, full_log=print_log)
        for w in report.warnings:
            warn(w)
        return _write(report, env, Path(out_dir), formats, lang, print_log, warn, written or (lambda p: None),
                      compare)
    except TemplateProblem as exc:
        raise ReportError(str(exc)) from None
    finally:
        if opened:
            store.close()


def _write(report: Report, env, out: Path, formats, lang, print_log, warn, written, compare=None) -> list[Path]:
    from tabletop.exports import write_events
    from tabletop.report.pdf import FONT_HINT, japanese_fonts, write_pdf
    from tabletop.report.render import render

    out.mkdir(parents=True, exist_ok=True)
    stem = f"{report.exercise or report.scenario_id}"
    log_names = {fmt: f"{stem}-events.{fmt}" for fmt in ("jsonl", "csv")}
    docs = [("report.html.j2", f"{stem}-aar-{lang}", {"c": compare} if compare is not None else {})]
    if print_log:
        docs.append(("log.html.j2", f"{stem}-log-{lang}", {}))
    if "pdf" in formats and japanese_fonts() == []:
        warn(FONT_HINT)
    paths: list[Path] = []
    with tempfile.TemporaryDirectory(dir=out, prefix=".attachments-") as tmp:
        attached = []
        if "pdf" in formats:
            for fmt, name in log_names.items():
                write_events(report.events, Path(tmp) / name, fmt, report.exercise)
                attached.append((Path(tmp) / name, f"The exercise log, {report.figures.events} events ({fmt.upper()})"))
        for template, name, extra in docs:
            html = render(env, template, lang, r=report, log_files=log_names, **extra)
            for fmt in formats:
                path = out / f"{name}.{fmt}"
                if fmt == "html":
                    path.write_text(html, encoding="utf-8")
                else:
                    write_pdf(html, path, attached)
                paths.append(path)
                written(path)
    return paths


def _open(db) -> tuple[object, bool]:
    if hasattr(db, "read") and hasattr(db, "get_meta"):
        return db, False
    from tabletop.store import SqliteStore, StoreError

    try:
        return SqliteStore(db, create=False), True
    except StoreError as exc:
        raise ReportError(str(exc)) from None


__all__ = ["FORMATS", "LANGS", "ReportError", "UnverifiedLog", "load_report", "write_report"]

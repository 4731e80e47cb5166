"""The after-action report: HSEEP AAR/IP as HTML and PDF, in English and Japanese.

events ──► context (pure: tabletop.report.context) ──► Jinja2 templates (templates/) ──► HTML ──► WeasyPrint ──► PDF
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from tabletop.report.context import ReportContext, build_context

FORMATS = ("html", "pdf")
LANGS = ("en", "ja", "both")
PDF_LOG = ("printed", "attached")


class ReportError(Exception):
    """Something the user can fix: a log that is not one, a bad template folder, a bad corrective-actions file."""


def load_context(store, *, corrective=None, generated: str | None = None) -> ReportContext:
    """The report context of an exercise log (a store)."""
    from tabletop.problems import ProblemsFound
    from tabletop.scenario.loader import load_scenario_text

    # The scenario and pack travel in the log (as for Session.resume); the state is not needed.
    text = store.get_meta("scenario_text")
    if text is None:
        raise ReportError(f"{getattr(store, 'path', 'log')}: this log does not carry its scenario; "
                          "it was not written by `tabletop serve/run/rehearse`")
    try:
        loaded = load_scenario_text(text, store.get_meta("scenario_file") or "scenario.yaml",
                                    store.get_meta("doctrine_text"))
    except ProblemsFound as exc:
        raise ReportError(f"the scenario stored in the log does not load: {exc}") from None
    from tabletop.store import StoreError

    result = store.verify()
    try:
        return build_context(store.read(), loaded.scenario, loaded.doctrine, verification=_verification_text(result),
                             rehearsal=store.get_meta("kind") == "rehearsal",
                             verified=result.ok, generated=generated, corrective=corrective)
    except StoreError as exc:
        raise ReportError(f"{getattr(store, 'path', 'log')}: {exc}; `tabletop verify` names the first altered "
                          "event") from None


def _verification_text(result) -> dict[str, str]:
    """The hash-chain check's result in both languages (a failure's details stay as the store words them)."""
    en = result.message
    if not result.ok:
        return {"en": en, "ja": f"ログ異常：{en}"}
    ja = f"ログ健全：イベント{result.events}件、ハッシュチェーン検証済み"
    if not result.head_recorded:
        ja += "（このログは最終イベントを記録していないため、末尾から削除されたイベントは検出できない）"
    return {"en": en, "ja": ja}


def _open(db) -> tuple[object, bool]:
    if hasattr(db, "read") and hasattr(db, "get_meta"):
        return db, False
    from tabletop.store import SqliteStore, StoreError

    try:
        return SqliteStore(db, create=False), True
    except StoreError as exc:
        raise ReportError(str(exc)) from None


def write_report(db, out_dir, formats: Iterable[str] = FORMATS, lang: str = "en", templates=None,
                 corrective=None, *, warn: Callable[[str], None] | None = None,
                 generated: str | None = None, pdf_log: str = "printed",
                 written: Callable[[Path], None] | None = None) -> list[Path]:
    """Write the report of an exercise log; return the files written.

    `db` is a path to a SQLite exercise log or an open store; `lang` is en, ja or
    both (one bilingual document); `templates` a folder that overrides the
    bundled templates file by file; `corrective` a corrective-actions YAML path
    or an already-parsed mapping (docs/report.md). Warnings (a missing Japanese
    font, unknown issue ids) go to `warn`, by default standard error.

    Every PDF carries the whole log as an attached JSONL file; `pdf_log` says
    whether its event-log section also prints every event (`printed`) or only
    points to the attachment (`attached`: a much shorter PDF for a long exercise).
    The HTML always lists every event. `written` is called with each file as
    soon as it is written (the PDF of a long exercise takes seconds more)."""
    from tabletop.report.corrective import load_corrective

    warn = warn or (lambda msg: print(f"tabletop: warning: {msg}", file=sys.stderr))
    formats = tuple(dict.fromkeys(formats))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ReportError(f"unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise ReportError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    if pdf_log not in PDF_LOG:
        raise ReportError(f"unknown PDF log mode {pdf_log!r}; choose from {', '.join(PDF_LOG)}")
    if corrective is not None and not isinstance(corrective, dict):
        corrective = load_corrective(corrective)
    store, opened = _open(db)
    try:
        return _write(store, Path(out_dir), formats, lang, templates, corrective, generated, warn, pdf_log, written)
    finally:
        if opened:
            store.close()


def _write(store, out: Path, formats, lang, templates, corrective, generated, warn, pdf_log, written) -> list[Path]:
    from tabletop.report.pdf import FONT_HINT, chart_apart, japanese_fonts, log_top_room, start_pdf
    from tabletop.report.render import TemplateProblem, make_env, render_html

    # Where it can, the PDF is written by another process (tabletop.report.pdf.start_pdf), started
    # first: it loads WeasyPrint while this one reads the log, and lays the report out while this
    # one writes the HTML and draws the log.
    job = start_pdf() if "pdf" in formats else None
    try:
        ctx = load_context(store, corrective=corrective, generated=generated or date.today().isoformat())
        for w in ctx.warnings:
            warn(w)
        out.mkdir(parents=True, exist_ok=True)
        try:
            env = make_env(templates)
        except TemplateProblem as exc:
            raise ReportError(str(exc)) from None
        if job is not None and japanese_fonts() == []:
            warn(FONT_HINT)
        paths: list[Path] = []
        stem = f"{ctx.exercise or ctx.scenario_id}-aar"
        log_file = f"{stem}-events.jsonl"

        def render(mode: str, log_pages: list | None = None, heads_drawn: bool = False) -> str:
            try:
                return render_html(ctx, lang, env=env, pdf_log=mode, log_file=log_file, log_pages=log_pages,
                                   heads_drawn=heads_drawn)
            except TemplateProblem as exc:
                raise ReportError(str(exc)) from None

        def attached() -> list[tuple[str, str, str]]:
            return [(log_file, _log_jsonl(store, ctx), f"The exercise log, {len(ctx.log)} events (JSON Lines)")]

        draw = chart = heads = None
        if job is not None:
            pdf = out / f"{stem}-{lang}.pdf"
            try:
                if pdf_log == "printed":
                    draw = _drawn_log(ctx, lang, env)
                bundled = _only_bundled(env)
                heads = _drawn_heads(ctx, lang, env) if HEADS_DRAWN and bundled else None
            except TemplateProblem as exc:
                raise ReportError(str(exc)) from None
            kept = draw.pages if draw else None
            page = render(pdf_log, kept, heads is not None)
            room = log_top_room(page, lang, draw.fonts) if draw else None
            if room is not None and room > draw.first_top:  # a longer introduction than usual
                draw = _drawn_log(ctx, lang, env, first_top=room)
                kept = draw.pages
                page = render(pdf_log, kept, heads is not None)
            if heads is not None:
                heads = _with_sections(heads, page, lang)
                if heads is None:  # a section's name too long for one line, or not in the text font
                    page = render(pdf_log, kept)
            if CHART_APART and _bundled(env, _CHART_TEMPLATES):
                page, chart = chart_apart(page)
            job.start(page, pdf, drawn=draw is not None, heads=heads, chart=chart is not None,
                      separators=lang == "both" and bundled and SEPARATORS_AS_TEXT)
        html = None
        if "html" in formats:
            html = render("printed")
            path = out / f"{stem}-{lang}.html"
            path.write_text(html, encoding="utf-8")
            paths.append(path)
            if written:
                written(path)
        if job is not None:
            # the drawn log or chart did not fit (a restyled page): the PDF of the HTML as it is
            if not job.wait(attached, draw.draw if draw else None, chart.draw if chart else None):
                job = start_pdf()
                job.start(render(pdf_log) if pdf_log == "attached" else html or render("printed"), pdf)
                job.wait(attached)
            paths.append(pdf)
            if written:
                written(pdf)
        return paths
    finally:
        if job is not None:
            job.close()


@dataclass
class _DrawnLog:
    pages: list
    draw: Callable[[], bytes]
    fonts: object  # logprint.Fonts
    first_top: float  # the room above its first page, for the section's heading and introduction


def _drawn_log(ctx: ReportContext, lang: str, env, first_top: float | None = None) -> _DrawnLog | None:
    """The event log laid out by tabletop.report.logprint for the PDF to draw (fast), and the
    function drawing it; None if it cannot be drawn here (no TrueType font to draw with, or a
    character without a font): the PDF then prints the log from the HTML, as it does when the
    pages kept for the drawn log are not where it expects them (a restyled page size or margins,
    an introduction too long for its room)."""
    from tabletop.report import logprint
    from tabletop.report.render import LABELS, Labels, TemplateProblem, load_labels, log_head, log_lines

    fonts = logprint.find_fonts()
    if fonts is None:
        return None
    # the heading and introduction (two of them with both languages): the usual room, unless more is needed
    room = logprint.Geometry(first_top=first_top or (118.0 if lang == "both" else 72.0))
    lines = log_lines(ctx, lang)
    if not all(fonts.covers(text) for _, text in lines):  # e.g. no Japanese TrueType font, an emoji
        return None
    try:
        head = log_head(Labels(load_labels(env), lang))
    except AttributeError as exc:  # a word missing from a restyled labels.yaml
        raise TemplateProblem(f"{LABELS} in the template folder has no word for {exc.args[0]!r} "
                              "(the event log's column heading)") from None
    pages = logprint.layout(lines, fonts, room)
    return _DrawnLog(pages, lambda: logprint.draw(pages, head, fonts, room), fonts, room.first_top)


#: Draw the report's running heads with the PDF writer rather than as WeasyPrint's margin boxes (five
#: boxes to lay out on every page); tests turn it off to compare.
HEADS_DRAWN = True


def _drawn_heads(ctx: ReportContext, lang: str, env):
    """The report's running heads, to be drawn by the PDF writer once the pages are numbered (the
    sections still to be found: _with_sections), for a report made with the bundled templates (a
    folder of one's own may restyle them); None where WeasyPrint must set them: no TrueType text
    font, a head that needs another font (Japanese is set in Noto Sans CJK) or two lines."""
    from tabletop.report import logprint
    from tabletop.report.render import Labels, _Formats, load_labels

    fonts = logprint.find_fonts()
    if fonts is None:
        return None
    one = "en" if lang == "both" else lang  # the heads are in one language (the CSS's page_lang)
    labels = Labels(load_labels(env), one)
    words = (_Formats(one, ctx).t(ctx.title), ctx.banner, labels.plain("page", one), labels.plain("page_of", one))
    # as WeasyPrint sets them: white space collapsed, none at the ends
    heads = logprint.Heads(*(" ".join(str(w).split()) for w in words))
    return heads if heads.fit(fonts) else None


def _with_sections(heads, html: str, lang: str):
    """`heads` with the running sections the headings of the report's `html` set; None if any of them
    cannot be drawn as WeasyPrint would set it."""
    from dataclasses import replace

    from tabletop.report import logprint
    from tabletop.report.pdf import running_sections

    sections = running_sections(html, lang == "both")
    if sections is None:
        return None
    heads = replace(heads, sections=sections)
    return heads if heads.fit(logprint.find_fonts()) else None


#: With --lang both, write the " / " between the two languages of a text as text in the PDF's HTML
#: rather than leave the stylesheet to generate it (pdf.separators_as_text); tests turn it off to compare.
SEPARATORS_AS_TEXT = True

#: Draw the timeline chart apart from the report, in the process that is not laying it out (the
#: chart is a twelfth of WeasyPrint's work on a long report); tests turn it off to compare.
CHART_APART = True
# The templates that make the chart and the page it is on: it is drawn apart only as they set it.
_CHART_TEMPLATES = ("report.html.j2", "style.css.j2", "sections/timeline.html.j2", "timeline.svg.j2")


def _only_bundled(env) -> bool:
    """Whether the report is made with the bundled templates alone: no --templates folder (or that
    folder is the bundled one). Decided by the folders, not by reading what they hold."""
    from tabletop.report.render import default_templates

    bundled = default_templates().resolve()
    return all(Path(folder).resolve() == bundled for folder in env.loader.searchpath)


def _bundled(env, names) -> bool:
    """Whether these templates are the bundled ones (not a --templates folder's own)."""
    from tabletop.report.render import default_templates

    bundled = default_templates().resolve()
    for name in names:
        _, filename, _ = env.loader.get_source(env, name)
        if Path(filename).resolve().parent not in (bundled, bundled / "sections"):
            return False
    return True


def _log_jsonl(store, ctx: ReportContext) -> str:
    """The log as the JSONL export writes it (the file attached to every PDF)."""
    from tabletop.exports import jsonl_line

    return "".join(jsonl_line(e, ctx.exercise) for e in store.read())


__all__ = ["FORMATS", "LANGS", "PDF_LOG", "ReportError", "build_context", "load_context", "write_report"]

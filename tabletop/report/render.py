"""Render the report context to HTML with Jinja2.

Autoescape is on for every template, whatever its name. Participant text is
never marked safe: the only Markup built here wraps already-escaped text in a
language span (for `--lang both`). Templates come from `--templates DIR`
first, then the bundled set, so a copied folder may override any file."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from tabletop.yamlsrc import fast_loader

from tabletop.report import charts
from tabletop.report.context import RATING_NAME, ReportContext, minutes
from tabletop.text import format_offset

LANGS = ("en", "ja", "both")
MAIN = "report.html.j2"
LABELS = "labels.yaml"


class TemplateProblem(Exception):
    """A template (usually a user's copy) could not be loaded or rendered."""


def default_templates() -> Path:
    """The bundled templates: `<repo>/templates` in a checkout, `tabletop/_data/templates` in a wheel."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "_data" / "templates"
    if (packaged / MAIN).is_file():
        return packaged
    repo = here.parents[2] / "templates"
    return repo


@dataclass
class Labels:
    """The report's own words, from labels.yaml in the template folder."""

    table: dict[str, dict[str, str]]
    lang: str

    def word(self, key: str, lang: str) -> str:
        entry = self.table.get(lang, {})
        if key in entry:
            return entry[key]
        if key in self.table.get("en", {}):
            return self.table["en"][key]
        raise AttributeError(key)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        if self.lang == "both":
            return pair(self.word(key, "en"), self.word(key, "ja"), "alt lbl")
        return self.word(key, self.lang)

    def plain(self, key: str, lang: str | None = None) -> str:
        """The word as plain text (for CSS content and attributes); `lang` picks one language."""
        if lang is not None:
            return self.word(key, lang)
        if self.lang == "both":
            en, ja = self.word(key, "en"), self.word(key, "ja")
            return en if en == ja else f"{en} / {ja}"
        return self.word(key, self.lang)


def pair(en: str, ja: str, cls: str = "alt") -> Markup | str:
    """English and Japanese together (--lang both); both texts are escaped."""
    if en == ja:
        return en
    return Markup('<span lang="en">{}</span><span class="{}" lang="ja">{}</span>').format(en, cls, ja)


# Text that the usual flow of a line would change: a line break, a tab, two spaces, space at an end.
_SPACING = re.compile(r"[\n\r\t\f\v]| {2}|^\s|\s$")


def said(text: Any) -> Markup | str:
    """Participant text as typed, escaped (filter `said`). Where its spacing matters it goes in a
    `span.participant-text`, which keeps line breaks and runs of spaces; elsewhere it stays plain
    text, because in the PDF every span is one more box to lay out, and there are hundreds."""
    if text is None:
        return ""
    if isinstance(text, str) and not isinstance(text, Markup) and _SPACING.search(text):
        return Markup('<span class="participant-text">{}</span>').format(text)
    return text


_ENVS: dict[str, jinja2.Environment] = {}


def make_env(templates: str | Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for a template folder (cached: templates compile once per process;
    an edited template is reloaded). Filters take the report's language from the render, so one
    environment serves every language and thread."""
    paths = []
    if templates is not None:
        p = Path(templates)
        if not p.is_dir():
            raise TemplateProblem(f"{templates}: no such template folder")
        paths.append(str(p.resolve()))
    paths.append(str(default_templates()))
    key = "\n".join(paths)
    env = _ENVS.get(key)
    if env is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(paths),
            autoescape=True,  # every template, whatever its extension
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update({name: _filter(name) for name in _Formats.FILTERS})
        env.filters["said"] = said
        env.bytecode_cache = _bytecode_cache(env)
        _ENVS[key] = env
    return env


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's compiled-template cache, best effort: a cache that cannot be written is skipped."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling them is a quarter of a second of every
    `tabletop report`), in Jinja2's per-user private temporary folder. A cached template is used
    only while its source is unchanged. What else its compiled code depends on is in the file
    names: Jinja2's version, this module (the environment's options, the filters' code) and each
    filter's name and the arguments Jinja2 passes it. None where that folder is not safe or
    cannot be made."""
    made = hashlib.sha256(jinja2.__version__.encode())
    made.update(Path(__file__).read_bytes())
    made.update(repr(sorted((name, str(getattr(f, "jinja_pass_arg", None))) for name, f in env.filters.items())).encode())
    tag = made.hexdigest()[:16]
    try:
        return _QuietCache(pattern=f"tabletop-{tag}-%s.cache")
    except (OSError, RuntimeError):
        return None


def _filter(name: str):
    @jinja2.pass_context
    def apply(context, value, *args):
        return getattr(context["_fmt"], name)(value, *args)

    apply.__name__ = name
    return apply


def load_labels(env: jinja2.Environment) -> dict[str, dict[str, str]]:
    """The words of labels.yaml in the template folder (read once per text: a report reads them
    several times); do not change the mapping returned."""
    try:
        source, filename, _ = env.loader.get_source(env, LABELS)
    except jinja2.TemplateNotFound:
        raise TemplateProblem(f"{LABELS} not found in the template folder") from None
    return _parse_labels(source, filename)


@functools.lru_cache(maxsize=8)
def _parse_labels(source: str, filename: str) -> dict[str, dict[str, str]]:
    try:
        data = yaml.load(source, Loader=fast_loader(source))  # a safe loader either way
    except yaml.YAMLError as exc:
        raise TemplateProblem(f"{filename}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("en"), dict):
        raise TemplateProblem(f"{filename}: expected `en:` and `ja:` mappings of words")
    return {k: {str(kk): str(vv) for kk, vv in (v or {}).items()} for k, v in data.items()}


class _Formats:
    """The filters of the templates, for one report in one language."""

    FILTERS = ("t", "tplain", "off", "clock", "dur", "wall", "rating_name", "num", "log_bands", "log_line")

    def __init__(self, lang: str, ctx: ReportContext):
        self.lang = lang
        self.ctx = ctx

    def t(self, value: Any, one: str | None = None) -> Any:
        """Bilingual text in the report's language (or in `one`); plain text as written."""
        if value is None:
            return ""
        if isinstance(value, dict):
            en = value.get("en", "")
            ja = value.get("ja") or en
            chosen = one or self.lang
            if chosen == "both":
                return pair(en, ja)
            return ja if chosen == "ja" else en
        return value

    def tplain(self, value: Any) -> str:
        """Bilingual text as plain text ('English / 日本語' with --lang both)."""
        if isinstance(value, dict):
            en = value.get("en", "")
            ja = value.get("ja") or en
            if self.lang == "both":
                return en if en == ja else f"{en} / {ja}"
            return ja if self.lang == "ja" else en
        return "" if value is None else str(value)

    def off(self, seconds: float | None) -> str:
        return "—" if seconds is None else format_offset(seconds)

    def clock(self, seconds: float | None) -> str:
        return "—" if seconds is None else self.ctx.clock(seconds).strftime("%H:%M:%S")

    def dur(self, seconds: float | None, one: str | None = None) -> Any:
        return self.t(minutes(seconds), one)

    def wall(self, value: str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        if not value:
            return "—"
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
        except ValueError:
            return value
        return when.strftime(fmt) + " UTC"

    def rating_name(self, code: str | None, plain: bool = False) -> Any:
        name = RATING_NAME.get(code or "", {"en": "Not rated", "ja": "評価なし"})
        return self.tplain(name) if plain else self.t(name)

    def log_bands(self, rows: list, size: int = 5, width: int = 130) -> list[tuple[list, bool]]:
        """The log's rows in bands of up to `size` short lines, and each long row alone, marked True
        to get a hanging indent. Long: over `width` half-width characters; measured in print, a log
        line wraps past some 136 of them."""
        bands: list[tuple[list, bool]] = []
        run: list = []
        for row in rows:
            if _width(self.log_line(row)) > width:
                if run:
                    bands.append((run, False))
                    run = []
                bands.append(([row], True))
                continue
            run.append(row)
            if len(run) == size:
                bands.append((run, False))
                run = []
        if run:
            bands.append((run, False))
        return bands

    def log_line(self, row) -> str:
        """One event of the log as one line of text (the HTML's and the PDF's)."""
        line = f"{row.seq}  ·  {self.off(row.at)}  ·  {row.actor}  ·  {row.type}  —  {self.tplain(row.text)}"
        return f"{line}  “{row.note}”" if row.note else line

    def num(self, value: float | None, digits: int = 1) -> str:
        return "—" if value is None else f"{value:.{digits}f}"


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _width(text: str) -> int:
    """Width in half-width characters: East Asian wide and full-width characters count two."""
    return len(text) + sum(unicodedata.east_asian_width(ch) in "WF" for ch in _NON_ASCII.findall(text))


def log_lines(ctx: ReportContext, lang: str) -> list[tuple[int, str]]:
    """(seq, line) of every event of the log, as the report in `lang` prints them."""
    fmt = _Formats(lang, ctx)
    return [(row.seq, fmt.log_line(row)) for row in ctx.log]


def log_head(labels: Labels) -> str:
    """The column heading of the printed log."""
    return f"#  ·  {labels.plain('time')}  ·  {labels.plain('actor')}  ·  {labels.plain('event_type')}  —  " \
           f"{labels.plain('what_happened')}"


def render_html(ctx: ReportContext, lang: str = "en", templates: str | Path | None = None,
                env: jinja2.Environment | None = None, *, pdf_log: str = "printed",
                log_file: str | None = None, log_pages: list | None = None, heads_drawn: bool = False) -> str:
    """The report as one self-contained HTML document (inline CSS and SVG, no scripts).

    `pdf_log="attached"` is for a PDF that carries the log as the attached file
    `log_file`: its event-log section points there instead of listing every event.
    `log_pages` (tabletop.report.logprint.layout's pages) is for a PDF whose log
    is drawn over the page: the section keeps an empty page for each, with an
    anchor where each event's line will be. `heads_drawn` is for a PDF whose
    running heads are drawn by its writer (tabletop.report.pdf): the pages then
    have no margin boxes."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}")
    env = env or make_env(templates)
    labels = Labels(load_labels(env), lang)
    try:
        template = env.get_template(MAIN)
        table = labels.table
        return template.render(r=ctx, lang=lang, L=labels, chart=charts.timeline(ctx), _fmt=_Formats(lang, ctx),
                               doc_lang="ja" if lang == "ja" else "en",
                               langs=["en", "ja"] if lang == "both" else [lang],
                               Ls={one: Labels(table, one) for one in ("en", "ja")},
                               log_printed=pdf_log != "attached", log_file=log_file,
                               log_pages=_kept_pages(log_pages), heads_drawn=heads_drawn)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"template not found: {exc.name}") from None
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        raise TemplateProblem(f"{_where(exc)}template error: {exc}") from None


def _kept_pages(pages: list | None) -> list[dict] | None:
    """What the event-log section needs of the drawn log's pages: the room above the first for the
    heading, and each page's height and anchors (in points, rounded)."""
    if pages is None:
        return None
    return [{"top": round(page.top, 2), "height": round(page.height, 2),
             "anchors": [(seq, round(y, 2)) for seq, y in page.anchors]} for page in pages]


def _where(exc: BaseException) -> str:
    """'FILE:LINE: ' of the innermost template frame of an exception, if any."""
    tb = exc.__traceback__
    found = ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html", ".svg", ".css")):
            found = f"{name}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return found

"""The report model rendered to HTML with Jinja2.

Autoescape is on for every template, whatever its name. Participant text goes through the `said`
filter: escaped, isolated for bidirectional layout (`<bdi>`), its control characters shown as
visible symbols. Templates come from `--templates DIR` first, then the bundled set, so a folder
may override any file; the same environment renders the HTML, the PDF's HTML and the log. The
templates' words are the phrasebook's (report.labels.* in tabletop/phrasebook/data/report.yaml);
a folder's labels.yaml may replace any of them, or add words of its own."""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape

from tabletop import phrasebook
from tabletop.hseep import NOT_RATED, RATING_NAME
from tabletop.report import charts
from tabletop.report.words import minutes
from tabletop.text import format_offset

LABELS = "labels.yaml"  # a template folder's words, over the phrasebook's
PREFIX = "report.labels."


class TemplateProblem(Exception):
    """A template (usually a user's copy) could not be loaded or rendered."""


def default_templates() -> Path:
    """The bundled templates: `<repo>/templates` in a checkout, `tabletop/_data/templates` in a wheel."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "_data" / "templates"
    return packaged if (packaged / "report.html.j2").is_file() else here.parents[2] / "templates"


class Labels:
    """The templates' words (the phrasebook's report.labels.*, with a template folder's labels.yaml
    over them), in one language or both."""

    def __init__(self, table: dict[str, dict[str, str]], lang: str):
        self.table, self.lang = table, lang

    def word(self, key: str, lang: str) -> str:
        for one in (lang, "en"):
            if key in self.table.get(one, {}):
                return self.table[one][key]
        raise jinja2.UndefinedError(f"no word for {key!r}: neither {PREFIX}{key} in tabletop/phrasebook/data/"
                                    f"report.yaml nor {LABELS} in the template folder has it")

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        return self[key]

    def __getitem__(self, key: str) -> Any:
        if self.lang == "both":
            return pair(self.word(key, "en"), self.word(key, "ja"))
        return self.word(key, self.lang)

    def plain(self, key: str, lang: str | None = None) -> str:
        """The word as plain text (for CSS content and attributes)."""
        lang = lang or self.lang
        if lang == "both":
            en, ja = self.word(key, "en"), self.word(key, "ja")
            return en if en == ja else f"{en} / {ja}"
        return self.word(key, lang)


def pair(en: str, ja: str) -> Markup | str:
    """English and Japanese together (--lang both), both escaped."""
    if en == ja:
        return en
    return Markup('<span lang="en">{}</span><span class="alt" lang="ja">{}</span>').format(en, ja)


# C0 controls but tab and newline, DEL, C1 controls: shown by name (<ESC>) or code (<U+0085>); the
# Control Pictures (U+2400…) are in none of the fonts the set-up installs, so the PDF drew boxes
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC "
       "FS GS RS US").split()


def visible(text: str) -> str:
    def symbol(m: re.Match) -> str:
        c = ord(m.group())
        return f"<{_C0[c]}>" if c < 0x20 else "<DEL>" if c == 0x7F else f"<U+{c:04X}>"

    return _CONTROL.sub(symbol, text)


def said(text: Any) -> Markup:
    """Participant text as typed (filter `said`): escaped, its control characters visible, in a
    `<bdi>` so that no right-to-left override in it can reorder the report around it."""
    if text is None or text == "":
        return Markup("")
    return Markup('<bdi class="said">{}</bdi>').format(escape(visible(str(text))))


def idbreak(value: Any) -> Markup:
    """An id that may break only after its dots and hyphens (filter `idbreak`), never mid-word; a
    short one (OBS-1168, DEC-D12) not at all: its container keeps it on one line, since the line
    breaker would break it after its hyphen."""
    text = str(escape(value))
    return Markup(text if len(text) <= SHORT_ID else re.sub(r"([.\-])", r"\1<wbr>", text))


SHORT_ID = 24  # an id this long or shorter is set on one line (its container: class "issue-id nowrap")


_ENVS: dict[str, jinja2.Environment] = {}


def make_env(templates: str | Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment of a template folder (cached per process)."""
    paths = []
    if templates is not None:
        if not Path(templates).is_dir():
            raise TemplateProblem(f"{templates}: no such template folder")
        paths.append(str(Path(templates).resolve()))
    paths.append(str(default_templates()))
    key = "\n".join(paths)
    if key not in _ENVS:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths), autoescape=True,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(t=t, tb=tb, tplain=tplain, off=off, clock=clock, dur=dur, wall=wall,
                           rating_name=rating_name, said=said, idbreak=idbreak)
        env.globals.update(timeline_chart=charts.timeline, wrap_label=charts.wrap, SHORT_ID=SHORT_ID)
        env.bytecode_cache = _cache(env)
        _ENVS[key] = env
    return _ENVS[key]


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (best effort), keyed by this module's code."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _cache(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Keyed by Jinja2's version, this module's code and how each filter is called (compiled
    templates differ by it)."""
    calls = sorted((name, str(getattr(f, "jinja_pass_arg", None))) for name, f in env.filters.items())
    tag = hashlib.sha256(jinja2.__version__.encode() + Path(__file__).read_bytes() + repr(calls).encode())
    tag = tag.hexdigest()[:16]
    try:
        return _QuietCache(pattern=f"tabletop-{tag}-%s.cache")
    except (OSError, RuntimeError):
        return None


def load_labels(env: jinja2.Environment) -> dict[str, dict[str, str]]:
    """The phrasebook's report.labels.* by language, with the template folder's labels.yaml (if
    a --templates folder has one) over them."""
    try:
        source, filename, _ = env.loader.get_source(env, LABELS)
    except jinja2.TemplateNotFound:
        return _merged("", "")
    return _merged(source, filename)


@functools.lru_cache(maxsize=8)
def _merged(source: str, filename: str) -> dict[str, dict[str, str]]:
    table = {lang: {key[len(PREFIX):]: entry.text(lang) for key, entry in phrasebook.catalogue().items()
                    if key.startswith(PREFIX)} for lang in phrasebook.LANGS}
    for lang, words in (_parse_labels(source, filename) if filename else {}).items():
        table.setdefault(lang, {}).update(words)
    return table


def _parse_labels(source: str, filename: str) -> dict[str, dict[str, str]]:
    try:
        data = yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml's, where built
    except yaml.YAMLError as exc:
        raise TemplateProblem(f"{filename}: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) or v is None for v in data.values()):
        raise TemplateProblem(f"{filename}: expected `en:` and `ja:` mappings of words (key: text), "
                              f"the ones to use instead of the phrasebook's report.labels.*")
    return {str(k): {str(kk): str(vv) for kk, vv in (v or {}).items()} for k, v in data.items()}


# The templates' filters: text in the report's language (`lang` of the template's context).

def _both(value: dict) -> tuple[str, str]:
    en = visible(value.get("en", ""))
    return en, visible(value.get("ja") or value.get("en", ""))


@jinja2.pass_context
def t(ctx, value: Any, one: str | None = None) -> Any:
    """Bilingual text in the report's language (or in `one`); with --lang both, English: tables and
    running text are not doubled (`tb` gives both, for headings and key findings)."""
    if not isinstance(value, dict):
        return "" if value is None else visible(value) if isinstance(value, str) else value
    en, ja = _both(value)
    lang = one or ("en" if ctx["lang"] == "both" else ctx["lang"])
    return pair(en, ja) if lang == "both" else ja if lang == "ja" else en


@jinja2.pass_context
def tb(ctx, value: Any) -> Any:
    """Bilingual text in the report's language; with --lang both, English and Japanese."""
    return t(ctx, value, ctx["lang"])


@jinja2.pass_context
def tplain(ctx, value: Any) -> str:
    """As plain text (for attributes): with --lang both, 'English / Japanese'."""
    if not isinstance(value, dict):
        return "" if value is None else visible(str(value))
    en, ja = _both(value)
    return {"en": en, "ja": ja, "both": en if en == ja else f"{en} / {ja}"}[ctx["lang"]]


def off(seconds: float | None) -> str:
    return "—" if seconds is None else format_offset(seconds)


@jinja2.pass_context
def clock(ctx, seconds: float | None) -> str:
    return "—" if seconds is None else ctx["r"].clock(seconds).strftime("%H:%M:%S")


@jinja2.pass_context
def dur(ctx, seconds: float | None, one: str | None = None) -> Any:
    return t(ctx, minutes(seconds), one)


def wall(value: str | None) -> str:
    if not value:
        return "—"
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    except ValueError:
        return value
    return when.strftime("%Y-%m-%d %H:%M") + " UTC"


@jinja2.pass_context
def rating_name(ctx, code: str | None, plain: bool = False) -> Any:
    name = RATING_NAME.get(code or "") or NOT_RATED
    return tplain(ctx, name) if plain else t(ctx, name)


def render(env: jinja2.Environment, template: str, lang: str, **variables) -> str:
    """A template of the folder rendered in `lang`; a template's error names its file and line."""
    table = load_labels(env)
    try:
        return env.get_template(template).render(
            lang=lang, L=Labels(table, "en" if lang == "both" else lang), H=Labels(table, lang),
            Ls={one: Labels(table, one) for one in ("en", "ja")},
            langs=["en", "ja"] if lang == "both" else [lang], doc_lang="ja" if lang == "ja" else "en", **variables)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"template not found: {exc.name}") from None
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        raise TemplateProblem(f"{_where(exc)}template error: {exc}") from None


def _where(exc: BaseException) -> str:
    """'FILE:LINE: ' of the innermost template frame of an exception, if any."""
    tb, found = exc.__traceback__, ""
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return found

"""HTML to PDF with WeasyPrint, and the check for a Japanese font.

The report's HTML is self-contained, so the PDF is made with a URL fetcher
that refuses every request: nothing is fetched from the network or the disk."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tabletop.report.logprint import Heads

FONT_HINT = ("no Japanese font found (fc-list :lang=ja lists none); Japanese text in the PDF will show as boxes. "
             "Install one, e.g. `sudo apt-get install fonts-noto-cjk` (with bold) or `sudo apt-get install fonts-ipaexfont-gothic`")


def japanese_fonts() -> list[str] | None:
    """Families of the installed fonts that cover Japanese, or None if fontconfig cannot be asked."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=20,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


class _NoFetch:
    """Refuse every URL: the report must not reach outside itself."""

    def __call__(self, url: str, *args, **kwargs):
        raise ValueError(f"the report does not fetch external resources ({url[:80]})")


_LOG_LINE = re.compile(r'<span id="ev-(\d+)"(?: style="[^"]*")?>([^<]*)</span>')
_LINK = re.compile(r'href="#ev-(\d+)"')
_ANCHOR = re.compile(r'id="ev-(\d+)"')
_LOG_LINK = re.compile(r'<a (?:class="[^"]*" )?href="#ev-(\d+)">(.*?)</a>', re.S)  # the report's links never nest
# A page kept for the drawn log, and where each of its lines starts: "SEQ:TOP SEQ:TOP …", TOP in pt.
_LOG_PAGE_LINES = re.compile(r' data-lines="([^"]*)"')


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
# A tooltip: text and attribute values are escaped, so `title="` starts nothing but an attribute.
_TITLE_ATTRIBUTE = re.compile(r' title="[^"]*"')
_SVG_EXTRAS = re.compile(r"<title>.*?</title>|</?a\b[^>]*>", re.S)


_NUM = r"(-?[\d.]+)"
# A plain filled shape, as the chart templates write it once its tooltip is gone.
_SHAPE = re.compile(rf'<rect x="{_NUM}" y="{_NUM}" width="([\d.]+)" height="([\d.]+)" fill="(#(?:[0-9A-Fa-f]{{3}}|[0-9A-Fa-f]{{6}}))"\s*(?:/>|></rect>)'
                    r'|<path d="(M[^"]*)" fill="(#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}))"\s*(?:/>|></path>)')


# The timeline chart, and the width it is printed at: the area of the report's `wide` pages
# (templates/style.css.j2: A4 landscape, 14 mm margins left and right).
_CHART = re.compile(r'<svg class="timeline" .*?</svg>', re.S)
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')
_DOC_LANG = re.compile(r'<html lang="([^"]*)"')
CHART_WIDTH = (297 - 14 - 14) * 72 / 25.4


@dataclass
class ApartChart:
    """The timeline chart drawn apart from the report (draw(), in the process that is not laying the
    report out), to be laid over the empty block of its size that the report keeps for it."""

    svg: str
    height: float  # in points, at CHART_WIDTH
    lang: str

    def draw(self) -> bytes:
        """The chart alone, on a page of its size."""
        from weasyprint import HTML

        size = f"{CHART_WIDTH:.3f}pt {self.height:.3f}pt"
        page = (f'<!DOCTYPE html><html lang="{self.lang}"><head><style>@page {{ size: {size}; margin: 0 }} '
                f'body {{ margin: 0 }} svg {{ display: block; width: {CHART_WIDTH:.3f}pt; height: {self.height:.3f}pt }}'
                f'</style></head><body>{svg_for_print(self.svg)}</body></html>')
        return HTML(string=page, base_url=None, url_fetcher=_NoFetch()).write_pdf()


def chart_apart(html: str) -> tuple[str, ApartChart | None]:
    """The report's HTML with its timeline chart taken out, an empty block of the same size in its
    place (`#chart-kept`), and the chart; the HTML as it is if it has no chart."""
    found = _CHART.search(html)
    box = _VIEWBOX.search(found.group(0)) if found else None
    if box is None or float(box.group(1)) <= 0:
        return html, None
    height = CHART_WIDTH * float(box.group(2)) / float(box.group(1))
    lang = _DOC_LANG.search(html)
    kept = f'<div id="chart-kept" style="height: {height:.3f}pt; break-inside: avoid"></div>'
    return html[:found.start()] + kept + html[found.end():], ApartChart(found.group(0), height,
                                                                         lang.group(1) if lang else "en")


def svg_for_print(html: str) -> str:
    """The HTML with its charts' tooltips (`<title>`) and links (`<a>`) taken out of the SVG, and each
    run of plain shapes of one colour drawn as one path: on paper WeasyPrint shows neither tooltips
    nor links, and draws one path as quickly as one of its hundreds of markers."""
    return _SVG.sub(lambda m: _merged_shapes(_SVG_EXTRAS.sub("", m.group(0))), html)


def _merged_shapes(svg: str) -> str:
    """`svg` with every run of adjacent plain shapes (rectangles without corners or outline, filled
    paths) of one colour as one path, in the same place among the rest: the same picture."""
    out, run, fill, end = [], [], None, 0

    def flush() -> None:
        if run:
            out.append(f'<path d="{"".join(run)}" fill="{fill}"/>')
            run.clear()
    for m in _SHAPE.finditer(svg):
        x, y, w, h, rect_fill, d, path_fill = m.groups()
        colour = rect_fill or path_fill
        if svg[end:m.start()].strip() or colour != fill:  # something else between, or another colour
            flush()
            out.append(svg[end:m.start()])
        fill, end = colour, m.end()
        run.append(f"M{x} {y}h{w}v{h}h-{w}z" if rect_fill else d)
    flush()
    out.append(svg[end:])
    return "".join(out)


# --lang both: a text in two languages is `<span lang="en">EN</span><span class="alt" lang="ja">JA</span>`
# (render.pair); the stylesheet puts " / " before the Japanese (`.alt::before`) except where the pair
# fills a heading or a cell (templates/style.css.j2, "--lang both"), which these mirror.
_PAIR = re.compile(r'<span lang="en">([^<]*)</span><span class="(alt(?: [^"]*)?)" lang="ja">')
def _read(inner: str) -> str:
    """The text a piece of the report's HTML reads as: tags gone, a pair as "English / 日本語", entities
    decoded, white space collapsed (as WeasyPrint's content(text) and a reader see it)."""
    import html as markup

    return " ".join(markup.unescape(_TAG.sub("", _PAIR.sub(lambda p: f"{p.group(1)} / ", inner))).split())


_UNSEPARATED_IN = frozenset({"h1", "h2", "h3", "th", "td", "dt"})
_UNSEPARATED_CLASSES = frozenset({"block", "kind", "subtitle"})
_ELEMENT = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"]|"[^"]*")*)>|<!--.*?-->', re.S)
_CLASS = re.compile(r'\bclass="([^"]*)"')
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_RAW = frozenset({"style", "script", "svg", "title"})


def separators_as_text(html: str) -> str:
    """The bilingual report's HTML with the " / " between the two languages of a text written as text,
    where the stylesheet would generate it: `EN<span class="alt sep" lang="ja"> / JA</span>` (the
    English in the document's language needs no span of its own). On paper it reads the same, the
    slash in the colour of the Japanese; WeasyPrint no longer lays out two boxes more for each of the
    report's thousands of bilingual texts (a quarter of its work on a bilingual report)."""
    out, parents, done, skip = [], [], 0, None
    for m in _ELEMENT.finditer(html):
        closing, tag, attributes = m.group(1), (m.group(2) or "").lower(), m.group(3) or ""
        if not tag:  # a comment
            continue
        if skip is not None:  # inside <style>, <svg>…: not the report's text
            if closing and tag == skip:
                skip = None
            continue
        if closing:
            while parents and parents.pop()[0] != tag:
                pass  # an element closed without its end tag (<li>, <p>) ends with its parent
            continue
        if tag in _RAW:
            skip = tag
            continue
        pair = _PAIR.match(html, m.start()) if tag == "span" and attributes == ' lang="en"' else None
        if pair is not None and parents:
            parent, classes = parents[-1]
            cls = pair.group(2)
            if (parent not in _UNSEPARATED_IN and not classes & _UNSEPARATED_CLASSES) or \
                    (parent == "td" and "lbl" in cls.split()):
                out.append(html[done:m.start()])
                out.append(f'{pair.group(1)}<span class="{cls} sep" lang="ja"> / ')
                done = pair.end()
                parents.append(("span", frozenset()))  # the Japanese, open
                continue
        if tag not in _VOID and not attributes.endswith("/"):
            found = _CLASS.search(attributes)
            parents.append((tag, frozenset(found.group(1).split()) if found else frozenset()))
    out.append(html[done:])
    return "".join(out)


_HEADING = re.compile(r"<(h[123])((?:\s[^>]*)?)>(.*?)</\1>", re.S)


def bilingual_bookmarks(html: str) -> str:
    """The bilingual report's HTML with a `data-bookmark` on each heading (h1-h3) whose text is in two
    languages, "English / 日本語", for the PDF's bookmarks (style.css.j2: bookmark-label): the text of
    such a heading puts the Japanese on a line of its own, and a bookmark would run the two together."""
    import html as markup

    def labelled(m: re.Match) -> str:
        tag, attributes, inner = m.groups()
        if _PAIR.search(inner) is None or "data-bookmark" in attributes:
            return m.group(0)
        label = markup.escape(_read(inner), quote=True)
        return f'<{tag}{attributes} data-bookmark="{label}">{inner}</{tag}>'
    return _HEADING.sub(labelled, html)


def unlinked_log_anchors_dropped(html: str) -> tuple[str, list[list[tuple[str, float]]]]:
    """The HTML with an anchor kept only on the log lines something links to, and a link kept
    only where its log line is printed; and, for each page kept for the drawn log, the anchors of
    its linked lines as (name, points from the page's top), which write_pdf adds once WeasyPrint
    has laid the report out (in the HTML each would cost WeasyPrint as much as a line of text).

    On screen every log line keeps its `#ev-N` anchor (a link may come from
    outside). In print only the report's own links matter, and WeasyPrint's
    anchor bookkeeping grows with the square of their number: 5,000 unused
    anchors cost more than the lines they sit on."""
    linked = set(_LINK.findall(html))
    html = _LOG_LINE.sub(lambda m: m.group(0) if m.group(1) in linked else m.group(2), html)
    drawn: list[list[tuple[str, float]]] = []

    def lines(m: re.Match) -> str:
        pairs = (item.split(":") for item in m.group(1).split())
        drawn.append([(f"ev-{seq}", float(top)) for seq, top in pairs if seq in linked])
        return ""
    html = _LOG_PAGE_LINES.sub(lines, html)
    # A PDF without the printed log (--pdf-log attached) has no line to link to: its links become text.
    kept = set(_ANCHOR.findall(html)) | {name[3:] for page in drawn for name, _ in page}
    return _LOG_LINK.sub(lambda m: m.group(0) if m.group(1) in kept else m.group(2), html), drawn


class LogPlacementError(Exception):
    """The pages kept for the drawn log, or the block kept for the chart drawn apart, are not where they
    were drawn for (e.g. a restyled page size)."""


Attachments = list[tuple[str, str, str]]


def write_pdf(html: str, path: str | Path, attachments: Attachments | Callable[[], Attachments] = (),
              log: bytes | Callable[[], bytes] | None = None, heads: Heads | None = None,
              chart: bytes | Callable[[], bytes] | None = None, separators: bool = False) -> None:
    """Write the PDF of the report's HTML; `attachments` are (file name, text, description) embedded in it.

    `log` is the event log drawn by tabletop.report.logprint, one PDF page per
    page of the log: each page is laid over the empty page the HTML keeps for it
    (`<div class="log-page" id="log-page-K">`, K from 1). Raises
    LogPlacementError, writing nothing, if those pages are not where the log was
    laid out for. `attachments` and `log` may be functions giving them, called
    once WeasyPrint has laid the report out (so that they can be made meanwhile
    elsewhere). `heads`: the pages of the drawn log have no running heads in the
    HTML (the event-log section is on a page without margin boxes); they are
    drawn here, once the page numbers are known. `chart`: the timeline chart
    drawn apart (ApartChart.draw), laid over the block the HTML keeps for it
    (chart_apart); LogPlacementError if that block is not where it fits.
    `separators`: a bilingual report's " / " are written as text (separators_as_text)."""
    import gc
    import logging

    from weasyprint import HTML, Attachment

    # WeasyPrint logs every CSS property it ignores; the report's CSS is screen and print at once.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # WeasyPrint makes hundreds of thousands of objects that live until the PDF is written:
    # collecting garbage among them while it works costs a tenth of its time and frees nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        html, anchors = unlinked_log_anchors_dropped(html)
        if separators:  # once the links to unprinted log lines are plain text: a pair's parent may change
            html = separators_as_text(bilingual_bookmarks(html))
        if heads is not None:
            html = _headings_anchored(html, len(heads.sections))
        # Tooltips show on no paper; WeasyPrint's cascade still reads each one.
        doc = HTML(string=svg_for_print(_TITLE_ATTRIBUTE.sub("", html)), base_url=None, url_fetcher=_NoFetch()).render()
        places = _log_places(doc) if log is not None else []
        if len(anchors) != len(places):
            raise LogPlacementError(f"{len(places)} pages kept for the log, {len(anchors)} listed")
        for k, ((index, x, y, *_), named) in enumerate(zip(places, anchors), 1):
            page = doc.pages[index].anchors
            arity = len(page[f"log-page-{k}"])  # as WeasyPrint records them: CSS px, (x, y) or (x, y, x, y)
            for name, top in named:
                page[name] = (x / 0.75, (y + top) / 0.75) * (arity // 2)
        kept_chart = _chart_place(doc) if chart is not None else None
        files = [Attachment(string=text.encode("utf-8"), name=name, description=description)
                 for name, text, description in (attachments() if callable(attachments) else attachments)]
        layers = []
        if log is not None:
            layers.append(("TabletopLog", log() if callable(log) else log, places))
        if kept_chart is not None:
            layers.append(("TabletopChart", chart() if callable(chart) else chart, [kept_chart]))
        if not layers and heads is None:
            doc.write_pdf(str(path), attachments=files)
            return
        if heads is not None:
            from tabletop.report import logprint

            fonts = logprint.find_fonts()
            if fonts is None:
                raise LogPlacementError("no font to draw the running heads with")
            pages = _head_pages(doc, heads)
            layers.append(("TabletopHeads", logprint.draw_heads(heads, pages, len(doc.pages), fonts),
                           [(i, 0.0, 0.0, None, page.box.height * logprint.MM) for i, page in enumerate(pages)]))
        # Laid over before WeasyPrint writes the file: a misfit raises before anything is written.
        doc.write_pdf(str(path), attachments=files, finisher=lambda _, pdf: _overlay(pdf, layers))
    finally:
        if enabled:
            gc.enable()


#: Write PDFs in a forked process where that is safe (see start_pdf); tests turn it off to compare.
FORK = True


def start_pdf() -> PdfJob:
    """A job that writes the PDF of an HTML: give it the HTML and the file with start(), then wait().

    On Linux, in a process with a single thread, the PDF is written by a process
    forked here, which loads WeasyPrint while this one prepares the HTML; once
    started it lays the report out while this one goes on (the caller writes the
    HTML report and draws the log), and wait() sends it the attachments and the
    drawn log, which it needs only once WeasyPrint has laid the report out.
    WeasyPrint's hundreds of thousands of objects then end with the writer
    instead of being collected here. Elsewhere (a console's worker thread,
    another system) everything is done here, in wait()."""
    return _Forked() if _can_fork() else PdfJob()


class PdfJob:
    """A PDF written here, when it is waited for."""

    def __init__(self) -> None:
        self.path: str | Path = ""
        self._html = ""
        self._heads: Heads | None = None
        self._separators = False

    def start(self, html: str, path: str | Path, drawn: bool = False, heads: Heads | None = None,
              chart: bool = False, separators: bool = False) -> None:
        """The report's HTML and the PDF to write; `drawn`: its event log will be drawn (wait() is
        then given `log`); `heads`: the running heads to draw on the log's pages; `chart`: its
        timeline chart is drawn apart (wait() is then given `chart`); `separators`: see write_pdf."""
        self._html, self.path, self._heads, self._separators = html, path, heads, separators

    def wait(self, attachments: Callable[[], Attachments], log: Callable[[], bytes] | None = None,
             chart: Callable[[], bytes] | None = None) -> bool:
        """Whether the PDF was written, as write_pdf(html, path, attachments(), log(), chart()) writes it
        (False: LogPlacementError, nothing written); raises what write_pdf raised."""
        try:
            write_pdf(self._html, self.path, attachments, log, self._heads, chart, self._separators)
        except LogPlacementError:
            return False
        return True

    def close(self) -> None:
        """Stop a job not waited for (the caller failed meanwhile)."""


class _Forked(PdfJob):
    """A PDF written by a forked process."""

    def __init__(self) -> None:
        import multiprocessing
        import sys

        super().__init__()
        self._outcome: tuple | None = None
        self._parent = os.getpid()
        fork = multiprocessing.get_context("fork")
        self._to_in, self._to_out = fork.Pipe(duplex=False)  # the HTML, then the attachments and drawn log
        self._done_in, self._done_out = fork.Pipe(duplex=False)  # how it went, back
        for stream in (sys.stdout, sys.stderr):  # or the writer would print their buffered text again
            if stream is not None:  # None: started with that stream closed
                stream.flush()
        self._process = fork.Process(target=self._write, name="tabletop-pdf", daemon=True)
        self._process.start()
        self._to_in.close()
        self._done_out.close()

    def _write(self) -> None:
        """In the forked process."""
        import gc
        import pickle
        import threading
        import traceback

        gc.disable()  # for good: what WeasyPrint leaves goes with the process
        _end_with(self._parent)
        self._to_out.close()
        self._done_in.close()
        first: list = []

        def read_html() -> None:
            try:
                first.append(self._to_in.recv())
            except (EOFError, OSError):
                pass  # the caller stopped before sending it
        # The HTML is read as it comes (a pipe holds little, and the sender would wait) while WeasyPrint loads.
        reader = threading.Thread(target=read_html, daemon=True)
        late: list = []

        def receive(i: int):
            try:
                late[:] = late or self._to_in.recv()
            except (EOFError, OSError):
                raise _CallerGone from None
            return late[i]

        def answer(outcome: str, detail) -> None:
            self._to_in.close()  # a caller still sending learns at once that nothing reads it
            try:
                self._done_out.send((outcome, detail))
            except OSError:  # the caller has gone: nobody to tell
                os._exit(1)
        try:
            reader.start()
            import weasyprint  # noqa: F401  (a second or so of loading, meanwhile)

            from tabletop.report.logprint import find_fonts

            find_fonts()  # meanwhile too: the fonts to draw the log pages' running heads with
            reader.join()
            if not first:
                os._exit(0)
            html, self.path, drawn, heads, chart, separators = first[0]
            write_pdf(html, self.path, lambda: receive(0), (lambda: receive(1)) if drawn else None, heads,
                      (lambda: receive(2)) if chart else None, separators)
            answer("ok", None)
        except _CallerGone:
            os._exit(1)
        except LogPlacementError:
            answer("misfit", None)
        except BaseException as exc:  # raised again by wait(), with this traceback as a note
            exc.add_note(f"(in the PDF writer, process {os.getpid()})\n{traceback.format_exc()}")
            try:
                pickle.loads(pickle.dumps(exc))  # it must come back as it is
            except Exception:
                exc = RuntimeError(f"{type(exc).__name__}: {exc}\n{exc.__notes__[-1]}")
            answer("raised", exc)

    def start(self, html: str, path: str | Path, drawn: bool = False, heads: Heads | None = None,
              chart: bool = False, separators: bool = False) -> None:
        self.path = path
        try:
            self._to_out.send((html, path, drawn, heads, chart, separators))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the writer has ended: wait() says why

    def wait(self, attachments: Callable[[], Attachments], log: Callable[[], bytes] | None = None,
             chart: Callable[[], bytes] | None = None) -> bool:
        try:
            try:
                self._to_out.send((attachments(), log() if log else None, chart() if chart else None))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the writer ended before it needed them: what it sent back says why
            try:
                self._outcome = self._done_in.recv()
            except EOFError:
                self._outcome = "raised", RuntimeError(f"writing {self.path}: the PDF writer (process "
                                                       f"{self._process.pid}) stopped without a word")
        finally:
            self.close()
        outcome, detail = self._outcome
        if outcome == "raised":
            raise detail
        return outcome == "ok"

    def close(self) -> None:
        if self._outcome is None and self._process.is_alive():  # not waited for: the caller failed
            self._process.terminate()
        self._to_out.close()
        self._done_in.close()
        self._process.join()


class _CallerGone(Exception):
    """The process that started the PDF writer has ended."""


def _end_with(parent: int) -> None:
    """Have the kernel end this (forked) process when `parent` ends: a writer whose caller was killed
    must not go on writing a PDF nobody waits for."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux's C library: the pipes still tell it
    if os.getppid() != parent:  # it ended before that took effect
        os._exit(1)


def _can_fork() -> bool:
    """Linux, and this process has a single thread: a lock held by another thread at the fork would stay
    held in the forked process forever (Textual's consoles have threads; the CLI does not)."""
    import sys

    if not FORK or sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


Place = tuple[int, float, float, "float | None", float]


def _log_places(doc) -> list[Place]:
    """(page index, x, y, height, page height) of each page kept for the drawn log, in order; in
    points from the page's top left (the height is None where WeasyPrint gives anchors as points only)."""
    from tabletop.report.logprint import MARGIN_MM, MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, Geometry

    top, left, bottom = MARGIN_MM["top"] * MM, MARGIN_MM["left"] * MM, (PAGE_HEIGHT_MM - MARGIN_MM["bottom"]) * MM
    places = {}
    for index, page in enumerate(doc.pages):
        found = [int(name[9:]) for name in page.anchors if name.startswith("log-page-")]
        if len(found) > 1:
            raise LogPlacementError(f"log pages {found} share page {index + 1}")
        if not found:
            continue
        box = page.anchors[f"log-page-{found[0]}"]  # (x, y), or (x1, y1, x2, y2) in recent WeasyPrint
        x, y = box[0] * 0.75, box[1] * 0.75  # CSS px to pt
        height = (box[3] - box[1]) * 0.75 if len(box) == 4 else None
        if len(box) == 4 and abs((box[2] - box[0]) * 0.75 - Geometry().width) > 0.5:  # e.g. a wider right margin
            raise LogPlacementError(f"log page {found[0]} is not as wide as the drawn log")
        # The page must be the one the log was laid out for (a restyled report may change it).
        size = (page.width * 0.75 / MM, page.height * 0.75 / MM)
        if (abs(size[0] - PAGE_WIDTH_MM) > 0.5 or abs(size[1] - PAGE_HEIGHT_MM) > 0.5 or abs(x - left) > 0.5
                or (found[0] > 1 and abs(y - top) > 0.5) or (height is not None and y + height > bottom + 0.5)):
            raise LogPlacementError(f"log page {found[0]} is not where the drawn log expects it on page {index + 1}")
        places[found[0]] = (index, x, y, height, page.height * 0.75)
    if sorted(places) != list(range(1, len(places) + 1)):
        raise LogPlacementError("log pages missing")
    end = [(i, page.anchors["log-top-end"][1] * 0.75) for i, page in enumerate(doc.pages) if "log-top-end" in page.anchors]
    if places and (not end or end[0][0] != places[1][0] or end[0][1] > places[1][2] + 0.5):
        raise LogPlacementError("the event log's heading and introduction do not fit above its first page")
    return [places[k] for k in sorted(places)]


def _chart_place(doc) -> Place:
    """Where the report keeps the block for the timeline chart drawn apart."""
    found = [(i, page.anchors["chart-kept"], page.height) for i, page in enumerate(doc.pages)
             if "chart-kept" in page.anchors]
    if len(found) != 1:
        raise LogPlacementError("the timeline chart's block was not found once")
    index, box, height = found[0]
    if len(box) == 2:  # WeasyPrint before anchors had a size: its place only
        return index, box[0] * 0.75, box[1] * 0.75, None, height * 0.75
    x1, y1, x2, y2 = box
    if abs((x2 - x1) * 0.75 - CHART_WIDTH) > 0.5:  # e.g. a restyled page
        raise LogPlacementError(f"the timeline chart's block is {(x2 - x1) * 0.75:.1f} pt wide, not {CHART_WIDTH:.1f}")
    return index, x1 * 0.75, y1 * 0.75, (y2 - y1) * 0.75, height * 0.75


_H2 = re.compile(r'<h2((?: data-bookmark="[^"]*")?)>(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]*>")
_FIRST_SPAN = re.compile(r"<span\b[^>]*>(.*?)</span>", re.S)


def running_sections(html: str, both: bool) -> tuple[str | None, ...] | None:
    """What each heading (h2) of the report sets the running section of its pages to, in order, as
    the bundled stylesheet has it (`string-set: section content(text)`; with both languages, the
    first span's, the English); None for a heading that sets nothing; None if a heading is not the
    plain `<h2>` the bundled templates write."""
    found = [inner for _, inner in _H2.findall(html)]
    if len(found) != html.count("<h2"):
        return None
    if not both:
        return tuple(_read(inner) for inner in found)
    out = []
    for inner in found:
        first = _TAG.search(inner)
        span = _FIRST_SPAN.match(inner, first.start()) if first else None
        out.append(_read(span.group(1)) if span else None)
    return tuple(out)


# What the event log's heading and introduction take above its first drawn page, in points: a fixed
# part and a line of the introduction (the bundled stylesheet: h2 at 17 pt, text at 9.5 pt, line
# height 1.45; with both languages the heading has two lines, and a line mixing Latin and Japanese
# is a little taller). Measured on WeasyPrint's layout of the shipped scenarios' reports.
_LOG_TOP = {"one": (41.75, 13.775), "both": (57.46, 14.63)}
_LOG_TOP_SPARE = 1.5
_JAPANESE = re.compile("[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
_LOG_INTRO = re.compile(r'<div class="log-top"[^>]*>(.*?)<div id="log-top-end">', re.S)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


def log_top_room(html: str, lang: str, fonts) -> float | None:
    """The room the event log's heading and introduction need above the drawn log's first page, as
    the report's `html` words them (a log without its last event's record, or one that fails its
    check, has a longer introduction), its lines wrapped as logprint.wrap wraps them; None if the
    HTML keeps no such room."""
    from tabletop.report.logprint import Geometry, wrap

    found = _LOG_INTRO.search(html)
    if found is None:
        return None
    fixed, _ = _LOG_TOP["both" if lang == "both" else "one"]
    height = fixed + _LOG_TOP_SPARE
    for inner in _PARAGRAPH.findall(found.group(1)):
        text = _read(inner)
        # Japanese in a Latin page's text is set in another font: its lines are as tall as a bilingual one's
        mixed = lang == "both" or (lang != "ja" and _JAPANESE.search(text) is not None)
        height += len(wrap(text, fonts, 9.5, Geometry().width, 0.0)) * _LOG_TOP["both" if mixed else "one"][1]
    return height


def _headings_anchored(html: str, expected: int) -> str:
    """The HTML with an anchor on each heading (h2), so that its page can be found once laid out."""
    found = 0

    def anchored(m: re.Match) -> str:
        nonlocal found
        found += 1
        return f'<h2 id="tabletop-h2-{found - 1}"{m.group(1)}>{m.group(2)}</h2>'
    html = _H2.sub(anchored, html)
    if found != expected:
        raise LogPlacementError("the report's headings are not those its running heads were made for")
    return html


def _head_pages(doc, heads: Heads) -> list:
    """The page box, number and running section of each page of the laid-out report, the section as
    WeasyPrint's `string(section)` gives it: the first heading's on the page, else the last before."""
    from tabletop.report.logprint import LANDSCAPE, PORTRAIT, HeadPage

    pages, current = [], None
    for index, page in enumerate(doc.pages):
        box = next((b for b in (PORTRAIT, LANDSCAPE) if b.matches(page.width * 0.75, page.height * 0.75)), None)
        if box is None:  # a restyled page size
            raise LogPlacementError(f"page {index + 1} is neither A4 portrait nor landscape: its heads cannot be drawn")
        here = [heads.sections[k] for k in range(len(heads.sections))
                if f"tabletop-h2-{k}" in page.anchors and heads.sections[k] is not None]
        pages.append(HeadPage(box, index + 1, here[0] if here else current))
        current = here[-1] if here else current
    return pages


def _overlay(pdf, layers: list[tuple[str, bytes, list[Place]]]) -> None:
    """For each (name, drawn PDF, places) of `layers`, lay its page K over the K-th place in
    WeasyPrint's `pdf` (a pydyf.PDF not yet written), as a form XObject named NAME+K in that page's
    own resources."""
    import io

    import pydyf
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    copied: dict[tuple[int, int], pydyf.Object] = {}

    def copy(obj):
        """The pydyf equivalent of a pypdf object; objects it refers to are added to `pdf` once."""
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key not in copied:
                target = obj.get_object()
                made = pydyf.Stream(compress=True) if isinstance(target, StreamObject) else copy(target)
                copied[key] = made
                pdf.add_object(made)
                if isinstance(target, StreamObject):
                    made.stream = [target.get_data()]  # decoded here, compressed again by pydyf
                    made.extra = {k[1:]: copy(v) for k, v in target.items() if k not in _STREAM_KEYS}
            return copied[key].reference
        if isinstance(obj, DictionaryObject):
            return pydyf.Dictionary({k[1:]: copy(v) for k, v in obj.items()})
        if isinstance(obj, ArrayObject):
            return pydyf.Array([copy(v) for v in obj])
        out = io.BytesIO()
        obj.write_to_stream(out)  # names, numbers, strings: as pypdf writes them
        return out.getvalue()

    forms: dict[int, list[tuple[str, pydyf.Stream, str]]] = {}  # page index: (name, form, placing)
    for layer, drawn, places in layers:
        read = PdfReader(io.BytesIO(drawn))
        copied.clear()  # object numbers are the drawn PDF's own
        if len(read.pages) != len(places):
            raise LogPlacementError(f"{len(read.pages)} pages drawn for {len(places)} kept")
        for k, (src, (index, x, y, kept, top)) in enumerate(zip(read.pages, places)):
            w, h = float(src.mediabox.width), float(src.mediabox.height)
            if kept is not None and abs(kept - h) > 0.5:  # e.g. broken across two pages by a smaller page size
                raise LogPlacementError(f"log page {k + 1} is kept {kept:.1f} pt high for {h:.1f} pt drawn")
            form = pydyf.Stream([src.get_contents().get_data()], {
                "Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array([0, 0, w, h]),
                "Resources": copy(src["/Resources"])}, compress=True)
            pdf.add_object(form)
            forms.setdefault(index, []).append((f"{layer}{k + 1}", form, f"1 0 0 1 {x:.3f} {top - y - h:.3f} cm"))
    pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
    for index, placed in forms.items():
        page = pages[index]
        # The page's own resources: WeasyPrint's, which all its pages share, and the forms.
        shared = page["Resources"]
        shared = pdf.objects[int(shared.split()[0])] if isinstance(shared, bytes) else shared
        resources = pydyf.Dictionary(shared)
        resources["XObject"] = pydyf.Dictionary({**shared.get("XObject", {}),
                                                 **{name: form.reference for name, form, _ in placed}})
        pdf.add_object(resources)
        page["Resources"] = resources.reference
        before = pydyf.Stream([b"q"])  # the page's own drawing, its graphics state kept apart
        after = pydyf.Stream([("Q " + " ".join(f"q {cm} /{name} Do Q" for name, _, cm in placed)).encode()])
        pdf.add_object(before)
        pdf.add_object(after)
        page["Contents"] = pydyf.Array([before.reference, page["Contents"], after.reference])


_STREAM_KEYS = {"/Length", "/Filter", "/DecodeParms"}


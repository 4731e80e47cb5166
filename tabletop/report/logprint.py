"""The printed event log of the PDF, drawn directly with ReportLab.

WeasyPrint lays a line of text out in about a millisecond; a 5,000-event log
is seventy pages of lines, which made the log most of a long report's PDF
time. So the PDF's event-log section is laid out by WeasyPrint as empty pages
of a known size (with the section heading, the running headers and footers,
page numbers, and an anchor for each log line the report links to), and the
lines are drawn here, a page of the log per empty page, then laid over them
(tabletop.report.pdf). The HTML report still lists the log itself.

Layout (`layout`) and drawing (`draw`) are separate: the layout is needed
before WeasyPrint runs (how many pages, where each linked line is), the
drawing after. Text is drawn as text, never interpreted: participant text is
shown exactly as typed.

Fonts are TrueType files found through fontconfig: DejaVu Sans (regular and
bold) for the text, and a Japanese TrueType font (IPAex Gothic first) for the
characters DejaVu lacks. Without them `find_fonts` returns None and the report
prints the log through WeasyPrint, as the HTML shows it (slower)."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from itertools import groupby

MM = 72 / 25.4  # points per millimetre

# The page box of the report's A4 portrait pages (templates/style.css.j2 reads these too).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_MM = {"top": 20, "right": 16, "bottom": 18, "left": 16}

TEXT = (0x1B / 255, 0x1F / 255, 0x24 / 255)
HEAD = (0x0B / 255, 0x25 / 255, 0x45 / 255)
RULE = (0x8A / 255, 0x96 / 255, 0xA3 / 255)
SHADE = (0xF5 / 255, 0xF7 / 255, 0xFA / 255)

# Fonts tried, in order, through fontconfig: the text font (it must be TrueType) and Japanese TrueType fonts.
LATIN = ("DejaVu Sans", "Liberation Sans")
JAPANESE = ("IPAexGothic", "IPAGothic", "TakaoGothic", "VL Gothic")

_CJK = "\u2e80-\u2fff\u3000-\u30ff\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKEN = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+\s*|\s+")
# Line-breaking rules for Japanese (kinsoku): punctuation that must not begin a row, and brackets
# that must not end one. The character concerned moves down with its neighbour (oidashi).
_NO_LINE_START = frozenset("、。，．,.）」』】〕〉》”’ー々ゝゞぁぃぅぇぉっゃゅょァィゥェォッャュョ！？!?：；")
_NO_LINE_END = frozenset("（「『【〔〈《“‘([")


@dataclass(frozen=True)
class Geometry:
    """Sizes in points. `width` and `height` are those of the page's content box; the first page of
    the log leaves `first_top` at its top for the section's heading and introduction."""

    width: float = (PAGE_WIDTH_MM - MARGIN_MM["left"] - MARGIN_MM["right"]) * MM
    height: float = (PAGE_HEIGHT_MM - MARGIN_MM["top"] - MARGIN_MM["bottom"]) * MM - 1  # 1 pt to spare
    first_top: float = 72.0  # room for the heading and the introduction (two languages need more)
    size: float = 7.4  # font size, as the HTML's log
    leading: float = 7.4 * 1.3
    pad: float = 0.8  # above and below each band
    band: int = 5  # short lines per band
    indent: float = 18.0  # hanging indent of a wrapped line's continuation

    def page_height(self, index: int) -> float:
        """The height of the log's area on its `index`-th page (0 is the first)."""
        return self.height - self.first_top if index == 0 else self.height


@dataclass
class Fonts:
    """ReportLab names of the fonts the log is drawn with, and the characters each covers. The
    Japanese font is read the first time a character needs it (a second or so for a large font)."""

    regular: str
    bold: str
    japanese_file: str | None
    _covers: dict = field(default_factory=dict, repr=False)
    _japanese: str | None = field(default=None, repr=False)

    @property
    def japanese(self) -> str | None:
        if self._japanese is None and self.japanese_file is not None:
            from reportlab.pdfbase.ttfonts import TTFError

            try:
                self._japanese = _register("japanese", self.japanese_file, self._covers)
            except (TTFError, OSError):  # unreadable: Japanese shows as DejaVu's missing-glyph box
                self.japanese_file = None
        return self._japanese

    def runs(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """`text` as (font, piece) runs: each character in the first font that has it."""
        main = self.bold if bold else self.regular
        own = self._covers[main]
        if text.isascii() or own.issuperset(map(ord, text)) or self.japanese is None:
            return [(main, text)]
        ja = self.japanese

        def font(ch: str) -> str:
            return main if ord(ch) in own or ch.isspace() else ja

        return [(f, "".join(chars)) for f, chars in groupby(text, key=font)]

    def covers(self, text: str) -> bool:
        """Whether every character of `text` is in one of the fonts (else it would print as a box)."""
        if text.isascii() or self._covers[self.regular].issuperset(map(ord, text)):
            return True
        ja = self.japanese
        own, other = self._covers[self.regular], (self._covers[ja] if ja else frozenset())
        return all(ord(ch) in own or ord(ch) in other or ch.isspace() or not ch.isprintable() for ch in text)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return sum(stringWidth(piece, f, size) for f, piece in self.runs(text, bold))


def _register(key: str, path: str, covers: dict) -> str:
    """Register a TrueType file with ReportLab as tabletop-log-`key`; note the characters it covers."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"tabletop-log-{key}"
    font = TTFont(name, path)
    pdfmetrics.registerFont(font)
    covers[name] = frozenset(font.face.charToGlyph)
    return name


def _fc_file(family: str, style: str = "") -> str | None:
    """The file of an installed TrueType font of exactly this family (`style` e.g. ":bold"), or None."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{family}|%{file}", family + style], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families, _, path = out.partition("|")
    if family.lower() not in [f.strip().lower() for f in families.split(",")]:
        return None  # fontconfig substituted another family
    return path if path.lower().endswith(".ttf") else None


@functools.lru_cache(maxsize=1)
def find_fonts() -> Fonts | None:
    """The fonts to draw the log with, registered with ReportLab; None if there are none to use."""
    if shutil.which("fc-match") is None:
        return None
    try:
        from reportlab.pdfbase.ttfonts import TTFError
    except ImportError:
        return None
    for family in LATIN:
        regular, bold = _fc_file(family), _fc_file(family, ":bold")
        if regular and bold and bold != regular:
            break
    else:
        return None
    japanese = next((p for p in map(_fc_file, JAPANESE) if p), None)
    covers: dict = {}
    try:
        return Fonts(_register("regular", regular, covers), _register("bold", bold, covers), japanese, covers)
    except (TTFError, OSError):
        return None


@dataclass
class Row:
    x: float
    y: float  # baseline, from the top of the page's log area
    text: str


@dataclass
class Band:
    top: float
    height: float
    shaded: bool
    rows: list[Row]


@dataclass
class Page:
    height: float  # of the log's area on this page
    top: float = 0.0  # room left above it on the page (the first page's heading and introduction)
    bands: list[Band] = field(default_factory=list)
    anchors: list[tuple[int, float]] = field(default_factory=list)  # (event seq, top of its line)


# Typed text may hold any character: tabs print as spaces, other control characters as U+FFFD.
_CONTROLS = {c: "\ufffd" for c in [*range(0x20), *range(0x7F, 0xA0)] if c != 0x0A}
_CONTROLS.update({0x09: "    ", 0x0D: None})


def wrap(text: str, fonts: Fonts, size: float, width: float, indent: float) -> list[str]:
    """`text` in rows that fit `width`, the rows after the first `indent` narrower; words stay whole
    unless one alone is too wide, Japanese breaks between any two characters; a line break in the
    text starts a row."""
    if not text.isprintable():
        text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
        if "\n" in text:
            first, *more = text.split("\n")
            rows = wrap(first, fonts, size, width, indent)
            for part in more:  # the rows of every later line are all indented
                rows += wrap(part, fonts, size, width - indent, 0.0)
            return rows
    if fonts.width(text, size) <= width:
        return [text]
    rows: list[str] = []
    cur: list[str] = []  # the tokens of the row being filled
    cur_w, limit = 0.0, width
    for tok in _TOKEN.findall(text):
        w = fonts.width(tok, size)
        if cur_w + fonts.width(tok.rstrip(), size) <= limit:
            cur.append(tok)
            cur_w += w
            continue
        if "".join(cur).strip():
            carry: list[str] = []
            if tok in _NO_LINE_START and len(cur) > 1:
                carry.append(cur.pop())
            while len(cur) > 1 and cur[-1] in _NO_LINE_END:
                carry.insert(0, cur.pop())
            rows.append("".join(cur).rstrip())
            cur, limit = carry, width - indent
            cur_w = fonts.width("".join(cur), size)
            if cur and cur_w + fonts.width(tok.rstrip(), size) <= limit:
                cur.append(tok)
                cur_w += w
                continue
            if cur:
                rows.append("".join(cur).rstrip())
                cur, cur_w = [], 0.0
        tok = tok.lstrip() if not cur else tok
        while fonts.width(tok.rstrip(), size) > limit:  # a word wider than a row: cut it
            cut = _fit(tok, fonts, size, limit)
            rows.append(tok[:cut])
            tok, limit = tok[cut:], width - indent
        cur, cur_w = [tok], fonts.width(tok, size)
    if "".join(cur).strip():
        rows.append("".join(cur).rstrip())
    return rows


def _fit(text: str, fonts: Fonts, size: float, width: float) -> int:
    """How many leading characters of `text` fit `width` (at least one)."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fonts.width(text[:mid], size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def layout(lines: list[tuple[int, str]], fonts: Fonts, geometry: Geometry = Geometry()) -> list[Page]:
    """The log's lines — (event seq, text) — on pages: bands of up to five one-row lines, and each
    line that wraps a band of its own (as in the HTML), shaded every other band; a band does not
    break across pages unless it is taller than a page. Each page starts with the column heading."""
    g = geometry
    head = g.leading + 2 * g.pad + 2  # the column heading, its rule and a gap
    groups: list[list[tuple[int, list[str]]]] = []
    run: list[tuple[int, list[str]]] = []
    for seq, text in lines:
        rows = wrap(text, fonts, g.size, g.width, g.indent)
        if len(rows) > 1:
            if run:
                groups.append(run)
                run = []
            groups.append([(seq, rows)])
            continue
        run.append((seq, rows))
        if len(run) == g.band:
            groups.append(run)
            run = []
    if run:
        groups.append(run)

    pages = [Page(g.page_height(0), g.first_top)]
    y = head
    for k, group in enumerate(groups):
        height = 2 * g.pad + g.leading * sum(len(rows) for _, rows in group)
        if y + height > pages[-1].height and pages[-1].bands:
            pages.append(Page(g.height))
            y = head
        band = Band(y, 2 * g.pad, k % 2 == 1, [])
        pages[-1].bands.append(band)
        ry = y + g.pad
        for seq, rows in group:
            for i, text in enumerate(rows):
                if ry + g.leading > pages[-1].height and band.rows:  # taller than a page
                    pages.append(Page(g.height))
                    ry = head + g.pad
                    band = Band(head, 2 * g.pad, k % 2 == 1, [])
                    pages[-1].bands.append(band)
                if i == 0:
                    pages[-1].anchors.append((seq, ry))
                band.rows.append(Row(g.indent if i else 0.0, ry + g.size, text))
                band.height += g.leading
                ry += g.leading
        y = band.top + band.height
    return pages


def draw(pages: list[Page], heading: str, fonts: Fonts, geometry: Geometry = Geometry()) -> bytes:
    """A PDF with one page per page of the log, each as big as the log's area on it: the column
    heading, the shaded bands and the lines."""
    from reportlab.pdfgen.canvas import Canvas

    g = geometry
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(g.width, pages[0].height), invariant=1, pageCompression=1,
                    initialFontName=fonts.regular, initialFontSize=g.size)  # no unused Helvetica
    for page in pages:
        h = page.height
        canvas.setPageSize((g.width, h))
        _text(canvas, fonts, 0, h - g.pad - g.size, heading, g.size, HEAD, bold=True)
        rule = h - (g.leading + 2 * g.pad)
        canvas.setStrokeColorRGB(*RULE)
        canvas.setLineWidth(0.75)
        canvas.line(0, rule, g.width, rule)
        canvas.setFillColorRGB(*SHADE)
        for band in page.bands:
            if band.shaded:
                canvas.rect(0, h - band.top - band.height, g.width, band.height, stroke=0, fill=1)
        for band in page.bands:
            for row in band.rows:
                _text(canvas, fonts, row.x, h - row.y, row.text, g.size, TEXT)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _text(canvas, fonts: Fonts, x: float, y: float, text: str, size: float, color, bold: bool = False) -> None:
    if bold:
        canvas.saveState()  # the outline below is graphics state: keep it to this text
        canvas.setStrokeColorRGB(*color)
        canvas.setLineWidth(size * 0.04)
    t = canvas.beginText(x, y)
    t.setFillColorRGB(*color)
    for font, piece in fonts.runs(text, bold):
        t.setFont(font, size)
        if bold:  # the Japanese font has one weight: bold it with an outline of its own colour
            t.setTextRenderMode(2 if font != fonts.bold else 0)
        t.textOut(piece)
    canvas.drawText(t)
    if bold:
        canvas.restoreState()


# The running heads of the report's pages, as templates/style.css.j2 sets them (@page): the exercise
# top left and the classification banner top right, above the page area; the section, the banner and
# "Page N of M" below it (the first page, the cover, has the two banners only). Sizes in points,
# colours as in the CSS.
MUTED = (0x46 / 255, 0x50 / 255, 0x5C / 255)
BANNER = (0x84 / 255, 0x20 / 255, 0x29 / 255)
HEAD_SIZE, BANNER_TOP_SIZE = 7.5, 8.0
HEAD_GAP = 3 * MM  # the margin boxes' padding towards the page area
LINE_HEIGHT = 1.45  # the root's line height, which the page's margin boxes inherit
EXERCISE_SHARE = 0.70  # of the page area's width, the exercise's box (the banner's takes the rest)
PAGE_DIGITS = 4  # room kept for the page numbers ("Page 9999 of 9999")


@dataclass(frozen=True)
class PageBox:
    """A page of the report and its margins, in millimetres (templates/style.css.j2: @page)."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float

    def matches(self, width_pt: float, height_pt: float) -> bool:
        return abs(width_pt / MM - self.width) < 0.5 and abs(height_pt / MM - self.height) < 0.5


# The report's pages: A4 portrait, and A4 landscape for its `wide` sections (the timeline, the plan).
PORTRAIT = PageBox(PAGE_WIDTH_MM, PAGE_HEIGHT_MM, **MARGIN_MM)
LANDSCAPE = PageBox(PAGE_HEIGHT_MM, PAGE_WIDTH_MM, top=16, right=14, bottom=15, left=14)


@dataclass(frozen=True)
class HeadPage:
    """A page to draw the running heads of: its box, number, and section (None: no section yet)."""

    box: PageBox
    number: int
    section: str | None


@dataclass(frozen=True)
class Heads:
    """The report's running heads; `page` and `of` are the words of "Page 3 of 105"; `sections`
    what each heading (h2) of the report, in order, sets the running section to (None: nothing)."""

    exercise: str
    banner: str
    page: str
    of: str
    sections: tuple[str | None, ...] = ()

    def numbered(self, page: int | str, pages: int | str) -> str:
        return f"{self.page} {page} {self.of} {pages}"

    def fit(self, fonts: Fonts) -> bool:
        """Whether these heads can be drawn here as WeasyPrint sets them: each on one line (WeasyPrint
        wraps a head too long for its box), in the text font alone (WeasyPrint sets Japanese in Noto
        Sans CJK, which cannot be drawn here)."""
        own = fonts._covers[fonts.regular]
        widest = self.numbered("8" * PAGE_DIGITS, "8" * PAGE_DIGITS)
        sections = [s for s in self.sections if s is not None]
        texts = (self.exercise, self.banner, widest, *sections)
        if not all(own.issuperset(map(ord, t)) and t.isprintable() and not _shaped(t) for t in texts):
            return False
        area = Geometry().width  # the narrower page's
        side = max(fonts.width(t, HEAD_SIZE) for t in (widest, *sections))
        return (fonts.width(self.exercise, HEAD_SIZE) <= EXERCISE_SHARE * area
                and fonts.width(self.banner, BANNER_TOP_SIZE, bold=True) <= (1 - EXERCISE_SHARE) * area
                and fonts.width(self.banner, HEAD_SIZE, bold=True) + 2 * side <= area)


def _shaped(text: str) -> bool:
    """Whether `text` needs what only a text shaper does (WeasyPrint's HarfBuzz, not ReportLab):
    right-to-left order (Hebrew, Arabic) or marks combined with their letter."""
    return not text.isascii() and any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") or unicodedata.combining(ch)
                                      for ch in text)


def _baseline(font: str, size: float, top: bool, box: PageBox = PORTRAIT) -> float:
    """Where WeasyPrint puts the baseline of a running head, in points from the page's top: its line
    is LINE_HEIGHT high, the font's ascent and descent (as its 'hhea' table gives them, as Pango
    reads them) in the middle; the top heads' lines end HEAD_GAP above the page area, the bottom
    heads' lines begin HEAD_GAP below it."""
    ascent, descent = _line_metrics(font)
    half_leading = (LINE_HEIGHT - ascent - descent) / 2 * size
    if top:
        return box.top * MM - HEAD_GAP - half_leading - descent * size
    return (box.height - box.bottom) * MM + HEAD_GAP + half_leading + ascent * size


@functools.lru_cache(maxsize=4)
def _line_metrics(font: str) -> tuple[float, float]:
    """The ascent and descent of a registered font, in ems."""
    from fontTools.ttLib import TTFont
    from reportlab.pdfbase.pdfmetrics import getFont

    with TTFont(getFont(font).face.filename, lazy=True) as tt:
        units = tt["head"].unitsPerEm
        return tt["hhea"].ascent / units, -tt["hhea"].descent / units


def draw_heads(heads: Heads, pages: list[HeadPage], total: int, fonts: Fonts) -> bytes:
    """A PDF of one page per page of `pages`, of its size, with nothing on it but its running heads,
    in a report of `total` pages."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=1, initialFontName=fonts.regular, initialFontSize=HEAD_SIZE)
    for page in pages:
        box = page.box
        width, height = box.width * MM, box.height * MM
        left, right, middle = box.left * MM, width - box.right * MM, (box.left + box.width - box.right) / 2 * MM
        canvas.setPageSize((width, height))
        heads_here = [(right, True, heads.banner, BANNER_TOP_SIZE, BANNER, True, 1.0),
                      (middle, False, heads.banner, HEAD_SIZE, BANNER, True, 0.5)]
        if page.number > 1:  # the cover (@page :first) has the banners only
            heads_here += [(left, True, heads.exercise, HEAD_SIZE, MUTED, False, 0.0),
                           (left, False, page.section or "", HEAD_SIZE, MUTED, False, 0.0),
                           (right, False, heads.numbered(page.number, total), HEAD_SIZE, MUTED, False, 1.0)]
        for x, top, text, size, color, bold, align in heads_here:
            if not text:
                continue
            font = fonts.bold if bold else fonts.regular
            canvas.setFillColorRGB(*color)
            canvas.setFont(font, size)
            canvas.drawString(x - align * fonts.width(text, size, bold), height - _baseline(font, size, top, box), text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()

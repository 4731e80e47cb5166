"""Helpers for the report tests: run the CLI, rehearse a scenario into a log, and
read an HTML page the way a reader sees it (its elements and its visible text)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SCENARIOS = REPO / "scenarios"
SHIPPED = ("missile-launch", "grayzone-senkaku")
SECTIONS = ("cover", "overview", "summary", "analysis", "decisions", "timeline", "coordination",
            "improvement-plan", "participants", "hotwash", "event-log", "glossary")


def run_cli(*args: str):
    from tabletop.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def rehearse(scenario: str, db: Path) -> Path:
    result = run_cli("rehearse", scenario, "--db", str(db))
    assert db.is_file(), result.output
    return db


class Page(HTMLParser):
    """An HTML document as a reader sees it: its elements (tag, attributes) and its visible text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.chunks: list[str] = []
        self.by_id: dict[str, dict[str, str]] = {}
        self._skip = 0
        self._figure: str | None = None
        self.figures: dict[str, str] = {}
        self._section: list[str] = []
        self.section_figures: dict[str, dict[str, str]] = {}
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if "id" in a:
            self.by_id[a["id"]] = a
        if tag == "section" and "id" in a:
            self._section.append(a["id"])
        if tag in ("style", "title"):
            self._skip += 1
        if "data-figure" in a:
            self._figure = a["data-figure"]
            self.figures[self._figure] = ""

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1
        if tag == "dd" and self._figure:
            where = self._section[-1] if self._section else ""
            self.section_figures.setdefault(where, {})[self._figure] = self.figures[self._figure].split()[0]
            self._figure = None

    def handle_data(self, data):
        if self._figure:
            self.figures[self._figure] += data
        if not self._skip:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    def tags(self, name: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == name]


def pdf_fonts(path: Path) -> set[str]:
    import pypdf

    fonts: set[str] = set()
    for p in pypdf.PdfReader(path).pages:
        res = p.get("/Resources") or {}
        for f in (res.get("/Font") or {}).values():
            fonts.add(str(f.get_object().get("/BaseFont")))
    return fonts


def events_of(db: Path):
    from tabletop.store import SqliteStore

    store = SqliteStore(db, create=False)
    try:
        return list(store.read())
    finally:
        store.close()



def page_texts(page):
    """(text, cm, tm, size, form) of each piece of text pypdf finds on a pypdf page, in drawing order;
    `form` is the name of the form laid over the page that draws it (the drawn log, chart or heads),
    or None. pypdf gives a form's text without the form's place on the page: of those, only the
    heads' (laid at the page's origin) are where they seem."""
    found = []
    depth, form = 0, None

    def operator(op, args, cm, tm):
        nonlocal depth, form
        if op == b"q":
            depth += 1
        elif op == b"Q":
            depth -= 1
            if form and depth < form[1]:
                form = None
        elif op == b"Do" and form is None:
            form = (str(args[0]), depth)

    def visit(text, cm, tm, font, size):
        found.append((text, cm, tm, size, form[0] if form else None))

    page.extract_text(visitor_text=visit, visitor_operand_before=operator)
    return found

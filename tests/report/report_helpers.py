"""Helpers for the report tests: run the CLI, rehearse a scenario into a log, and
read an HTML page the way a reader sees it (its elements and its visible text)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SCENARIOS = REPO / "scenarios"
SHIPPED = tuple(sorted(p.name.removesuffix(".moves.yaml") for p in SCENARIOS.glob("*.moves.yaml")))  # each bundled scenario
SECTIONS = ("cover", "summary", "overview", "analysis", "decisions", "timeline", "coordination", "conclusion",
            "improvement-plan", "participants", "hotwash", "evidence", "glossary")


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


SCENARIO = """format: tabletop/1
id: small
title: {en: Small exercise, ja: 小演習}
doctrine: PACK
start: 2027-04-05T06:50:00+09:00
clock: {mode: compressed, speed: 60}
objectives:
  - {id: OBJ1, text: {en: Decide, ja: 決定}, capability: {en: Decision-making, ja: 意思決定}}
  - {id: OBJ2, text: {en: Report, ja: 報告}, capability: {en: Reporting, ja: 報告}}
seats: [blue.lead, blue.ops, red.lead]
injects:
  - id: I01
    at: "+00:05"
    to: [blue.*]
    title: {en: Warning, ja: 警報}
    body: {en: Something is coming., ja: 何かが来る。}
    objectives: [OBJ1]
    expected: [EXPECTED]
    decisions:
      - id: D1
        to: blue.ops
        prompt: {en: "Strike or hold?", ja: 打撃か待機か}
        deadline: "+00:10"
        on_timeout: hold
        options:
          - {id: strike, label: {en: Strike, ja: 打撃}, action: blue.strike}
          - {id: hold, label: {en: Hold, ja: 待機}, action: blue.hold}
  - id: I02
    at: "+00:40"
    to: [blue.lead]
    title: {en: Report now, ja: 報告せよ}
    body: {en: Report., ja: 報告。}
    objectives: [OBJ2]
    decisions:
      - {id: D10, to: blue.lead, prompt: {en: Report?, ja: 報告か}, deadline: "+00:05", on_timeout: stay,
         options: [{id: go, label: {en: "Go", ja: はい}, action: blue.report}, {id: stay, label: {en: "Stay", ja: いいえ}}]}
      - {id: D2, to: blue.lead, prompt: {en: Again?, ja: 再度か}, deadline: "+00:05", on_timeout: stay,
         options: [{id: go, label: {en: "Go", ja: はい}, action: blue.report}, {id: stay, label: {en: "Stay", ja: いいえ}}]}
"""


def play(folder: Path, steps, expected: str = "blue.strike", any_route: bool = False) -> Path:
    """A log of the small scenario (the mini pack's rules) in which each (scenario second, seat,
    command) of `steps` was accepted. `any_route`: the pack lets either approval or a declared
    crisis open the way to a strike (two lawful routes)."""
    from datetime import timedelta, timezone

    from tabletop.scenario import load_scenario
    from tabletop.session import Session
    from tabletop.store import SqliteStore

    pack = (FIXTURES / "mini-pack.yaml").read_text(encoding="utf-8")
    if any_route:
        pack = pack.replace("done: blue.approve, citations", "any: [{done: blue.approve}, {done: blue.declare-crisis}], "
                                                            "citations")
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    scn = folder / "small.yaml"
    scn.write_text(SCENARIO.replace("PACK", "pack.yaml").replace("EXPECTED", expected), encoding="utf-8")
    loaded = load_scenario(str(scn))
    db = folder / "small.db"
    store = SqliteStore(db, "small")
    start = loaded.scenario.start.astimezone(timezone.utc)
    session = Session.create(loaded, store, start, scenario_text=scn.read_text(encoding="utf-8"))
    for i, (second, actor, command) in enumerate(steps):
        now = start + timedelta(seconds=second / 60)  # 60x: a scenario minute per wall second
        session.tick(now)
        if callable(command):  # made from the seq of the last event (a ruling on the move just blocked)
            command = command(store.last_seq)
        outcome = session.handle(command, actor, now, command_id=f"c{i}")
        assert outcome.status != "rejected", outcome.message
    store.close()
    return db


def report_of(db: Path, **kwargs):
    from tabletop.report import load_report
    from tabletop.store import SqliteStore

    store = SqliteStore(db, create=False)
    try:
        return load_report(store, **kwargs)
    finally:
        store.close()

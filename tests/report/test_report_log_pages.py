"""The PDF's event log: drawn directly (tabletop.report.logprint), one page of the log on each
page the report keeps for it, with the report's running heads, page numbers and links; printed
through WeasyPrint instead when it cannot be drawn here."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

import pytest

from report_helpers import REPO, events_of, page_texts
from test_report_hostile_text import hostile_db  # noqa: F401  (the fixture: a log full of markup)

LINE = re.compile(r"^(\d+)  ·  ", re.M)

pytestmark = pytest.mark.skipif(
    __import__("tabletop.report.logprint", fromlist=["find_fonts"]).find_fonts() is None,
    reason="no TrueType font to draw the log with here (apt-get install fonts-dejavu-core fonts-ipaexfont-gothic)")


def _pages(path):
    import pypdf

    reader = pypdf.PdfReader(path)
    return reader, [p.extract_text() for p in reader.pages]


def _log_pages(texts, heading="#  ·  Time"):
    return [i for i, t in enumerate(texts) if heading in t]


def test_every_event_is_printed_once_in_order_under_the_reports_running_heads(mini_db, tmp_path):
    from tabletop.report import write_report

    (path,) = write_report(mini_db, tmp_path, ["pdf"])
    reader, texts = _pages(path)
    assert _drawn(reader)
    log = _log_pages(texts)
    assert log == list(range(log[0], log[-1] + 1)) and len(log) >= 1
    printed = [int(n) for i in log for n in LINE.findall(texts[i])]
    assert printed == [e.seq for e in events_of(mini_db)]
    n = len(reader.pages)
    for i in log:  # WeasyPrint's page furniture is on every page of the log
        assert f"Page {i + 1} of {n}" in texts[i] and "Event log" in texts[i]
    assert "Glossary" in texts[log[-1] + 1]  # the report goes on after the log


def test_a_link_into_the_log_opens_the_page_with_that_events_line(mini_db, tmp_path):
    from tabletop.report import write_report

    (path,) = write_report(mini_db, tmp_path, ["pdf"])
    reader, texts = _pages(path)
    dests = {name: d for name, d in reader.named_destinations.items() if name.startswith("ev-")}
    assert dests, "the report links to log lines (decisions, blocked attempts, findings)"
    for name, dest in dests.items():
        page = reader.get_destination_page_number(dest)
        seq = name[3:]
        assert re.search(rf"^{seq}  ·  ", texts[page], re.M), (name, page)
    if shutil.which("pdftotext") is None:
        return
    import subprocess

    for name, dest in dests.items():  # and at the line's height: its number's top just below the target
        page = reader.get_destination_page_number(dest)
        target = float(reader.pages[page].mediabox.height) - float(dest.top)
        words = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(path), "-"],
                               capture_output=True, text=True, check=True).stdout
        tops = [float(y) for y in re.findall(rf'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>{name[3:]}</word>', words)]
        assert any(0 <= top - target <= 4 for top in tops), (name, target, tops)


def test_the_japanese_report_draws_its_log_in_japanese_with_an_embedded_japanese_font(mini_db, tmp_path):
    from tabletop.report import write_report

    (path,) = write_report(mini_db, tmp_path, ["pdf"], lang="ja", warn=lambda _: None)
    reader, texts = _pages(path)
    log = _log_pages(texts, "#  ·  時刻")
    assert log, "the log's column heading is in Japanese"
    assert "インジェクト" in texts[log[0]]
    fonts = set()
    for i in log:
        forms = reader.pages[i]["/Resources"]["/XObject"]
        for form in forms.values():
            for font in (form.get_object()["/Resources"].get("/Font") or {}).values():
                fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("IPA" in f or "Gothic" in f for f in fonts), fonts
    assert f"{log[0] + 1} ／ {len(reader.pages)}" in texts[log[0]]


def test_markup_in_participant_text_is_drawn_as_typed(hostile_db, tmp_path):
    from tabletop.report import write_report

    (path,) = write_report(hostile_db, tmp_path, ["pdf"], warn=lambda _: None)
    _, texts = _pages(path)
    log = "\n".join(texts[i] for i in _log_pages(texts))
    assert log.count('<script>alert("x")</script>') >= 5  # the move, two messages, the observation, the ruling
    assert "{{ 7*191 }}" in log and "1337" not in log


def test_without_fonts_to_draw_with_the_log_is_printed_from_the_html(mini_db, tmp_path, monkeypatch):
    from tabletop.report import logprint, write_report

    monkeypatch.setattr(logprint, "find_fonts", lambda: None)
    (path,) = write_report(mini_db, tmp_path, ["pdf"])
    reader, texts = _pages(path)
    text = "\n".join(texts)
    assert not _drawn(reader)
    assert [int(n) for n in LINE.findall(text)] == [e.seq for e in events_of(mini_db)]


def test_a_restyled_page_the_log_pages_do_not_fit_falls_back_to_printing_from_the_html(mini_db, tmp_path):
    from tabletop.report import write_report

    mine = tmp_path / "templates"
    shutil.copytree(REPO / "templates", mine)
    css = mine / "style.css.j2"
    css.write_text(css.read_text(encoding="utf-8").replace("size: A4;", "size: A5;", 1), encoding="utf-8")
    (path,) = write_report(mini_db, tmp_path / "out", ["pdf"], templates=mine)
    reader, texts = _pages(path)
    assert all(p.mediabox.width < 430 or p.mediabox.width > p.mediabox.height for p in reader.pages)  # A5
    text = "\n".join(texts)
    assert [int(n) for n in LINE.findall(text)] == [e.seq for e in events_of(mini_db)]
    assert not _drawn(reader)


def test_a_long_line_wraps_with_a_hanging_indent_and_japanese_breaks_between_characters():
    from tabletop.report.logprint import Geometry, find_fonts, layout, wrap

    fonts = find_fonts()
    g = Geometry()
    words = "word " * 60
    rows = wrap(words, fonts, g.size, 200, g.indent)
    assert len(rows) > 1 and all(r.startswith("word") and r.endswith("word") for r in rows)  # whole words
    assert all(fonts.width(r, g.size) <= 200 - (g.indent if i else 0) for i, r in enumerate(rows))
    ja = "弾道ミサイル" * 20
    rows = wrap(ja, fonts, g.size, 200, g.indent)
    assert "".join(rows) == ja and len(rows) > 1
    x = "x" * 400  # one word wider than a row is cut
    assert "".join(wrap(x, fonts, g.size, 200, g.indent)) == x
    pages = layout([(1, "short"), (2, words), (3, "short")], fonts, g)
    (page,) = pages
    rows = [r for band in page.bands for r in band.rows]
    assert [r.x for r in rows[:3]] == [0.0, 0.0, g.indent]  # line 2's second row is indented
    assert [seq for seq, _ in page.anchors] == [1, 2, 3]


def test_bands_do_not_break_across_pages_and_every_page_fits():
    from tabletop.report.logprint import Geometry, find_fonts, layout

    fonts = find_fonts()
    g = Geometry()
    lines = [(i, f"{i}  ·  line" + (" long" * 60 if i % 7 == 0 else "")) for i in range(1, 800)]
    pages = layout(lines, fonts, g)
    assert len(pages) > 3
    assert [seq for p in pages for seq, _ in p.anchors] == [i for i, _ in lines]
    for index, page in enumerate(pages):
        assert all(b.top + b.height <= g.page_height(index) + 1e-6 for b in page.bands)
        assert all(len(b.rows) <= g.band or len({r.x for r in b.rows}) == 2 for b in page.bands)
    shades = [b.shaded for p in pages for b in p.bands]
    assert shades[:4] == [False, True, False, True]  # every other band


def _drawn(reader) -> bool:
    return any("/TabletopLog1" in ((p.get("/Resources") or {}).get("/XObject") or {}) for p in reader.pages)


def test_the_bilingual_report_draws_its_log_below_both_introductions(mini_db, tmp_path):
    from tabletop.report import write_report

    (path,) = write_report(mini_db, tmp_path, ["pdf"], lang="both", warn=lambda _: None)
    reader, texts = _pages(path)
    assert _drawn(reader)
    first = _log_pages(texts)[0]
    assert "Every event of the exercise" in texts[first] and "ハッシュチェーン検証済み" in texts[first]


@pytest.mark.parametrize("lang", ["en", "both"])
def test_a_longer_introduction_gets_the_room_it_needs_and_the_log_is_still_drawn(mini_db, tmp_path, lang):
    """A log written before the last event was recorded says so in the introduction, a line longer:
    the room above the drawn log grows to fit it rather than the PDF printing the log through
    WeasyPrint (a whole second layout of the report)."""
    import sqlite3

    from tabletop.report import write_report

    old = tmp_path / "old.db"
    shutil.copy(mini_db, old)
    with sqlite3.connect(old) as db:
        db.execute("DELETE FROM meta WHERE key = 'head'")
    (path,) = write_report(old, tmp_path / "out", ["pdf"], lang=lang, warn=lambda _: None)
    reader, texts = _pages(path)
    assert _drawn(reader)
    first = _log_pages(texts)[0]
    assert "events removed from its end would not show" in " ".join(texts[first].split())
    assert [int(n) for n in LINE.findall("\n".join(texts))] == [e.seq for e in events_of(old)]


def test_an_introduction_too_long_for_its_room_falls_back_to_printing_from_the_html(mini_db, tmp_path, monkeypatch):
    from tabletop.report import logprint, write_report

    cramped = logprint.Geometry(first_top=20.0)
    monkeypatch.setattr(logprint, "Geometry", lambda **_: cramped)
    (path,) = write_report(mini_db, tmp_path, ["pdf"])
    reader, texts = _pages(path)
    assert not _drawn(reader)
    assert [int(n) for n in LINE.findall("\n".join(texts))] == [e.seq for e in events_of(mini_db)]


def test_japanese_rows_neither_start_with_closing_punctuation_nor_end_with_an_opening_bracket():
    from tabletop.report.logprint import Geometry, find_fonts, wrap

    fonts = find_fonts()
    g = Geometry()
    text = "米国国防長官、米国国務長官：（ニューヨーク）" * 12
    for width in range(120, 200, 7):  # wherever the break falls
        rows = wrap(text, fonts, g.size, width, g.indent)
        assert "".join(rows) == text
        assert not any(r[0] in "、：）ー" for r in rows[1:]) and not any(r.endswith("（") for r in rows)
        # and nothing hangs past the edge (the drawn page clips there)
        assert all(fonts.width(r, g.size) <= width - (g.indent if i else 0) + 1e-6 for i, r in enumerate(rows))


def test_typed_line_breaks_start_rows_and_control_characters_show_as_replacement_marks():
    from tabletop.report.logprint import Geometry, find_fonts, layout, wrap

    fonts = find_fonts()
    g = Geometry()
    assert wrap("first\nsecond\tthird\x07", fonts, g.size, g.width, g.indent) == ["first", "second    third\ufffd"]
    huge = "\n".join(f"paragraph {i} " + "word " * 40 for i in range(40))  # 8,000 characters, taller than a page
    pages = layout([(1, "one"), (2, huge), (3, "three")], fonts, g)
    assert len(pages) >= 2 and [seq for p in pages for seq, _ in p.anchors] == [1, 2, 3]
    rows = [r for p in pages for b in p.bands for r in b.rows]
    assert sum(r.text.startswith("paragraph") for r in rows) == 40
    assert all(r.x == g.indent for r in rows if r.text.startswith("paragraph ") and r.text != rows[1].text)
    for p in pages:
        assert all(b.top + b.height <= p.height + 1e-6 for b in p.bands)


def test_charts_lose_only_their_tooltips_and_links_in_print():
    from tabletop.report.pdf import svg_for_print

    html = ('<html><head><title>Report</title></head><body><p><a href="#x">kept</a></p>'
            '<svg class="timeline"><title>Timeline</title><a href="#ev-3"><rect x="1"/><title>I01 &lt;b&gt;</title></a>'
            '<text>label</text></svg></body></html>')
    assert svg_for_print(html) == ('<html><head><title>Report</title></head><body><p><a href="#x">kept</a></p>'
                                   '<svg class="timeline"><rect x="1"/><text>label</text></svg></body></html>')


def test_a_log_with_characters_the_drawing_fonts_lack_is_printed_from_the_html(mini_db, tmp_path, monkeypatch):
    from tabletop.report import logprint, write_report

    monkeypatch.setattr(logprint, "JAPANESE", ("No Such Font",))  # e.g. only Noto CJK (OpenType) installed
    logprint.find_fonts.cache_clear()
    try:
        (path,) = write_report(mini_db, tmp_path, ["pdf"], lang="ja", warn=lambda _: None)
    finally:
        logprint.find_fonts.cache_clear()
    reader, texts = _pages(path)
    assert not _drawn(reader)  # rather than boxes
    assert "インジェクト" in "\n".join(texts[i] for i in _log_pages(texts, "#  ·  時刻"))


def test_a_wider_right_margin_falls_back_to_printing_from_the_html(mini_db, tmp_path):
    from tabletop.report import write_report

    mine = tmp_path / "templates"
    shutil.copytree(REPO / "templates", mine)
    css = mine / "style.css.j2"
    css.write_text(css.read_text(encoding="utf-8").replace("margin: 20mm 16mm 18mm 16mm;", "margin: 20mm 40mm 18mm 16mm;", 1),
                   encoding="utf-8")
    (path,) = write_report(mini_db, tmp_path / "out", ["pdf"], templates=mine)
    reader, texts = _pages(path)
    assert not _drawn(reader)
    assert [int(n) for n in LINE.findall("\n".join(texts))] == [e.seq for e in events_of(mini_db)]


def test_a_carriage_return_breaks_the_row_as_a_line_feed_does():
    from tabletop.report.logprint import Geometry, find_fonts, wrap

    g = Geometry()
    assert wrap("one\rtwo\r\nthree", find_fonts(), g.size, g.width, g.indent) == ["one", "two", "three"]


def _heads(page) -> list[tuple[str, float, float, float]]:
    """(text, x, baseline, size) of each piece of text above or below the page area (A4 portrait:
    20 mm top, 18 mm bottom; landscape: 16 and 15), in points from the page's bottom left: the top
    ones, then the bottom ones, each from left to right."""
    mm = 72 / 25.4
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    top, bottom = (16 * mm, 15 * mm) if width > height else (20 * mm, 18 * mm)
    found = []
    for text, cm, tm, size, form in page_texts(page):
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        placed = form is None or form.startswith("/TabletopHeads")
        if placed and text.strip() and (y < bottom or y > height - top):
            found.append((" ".join(text.split()), round(x, 2), round(y, 2), round(size * tm[3] * cm[3], 2)))
    return sorted(found, key=lambda h: (h[2] < height / 2, h[1]))


def _same_heads(drawn, laid_out) -> None:
    """Each page's running heads drawn by the PDF writer are WeasyPrint's: the same words and sizes,
    baselines to 0.05 pt, and x to 0.6 pt (WeasyPrint kerns)."""
    assert len(drawn) == len(laid_out)
    for number, (mine, theirs) in enumerate(zip(drawn, laid_out), 1):
        assert [h[0] for h in mine] == [h[0] for h in theirs], number
        for (_, x, y, size), (_, x0, y0, size0) in zip(mine, theirs):
            assert size == size0 and abs(y - y0) < 0.05 and abs(x - x0) < 0.6, (number, mine, theirs)


@pytest.mark.parametrize("lang", ["en", "both"])
def test_every_pages_running_heads_are_drawn_as_weasyprint_sets_them(mini_db, tmp_path, monkeypatch, lang):
    """No page carries WeasyPrint margin boxes (five boxes a page to lay out): the PDF writer draws
    the heads once the pages are numbered — the cover's banners, then on every page the exercise,
    the banner, the section the page is in and "Page N of M", on portrait and landscape pages."""
    import tabletop.report as report
    from tabletop.report import write_report

    (path,) = write_report(mini_db, tmp_path / "drawn", ["pdf"], lang=lang)
    monkeypatch.setattr(report, "HEADS_DRAWN", False)
    (plain,) = write_report(mini_db, tmp_path / "plain", ["pdf"], lang=lang)
    reader, texts = _pages(path)
    n = len(reader.pages)
    heads = [_heads(p) for p in reader.pages]
    assert [h[0] for h in heads[0]] == ["EXERCISE EXERCISE EXERCISE"] * 2
    log = _log_pages(texts)
    assert [h[0] for h in heads[log[0]]] == ["Mini exercise", "EXERCISE EXERCISE EXERCISE", "Event log",
                                             "EXERCISE EXERCISE EXERCISE", f"Page {log[0] + 1} of {n}"]
    assert {float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages} == {True, False}
    for i, page in enumerate(reader.pages):
        assert f"/TabletopHeads{i + 1}" in page["/Resources"]["/XObject"]
        # laid at the page's origin (the positions below are read without the form's place)
        placed = rb"q 1 0 0 1 -?0\.000 -?0\.000 cm /TabletopHeads%d Do Q" % (i + 1)
        assert re.search(placed, page.get_contents().get_data())
    _same_heads(heads, [_heads(p) for p in _pages(plain)[0].pages])


def test_a_template_folder_that_restyles_the_heads_has_them_set_by_weasyprint(mini_db, tmp_path):
    from tabletop.report import write_report

    mine = tmp_path / "templates"
    shutil.copytree(REPO / "templates", mine)
    css = mine / "style.css.j2"
    css.write_text(css.read_text(encoding="utf-8").replace("@bottom-left { content: string(section);",
                                                           '@bottom-left { content: "Section: " string(section);', 1),
                   encoding="utf-8")
    (path,) = write_report(mini_db, tmp_path / "out", ["pdf"], templates=mine)
    reader, texts = _pages(path)
    assert _drawn(reader)
    for i in _log_pages(texts):
        assert "Section: Event log" in [h[0] for h in _heads(reader.pages[i])]
    for page in reader.pages:
        assert not any(name.startswith("/TabletopHeads") for name in page["/Resources"].get("/XObject") or {})


@pytest.mark.parametrize("title, drawn", [
    ("Dawn launch: overflight, second salvo and the counterstrike question (October 2027)", True),
    ("夜明けの発射", False),  # WeasyPrint sets Japanese in Noto Sans CJK: its heads stay WeasyPrint's
    ("A title long enough to need two lines in the running head, " * 3, False),
    ("Exercise תרגיל", False),  # right to left, and Arabic joins its letters: WeasyPrint shapes them
    ("Exercice Cafe\u0301", False),  # a combining accent
])
def test_heads_are_drawn_only_in_one_line_of_the_text_font(title, drawn):
    from tabletop.report import logprint

    heads = logprint.Heads(exercise=title, banner="EXERCISE EXERCISE EXERCISE", page="Page", of="of",
                           sections=("Contents", "Event log", None))
    assert heads.fit(logprint.find_fonts()) is drawn


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_the_timeline_chart_and_the_heads_drawn_apart_print_as_laid_out_in_the_report(shipped_db, tmp_path,
                                                                                       monkeypatch):
    """The chart is drawn by the process that is not laying the report out, and laid over the block
    the report keeps for it: the page looks exactly as with the chart laid out in the report. The
    running heads, drawn by the PDF writer, are WeasyPrint's on every page."""
    import subprocess

    from PIL import Image

    import tabletop.report as report
    from tabletop.report import write_report

    _, db = shipped_db
    looks, heads = [], []
    for apart in (True, False):
        monkeypatch.setattr(report, "CHART_APART", apart)
        monkeypatch.setattr(report, "HEADS_DRAWN", apart)
        (path,) = write_report(db, tmp_path / str(apart), ["pdf"], warn=lambda _: None)
        reader, texts = _pages(path)
        heads.append([_heads(p) for p in reader.pages])
        (page,) = [i for i, t in enumerate(texts) if "Scenario time runs left to right" in t]
        forms = reader.pages[page]["/Resources"].get("/XObject") or {}
        assert ("/TabletopChart1" in forms) is apart
        subprocess.run(["pdftoppm", "-r", "100", "-f", str(page + 1), "-l", str(page + 1), "-png", str(path),
                        str(tmp_path / f"page-{apart}")], check=True)
        look = Image.open(next(tmp_path.glob(f"page-{apart}*.png"))).convert("L")
        mm = 100 / 25.4  # the page area (wide pages: 16 mm 14 mm 15 mm 14 mm margins), without the heads
        looks.append(look.crop((round(14 * mm), round(16 * mm), look.width - round(14 * mm),
                                look.height - round(15 * mm))))
    # the same picture, but for the anti-aliasing of a few edge pixels (the chart is a form there)
    apart, inline = (look.tobytes() for look in looks)
    differ = [abs(a - b) for a, b in zip(apart, inline) if a != b]
    assert len(differ) < len(apart) / 10_000 and max(differ, default=0) < 48, (len(differ), max(differ, default=0))
    _same_heads(*heads)


def test_a_chart_that_does_not_fit_its_block_is_printed_in_place_and_the_log_stays_attached(mini_db, tmp_path):
    """A template folder that restyles the wide pages elsewhere than in style.css.j2: the chart's
    block is not as wide as the chart drawn apart, so the PDF is made with the chart in place — in
    the mode asked for (--pdf-log attached: the log is not printed)."""
    from tabletop.report import write_report

    mine = tmp_path / "templates"
    (mine / "sections").mkdir(parents=True)
    overview = (REPO / "templates" / "sections" / "overview.html.j2").read_text(encoding="utf-8")
    assert '<section id="overview">' in overview
    (mine / "sections" / "overview.html.j2").write_text(overview.replace(
        '<section id="overview">', '<style>@page wide { margin: 16mm 30mm 15mm 30mm; }</style><section id="overview">'),
        encoding="utf-8")
    (path,) = write_report(mini_db, tmp_path / "out", ["pdf"], templates=mine, pdf_log="attached")
    (plain,) = write_report(mini_db, tmp_path / "plain", ["pdf"], pdf_log="attached")
    reader, texts = _pages(path)
    assert not LINE.findall("\n".join(texts)), "the log is not printed"
    assert len(reader.pages) == len(_pages(plain)[0].pages)
    (page,) = [i for i, t in enumerate(texts) if "Scenario time runs left to right" in t]
    assert "/TabletopChart1" not in (reader.pages[page]["/Resources"].get("/XObject") or {})
    assert "I01" in texts[page]  # the chart, laid out in place


def test_heads_are_drawn_only_if_every_sections_name_fits_too():
    from tabletop.report import logprint

    fonts = logprint.find_fonts()
    heads = logprint.Heads(exercise="Dawn launch", banner="EXERCISE EXERCISE EXERCISE", page="Page", of="of",
                           sections=("Contents", None, "Event log"))
    assert heads.fit(fonts)
    assert not replace(heads, sections=("Contents", "イベントログ")).fit(fonts)
    assert not replace(heads, sections=("Contents", "A section name long enough to run into the banner " * 2)).fit(fonts)


def test_a_template_folder_holding_other_files_than_templates_makes_its_report(mini_db, tmp_path):
    """An image or a document beside the templates (a logo for the cover) is none of the report's
    business: the report is written (its heads set by WeasyPrint, as for any folder of one's own)."""
    from tabletop.report import write_report

    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "Logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    (path,) = write_report(mini_db, tmp_path / "out", ["pdf"], templates=mine, pdf_log="attached")
    reader, _ = _pages(path)
    assert not any(name.startswith("/TabletopHeads") for p in reader.pages
                   for name in (p["/Resources"].get("/XObject") or {}))


def test_headings_other_than_those_the_heads_were_made_for_are_a_misfit_not_a_crash():
    from tabletop.report.pdf import LogPlacementError, _headings_anchored

    assert _headings_anchored("<h2>a</h2><h2>b</h2>", 2) == '<h2 id="tabletop-h2-0">a</h2><h2 id="tabletop-h2-1">b</h2>'
    for more in (3, 4):
        with pytest.raises(LogPlacementError):
            _headings_anchored("<h2>a</h2>" * more, 2)


def test_the_room_above_the_log_is_measured_from_its_introduction():
    from tabletop.report.logprint import find_fonts
    from tabletop.report.pdf import log_top_room

    def page(intro: str) -> str:
        return f'<div class="log-top" style="height: 72pt"><h2>Event log</h2><p>{intro}</p><div id="log-top-end">'
    fonts = find_fonts()
    one, two = page("Every event."), page("Every event of the exercise, in order. " * 4)
    assert log_top_room(one, "en", fonts) < log_top_room(two, "en", fonts) <= 72.0  # the usual room
    three = log_top_room(page("Every event of the exercise, in order. " * 7), "en", fonts)
    assert three - log_top_room(two, "en", fonts) == pytest.approx(13.775)  # a line of 9.5 pt text
    # a line with Japanese in it is set partly in another font, and is taller
    assert log_top_room(page("Every event of the exercise, 順番に. " * 7), "en", fonts) > three
    assert log_top_room("<p>no room kept</p>", "en", fonts) is None

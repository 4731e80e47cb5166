"""--lang both on paper: the " / " between a text's two languages is written as text in the PDF's
HTML (tabletop.report.pdf.separators_as_text) where the stylesheet would generate it, and nowhere
else: the PDF reads the same as with the stylesheet's separators."""

from __future__ import annotations

import re

import pytest

from report_helpers import page_texts

pypdf = pytest.importorskip("pypdf")


@pytest.mark.parametrize("html, expected", [
    # in running text, a list item, a link, after a line break: the separator becomes text
    ('<p>x <span lang="en">Decision</span><span class="alt" lang="ja">決定</span> y</p>',
     '<p>x Decision<span class="alt sep" lang="ja"> / 決定</span> y</p>'),
    ('<li><strong>a</strong> <span lang="en">A &amp; B</span><span class="alt lbl" lang="ja">甲</span></li>',
     '<li><strong>a</strong> A &amp; B<span class="alt lbl sep" lang="ja"> / 甲</span></li>'),
    ('<a href="#x"><span lang="en">Timeline</span><span class="alt lbl" lang="ja">時系列</span></a>',
     '<a href="#x">Timeline<span class="alt lbl sep" lang="ja"> / 時系列</span></a>'),
    ('<p>a<br><span lang="en">B</span><span class="alt" lang="ja">乙</span></p>',
     '<p>a<br>B<span class="alt sep" lang="ja"> / 乙</span></p>'),
    # a word of the report in a cell keeps its separator (td > .alt.lbl)
    ('<td><span lang="en">Rating</span><span class="alt lbl" lang="ja">評価</span></td>',
     '<td>Rating<span class="alt lbl sep" lang="ja"> / 評価</span></td>'),
])
def test_the_separator_becomes_text_where_the_stylesheet_puts_one(html, expected):
    from tabletop.report.pdf import separators_as_text

    assert separators_as_text(html) == expected


@pytest.mark.parametrize("html", [
    # a text that fills a heading, a cell, a term or a block puts its Japanese on a line of its own
    '<h2><span lang="en">Timeline</span><span class="alt lbl" lang="ja">時系列</span></h2>',
    '<td><span lang="en">Cabinet</span><span class="alt" lang="ja">内閣</span></td>',
    '<th><span lang="en">Exercise</span><span class="alt lbl" lang="ja">演習</span></th>',
    '<dt><span lang="en">Moves</span><span class="alt lbl" lang="ja">行動</span></dt>',
    '<div class="x block"><span lang="en">Said</span><span class="alt" lang="ja">発言</span></div>',
    # an element left open (<li>) ends with its parent: the cell is still the text's parent
    '<ul><li>one</ul><td><span lang="en">A</span><span class="alt" lang="ja">あ</span></td>',
    # not the report's text
    '<style>p::before { content: \'<span lang="en">A</span><span class="alt" lang="ja">あ</span>\' }</style>',
    '<svg><text><span lang="en">A</span><span class="alt" lang="ja">あ</span></text></svg>',
    '<p><span lang="en">A</span> <span class="alt" lang="ja">あ</span></p>',  # not a pair
])
def test_the_separator_stays_to_the_stylesheet_where_there_is_none(html):
    from tabletop.report.pdf import separators_as_text

    assert separators_as_text(html) == html


def _reading(path) -> str:
    """The PDF's text in the order it is drawn, without its running heads, white space left out
    (a line may break elsewhere: the English no longer ends a span of its own)."""
    found = [text for page in pypdf.PdfReader(path).pages for text, *_, form in page_texts(page)
             if not (form or "").startswith("/TabletopHeads")]
    return "".join("".join(found).split())


def test_a_bilingual_pdf_reads_as_with_the_stylesheets_separators(shipped_db, tmp_path, monkeypatch):
    import tabletop.report as report
    from tabletop.report import write_report

    _, db = shipped_db
    made = []
    for as_text in (True, False):
        monkeypatch.setattr(report, "SEPARATORS_AS_TEXT", as_text)
        (path,) = write_report(db, tmp_path / str(as_text), ["pdf"], lang="both", pdf_log="attached",
                               warn=lambda _: None)
        made.append(_reading(path))
    as_text, generated = made
    assert as_text.count("/") > 300  # the report's bilingual texts, each with its separator
    assert as_text == generated


def test_a_bilingual_heading_gets_a_bookmark_with_both_languages():
    from tabletop.report.pdf import bilingual_bookmarks

    html = ('<h2><span lang="en">Event log</span><span class="alt lbl" lang="ja">イベントログ</span></h2>'
            '<h3 id="o1">OBJ1 — <span lang="en">Say &quot;no&quot; &lt;now&gt;</span>'
            '<span class="alt" lang="ja">今</span></h3><h3>Glossary</h3><h4><span lang="en">A</span>'
            '<span class="alt" lang="ja">あ</span></h4>')
    assert bilingual_bookmarks(html) == (
        '<h2 data-bookmark="Event log / イベントログ"><span lang="en">Event log</span>'
        '<span class="alt lbl" lang="ja">イベントログ</span></h2>'
        '<h3 id="o1" data-bookmark="OBJ1 — Say &quot;no&quot; &lt;now&gt; / 今">OBJ1 — <span lang="en">Say '
        '&quot;no&quot; &lt;now&gt;</span><span class="alt" lang="ja">今</span></h3><h3>Glossary</h3>'
        '<h4><span lang="en">A</span><span class="alt" lang="ja">あ</span></h4>')


def test_the_bookmarks_of_a_bilingual_pdf_separate_the_two_languages(mini_db, tmp_path):
    from tabletop.report import write_report

    (path,) = write_report(mini_db, tmp_path, ["pdf"], lang="both", pdf_log="attached")
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)
    walk(pypdf.PdfReader(path).outline)
    assert "Event log / イベントログ" in titles and "Contents / 目次" in titles
    japanese, latin = re.compile("[\u3040-\u30ff\u4e00-\u9fff]"), re.compile("[A-Za-z]")
    assert [t for t in titles if japanese.search(t) and latin.search(t) and " / " not in t] == []

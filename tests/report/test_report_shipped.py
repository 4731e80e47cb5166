"""The report of each shipped scenario's rehearsal, read as a sponsor would read it:
every section is there, the figures agree with the log, the PDF has its pages and
its Japanese font, and the Japanese report is in Japanese."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from report_helpers import SECTIONS, Page, events_of, pdf_fonts, run_cli


@pytest.fixture(scope="module")
def reports(shipped_db, tmp_path_factory):
    """HTML in English and Japanese, and the Japanese PDF (the one slow step), once per scenario."""
    name, db = shipped_db
    out = tmp_path_factory.mktemp(f"{name}-report")
    en = run_cli("report", str(db), "--format", "html", "--lang", "en", "-o", str(out))
    assert en.exit_code == 0, en.output
    ja = run_cli("report", str(db), "--format", "html,pdf", "--lang", "ja", "-o", str(out))
    assert ja.exit_code == 0, ja.output
    files = {p.name.rsplit("-", 1)[-1]: p for p in out.iterdir()}
    return name, db, files


def test_every_section_is_in_the_report_with_its_id(reports):
    _, _, files = reports
    for lang in ("en.html", "ja.html"):
        page = Page(files[lang].read_text(encoding="utf-8"))
        sections = [a["id"] for a in page.tags("section")]
        assert sections == list(SECTIONS)
        toc = {a["href"] for a in page.tags("a") if a.get("href", "").startswith("#")}
        assert {f"#{s}" for s in SECTIONS if s != "cover"} <= toc
        ids = [a["id"] for _, a in page.elements if "id" in a]
        assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})  # every link lands once


def test_decision_figures_are_those_of_the_log(reports):
    name, db, files = reports
    events = events_of(db)
    kinds = Counter(e.type for e in events)
    rulings = [e for e in events if e.type == "RulingMade"]
    page = Page(files["en.html"].read_text(encoding="utf-8"))
    figures = page.section_figures["decisions"]
    assert int(figures["resolved"]) == kinds["DecisionResolved"]
    assert int(figures["timed_out"]) == kinds["DecisionTimedOut"]
    assert int(figures["blocked"]) == kinds["MoveBlocked"]
    assert int(figures["rulings"]) == len(rulings)
    assert int(figures["flagged"]) == sum(1 for e in events if e.type == "MoveSubmitted" and e.data.get("flags"))
    # every blocked attempt is listed with its citation, every ruling with its reason
    for e in events:
        if e.type == "MoveBlocked":
            assert f"blocked-{e.seq}" in page.by_id
            for reason in e.data["reasons"]:
                for c in reason["citations"]:
                    assert f"{c['instrument']} {c['article']}" in page.text
    for e in rulings:
        assert " ".join(e.data["reason"].split()) in page.text
    # every decision point of the scenario has its row, and its status is the log's
    closed = {e.data["decision"]: ("resolved" if e.type == "DecisionResolved" else "timed_out")
              for e in events if e.type in ("DecisionResolved", "DecisionTimedOut")}
    for decision, status in closed.items():
        assert page.by_id[f"decision-{decision}"]["data-status"] == status


def test_every_link_lands_and_every_cited_event_is_in_the_evidence_appendix(reports):
    _, db, files = reports
    page = Page(files["en.html"].read_text(encoding="utf-8"))
    links = {a["href"][1:] for a in page.tags("a") if a.get("href", "").startswith("#")}
    assert links - set(page.by_id) == set()
    cited = {x for x in links if x.startswith("ev-")}
    assert cited and len(cited) < len(events_of(db))  # the evidence, not the whole log


def test_lawful_routes_and_restraint_are_not_missed_actions(reports):
    name, _, files = reports
    text = Page(files["en.html"].read_text(encoding="utf-8")).text
    assert "Findings not tied to an objective" not in text
    if name == "missile-launch":  # D1 answered by asking the PM, who approved; D25: hold, no counterstrike
        assert "EXP-jp.issue-standing-bmd-order" not in text and "EXP-jp.counterstrike" not in text
        assert "met by a lawful alternative" in text and "correct restraint" in text


@pytest.mark.parametrize("shipped_db", ["missile-launch"], indirect=True)
def test_a_finding_is_listed_in_full_under_the_first_objective_its_inject_names(reports):
    """missile-launch's I17A (objectives OBJ4, OBJ3, OBJ1) is the salvo toward Guam: the Defense
    Minister's premature intercept order is OBJ4's finding, pointed to from OBJ3 and OBJ1."""
    _, _, files = reports
    html = files["en.html"].read_text(encoding="utf-8")
    blocks = {b.split('"', 1)[0]: b for b in html.split('<div class="objective" id="objective-')[1:]}
    anchor = 'id="finding-BLK-jp.mod-jp.intercept-missile-toward-third-country"'
    assert [o for o, b in blocks.items() if anchor in b] == ["OBJ4"]
    assert 'href="#finding-BLK-jp.mod-jp.intercept-missile-toward-third-country"' in blocks["OBJ1"]


def test_japanese_report_is_in_japanese(reports):
    _, db, files = reports
    page = Page(files["ja.html"].read_text(encoding="utf-8"))
    assert page.tags("html")[0]["lang"] == "ja"
    for heading in ("要旨", "能力の分析", "意思決定と法的根拠", "改善計画", "用語集"):
        assert heading in page.text
    assert "Executive summary" not in page.text
    # the log check and the clock mode are in Japanese too
    assert f"記録は完全：事象{len(events_of(db))}件、ハッシュチェーン検証済み" in page.text
    assert "log intact" not in page.text and "時計：compressed" not in page.text


def test_japanese_report_quotes_and_punctuates_in_japanese(reports):
    """Participant text in 「」, full-width brackets and colons, citations and their quotes in their
    Japanese form without the instruments' English words, the handling note a Japanese sentence."""
    name, _, files = reports
    html = files["ja.html"].read_text(encoding="utf-8")
    text = Page(html).text
    assert "“" not in text and "”" not in text and "「" in text
    assert "(" + "記録からの提案" not in text and "未割当" in text
    assert "と表示している。" in text and "EXERCISE." not in text
    if name == "missile-launch":
        assert "自衛隊法第82条の3第1項" in text and "SDF Act Art. 82-3(1)" not in text
        # the pack's quotes in their Japanese form (quote_ja), never the instruments' English words
        quotes = re.findall(r'class="quote">([^<]*)<', html)
        assert quotes and all(re.search("[ぁ-んァ-ン一-龥]", q) and not re.search("[A-Za-z]{3}", q) for q in quotes), quotes


def test_the_overview_states_the_threat_once(reports):
    """Without a threat of its own the overview's threat is the scenario's scope, printed once."""
    _, _, files = reports
    page = Page(files["en.html"].read_text(encoding="utf-8"))
    overview = page.text.split("Exercise overview")[-1].split("Objectives")[0]
    assert "Threat or hazard" in overview and " Scope " not in overview


def test_reasons_read_as_sentences(reports):
    """Several reasons for one blocked move read 'A. B.', not 'A.; B.'."""
    _, _, files = reports
    for lang, bad in (("en.html", ".;"), ("ja.html", "。；")):
        assert bad not in Page(files[lang].read_text(encoding="utf-8")).text


def test_pdf_has_numbered_pages_and_a_japanese_font(reports):
    import pypdf

    from tabletop.report.pdf import japanese_fonts

    _, _, files = reports
    pdf = files["ja.pdf"]
    reader = pypdf.PdfReader(pdf)
    n = len(reader.pages)
    assert n > 5
    assert f"{n} ／ {n}" in reader.pages[-1].extract_text()
    contents = reader.pages[1].extract_text()
    assert "目次" in contents and "要旨" in contents
    assert any(p.mediabox.width > p.mediabox.height for p in reader.pages), "timeline and plan print landscape"
    if not japanese_fonts():
        pytest.skip("no Japanese font installed here (apt-get install fonts-ipaexfont-gothic)")
    fonts = pdf_fonts(pdf)
    assert any(("IPAex" in f) or ("CJK" in f) or ("NotoSansJP" in f) for f in fonts), fonts


def words_beyond_the_right_margin(pdf) -> list[tuple[int, str]]:
    """(page, word) of every word of the PDF whose right end lies beyond the page's right margin
    (14 mm, the narrower one: landscape pages), as poppler's `pdftotext -bbox` lays them out."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', out, re.S)
    return [(n, word) for n, (width, body) in enumerate(pages, 1)
            for x_max, word in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>', body)
            if float(x_max) > float(width) - 14 / 25.4 * 72 + 0.5]


def test_no_text_runs_off_the_page(reports, tmp_path):
    """Every table fits its page: no word of the PDF ends in the right margin or beyond the page's
    edge (a column's padding once pushed the participants' last column off the page)."""
    import weasyprint

    _, _, files = reports
    assert not words_beyond_the_right_margin(files["ja.pdf"])[:5]
    # and the check sees a word that does run off: a line that cannot wrap, 30 cm long
    wide = tmp_path / "wide.pdf"
    weasyprint.HTML(string=f"<p style='white-space: nowrap'>{'overflowing ' * 60}</p>").write_pdf(wide)
    assert words_beyond_the_right_margin(wide)


def test_the_bilingual_cover_is_one_page(shipped_db, tmp_path):
    """Even with the arsenal scenario's 11 sources: listed once, not in each language."""
    import pypdf

    _, db = shipped_db
    result = run_cli("report", str(db), "--format", "pdf", "--lang", "both", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    (pdf,) = tmp_path.glob("*.pdf")
    reader = pypdf.PdfReader(pdf)
    assert "Handling instructions" in reader.pages[0].extract_text()
    contents = reader.pages[1].extract_text()
    assert "Contents" in contents and "目次" in contents, contents[:200]
    # one Japanese family throughout, the timeline's SVG text too (a quoted name in its font list
    # once dropped it to fontconfig's sans-serif: IPAexGothic embedded beside Noto)
    cjk = {f.split("+", 1)[-1].split("-Bold")[0] for f in pdf_fonts(pdf) if "CJK" in f or "IPA" in f or "JP" in f}
    assert len(cjk) <= 1, cjk


def test_issue_ids_break_only_after_their_dots_and_hyphens(reports):
    """Every issue id of the Improvement Plan reads whole in the PDF once the line breaks after
    its dots and hyphens are joined: none is split in the middle of a word."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _, _, files = reports
    # -raw: the default mode joins a line ending in a hyphen to the next and drops the hyphen
    text = subprocess.run(["pdftotext", "-raw", str(files["ja.pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    joined = re.sub(r"(?<=[.\-])[ \t]*\n[ \t]*", "", text)
    ids = set(re.findall(r'id="ip-([^"]+)"', files["ja.html"].read_text(encoding="utf-8")))
    assert ids and not [i for i in ids if i not in joined]


def test_no_rating_badge_is_left_alone_on_its_line(reports):
    """A finding's rating and its text start on the same line: the typed text is not pushed to the
    next line whole (WeasyPrint does that to a `white-space: pre-wrap` box that ends near the margin;
    the missile-launch report's Japanese analysis had one such line)."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _, _, files = reports
    text = subprocess.run(["pdftotext", "-layout", str(files["ja.pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert not re.findall(r"^\s*[PSMU]\s*$", text, re.M)


def test_table_headings_read_whole(reports, tmp_path):
    """A table's headings are not split in the middle of a word: whole, or hyphenated in English
    (the participants table once read 'Blocke|d' and 'メッセー|ジ', the Improvement Plan '機関の連絡窓|口')."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _, db, files = reports
    result = run_cli("report", str(db), "--format", "pdf", "--lang", "en", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    (en,) = tmp_path.glob("*.pdf")
    for pdf, headings in ((en, ("Moves", "Blocked", "Messages", "Observations")),
                          (files["ja.pdf"], ("行動", "阻止", "メッセージ", "所見", "連絡窓口", "開始日", "完了日"))):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)  # a hyphenated heading, joined
        assert not [h for h in headings if h not in text], pdf.name


ISSUE_ID = re.compile(r"\b(?:BLK|DEV|EXP|AVOID|DEC|OBS|OBL)-[\w.\-]+")


def _section(html: str, sid: str) -> str:
    return re.search(rf'<section id="{sid}".*?</section>', html, re.S).group(0)


def _shown(html: str) -> str:
    """The text a reader sees, without participant text (in <bdi>, shown as typed) and the
    issue ids' small grey notes."""
    html = re.sub(r'<bdi class="said">.*?</bdi>|<span class="issue-id[^"]*">.*?</span>', " ", html, flags=re.S)
    return " ".join(Page(html).text.split())


@pytest.mark.parametrize("lang, issue, strength", [("ja", "課題", "強み"), ("en", "Issue ", "Strength ")])
def test_a_reader_reads_labels_not_issue_ids(reports, lang, issue, strength):
    """The executive summary's areas and the Improvement Plan's rows begin with "課題N" / "Issue N";
    the id (the corrective-actions file's key) is a small note after the plan's title, and the
    analysis's cross-references name findings by their labels, not by ids."""
    _, _, files = reports
    html = files[f"{lang}.html"].read_text(encoding="utf-8")
    summary, plan, analysis = (_section(html, s) for s in ("summary", "improvement-plan", "analysis"))
    assert not ISSUE_ID.search(_shown(summary)), ISSUE_ID.findall(_shown(summary))
    areas = re.findall(r'<li><a class="label" href="#ip-([^"]+)">([^<]+)</a>', summary)
    labels = dict(re.findall(r'<tr id="ip-([^"]+)">\s*<td class="small">.*?</td>\s*<td><strong class="label">([^<]+)</strong>',
                             plan, re.S))
    assert labels and sorted(labels.values(), key=lambda s: int(s[len(issue):])) == [
        f"{issue}{n}" for n in range(1, len(labels) + 1)]
    assert all(labels[i] == label for i, label in areas)  # the same number in the summary and the plan
    for issue_id in labels:  # each row's id is there, after its title, as a note
        row = re.search(rf'<tr id="ip-{re.escape(issue_id)}">.*?</tr>', plan, re.S).group(0)
        assert not ISSUE_ID.search(_shown(row)) and "issue-id" in row
        cells = re.sub(r"<wbr>", "", row[row.index("<td"):])
        assert cells.index(issue_id) > cells.index('class="label"')
    also = re.findall(r'<p class="small">[^<]*(?:bearing|関わる所見).*?</p>', analysis, re.S)
    assert also and not any(ISSUE_ID.search(_shown(p)) for p in also)
    assert all(re.fullmatch(rf"(?:{issue}|{strength})\d+", x) for p in also
               for x in re.findall(r'<a href="#finding-[^"]+">([^<]+)</a>', p))


def test_role_names_are_shown_without_their_seat_ids(reports):
    """A person reads who did it: the participants, the hotwash, the situation changes and the
    decisions' heads name roles; the seat id is left to the log (an attribute at most)."""
    _, db, files = reports
    seats = {e.actor for e in events_of(db) if "." in e.actor}  # "control" is also a word of its name
    for lang in ("en", "ja"):
        html = files[f"{lang}.html"].read_text(encoding="utf-8")
        for sid in ("participants", "hotwash", "timeline"):
            shown = _shown(_section(html, sid))
            assert not [s for s in seats if re.search(rf"(?<![\w.]){re.escape(s)}(?![\w.])", shown)], sid
        heads = " ".join(re.findall(r'<p class="rec-head">.*?</p>', _section(html, "decisions"), re.S))
        assert not [s for s in seats if f"{s})" in heads or f"{s}）" in heads]


def test_japanese_lists_and_citations_use_japanese_commas(reports):
    """The report's own lists in Japanese are joined by 、 (付与I05、I15B), never ", ", and
    citations one after the other by 、, not ；."""
    _, _, files = reports
    html = files["ja.html"].read_text(encoding="utf-8")
    body = re.sub(r"<style.*?</style>|<svg.*?</svg>", " ", html, flags=re.S)
    shown = _shown(body)
    assert not re.findall(r"\S*[^\x00-\x7f], \S*|\S*, [^\x00-\x7f]\S*", shown)
    cites = re.findall(r'</span>([^<]{1,3})<span class="citation">', html)
    assert cites and set(cites) == {"、"}
    assert re.search(r"^「[^」]+」は、演習時間", Page(_section(html, "summary")).text.split(" ", 1)[1])  # the title quoted

"""`tabletop report` as a user runs it: the files it writes, its templates
folder, corrective actions, and clear errors (exit 2, no traceback)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from report_helpers import REPO, Page, run_cli


def test_report_writes_the_html_it_names(mini_db, tmp_path):
    result = run_cli("report", str(mini_db), "--format", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = tmp_path / "out" / "mini-rehearsal-aar-en.html"
    assert f"wrote {written}" in result.output
    page = Page(written.read_text(encoding="utf-8"))
    assert "Mini exercise" in page.text and "After-Action Report / Improvement Plan" in page.text


def test_a_rehearsals_report_says_its_dates_are_a_simulated_clock(mini_db, tmp_path):
    result = run_cli("report", str(mini_db), "--format", "html", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = Page((tmp_path / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")).text
    assert "a rehearsal by tabletop rehearse; these times are its simulated clock" in text


def test_bilingual_report_gives_both_languages(mini_db, tmp_path):
    result = run_cli("report", str(mini_db), "--format", "html", "--lang", "both", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = Page((tmp_path / "mini-rehearsal-aar-both.html").read_text(encoding="utf-8")).text
    for en, ja in (("Executive summary", "要旨"), ("Mini exercise", "ミニ演習"), ("Blue Operations", "青作戦")):
        assert en in text and ja in text


def test_bilingual_report_doubles_headings_and_key_findings_not_tables(mini_db, tmp_path):
    """--lang both: the running header is one title; headings and the executive summary's findings
    are in both languages, a table's cells in one."""
    result = run_cli("report", str(mini_db), "--format", "html", "--lang", "both", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "mini-rehearsal-aar-both.html").read_text(encoding="utf-8")
    page = Page(html)
    assert page.tags("h1")[0]["data-running"] == "Mini exercise"
    assert "Participants 参加者" in page.text and "Primary areas for improvement 主な改善点" in page.text
    participants = Page(html.split('<section id="participants">')[1].split("</section>")[0])
    assert "Blue Operations" in participants.text and "青作戦" not in participants.text


def test_a_copied_templates_folder_changes_the_report(mini_db, tmp_path):
    mine = tmp_path / "templates"
    shutil.copytree(REPO / "templates", mine)
    summary = mine / "sections" / "summary.html.j2"
    summary.write_text(summary.read_text(encoding="utf-8").replace("<h2>{{ H.summary }}</h2>",
                                                                   "<h2>Bottom line up front</h2>"), encoding="utf-8")
    log = mine / "log.html.j2"
    log.write_text(log.read_text(encoding="utf-8").replace("<h2>{{ H.event_log }}</h2>", "<h2>Record of play</h2>"),
                   encoding="utf-8")
    result = run_cli("report", str(mini_db), "--templates", str(mine), "--print-log", "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    text = Page((tmp_path / "o" / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")).text
    assert "Bottom line up front" in text and "Executive summary" not in text.split("Bottom line up front")[1]
    printed, _ = _pdf_text_and_log(tmp_path / "o" / "mini-rehearsal-aar-en.pdf")
    assert "Bottom line up front" in printed  # the PDF is that HTML, printed
    printed_log, _ = _pdf_text_and_log(tmp_path / "o" / "mini-rehearsal-log-en.pdf")
    assert "Record of play" in printed_log  # and the printed log is made from the same folder


def test_a_template_edited_between_runs_shows_in_the_next_report(mini_db, tmp_path, monkeypatch):
    """Compiled templates are kept between runs (in Jinja2's private temporary folder); a template
    edited since is compiled afresh."""
    import tempfile

    from tabletop.report import render

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mine = tmp_path / "templates"
    shutil.copytree(REPO / "templates", mine)

    def headings() -> set[str]:
        monkeypatch.setattr(render, "_ENVS", {})  # as in a new process
        result = run_cli("report", str(mini_db), "--format", "html", "--templates", str(mine), "-o", str(tmp_path))
        assert result.exit_code == 0, result.output
        h2 = Page((tmp_path / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")).tags("h2")
        return {a["id"] for a in h2 if "id" in a}

    summary = mine / "sections" / "summary.html.j2"
    assert '<section id="summary">' in summary.read_text(encoding="utf-8")
    summary.write_text(summary.read_text(encoding="utf-8").replace("<h2>", '<h2 id="first">', 1), encoding="utf-8")
    assert "first" in headings()
    assert list(tmp_path.glob("_jinja2-cache-*/tabletop-*.cache")), "the compiled templates are kept"
    summary.write_text(summary.read_text(encoding="utf-8").replace('<h2 id="first">', '<h2 id="second">'), encoding="utf-8")
    assert headings() & {"first", "second"} == {"second"}


def test_templates_compiled_for_another_version_of_a_filter_are_not_used(mini_db, tmp_path, monkeypatch):
    """A new version of the tool whose filter takes other arguments compiles the templates afresh."""
    import tempfile

    import jinja2

    from tabletop.report import render

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def report() -> str:
        monkeypatch.setattr(render, "_ENVS", {})  # as in a new process
        result = run_cli("report", str(mini_db), "--format", "html", "-o", str(tmp_path))
        assert result.exit_code == 0, result.output
        return (tmp_path / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")

    report()
    plain = render.said

    @jinja2.pass_context
    def said(context, text):
        return plain(text)

    monkeypatch.setattr(render, "said", said)
    assert "Mini exercise" in Page(report()).text


def test_a_report_is_written_where_no_compiled_template_can_be_kept(mini_db, tmp_path, monkeypatch):
    import tempfile

    from tabletop.report import render

    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "file"))
    monkeypatch.setattr(render, "_ENVS", {})
    result = run_cli("report", str(mini_db), "--format", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Executive summary" in Page((tmp_path / "out" / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")).text


def test_a_templates_folder_may_override_only_the_words(mini_db, tmp_path):
    """Its labels.yaml names just the words it changes; the others are the phrasebook's (report.labels.*)."""
    mine = tmp_path / "words"
    mine.mkdir()
    (mine / "labels.yaml").write_text("en:\n  glossary: Acronyms\nja:\n  glossary: 略語\n", encoding="utf-8")
    for lang in ("en", "ja"):
        result = run_cli("report", str(mini_db), "--format", "html", "--lang", lang, "--templates", str(mine),
                         "-o", str(tmp_path))
        assert result.exit_code == 0, result.output
    en = Page((tmp_path / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")).text
    ja = Page((tmp_path / "mini-rehearsal-aar-ja.html").read_text(encoding="utf-8")).text
    assert "Acronyms" in en and "Glossary" not in en and "Executive summary" in en
    assert "略語" in ja and "要旨" in ja  # the Japanese of a word it leaves out stays


@pytest.mark.parametrize("fmt", ["html", "pdf"])  # the PDF's HTML is made by the PDF writer's process
def test_a_broken_template_is_named_with_its_line(mini_db, tmp_path, fmt):
    mine = tmp_path / "broken"
    (mine / "sections").mkdir(parents=True)
    (mine / "sections" / "hotwash.html.j2").write_text("<section id=\"hotwash\">\n{{ r.no_such_thing }}\n</section>\n")
    result = run_cli("report", str(mini_db), "--format", fmt, "--templates", str(mine), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "hotwash.html.j2:2" in result.output and "no_such_thing" in result.output
    assert "Traceback" not in result.output
    assert not list((tmp_path / "out").glob("*.*"))


def test_corrective_actions_fill_the_improvement_plan(mini_db, tmp_path):
    first = run_cli("report", str(mini_db), "--format", "html", "-o", str(tmp_path))
    page = Page((tmp_path / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8"))
    issues = [a["id"][3:] for a in page.tags("tr") if a.get("id", "").startswith("ip-")]
    assert first.exit_code == 0 and "BLK-blue.ops-blue.strike" in issues
    plan = tmp_path / "ca.yaml"
    plan.write_text(
        "format: tabletop-corrective-actions/1\n"
        "issues:\n"
        "  BLK-blue.ops-blue.strike:\n"
        "    actions:\n"
        "      - action: Brief Blue Operations on the approval rule before the next exercise\n"
        "        element: Training\n"
        "        organisation: {en: Blue Staff College, ja: 青幹部学校}\n"
        "        poc: Col. Example\n"
        "        start: 2027-05-01\n"
        "        completion: 2027-06-30\n"
        "      - action: Add the approval step to the operations checklist\n"
        "        element: Planning\n"
        "  HW-1:\n"
        "    issue: Seat codes were handed out late\n"
        "    action: Issue seat codes the day before\n"
        "  NOPE-1:\n"
        "    action: this id is not in the report\n", encoding="utf-8")
    result = run_cli("report", str(mini_db), "--corrective-actions", str(plan), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "NOPE-1" in result.output  # warned: no such issue
    text = Page((tmp_path / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")).text
    plan_text = text.split("Improvement plan")[-1]
    for words in ("Brief Blue Operations on the approval rule", "Blue Staff College", "Col. Example", "2027-05-01",
                  "2027-06-30", "Add the approval step", "Seat codes were handed out late",
                  "Issue seat codes the day before"):
        assert words in plan_text
    assert "this id is not in the report" not in text
    printed, _ = _pdf_text_and_log(tmp_path / "mini-rehearsal-aar-en.pdf")
    assert "2027-05-01" in printed and "2027-06-30" in printed  # a date never breaks in its narrow column


def test_the_plans_row_is_a_short_title_linked_to_its_finding_under_its_objective(mini_db, tmp_path):
    """HSEEP's matrix: the area's short title, linked to the finding in the analysis, with the
    objective it is analysed under (whose page the contents give); the evaluator's words and the
    reasons are the analysis's alone."""
    import re

    import pypdf

    result = run_cli("report", str(mini_db), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")
    plan = Page(html.split('<section id="improvement-plan"')[1].split("</section>")[0])
    links = [a for a in plan.tags("a") if a.get("href", "").startswith("#finding-")]
    assert {a["href"] for a in links} == {"#finding-BLK-blue.ops-blue.strike", "#finding-OBL-report"}
    assert all(Page(html).by_id[a["href"][1:]] for a in links)
    assert "Blue Operations attempted “Strike” without the legal basis" in plan.text
    assert "Needs approval" not in plan.text and "Evaluator" not in plan.text  # said in the analysis
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(tmp_path / "mini-rehearsal-aar-en.pdf").pages]
    (row,) = [t for t in pages if "Improvement plan" in t and "without the legal basis (OBJ" in t]
    home = re.search(r"without the legal basis \((OBJ\d+)\)", row).group(1)
    block = html.split(f'id="objective-{home}"')[1].split('class="objective"')[0]
    assert 'id="finding-BLK-blue.ops-blue.strike"' in block and "Needs approval" in block
    assert re.search(rf"{home} — .*? (\. )+\d+", pages[1])  # the contents give the objective's page


def test_the_conclusion_is_printed_once_above_the_approval_block(mini_db, tmp_path):
    """Given a finished exercise, when its report is written, then the conclusion is said once,
    in the Conclusion section with the approval block, not again in the executive summary."""
    result = run_cli("report", str(mini_db), "--format", "html", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")
    conclusion = html.split('<section id="conclusion"')[1].split("</section>")[0]
    said = Page(conclusion).text.split("Conclusion", 1)[1].split("Approval")[0].strip()
    assert len(said) > 40 and Page(html).text.count(said) == 1
    assert "Conclusion" not in Page(html.split('<section id="summary"')[1].split("</section>")[0]).text


def test_the_corrective_actions_beside_the_log_are_read_without_being_named(mini_db, tmp_path):
    """`tabletop ip LOG.db …` keeps them in LOG.ip.yaml beside the log: the report finds them there."""
    import shutil

    db = tmp_path / "ex.db"
    shutil.copy(mini_db, db)
    (tmp_path / "ex.ip.yaml").write_text("issues:\n  BLK-blue.ops-blue.strike:\n    action: Brief Blue Operations\n"
                                         "    organisation: Blue Staff College\n", encoding="utf-8")
    result = run_cli("report", str(db), "--format", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert f"reading the corrective actions beside the log: {tmp_path / 'ex.ip.yaml'}" in result.output
    (html,) = (tmp_path / "out").glob("*.html")
    plan = Page(html.read_text(encoding="utf-8")).text.split("Improvement plan")[-1]
    assert "Brief Blue Operations" in plan and "Blue Staff College" in plan


def test_the_terminal_lines_are_in_the_reports_language(mini_db, tmp_path):
    result = run_cli("report", str(mini_db), "--lang", "ja", "--format", "html", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"{tmp_path / 'mini-rehearsal-aar-ja.html'} を書き出した" in result.output and "wrote" not in result.output


def test_a_bad_corrective_actions_file_says_where(mini_db, tmp_path):
    plan = tmp_path / "ca.yaml"
    plan.write_text("issues:\n  DEC-D1:\n    action: x\n    start: next week\n", encoding="utf-8")
    result = run_cli("report", str(mini_db), "--corrective-actions", str(plan), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert f"{plan}:4:" in result.output and "YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("what", ["missing", "garbage", "other-sqlite", "no-scenario"])
def test_a_file_that_is_not_an_exercise_log_is_refused_clearly(tmp_path, what):
    db = tmp_path / "x.db"
    if what == "garbage":
        db.write_bytes(b"this is not a database\x00\x01" * 100)
    elif what == "other-sqlite":
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE recipes (name TEXT)")
        con.commit()
        con.close()
    elif what == "no-scenario":
        from tabletop.store import SqliteStore

        SqliteStore(db, "bare").close()
    before = db.read_bytes() if db.exists() else None
    result = run_cli("report", str(db), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.output.startswith("tabletop: ") and str(db) in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    if what == "other-sqlite":  # someone else's database is left as it was
        assert db.read_bytes() == before and not db.with_name("x.db-wal").exists()


def test_unknown_format_is_refused(mini_db, tmp_path):
    result = run_cli("report", str(mini_db), "--format", "docx", "-o", str(tmp_path))
    assert result.exit_code == 2 and "docx" in result.output and "html, pdf" in result.output


def test_without_a_japanese_font_the_report_says_what_to_install_and_is_still_written(mini_db, tmp_path, monkeypatch):
    import tabletop.report.pdf as pdf

    monkeypatch.setattr(pdf, "japanese_fonts", lambda: [])
    result = run_cli("report", str(mini_db), "--format", "pdf", "--lang", "ja", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "fonts-ipaexfont-gothic" in result.output and "fonts-noto-cjk" in result.output
    assert (tmp_path / "mini-rehearsal-aar-ja.pdf").stat().st_size > 10_000


def test_the_corrective_actions_example_in_the_docs_loads(tmp_path):
    import re

    from tabletop.report.corrective import load_corrective

    doc = (REPO / "docs" / "report.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", doc, re.S).group(1)
    f = tmp_path / "ip.yaml"
    f.write_text(example, encoding="utf-8")
    issues = load_corrective(f)
    assert len(issues["DEC-D1"]["actions"]) == 2
    assert issues["DEC-D1"]["actions"][0]["organisation"] == {"en": "Ministry of Defense", "ja": "防衛省"}
    assert issues["HW-1"]["issue"]["ja"] == "席コードの配布が遅れた"
    assert issues["DEC-D1"]["root_cause"]["en"] == "The 82-3(3) route was not in the MOD's checklist"
    assert issues["_exercise"]["sponsor"] == {"en": "Cabinet Secretariat", "ja": "内閣官房"}
    assert [a["date"] for a in issues["_exercise"]["approval"]] == ["2027-11-15", None]


def test_a_log_with_an_unreadable_row_is_refused_with_the_row_named(mini_db, tmp_path):
    db = tmp_path / "altered.db"
    shutil.copy(mini_db, db)
    con = sqlite3.connect(db)
    con.execute("UPDATE events SET payload = '[1,2]' WHERE seq = 5")
    con.commit()
    con.close()
    result = run_cli("report", str(db), "--format", "html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "event #5 cannot be read" in result.output and "tabletop verify" in result.output


def _pdf_text_and_log(path):
    import json

    import pypdf

    reader = pypdf.PdfReader(path)
    text = "\n".join(p.extract_text() for p in reader.pages)
    files = reader.attachments
    assert sorted(files) == ["mini-rehearsal-events.csv", "mini-rehearsal-events.jsonl"], list(files)
    return text, [json.loads(line) for line in files["mini-rehearsal-events.jsonl"][0].decode().splitlines()]


def test_every_pdf_carries_the_whole_log_as_files_and_prints_the_evidence(mini_db, tmp_path):
    import csv
    import io

    import pypdf

    from report_helpers import events_of

    result = run_cli("report", str(mini_db), "--format", "pdf", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / "mini-rehearsal-aar-en.pdf"
    text, attached = _pdf_text_and_log(path)
    events = events_of(mini_db)
    assert [a["seq"] for a in attached] == [e.seq for e in events]
    assert attached[-1] == {"exercise": "mini-rehearsal", **events[-1].to_json()}
    rows = list(csv.reader(io.StringIO(pypdf.PdfReader(path).attachments["mini-rehearsal-events.csv"][0].decode())))
    assert len(rows) == len(events) + 1
    flat = " ".join(text.split())
    assert "Evidence appendix" in flat and "Blue Operations: Strike — Needs approval [Mini Act Art. 3]" in flat
    assert "Approval" in flat and "Signature" in flat and "Exercise director" in flat
    assert "to be assigned" in flat  # the improvement plan's blanks


def test_print_log_writes_the_whole_log_as_a_document_of_its_own(mini_db, tmp_path):
    from report_helpers import events_of

    result = run_cli("report", str(mini_db), "--print-log", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    log = Page((tmp_path / "mini-rehearsal-log-en.html").read_text(encoding="utf-8"))
    assert all(f"ev-{e.seq}" in log.by_id for e in events_of(mini_db))
    assert (tmp_path / "mini-rehearsal-log-en.pdf").is_file()


def test_a_tampered_log_fails_on_the_terminal_unless_allowed_then_every_page_says_so(mini_db, tmp_path):
    import pypdf

    db = tmp_path / "tampered.db"
    shutil.copy(mini_db, db)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE events SET actor = 'red.lead' WHERE seq = 3")
    refused = run_cli("report", str(db), "-o", str(tmp_path / "no"))
    assert refused.exit_code != 0 and "fails its integrity check" in refused.output
    assert "--allow-unverified" in refused.output and not (tmp_path / "no").exists()
    allowed = run_cli("report", str(db), "--allow-unverified", "-o", str(tmp_path / "yes"))
    assert allowed.exit_code == 0, allowed.output
    pages = pypdf.PdfReader(tmp_path / "yes" / "mini-rehearsal-aar-en.pdf").pages
    assert len(pages) > 3 and all("UNVERIFIED LOG" in p.extract_text() for p in pages)


def test_the_report_states_the_logs_head_hash_and_how_to_verify_it(mini_db, tmp_path):
    import json

    from tabletop.store import SqliteStore

    store = SqliteStore(mini_db, create=False)
    head = json.loads(store.get_meta("head"))
    store.close()
    run_cli("report", str(mini_db), "--format", "html", "-o", str(tmp_path))
    text = Page((tmp_path / "mini-rehearsal-aar-en.html").read_text(encoding="utf-8")).text
    assert f"#{head[0]} {head[1]}" in text and "tabletop verify" in text


@pytest.mark.parametrize("labels, said", [("en: [a list, not words]\n", "expected `en:` and `ja:` mappings"),
                                          ("en: [unclosed\n", "labels.yaml")])
def test_a_broken_labels_file_is_named_for_the_pdf_too(mini_db, tmp_path, labels, said):
    mine = tmp_path / "words"
    mine.mkdir()
    (mine / "labels.yaml").write_text(labels, encoding="utf-8")
    result = run_cli("report", str(mini_db), "--format", "pdf", "--templates", str(mine), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert said in result.output and "Traceback" not in result.output


def test_a_report_that_cannot_be_written_says_where_and_what_to_do(mini_db, tmp_path):
    (tmp_path / "mini-rehearsal-aar-en.pdf").mkdir()  # the PDF's name is taken by a folder
    result = run_cli("report", str(mini_db), "-o", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.output and "mini-rehearsal-aar-en.pdf" in result.output
    assert "-o" in result.output and "Traceback" not in result.output


def test_the_garbage_collector_is_on_again_after_the_pdf_written_or_not(mini_db, tmp_path):
    """The PDF is printed with Python's cyclic collector paused (tabletop/report/pdf.py); whether
    the file could be written or not, the process gets it back."""
    import gc

    assert run_cli("report", str(mini_db), "--format", "pdf", "-o", str(tmp_path / "a")).exit_code == 0
    assert gc.isenabled()
    (tmp_path / "b" / "mini-rehearsal-aar-en.pdf").mkdir(parents=True)
    assert run_cli("report", str(mini_db), "--format", "pdf", "-o", str(tmp_path / "b")).exit_code == 2
    assert gc.isenabled()


def test_an_exercise_of_approvals_and_sales_reads_without_allies_or_force(tmp_path):
    """Given an exercise whose decisions are a licence and a sale (tests/fixtures/approvals.yaml),
    the report names its own sides and speaks of neither allies nor the use of force."""
    from report_helpers import FIXTURES, rehearse

    db = rehearse(str(FIXTURES / "approvals.yaml"), tmp_path / "approvals.db")
    for lang, words, foreign in (("en", ("Coordination across sides", "Grant the export licence", "Government"),
                                  ("allies", "alliance", "US–Japan", "use of force", "less force", "strike")),
                                 ("ja", ("各側の間の調整", "輸出許可を与える", "外為法第48条"), ("日米", "同盟", "実力", "打撃"))):
        result = run_cli("report", str(db), "--format", "html", "--lang", lang, "-o", str(tmp_path))
        assert result.exit_code == 0, result.output
        text = Page((tmp_path / f"approvals-rehearsal-aar-{lang}.html").read_text(encoding="utf-8")).text
        assert all(w in text for w in words), [w for w in words if w not in text]
        assert not [w for w in foreign if w in text]


def test_a_template_asking_for_a_word_nobody_has_says_where_to_add_it(mini_db, tmp_path):
    mine = tmp_path / "mine"
    (mine / "sections").mkdir(parents=True)
    (mine / "sections" / "hotwash.html.j2").write_text('<section id="hotwash">\n{{ L.no_such_word }}\n</section>\n')
    result = run_cli("report", str(mini_db), "--format", "html", "--templates", str(mine), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "hotwash.html.j2:2" in result.output and "'no_such_word'" in result.output
    assert "report.yaml" in result.output and "labels.yaml" in result.output and "Traceback" not in result.output

"""Text typed by participants is shown as text: markup in a move, a message, an
observation, a ruling, an ad hoc inject, a hotwash or a corrective action never
becomes markup in the report."""

from __future__ import annotations

from datetime import timedelta, timezone

import shutil
import subprocess

import pytest

from report_helpers import FIXTURES, Page

HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)"> & <b>bold</b> {{ 7*191 }}'


def _exercise_log(db, steps) -> list[str]:
    """A log of the mini scenario in which each (minute, seat, command) of `steps` was accepted;
    the types of its events."""
    from tabletop.scenario import load_scenario
    from tabletop.session import Session
    from tabletop.store import SqliteStore

    loaded = load_scenario(str(FIXTURES / "mini.yaml"))
    store = SqliteStore(db, "hostile")
    start = loaded.scenario.start.astimezone(timezone.utc)
    session = Session.create(loaded, store, start, scenario_text=(FIXTURES / "mini.yaml").read_text(encoding="utf-8"))

    def at(minutes: float):  # the mini scenario runs at 60x: one scenario minute per wall second
        return start + timedelta(seconds=minutes)

    for i, (minute, actor, command) in enumerate(steps):
        session.tick(at(minute))
        outcome = session.handle(command, actor, at(minute), command_id=f"h{i}")
        assert outcome.status != "rejected", outcome.message
    kinds = [e.type for e in store.read()]
    store.close()
    return kinds


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    from tabletop.engine import commands as c
    from tabletop.text import Text

    db = tmp_path_factory.mktemp("hostile") / "hostile.db"
    steps = [
        (0, "control", c.Start()),
        (5, "blue.ops", c.Move(decision="D1", option="strike", text=HOSTILE)),
        (6, "blue.lead", c.Message(to=["red.lead"], text=HOSTILE)),
        (7, "red.lead", c.Message(to=["blue.lead"], text=HOSTILE)),
        (8, "evaluator", c.Observation(objective="OBJ1", rating="U", text=HOSTILE)),
        (9, "control", c.Ruling(target=0 + 1, verdict="adjudicate", reason=HOSTILE)),
        (10, "control", c.AdHocInject(to=["blue.*"], title=Text(en=HOSTILE, ja=HOSTILE), body=Text(en=HOSTILE))),
        (30, "control", c.End()),
        (31, "blue.lead", c.Hotwash(strengths=HOSTILE, improvements=HOSTILE)),
    ]
    kinds = _exercise_log(db, steps)
    assert {"MoveBlocked", "MessageSent", "ObservationRecorded", "RulingMade", "HotwashSubmitted"} <= set(kinds)
    return db


@pytest.mark.parametrize("lang", ["en", "ja", "both"])
def test_markup_typed_by_participants_shows_as_text(hostile_db, tmp_path, lang):
    from tabletop.report import write_report

    corrective = {"OBS-1": {"issue": {"en": HOSTILE, "ja": HOSTILE}, "capability": None,
                            "actions": [{"action": HOSTILE, "poc": HOSTILE}]}}
    (path,) = write_report(hostile_db, tmp_path, formats=["html"], lang=lang, corrective=corrective,
                           warn=lambda _: None)
    html = path.read_text(encoding="utf-8")
    page = Page(html)
    assert not page.tags("script"), "no script element"
    assert not page.tags("img") and not page.tags("b")
    assert not any(k.startswith("on") for _, attrs in page.elements for k in attrs)
    visible = page.text
    assert visible.count('<script>alert("x")</script>') >= 8  # move, 2 messages, observation, ruling, inject, hotwash x2
    assert "{{ 7*191 }}" in visible and "1337" not in visible
    assert "&lt;script&gt;" in html and "<script>" not in html


TYPED = "Radar contact lost\n  at 04:12 (bearing 270)\nresumed 04:15"


@pytest.fixture(scope="module")
def typed_db(tmp_path_factory):
    from tabletop.engine import commands as c

    db = tmp_path_factory.mktemp("typed") / "typed.db"
    _exercise_log(db, [
        (0, "control", c.Start()),
        (8, "evaluator", c.Observation(objective="OBJ1", rating="U", text=TYPED)),
        (9, "evaluator", c.Observation(objective="OBJ1", rating="S", text="Plain   spaced words")),
        (10, "evaluator", c.Observation(objective="OBJ1", rating="M", text='<b>Two</b> lines\n<i title="x">tip</i>')),
        (30, "control", c.End()),
    ])
    return db


def test_text_typed_on_several_lines_keeps_its_lines_and_spaces(typed_db, tmp_path):
    """Given an observation typed on three lines, the second indented, and one with runs of spaces,
    the report shows them as typed: in the HTML, and on paper line by line."""
    from tabletop.report import write_report

    html_path, pdf_path = write_report(typed_db, tmp_path, lang="en", warn=lambda _: None)
    html = html_path.read_text(encoding="utf-8")
    assert '<bdi class="said">Radar contact lost\n  at 04:12 (bearing 270)\nresumed 04:15</bdi>' in html
    assert '<bdi class="said">Plain   spaced words</bdi>' in html
    assert '<bdi class="said">&lt;b&gt;Two&lt;/b&gt; lines\n&lt;i title=&#34;x&#34;&gt;tip&lt;/i&gt;</bdi>' in html
    assert not Page(html).tags("b") and not Page(html).tags("i")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    analysis = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True,
                              check=True).stdout.split("Analysis of capabilities", 2)[-1]
    lines = [line.strip() for line in analysis.splitlines()]
    assert any(line.endswith("<b>Two</b> lines") for line in lines)
    assert any(line.startswith('<i title="x">tip</i>') for line in lines)  # typed text is never taken for a tooltip
    starts = [i for i, line in enumerate(lines) if line.endswith("Radar contact lost")]
    assert starts, "the observation's first line ends where its typed line does"
    assert lines[starts[0] + 1].startswith("at 04:12 (bearing 270)") and lines[starts[0] + 2].startswith("resumed 04:15")


BIDI = "fine \u202etxet desrever\x1b[31m red\x07\x00 end"


def test_text_is_isolated_for_bidi_and_its_control_characters_are_visible(tmp_path):
    """Given an observation with an unclosed right-to-left override, an escape sequence, a bell
    and a NUL, the report shows it in a <bdi> (the override cannot reach the evidence line after
    it) with <ESC>, <BEL> and <NUL> in place of the raw characters, which never reach the HTML
    (nor the PDF, where the Control Pictures ␛ ␇ ␀ had no glyph in any installed font)."""
    from tabletop.engine import commands as c
    from tabletop.report import write_report

    db = tmp_path / "bidi.db"
    _exercise_log(db, [(0, "control", c.Start()), (8, "evaluator", c.Observation(objective="OBJ1", rating="M", text=BIDI)),
                       (30, "control", c.End())])
    path, pdf = write_report(db, tmp_path, formats=["html", "pdf"], warn=lambda _: None)
    html = path.read_text(encoding="utf-8")
    assert '<bdi class="said">fine \u202etxet desrever&lt;ESC&gt;[31m red&lt;BEL&gt;&lt;NUL&gt; end</bdi>' in html
    assert not any(ch in html for ch in "\x1b\x07\x00")
    import pypdf

    printed = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    flat = "".join(printed.split())  # the override reverses what follows it: ">LEB<" in the text drawn
    assert all(name in flat or name[::-1] in flat for name in ("<ESC>", "<BEL>", "<NUL>")) and not any(ch in printed for ch in "\u241b\u2407\u2400")

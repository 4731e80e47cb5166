"""Text typed by participants is shown as text: markup in a move, a message, an
observation, a ruling, an ad hoc inject, a hotwash or a corrective action never
becomes markup in the report."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from report_helpers import FIXTURES, Page

HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)"> & <b>bold</b> {{ 7*191 }}'


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    from tabletop.engine import commands as c
    from tabletop.scenario import load_scenario
    from tabletop.session import Session
    from tabletop.store import SqliteStore
    from tabletop.text import Text

    loaded = load_scenario(str(FIXTURES / "mini.yaml"))
    db = tmp_path_factory.mktemp("hostile") / "hostile.db"
    store = SqliteStore(db, "hostile")
    start = loaded.scenario.start.astimezone(timezone.utc)
    session = Session.create(loaded, store, start, scenario_text=(FIXTURES / "mini.yaml").read_text(encoding="utf-8"))

    def at(minutes: float):  # the mini scenario runs at 60x: one scenario minute per wall second
        return start + timedelta(seconds=minutes)

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
    for i, (minute, actor, command) in enumerate(steps):
        session.tick(at(minute))
        outcome = session.handle(command, actor, at(minute), command_id=f"h{i}")
        assert outcome.status != "rejected", outcome.message
    kinds = [e.type for e in store.read()]
    store.close()
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

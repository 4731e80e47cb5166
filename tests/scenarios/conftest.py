"""The shipped missile-launch rehearsal, logged and reported once per session in both languages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tabletop.cli import main


@pytest.fixture(scope="session")
def missile_reports(tmp_path_factory):
    """(the log's path, {"en": html, "ja": html}) of `tabletop rehearse missile-launch`."""
    tmp = tmp_path_factory.mktemp("missile-launch")
    db = tmp / "ml.db"
    rehearsed = CliRunner().invoke(main, ["rehearse", "missile-launch", "--db", str(db)])
    assert rehearsed.exit_code == 0, rehearsed.output
    pages = {}
    for lang in ("en", "ja"):
        out = tmp / lang
        made = CliRunner().invoke(main, ["report", str(db), "--format", "html", "--lang", lang, "-o", str(out)])
        assert made.exit_code == 0, made.output
        pages[lang] = next(out.glob("*.html")).read_text(encoding="utf-8")
    return db, pages

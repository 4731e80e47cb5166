"""A log written before typed events and the phrasebook (tests/fixtures/v1-missile-launch.db,
rehearsed by the code of main at dc653b2 from tests/fixtures/v1-missile-launch.moves.yaml) still
loads, verifies, replays and reports: the log's format did not change."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from tabletop.cli import main

from tests.conftest import FIXTURES

V1_LOG = FIXTURES / "v1-missile-launch.db"


@pytest.fixture
def v1_log(tmp_path):
    copy = tmp_path / "v1.db"
    shutil.copyfile(V1_LOG, copy)
    return copy


def test_given_a_v1_log_when_verified_then_its_hash_chain_holds(v1_log):
    result = CliRunner().invoke(main, ["verify", str(v1_log)])
    assert result.exit_code == 0, result.output
    assert "log intact: 134 events, hash chain verified" in result.output


def test_given_a_v1_log_when_resumed_then_the_state_is_the_one_it_recorded(v1_log):
    from tabletop.session import Session
    from tabletop.store import SqliteStore

    store = SqliteStore(v1_log, create=False)
    session = Session.resume(store)
    state = session.state
    assert state.phase == "ended"
    assert state.decision("D17").option == "intercept"
    assert state.situations == {"survival-threatening"}  # a v1 log: each declaration replaced the last
    assert state.inject("I15B").status == "held"
    assert len(state.ruled) == 1  # the uphold; an adjudication rules on nothing
    store.close()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_given_a_v1_log_when_reported_then_the_html_report_is_written(v1_log, tmp_path, lang):
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", str(v1_log), "--format", "html", "--lang", lang, "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert ("Survival-Threatening" in html) if lang == "en" else ("存立危機事態" in html)
    assert "Premature, but harmless." in html

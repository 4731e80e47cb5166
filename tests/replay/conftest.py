"""Fixtures for replay and forks: the shipped missile-launch rehearsal, played once into a
SQLite log, and a copy of it for each test that alters or forks it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from replay_helpers import run

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def played_log(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("played") / "missile-launch.db"
    code, out, err = run("rehearse", "missile-launch", "--db", str(db))
    assert code == 0, out + err
    return db


@pytest.fixture
def parent(played_log, tmp_path) -> Path:
    """A copy of the played log, beside which a test makes its fork."""
    copy = tmp_path / "parent.db"
    shutil.copy(played_log, copy)
    return copy


@pytest.fixture
def measured_moves() -> Path:
    return HERE / "missile-launch-measured.moves.yaml"

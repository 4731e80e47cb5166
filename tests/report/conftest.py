"""Fixtures for the report tests: exercise logs made by rehearsing scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from report_helpers import FIXTURES, SCENARIOS, SHIPPED, rehearse


@pytest.fixture(scope="session", autouse=True)
def _template_cache_of_this_run(tmp_path_factory):
    """Templates compiled by these tests (many from folders made for one test) are kept in this
    run's temporary folder, not in the user's template cache (tabletop.report.render)."""
    import tempfile

    kept = tempfile.tempdir
    tempfile.tempdir = str(tmp_path_factory.mktemp("tmp"))
    yield
    tempfile.tempdir = kept


@pytest.fixture(scope="session")
def mini_db(tmp_path_factory) -> Path:
    return rehearse(str(FIXTURES / "mini.yaml"), tmp_path_factory.mktemp("mini") / "mini.db")


@pytest.fixture(scope="session", params=SHIPPED)
def shipped_db(request, tmp_path_factory) -> tuple[str, Path]:
    name = request.param
    if not (SCENARIOS / f"{name}.yaml").is_file() or not (SCENARIOS / f"{name}.moves.yaml").is_file():
        pytest.skip(f"scenarios/{name}.yaml and its moves file are not in the repository yet")
    return name, rehearse(name, tmp_path_factory.mktemp(name) / f"{name}.db")

"""Fixtures for the report tests: exercise logs made by rehearsing scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from report_helpers import FIXTURES, SCENARIOS, SHIPPED, rehearse


@pytest.fixture(scope="session")
def mini_db(tmp_path_factory) -> Path:
    return rehearse(str(FIXTURES / "mini.yaml"), tmp_path_factory.mktemp("mini") / "mini.db")


@pytest.fixture(scope="session", params=SHIPPED)
def shipped_db(request, tmp_path_factory) -> tuple[str, Path]:
    name = request.param
    if not (SCENARIOS / f"{name}.yaml").is_file() or not (SCENARIOS / f"{name}.moves.yaml").is_file():
        pytest.skip(f"scenarios/{name}.yaml and its moves file are not in the repository yet")
    return name, rehearse(name, tmp_path_factory.mktemp(name) / f"{name}.db")

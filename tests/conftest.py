"""Shared fixtures: the mini scenario and pack in tests/fixtures, and a session on either store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def mini():
    from tabletop.scenario import load_scenario

    return load_scenario(str(FIXTURES / "mini.yaml"))


class Wall:
    """A hand-driven wall clock for sessions: tests move time explicitly."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now = self.now + timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def wall(mini) -> Wall:
    return Wall(mini.scenario.start.astimezone(timezone.utc))

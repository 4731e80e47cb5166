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


# PostgreSQL: a real server. `bash .ci/do test` starts a throwaway cluster and exports its URL as
# TABLETOP_TEST_POSTGRES; in CI (CI=true) a missing server fails the tests, it never skips them.
PG_ENV = "TABLETOP_TEST_POSTGRES"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    import os

    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {PG_ENV} is not set: the PostgreSQL tests must run in CI "
                        "(`bash .ci/do test` starts a throwaway server)", pytrace=False)
        pytest.skip(f"no PostgreSQL server: run through `bash .ci/do test`, or set {PG_ENV}")
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.OperationalError as exc:
        pytest.fail(f"{PG_ENV}={url}: no PostgreSQL server answers ({exc})", pytrace=False)
    return url


@pytest.fixture
def postgres_url(postgres_server: str):
    """The URL of a database of its own for this test, dropped after it."""
    import uuid

    import psycopg
    from psycopg import sql
    from urllib.parse import urlsplit, urlunsplit

    name = f"tt_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlunsplit(urlsplit(postgres_server)._replace(path="/" + name))
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch):
    """The CLI follows TABLETOP_LANG and the locale (docs/decisions.md); tests read English unless
    they ask for Japanese, whatever the machine's locale; a test that ran the CLI in Japanese does
    not leave the process speaking it (tabletop.problems.set_language) to the next."""
    from tabletop.problems import set_language

    monkeypatch.setenv("TABLETOP_LANG", "en")
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _console_state(tmp_path_factory, monkeypatch):
    """Consoles remember a seat's language, tab and scroll between runs (tabletop/consoles/memory.py):
    each test starts with none remembered, and writes nothing outside its own temporary directory."""
    monkeypatch.setenv("TABLETOP_STATE_DIR", str(tmp_path_factory.mktemp("console-state")))

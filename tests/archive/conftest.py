"""Roles of the throwaway PostgreSQL server, as an organisation would set them up:
the owner (the test server's superuser) makes the schema; a writer appends and
reads; a reader reads; anyone else gets nothing."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql


def as_role(url: str, role: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}@{host}"))


@pytest.fixture
def roles(postgres_url):
    """{'owner': URL, 'writer': URL, 'reader': URL, 'nobody': URL} on a fresh archive."""
    from tabletop.archive.schema import init_archive

    tag = uuid.uuid4().hex[:8]
    names = {k: f"tt_{k}_{tag}" for k in ("writer", "reader", "nobody")}
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        for name in names.values():
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
    init_archive(postgres_url, writers=(names["writer"],), readers=(names["reader"],))
    yield {"owner": postgres_url, **{k: as_role(postgres_url, v) for k, v in names.items()}}
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        for name in names.values():
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))

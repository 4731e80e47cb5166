"""Fixtures for the doctrine tests: the bundled US-Japan pack and the small
Nordic test pack that proves the rules are pack-agnostic."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.doctrine.rules import Doctrine, load_doctrine, load_doctrine_file

PACKS = Path(__file__).resolve().parent.parent / "packs"


@pytest.fixture(scope="session")
def uj() -> Doctrine:
    return load_doctrine("us-japan")


@pytest.fixture(scope="session")
def nordic() -> Doctrine:
    return load_doctrine_file(PACKS / "nordic.yaml")

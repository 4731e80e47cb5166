"""Workbooks as planners make them, built cell by cell with openpyxl."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook


def workbook(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    """An .xlsx with these sheets (rows from row 1; None is an empty cell) and merged ranges."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


@pytest.fixture
def book():
    """workbook() as a fixture: book(path, sheets, merges)."""
    return workbook


@pytest.fixture
def run_cli():
    """Run `tabletop ARGS`; the result's output holds stdout and stderr."""
    from tabletop.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    return run

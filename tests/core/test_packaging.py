"""The wheel carries the scenarios, templates and packs: a plain install finds a
bundled scenario by name from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_wheel_validates_a_bundled_scenario_by_name_from_any_folder(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
                            str(REPO)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("tabletop-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tabletop/_data/scenarios/missile-launch.yaml" in names
    assert "tabletop/_data/templates/report.html.j2" in names
    assert "tabletop/doctrine/packs/us-japan.yaml" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([sys.executable, "-c", "from tabletop.cli import main; main()", "validate", "missile-launch"],
                         cwd=elsewhere, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert str(site) in run.stdout and "missile-launch.yaml: ok" in run.stdout

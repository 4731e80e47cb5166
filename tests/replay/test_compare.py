"""`tabletop report FORK --compare PARENT`: the report's section on the branch compared."""

from __future__ import annotations

import re

import pytest
from replay_helpers import played_from as played
from replay_helpers import run

from tabletop.replay.compare import compare


@pytest.fixture
def branches(parent, measured_moves):
    fork = parent.with_name("measured.db")
    assert run("fork", str(parent), "--at", "D8", "--option", "measured", "-o", str(fork))[0] == 0
    code, out, err = run("rehearse", "--resume", str(fork), "--moves", str(measured_moves))
    assert code == 0, out + err
    return fork, parent


def test_the_comparison_says_where_the_branches_split_and_how_each_side_went_on(branches):
    fork, parent = branches
    c = compare(played(fork), played(parent))
    assert (c.decision, c.option) == ("D8", "measured")
    assert "just before D8 was answered: the parent chose Package A" in c.split["en"]
    assert "this fork Package B" in c.split["en"] and "D8 の回答直前" in c.split["ja"]
    d8 = next(r for r in c.rows if r["id"] == "D8")
    assert d8["differs"] and d8["parent"]["text"]["en"].startswith("Package A") and d8["fork"]["status"] == "resolved"
    assert "D1" not in [r["id"] for r in c.rows]  # answered alike in the shared prefix
    only = {k: [i["id"] for i in v] for k, v in c.only.items()}
    assert "I15A" in only["parent"] and "I15B" in only["fork"] and "I15B" not in only["parent"]
    assert not set(only["parent"]) & set(only["fork"])
    # The legal situation over time: each side from its own log.
    assert c.parent.legal[0][0] == 0 and len(c.parent.legal) > 1  # the parent recognised a situation on its road
    assert all(at <= c.fork.end_at for at, _ in c.fork.legal)
    assert c.chart["split_x"] > c.chart["left"] and len(c.chart["lanes"]) == 2
    assert all(b["seq"] > c.point for b in c.parent.blocked + c.fork.blocked)  # after the split only


def section(html: str) -> str:
    return re.search(r'<section id="compare">.*?</section>', html, re.S).group(0)


@pytest.mark.parametrize("lang, heading", [("en", "The branch compared"), ("ja", "分岐の比較")])
def test_the_report_of_a_fork_compared_with_its_parent_has_the_section(branches, tmp_path, lang, heading):
    fork, parent = branches
    out = tmp_path / "report"
    code, said, err = run("report", str(fork), "--compare", str(parent), "--format", "html", "--lang", lang,
                          "-o", str(out))
    assert code == 0, said + err
    html = section(next(out.glob("*.html")).read_text(encoding="utf-8"))
    assert f"<h2>{heading}</h2>" in html
    assert 'data-decision="D8"' in html and 'class="differs"' in html
    assert "I15B" in re.search(r'id="compare-only-fork">.*?</ul>', html, re.S).group(0)
    assert "<svg" in html and 'id="compare-legal"' in html
    assert [p.name for p in out.glob("*.html")] == [f"measured-aar-{lang}.html"]  # named after the fork, not its parent


def test_a_report_without_compare_has_no_such_section(branches, tmp_path):
    fork, _ = branches
    code, said, err = run("report", str(fork), "--format", "html", "-o", str(tmp_path / "r"))
    assert code == 0, said + err
    assert 'id="compare"' not in next((tmp_path / "r").glob("*.html")).read_text(encoding="utf-8")


def test_compare_is_refused_for_a_log_that_is_not_a_fork_or_not_of_that_parent(branches, tmp_path):
    fork, parent = branches
    code, _, err = run("report", str(parent), "--compare", str(fork), "--format", "html", "-o", str(tmp_path / "a"))
    assert code == 2 and "is not a fork" in err
    other = tmp_path / "other.db"
    assert run("rehearse", "grayzone-senkaku", "--db", str(other))[0] == 0
    code, _, err = run("report", str(fork), "--compare", str(other), "--format", "html", "-o", str(tmp_path / "b"))
    assert code == 2 and "is exercise grayzone-senkaku-rehearsal, not missile-launch-rehearsal" in err
    assert "Traceback" not in err

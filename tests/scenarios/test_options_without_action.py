"""An option may carry no action, and a step of diplomacy or signalling carries a policy action
(issue 19, point 5). Rehearsing missile-launch: D1 is resolved by "ask the Prime Minister",
which takes no action; D8 by the show of force; D3 by an approval at law. The log records no
action for D1, and the report invents none: it says so, and it calls the show of force's basis
policy, not law, in English and in Japanese."""

from __future__ import annotations

import re

from tabletop.engine import events as ev
from tabletop.store.sqlite import SqliteStore


def record(html: str, decision: str) -> str:
    """The text of a decision's record in the report's decisions section: a whole record, or
    its row of the table of decisions that carry no finding."""
    start = html.index(f'id="decision-{decision}"')
    row = html.rfind("<", 0, start) == html.rfind("<tr", 0, start)
    end = html.index("</tr>", start) if row else html.index('<div class="record"', start + 1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:end]))


def test_the_log_records_no_action_for_an_option_without_one(missile_reports):
    db, _ = missile_reports
    store = SqliteStore(db, create=False)
    events = list(store.read())
    store.close()
    d1 = [e for e in events if e.type == ev.MOVE_SUBMITTED and e.data.get("decision") == "D1"]
    assert [(e.data["option"], e.data["action"]) for e in d1] == [("seek-pm", None)]
    # Nothing follows from it but the decision's resolution: no situation, flag or obligation.
    following = next(e for e in events if e.seq > d1[0].seq)
    assert following.type == ev.DECISION_RESOLVED and following.data["option"] == "seek-pm"


def test_the_report_invents_no_action_and_says_when_the_basis_is_policy(missile_reports):
    _, pages = missile_reports
    d1 = record(pages["en"], "D1")
    assert "none needed (the option chosen takes no action)" in d1
    assert "Make a public statement" not in d1 and "Track and report" not in d1
    d8 = record(pages["en"], "D8")
    assert "Basis (policy, not law): 10 U.S.C. §162(b)" in d8 and "Legal basis" not in d8
    d3 = record(pages["en"], "D3")
    assert "SDF Act Art. 82-3(1)" in d3 and "policy" not in d3
    d9 = record(pages["en"], "D9")  # the Ambassador's statement: the mission's function, then the precedent
    assert "Basis (policy, not law): U.S. Constitution Art. II §§2–3" in d9
    assert d9.index("Vienna Convention on Diplomatic Relations Art. 3(1)(a)") < d9.index("Precedent: 29 Aug 2017")
    ja8 = record(pages["ja"], "D8")
    assert "根拠（法令ではなく政策判断）" in ja8 and "法的根拠" not in ja8
    assert "不要（行動を伴わない選択）" in record(pages["ja"], "D1")

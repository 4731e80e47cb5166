"""The report's Japanese names what a person reads in Japanese words: a ruling's verdict in the
timeline's tooltip, and a tampered log's altered event by its kind, not its type id."""

from __future__ import annotations

from tabletop.phrasebook.recognise import as_sentence, said_again
from tabletop.report.charts import timeline

from report_helpers import report_of


def test_a_rulings_tooltip_says_its_verdict_in_japanese(shipped_db):
    name, db = shipped_db
    rulings = [i for i in timeline(report_of(db)).items if i.kind == "ruling"]
    assert rulings, f"{name}.moves.yaml rules on a blocked move"
    words = {"阻止を覆す", "阻止を維持", "結果を記録"}
    assert all(any(w in i.title["ja"] for w in words) for i in rulings)
    assert not any(v in i.title["ja"] for i in rulings for v in ("uphold", "overrule", "adjudicate"))
    assert all(i.title["en"].startswith("Ruling ") for i in rulings)


def test_a_tampered_events_kind_is_named_in_japanese_and_the_english_stays_the_stores():
    found = "event #6 (DecisionOpened) was altered: its hash does not match the chain"
    assert said_again(found, "store.verify.", "ja") == "事象#6（決定事項）が書き換えられている（ハッシュがチェーンと一致しない）"
    assert said_again(found, "store.verify.", "en") == found
    later = as_sentence(found, "store.verify.")
    assert later.text("ja").startswith("事象#6（決定事項）") and later.text("en") == found

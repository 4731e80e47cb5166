"""The feed's words follow the console's language: rulings, skipped injects, overruled moves."""

from __future__ import annotations

from tabletop.consoles.describe import describe
from tabletop.consoles.model import Lexicon
from tabletop.consoles.wire import Event


def line(type_: str, data: dict, lang: str, actor: str = "control") -> str:
    text = describe(Event(type_, actor, 60.0, "2027-01-01T00:00:00Z", data, None, 9), Lexicon(), lang)
    return text.plain


def test_a_ruling_reads_in_the_consoles_language():
    data = {"target": 7, "verdict": "overrule", "reason": "approved by phone", "seat": "jp.pm", "action": None}
    assert "#7 OVERRULED" in line("RulingMade", data, "en")
    assert "#7 阻止を覆す" in line("RulingMade", data, "ja")
    assert "#7 阻止を維持" in line("RulingMade", {**data, "verdict": "uphold"}, "ja")


def test_a_skipped_injects_reason_reads_in_the_consoles_language():
    data = {"inject": "I09B", "reason": "condition can no longer hold"}
    assert "I09B — condition can no longer hold" in line("InjectSkipped", data, "en", "system")
    assert "I09B — 条件が成立し得なくなった" in line("InjectSkipped", data, "ja", "system")
    # a reason control typed is shown as written
    assert "I03 — not needed today" in line("InjectSkipped", {"inject": "I03", "reason": "not needed today"}, "ja")


def test_a_move_accepted_by_a_ruling_says_so_in_the_consoles_language():
    data = {"decision": "D12", "option": "defense", "action": None, "ruling": 51, "text": ""}
    assert "(overruled #51)" in line("MoveSubmitted", data, "en", "jp.pm")
    assert "（裁定で#51の阻止を覆した）" in line("MoveSubmitted", data, "ja", "jp.pm")


def test_a_third_partys_badge_is_its_country_not_a_cut_seat_id():
    from tabletop.consoles.describe import badge_side, side_badge
    from tabletop.scenario import load_scenario

    loaded = load_scenario("arsenal")
    lex = Lexicon.from_doctrine(loaded.doctrine, loaded.scenario)
    assert side_badge(badge_side(lex, "ph.gov")).plain == " PH  "
    assert side_badge(badge_side(lex, "jp.meti")).plain == " JP  "

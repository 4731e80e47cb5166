"""What a role player reads in the Act tab (F4): action names, never the ids an author gave them
(an id shows, dimmed, only for an action found by typing its id), the ⛔ before a blocked one,
and the rules' verdict in natural Japanese."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.widgets.action_form import ActionForm

from console_fakes import Hub
from console_helpers import SIZE, text_of, until
from tests.conftest import REPO


async def act_tab(pilot, app) -> ActionForm:
    await until(pilot, lambda: app.console_screen is not None and app.console_screen._forms_ready
                and not [w for w in app.workers if w.group.startswith("check") and w.is_running], "console")
    await pilot.press("f4")
    return app.screen.query_one(ActionForm)


def prime_minister() -> ConsoleApp:
    """jp.pm's console in Japanese, on the shipped missile-launch exercise just after STARTEX."""
    hub = Hub(REPO / "scenarios" / "missile-launch.yaml")
    hub.handle("control", {"type": "start"})
    return ConsoleApp("ws://x/ws", hub.codes["jp.pm"], client_factory=hub.client, now=hub.now, lang="ja")


def lines(form: ActionForm) -> list[str]:
    ol = form.query_one(OptionList)
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


async def test_the_japanese_act_list_names_actions_without_their_ids():
    app = prime_minister()
    async with app.run_test(size=SIZE) as pilot:
        form = await act_tab(pilot, app)
        await until(pilot, lambda: any(line.startswith("⛔") for line in lines(form)), "a blocked action marked ⛔")
        shown = lines(form)
        assert any(line.startswith("国家安全保障会議（4大臣会合）を招集する") for line in shown)
        assert not [line for line in shown if "jp." in line or "us." in line], shown
        # Typed by id, the action is found and its id shown (it is what was typed); by name, no id.
        search = form.query_one("#action-search", Input)
        search.value = "convene-nsc"
        await until(pilot, lambda: lines(form) and all("jp.convene-nsc" in line for line in lines(form)),
                    "found by id, the id shown", seen=lambda: lines(form))
        search.value = "招集"
        await until(pilot, lambda: lines(form) and not any("jp." in line for line in lines(form)),
                    "found by name, no id", seen=lambda: lines(form))


async def test_a_blocked_action_reads_in_natural_japanese():
    """「実行すれば阻止」 read as "if you do it, you block": the verdict says the move would be blocked."""
    app = prime_minister()
    async with app.run_test(size=SIZE) as pilot:
        form = await act_tab(pilot, app)
        ol = form.query_one(OptionList)
        ol.focus()
        ol.highlighted = ol.get_option_index("jp.recognize-anticipated-armed-attack-situation")
        verdict = form.query_one("#verdict")
        await until(pilot, lambda: "⛔" in text_of(verdict), "the verdict", seen=lambda: text_of(verdict))
        assert text_of(verdict).startswith("武力攻撃予測事態を認定する（対処基本方針）：⛔ 実行すると阻止されます：")


async def test_a_blocked_decision_says_it_was_blocked_in_japanese():
    from tabletop.consoles.widgets.decision_card import DecisionCard

    hub = Hub()
    for command in ({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"}):
        hub.handle("control", command)
    app = ConsoleApp("ws://x/ws", hub.codes["blue.ops"], client_factory=hub.client, now=hub.now, lang="ja")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.console_screen is not None and app.console_screen.query("#decision-D1 #rationale"),
                    "the decision card")
        await pilot.press("f3")
        card = app.screen.query_one(DecisionCard)
        card.query_one("#opt-strike").value = True
        await pilot.click("#decision-D1 #submit")
        result = card.query_one("#result")
        await until(pilot, lambda: "⛔" in text_of(result), "the answer", seen=lambda: text_of(result))
        assert text_of(result).startswith("⛔ 阻止されました：")

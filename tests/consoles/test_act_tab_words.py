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


def lines(form: ActionForm) -> list[str]:
    ol = form.query_one(OptionList)
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


async def test_the_japanese_act_list_names_actions_without_their_ids():
    hub = Hub(REPO / "scenarios" / "missile-launch.yaml")
    hub.handle("control", {"type": "start"})
    app = ConsoleApp("ws://x/ws", hub.codes["jp.pm"], client_factory=hub.client, now=hub.now, lang="ja")
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

"""A console opened later (a rejoin, a reloaded browser tab, another terminal) shows the exercise as
it stands: a decided decision with its option marked, and the messages not yet seen counted."""

from __future__ import annotations

from textual.widgets import TabbedContent

from console_fakes import Hub
from console_helpers import SIZE, until
from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.screens.participant import ParticipantScreen
from tabletop.consoles.widgets.decision_card import DecisionCard


async def participant(pilot, app) -> ParticipantScreen:
    await until(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen._ready, "participant console")
    return app.screen


def console(hub: Hub, seat: str) -> ConsoleApp:
    return ConsoleApp("ws://x/ws", hub.codes[seat], client_factory=hub.client, now=hub.now)


async def test_a_decision_decided_before_the_console_opened_shows_the_option_chosen():
    hub = Hub()
    for command in ({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"}):
        hub.handle("control", command)
    assert hub.handle("blue.ops", {"type": "move", "decision": "D1", "option": "hold", "text": ""})["status"] == "accepted"
    app = console(hub, "blue.ops")
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query(DecisionCard), "the decision's card")
        card = screen.query_one(DecisionCard)
        await until(pilot, lambda: str(card.query_one("#opt-hold").label).startswith("✔"), "the chosen option marked")
        assert card.query_one("#opt-hold").value and not card.query_one("#opt-strike").value
        assert not str(card.query_one("#opt-strike").label).startswith("✔")


async def test_messages_not_yet_seen_are_counted_in_a_console_opened_later():
    hub = Hub()
    hub.handle("control", {"type": "start"})
    hub.handle("blue.lead", {"type": "message", "to": ["red.lead"], "text": "Stand down"})
    hub.handle("blue.lead", {"type": "message", "to": ["red.lead"], "text": "Or else"})
    app = console(hub, "red.lead")
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        tabs = screen.query_one(TabbedContent)
        await until(pilot, lambda: "(2 new)" in str(tabs.get_tab("messages").label), "Messages (2 new)")
        await pilot.press("f6")
        await until(pilot, lambda: "new" not in str(tabs.get_tab("messages").label), "read once the tab is open")
        await pilot.press("f3")  # left on another tab: the next console opens there
    hub.handle("blue.lead", {"type": "message", "to": ["red.lead"], "text": "Last warning"})
    again = console(hub, "red.lead")  # the seat's console opened again on this machine
    async with again.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, again)
        tabs = screen.query_one(TabbedContent)
        await until(pilot, lambda: "(1 new)" in str(tabs.get_tab("messages").label), "only the one sent since")


async def test_an_open_menus_esc_is_named_in_japanese_and_closes_it():
    from textual.widgets import Select

    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes["red.lead"], client_factory=hub.client, now=hub.now, lang="ja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query(Select), "the messages form")

        def footer() -> dict[str, str]:
            return {key: b.binding.description for key, b in screen.active_bindings.items() if b.binding.show}

        assert "escape" not in footer()  # no menu open: Esc is not taken
        await pilot.press("f6")
        select = screen.query_one(Select)
        select.focus()
        await pilot.press("enter")
        await until(pilot, lambda: select.expanded, "the recipients' menu open")
        await until(pilot, lambda: footer().get("escape") == "メニューを閉じる", "Esc named in Japanese")
        assert "Dismiss menu" not in footer().values()
        assert screen.active_bindings["ctrl+p"].binding.description == "コマンド"  # the palette key, on the right
        await pilot.press("escape")
        await until(pilot, lambda: not select.expanded, "closed by Esc")
        assert screen.focused is select

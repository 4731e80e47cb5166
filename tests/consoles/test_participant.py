"""A role player's main flows against a real session server: an inject arrives
in the inbox, a decision opens with its blocked option shown and cited, a
blocked attempt is explained at once, a decision is taken, a message crosses
to another seat, the hotwash opens at ENDEX; typed text survives a reconnect;
a bad code or an unreachable server ends with a message, not a traceback."""

from __future__ import annotations

from textual.widgets import Input, OptionList, RadioSet, Select, TabbedContent, TextArea

from tabletop.consoles.app import ConsoleApp
from tabletop.consoles.messages import ConnectionChanged
from tabletop.consoles.screens.participant import ParticipantScreen
from tabletop.consoles.widgets.action_form import ActionForm
from tabletop.consoles.widgets.connection_badge import ConnectionBadge
from tabletop.consoles.widgets.decision_card import DecisionCard
from tabletop.consoles.widgets.inbox import Inbox
from tabletop.consoles.widgets.messages_panel import MessagesPanel

from console_helpers import SIZE, text_of, until


def hub_console(seat: str):
    """A seat's console on the in-memory hub (no server, no clock running)."""
    from console_fakes import Hub

    hub = Hub()
    return hub, ConsoleApp("ws://x/ws", hub.codes[seat], client_factory=hub.client, now=hub.now)


async def participant(pilot, app) -> ParticipantScreen:
    """The participant console, up with every tab's form (the Act, Messages and Hotwash forms are
    mounted just after the first frame) and its first questions to the rules answered (which
    actions are blocked): a test that ended before would close the console mid-way through them."""
    await until(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen._forms_ready
                and not [w for w in app.workers if w.group.startswith("check") and w.is_running],
                "participant console")
    return app.screen


async def started(live):
    """Control starts, stops the clock running ahead, and releases I01 (which opens D1 for blue.ops)."""
    await live.control({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"})


async def test_inbox_decision_block_with_citation_then_decide(live):
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        assert "Blue Operations" in text_of(screen.query_one("RoleBanner"))
        await started(live)

        inbox = screen.query_one(Inbox)
        await until(pilot, lambda: inbox.items, "I01 in the inbox")
        assert "1 unread" in inbox.border_title
        assert "● " in str(inbox.query_one(OptionList).get_option_at_index(0).prompt)
        assert "Press F2" in text_of(inbox.query_one("#reader-text"))  # the key to get there
        inbox.query_one(OptionList).focus()
        await pilot.press("down")
        await until(pilot, lambda: "Something is coming." in text_of(inbox.query_one("#reader-text")), "inject read")
        assert "unread" not in inbox.border_title

        await until(pilot, lambda: screen.query("#decision-D1 #rationale"), "decision card")
        card = screen.query_one(DecisionCard)
        assert "Strike or hold?" in text_of(card.query_one("#prompt"))
        # The rules are asked about each option: strike is shown blocked, with reason and citation.
        await until(pilot, lambda: "Mini Act Art. 3" in text_of(card.query_one("#why-blocked")), "blocked option cited")
        assert "BLOCKED" in str(card.query_one("#opt-strike").label)

        await pilot.press("f3")
        card.query_one("#opt-strike").value = True
        card.query_one("#rationale", Input).value = "Strike before they launch again"
        await pilot.click("#decision-D1 #submit")
        await until(pilot, lambda: "BLOCKED" in text_of(card.query_one("#result")), "blocked at once")
        assert "Needs approval" in text_of(card.query_one("#result"))
        assert "Mini Act Art. 3" in text_of(card.query_one("#result"))
        blocked = [e for e in live.session.store.read() if e.type == "MoveBlocked"]
        assert blocked and blocked[-1].data["text"] == "Strike before they launch again"

        card.query_one("#opt-hold").value = True
        await pilot.click("#decision-D1 #submit")
        await until(pilot, lambda: "ACCEPTED" in text_of(card.query_one("#result")), "accepted")
        await until(pilot, lambda: card.decision.status == "resolved", "decision closed")
        await until(pilot, lambda: card.query_one(RadioSet).disabled, "the closed card's options disabled")
        await until(pilot, lambda: not card.query_one("#rationale-row").display, "no dead input and button on a closed card")
        screen.tick()  # the clocks move on; the outcome stays
        await pilot.pause()
        await until(pilot, lambda: "Decided: Hold" in text_of(card.query_one("#countdown")), "outcome on the card")
        assert live.session.state.decision("D1").option == "hold"
        # a long outcome (an option's whole label) is cut at the card's edge; it never covers the id
        card.query_one("#countdown").update("Decided: " + "a very long option label " * 8)
        await pilot.pause()
        assert card.query_one("#decision-id").region.width >= len("D1")


async def test_free_action_blocked_is_explained(live):
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await started(live)
        await pilot.press("f4")
        form = screen.query_one(ActionForm)
        await pilot.press(*"approve")
        await until(pilot, lambda: form.query_one(OptionList).option_count == 1, "search narrows to one action")
        await pilot.press("enter")  # to the list
        await until(pilot, lambda: form.selected_action == "blue.approve", "action highlighted")
        await until(pilot, lambda: "would be blocked" in text_of(form.query_one("#verdict")), "verdict shown before")
        form.query_one("#note", Input).value = "I approve it myself"
        await pilot.click("#take")
        await until(pilot, lambda: "no authority" in text_of(form.query_one("#action-result")), "explained")
        assert "Mini Act Art. 1" in text_of(form.query_one("#action-result"))


async def test_the_act_tab_lists_every_action_before_anything_is_typed(live):
    for lang in ("en", "ja"):
        app = ConsoleApp(live.url, live.codes["blue.ops"], lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            screen = await participant(pilot, app)
            await until(pilot, lambda: screen.query(ActionForm), "action form")
            await pilot.press("f4")
            form = screen.query_one(ActionForm)
            assert form.query_one("#action-search", Input).value == "" and len(form.actions) > 0
            await until(pilot, lambda: form.query_one(OptionList).option_count == len(form.actions),
                        f"every action listed ({lang})")


async def test_a_blocked_moves_note_does_not_follow_to_another_action(live):
    """The note of a blocked move stays for a retry of that action, not for the next one taken."""
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await started(live)
        await pilot.press("f4")
        form = screen.query_one(ActionForm)
        await pilot.press(*"approve")
        await until(pilot, lambda: form.query_one(OptionList).option_count == 1, "search narrows to one action")
        await pilot.press("enter")
        await until(pilot, lambda: form.selected_action == "blue.approve", "action highlighted")
        note = form.query_one("#note", Input)
        note.value = "I approve it myself"
        await pilot.click("#take")
        await until(pilot, lambda: "no authority" in text_of(form.query_one("#action-result")), "blocked")
        assert note.value == "I approve it myself"  # kept for a retry
        form.query_one("#action-search", Input).value = ""
        ol = form.query_one(OptionList)
        await until(pilot, lambda: ol.option_count > 1, "every action listed again")
        other = next(i for i in range(ol.option_count) if ol.get_option_at_index(i).id != "blue.approve")
        ol.highlighted = other
        await until(pilot, lambda: note.value == "", "the old note is not carried to another action")
        note.value = "a new note"
        ol.highlighted = next(i for i in range(ol.option_count) if i not in (other,)
                              and ol.get_option_at_index(i).id != "blue.approve")
        await pilot.pause()
        assert note.value == "a new note"  # what the player typed since is kept


async def test_message_crosses_to_another_side(live):
    received: list[dict] = []
    await live.client("red.lead", on_event=received.append)
    app = ConsoleApp(live.url, live.codes["blue.lead"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await started(live)
        await pilot.press("f6")
        panel = screen.query_one(MessagesPanel)
        panel.query_one(Select).value = "red.lead"
        panel.query_one("#message-text", Input).value = "We see the launch too."
        panel.query_one("#message-text", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: any(e["type"] == "MessageSent" for e in received), "red.lead gets the message")
        assert [e for e in received if e["type"] == "MessageSent"][-1]["data"]["text"] == "We see the launch too."
        await until(pilot, lambda: "We see the launch too." in text_of(panel.query_one("#message-log")),
                    "sender sees it in the thread")
        assert panel.query_one("#message-text", Input).value == ""


async def test_message_without_a_recipient_asks_for_one(live):
    """F6 puts the cursor on "To" first; a message with no recipient is not sent but explained."""
    app = ConsoleApp(live.url, live.codes["blue.lead"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query(MessagesPanel), "messages form")
        await pilot.press("f6")
        panel = screen.query_one(MessagesPanel)
        await until(pilot, lambda: app.focused is panel.query_one(Select), "the cursor on To")
        panel.query_one("#message-text", Input).value = "Anyone there?"
        panel.query_one("#message-text", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: any("Choose who to send to" in str(n.message) for n in app._notifications),
                    "asked to choose a recipient")
        assert not [e for e in live.session.store.read() if e.type == "MessageSent"]
        assert panel.query_one("#message-text", Input).value == "Anyone there?"
        panel.query_one(Select).value = "red.lead"
        await pilot.press("f6")
        await until(pilot, lambda: app.focused is panel.query_one("#message-text", Input), "a recipient: cursor on text")


async def test_notifications_show_brackets_as_written():
    """Reasons, citations and players' words go into notifications: "[...]" is text, not markup."""
    from textual.widgets._toast import Toast

    hub, app = hub_console("red.lead")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await participant(pilot, app)
        screen.notify("Overruled [/] see [Mini Act Art. 3]", title="Ruling")
        await until(pilot, lambda: any("Overruled [/] see [Mini Act Art. 3]" in text_of(t)
                                       for t in app.screen.query(Toast)), "the toast as written")


async def test_an_incoming_message_is_announced_and_counted_until_read(live):
    """A message to this seat pops up with its sender and words (brackets and all), and the Messages
    tab says how many are new until it is opened."""
    from textual.widgets._toast import Toast

    app = ConsoleApp(live.url, live.codes["red.lead"])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query(MessagesPanel), "messages form")
        blue = await live.client("blue.lead")
        await blue.send({"type": "message", "to": ["red.lead"], "text": "Per [Mini Act Art. 3] we hold [/] fire"})
        tabs = screen.query_one(TabbedContent)
        await until(pilot, lambda: "(1 new)" in str(tabs.get_tab("messages").label), "Messages (1 new)")
        # The toast shows the words as written (read as markup, "[/]" stopped the console).
        await until(pilot, lambda: any("[Mini Act Art. 3] we hold [/] fire" in text_of(t) for t in app.screen.query(Toast)),
                    "the toast with the message as written")
        assert any("Blue Leader" in text_of(t) for t in app.screen.query(Toast))
        await pilot.press("f6")
        await until(pilot, lambda: "new" not in str(tabs.get_tab("messages").label), "counted as read")
        assert "[Mini Act Art. 3]" in text_of(screen.query_one("#message-log"))


async def test_hotwash_opens_at_endex(live):
    app = ConsoleApp(live.url, live.codes["red.lead"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await live.control({"type": "start"}, {"type": "end"})
        tabs = screen.query_one(TabbedContent)
        await until(pilot, lambda: tabs.active == "hotwash" and screen.query("#strengths"), "hotwash tab")
        screen.query_one("#strengths", TextArea).text = "Quick warning"
        screen.query_one("#improvements", TextArea).text = "Slower approvals"
        button = screen.query_one("#hotwash-submit")
        await until(pilot, lambda: button.region.width and not button.disabled, "the form laid out and open")
        await pilot.click("#hotwash-submit")
        await until(pilot, lambda: "Thank you" in text_of(screen.query_one("#hotwash-result")), "thanks")
        hot = [e for e in live.session.store.read() if e.type == "HotwashSubmitted"]
        assert hot[-1].data == {"strengths": "Quick warning", "improvements": "Slower approvals"}


async def test_language_toggle_switches_scenario_text(live):
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await started(live)
        await until(pilot, lambda: screen.query("#decision-D1 #rationale"), "decision card")
        await pilot.press("f9")
        card = screen.query_one(DecisionCard)
        await until(pilot, lambda: "打撃か待機か" in text_of(card.query_one("#prompt")), "prompt in Japanese")
        assert "青作戦" in text_of(screen.query_one("RoleBanner")).splitlines()[0]
        await pilot.press("f9")
        await until(pilot, lambda: "Strike or hold?" in text_of(card.query_one("#prompt")), "back to English")


async def test_typed_text_survives_a_reconnect(live):
    statuses: list[str] = []

    def hook(message):
        if isinstance(message, ConnectionChanged):
            statuses.append(message.status)

    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        screen = await participant(pilot, app)
        await started(live)
        await until(pilot, lambda: screen.query("#decision-D1 #rationale"), "decision card")
        box = screen.query_one("#decision-D1 #rationale", Input)
        box.value = "Half-written rationale"
        await live.drop_connections()
        await until(pilot, lambda: "reconnecting" in statuses, "reconnecting shown")
        await until(pilot, lambda: statuses[-1] == "connected" and screen.query_one(ConnectionBadge).status
                    == "connected", "reconnected by itself")
        assert screen.query_one("#decision-D1 #rationale", Input) is box
        assert box.value == "Half-written rationale"
        # And the console still follows the exercise after the reconnect.
        await live.control({"type": "release", "inject": "I04"})
        await until(pilot, lambda: any(i.inject == "I04" for i in screen.query_one(Inbox).items), "I04 after it")


async def test_bad_code_fails_with_a_message(live):
    app = ConsoleApp(live.url, "NOT-A-REAL-CODE")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.failure is not None, "failure")
    assert "code" in app.failure
    assert app.return_code == 2


async def test_unreachable_server_fails_with_a_message():
    app = ConsoleApp("ws://127.0.0.1:9/ws", "ANY")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.failure is not None, "failure")
    assert "cannot reach" in app.failure and "nothing is listening at 127.0.0.1:9" in app.failure
    assert "ssl" not in app.failure  # aiohttp's own words (ssl:default) mean nothing to a player
    assert app.return_code == 2


async def test_an_address_without_scheme_or_path_joins(live):
    """`tabletop join 127.0.0.1:8765 --code X`: what people type from a sheet of paper."""
    bare = live.url.removeprefix("ws://").removesuffix("/ws")
    app = ConsoleApp(bare, live.codes["blue.ops"])
    async with app.run_test(size=SIZE) as pilot:
        await participant(pilot, app)


async def test_console_asks_for_the_code_and_lets_a_typo_be_fixed(live):
    from tabletop.consoles.screens.ask_code import AskCodeScreen

    app = ConsoleApp(live.url, None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, AskCodeScreen), "asked for the code")
        await pilot.press(*"WRONG-CODE", "enter")
        await until(pilot, lambda: "code" in text_of(app.screen.query_one("#ask-error")).lower()
                    and not app.screen.query_one(Input).disabled, "refusal shown")
        app.screen.query_one(Input).value = live.codes["red.lead"].lower()
        await pilot.press("enter")
        await participant(pilot, app)
        assert app.failure is None


async def test_scenario_texts_with_brackets_show_as_written():
    """A prompt or option label with "[...]" (a citation, or "[/]") is text, not markup: it neither
    vanishes nor stops the console."""
    from textual.app import App

    from tabletop.consoles.model import OpenDecision

    decision = OpenDecision("D9", "I09", {"en": "Order it now [SDF Act Art. 82-3]? [/]"},
                            [{"id": "go", "label": {"en": "Go [Art. 76]"}}, {"id": "wait", "label": {"en": "Wait"}}],
                            None, "wait")

    class One(App):
        def compose(self):
            yield DecisionCard(decision)

    app = One()
    async with app.run_test(size=SIZE) as pilot:
        card = app.query_one(DecisionCard)
        await until(pilot, lambda: card.is_mounted, "the card")
        await pilot.pause()
        assert "Order it now [SDF Act Art. 82-3]? [/]" in text_of(card.query_one("#prompt"))
        assert "Go [Art. 76]" in str(card.query_one("#opt-go").label)
        decision.status, decision.option = "resolved", "go"
        card.refresh_state()
        await pilot.pause()
        assert "Go [Art. 76]" in text_of(card.query_one("#countdown"))


async def test_the_footer_names_the_keys_in_the_chosen_language():
    hub, app = hub_console("blue.ops")
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)

        def footer() -> list[str]:
            return [b.binding.description for b in screen.active_bindings.values() if b.binding.show]

        assert "Inbox" in footer() and "Decide" in footer()
        await pilot.press("f9")
        await until(pilot, lambda: "受信" in footer() and "決定" in footer(), "the keys named in Japanese")
        assert "Inbox" not in footer()
        # the empty inbox's title and its hint follow too, and the messages' "To"
        await until(pilot, lambda: screen.query_one("#message-to", Select).prompt == "宛先", "To in Japanese")
        await until(pilot, lambda: str(screen.query_one(Inbox).border_title) == "受信", "inbox titled in Japanese")
        assert "まだありません" in text_of(screen.query_one(Inbox).query_one("#reader-text"))
        await pilot.press("f9")
        await until(pilot, lambda: "Inbox" in footer(), "back in English")
        await until(pilot, lambda: str(screen.query_one(Inbox).border_title) == "Inbox", "inbox titled in English")


async def test_a_block_lifted_since_says_to_submit_again_and_follows_the_language():
    from console_fakes import Hub

    hub = Hub()
    for command in ({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"},
                    {"type": "release", "inject": "I02"}):
        hub.handle("control", command)
    app = ConsoleApp("ws://x/ws", hub.codes["blue.ops"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query("#decision-D1 #submit"), "decision card")
        card = screen.query_one(DecisionCard)
        card.query_one("#opt-strike").value = True
        await pilot.click("#decision-D1 #submit")
        await until(pilot, lambda: "BLOCKED" in text_of(card.query_one("#result")), "blocked")
        assert "now allow" not in text_of(card.query_one("#result"))
        hub.handle("blue.lead", {"type": "action", "action": "blue.approve", "text": ""})  # the approval comes
        await until(pilot, lambda: "press Decide to submit it again" in text_of(card.query_one("#result")),
                    "told the option is now allowed")
        await pilot.press("f9")
        await until(pilot, lambda: "阻止" in text_of(card.query_one("#result")), "the outcome in Japanese")
        assert "再提出" in text_of(card.query_one("#result"))


async def test_the_reconnecting_badge_is_shown_whole():
    """"◌ RECONNECTING…" is wider than "● connected": the badge grows to fit (it showed "◌")."""
    hub, app = hub_console("blue.ops")
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        badge = screen.query_one(ConnectionBadge)
        hub.clients[-1].set_status("reconnecting")
        await until(pilot, lambda: badge.status == "reconnecting", "reconnecting")
        await pilot.pause()
        words = "◌ RECONNECTING…"
        assert badge.content_region.width >= len(words) and badge.region.right <= SIZE[0]
        assert text_of(badge).strip() == words


async def test_hotwash_takes_typing_at_once_and_ctrl_s_sends_it(live):
    app = ConsoleApp(live.url, live.codes["red.lead"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await live.control({"type": "start"}, {"type": "end"})
        await until(pilot, lambda: screen.query("#strengths") and app.focused is screen.query_one("#strengths"),
                    "the cursor in Strengths")
        await pilot.press(*"Fast", "tab", *"Slow")
        assert screen.query_one("#improvements", TextArea).text == "Slow"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Thank you" in text_of(screen.query_one("#hotwash-result")), "thanks")
        hot = [e for e in live.session.store.read() if e.type == "HotwashSubmitted"]
        assert hot[-1].data == {"strengths": "Fast", "improvements": "Slow"}


async def test_a_long_option_wraps_whole_under_its_button():
    """An option longer than the card is shown whole on several lines (it was cut with "…",
    the legal basis last)."""
    from textual.app import App

    from tabletop.consoles.model import OpenDecision

    long = "Issue an order now under the Emergency Response Procedures (SDF Act Art. 82-3(3))"
    decision = OpenDecision("D1", "I02", {"en": "How?"}, [{"id": "standing", "label": {"en": long}},
                                                          {"id": "wait", "label": {"en": "Wait"}}], None, "wait")

    class Narrow(App):
        def compose(self):
            yield DecisionCard(decision)

    app = Narrow()
    async with app.run_test(size=(44, 30)) as pilot:
        card = app.query_one(DecisionCard)
        await until(pilot, lambda: card.query("#opt-standing") and card.query_one("#opt-standing").region.height,
                    "laid out")
        button = card.query_one("#opt-standing")
        assert button.region.height >= 2
        shown = " ".join(" ".join(str(button.render()).split()).split("\n"))
        assert "(SDF Act Art. 82-3(3))" in shown and "…" not in shown
        assert card.query_one("#opt-wait").region.height == 1


async def test_a_ruling_is_announced_in_plain_words_and_the_seats_language():
    from console_fakes import Hub

    hub = Hub()
    for command in ({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"}):
        hub.handle("control", command)
    app = ConsoleApp("ws://x/ws", hub.codes["blue.ops"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        blocked = hub.handle("blue.ops", {"type": "action", "action": "blue.strike", "text": ""})
        assert blocked["status"] == "blocked"
        seq = max(e.seq for e in hub.session.store.read() if e.type == "MoveBlocked")
        hub.handle("control", {"type": "ruling", "target": seq, "verdict": "uphold", "reason": "Not yet"})
        await until(pilot, lambda: any("upheld the block" in n.message and "“Strike”" in n.message
                                       and "Not yet" in n.message for n in app._notifications), "ruling, plainly")
        await pilot.press("f9")
        await until(pilot, lambda: screen.lang == "ja", "Japanese")
        hub.handle("control", {"type": "release", "inject": "I02"})
        hub.handle("control", {"type": "release", "inject": "I03"})
        await until(pilot, lambda: any("新しい付与" in n.title for n in app._notifications), "a new inject, in Japanese")


async def test_injects_read_before_stay_read_in_a_new_console():
    """Reading acknowledges (logged); a console opened again (after a crash, on another terminal)
    shows them read, not all unread again."""
    from console_fakes import Hub

    hub = Hub()
    for command in ({"type": "start"}, {"type": "pause"}, {"type": "release", "inject": "I01"}):
        hub.handle("control", command)
    hub.handle("blue.ops", {"type": "ack", "inject": "I01"})
    app = ConsoleApp("ws://x/ws", hub.codes["blue.ops"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        inbox = screen.query_one(Inbox)
        await until(pilot, lambda: inbox.items, "I01 in the inbox")
        assert inbox.items[0].read and "unread" not in inbox.border_title


async def test_f3_shows_the_decisions_tab_even_with_no_decision_open():
    """From the Act tab (the cursor in its search field), F3 goes to Decisions though nothing is open there."""
    hub, app = hub_console("blue.ops")
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query(ActionForm), "action form")
        tabs = screen.query_one(TabbedContent)
        for key, tab in (("f4", "act"), ("f3", "decisions"), ("f6", "messages"), ("f3", "decisions")):
            await pilot.press(key)
            await until(pilot, lambda: tabs.active == tab, f"{key} shows {tab}")
            await pilot.pause()
            assert tabs.active == tab  # and stays there


async def test_down_from_the_search_goes_into_the_list_and_typing_there_goes_to_the_note(live):
    """↓ from the search box moves into the list; Tab, type, Enter keeps the note and takes the
    highlighted action, which is the one named above the note."""
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await started(live)
        await until(pilot, lambda: screen.query(ActionForm), "action form")
        await pilot.press("f4")
        form = screen.query_one(ActionForm)
        ol = form.query_one(OptionList)
        await pilot.press(*"approve")
        await until(pilot, lambda: ol.option_count == 1, "search narrows to one action")
        await pilot.press("down")
        await until(pilot, lambda: app.focused is ol and form.selected_action == "blue.approve", "into the list")
        await pilot.press("shift+tab")  # back to the search, then Tab, type, Enter
        await until(pilot, lambda: app.focused is form.query_one("#action-search"), "back in the search")
        await pilot.press("tab", *"my note", "enter")
        note = form.query_one("#note", Input)
        await until(pilot, lambda: "no authority" in text_of(form.query_one("#action-result")), "taken and explained")
        assert note.value == "my note"  # kept: the move was blocked, the text is there for a retry
        assert text_of(form.query_one("#verdict")).startswith("Approve operation — ⛔")  # what Enter took
        logged = [e for e in live.session.store.read() if e.type == "MoveBlocked"]
        assert logged[-1].data["text"] == "my note" and logged[-1].data["action"] == "blue.approve"


async def test_the_act_list_marks_blocked_actions(live):
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await started(live)
        await until(pilot, lambda: screen.query(ActionForm), "action form")
        form = screen.query_one(ActionForm)
        ol = form.query_one(OptionList)

        def line(action: str) -> str:
            return str(ol.get_option_at_index(ol.get_option_index(action)).prompt)

        await until(pilot, lambda: line("blue.strike").startswith("⛔"), "strike marked blocked in the list")
        await until(pilot, lambda: "blue.hold" in form.verdicts, "hold checked too")
        assert not line("blue.hold").startswith("⛔")  # allowed: no mark


def shown_at(app, widget) -> bool:
    """The widget is on screen and nothing covers it (what the eyes can see)."""
    region = widget.region
    if not region.width or not region.height:
        return False
    screen_region = app.screen.region
    if not screen_region.contains(region.x, region.y):
        return False
    return app.screen.get_widget_at(region.x, region.y)[0] is widget


async def test_the_hotwash_confirmation_is_on_screen_at_200x50_and_it_cannot_be_sent_twice(at_hotwash):
    app, pilot, screen = at_hotwash.app, at_hotwash.pilot, at_hotwash.screen
    await pilot.press(*"Fast", "tab", *"Slow", "ctrl+s")
    result = screen.query_one("#hotwash-result")
    await until(pilot, lambda: "recorded" in text_of(result), "the confirmation")
    await pilot.pause()
    assert shown_at(app, result)
    assert result.region.y < screen.query_one("#strengths").region.y  # at the top, read first
    assert not screen.query_one("#hotwash-submit").display  # nothing left to press twice
    assert screen.query_one("#strengths", TextArea).text == "Fast"  # what was sent stays on show
    assert screen.query_one("#strengths", TextArea).disabled
    assert len([e for e in at_hotwash.hub.session.store.read() if e.type == "HotwashSubmitted"]) == 1


async def test_a_sent_message_says_so_under_the_box_and_clears_it(live):
    app = ConsoleApp(live.url, live.codes["blue.lead"])
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await participant(pilot, app)
        await started(live)
        await until(pilot, lambda: screen.query(MessagesPanel), "messages panel")
        await pilot.press("f6")
        panel = screen.query_one(MessagesPanel)
        box = panel.query_one("#message-text", Input)
        box.value = "nobody to send to"
        box.focus()
        await pilot.press("enter")  # no recipient chosen: said, and the text kept
        await until(pilot, lambda: "Choose who" in text_of(panel.query_one("#message-result")), "asked for a recipient")
        assert box.value == "nobody to send to"
        panel.query_one("#message-to", Select).value = "red.lead"
        box.focus()
        await pilot.press("enter")
        result = panel.query_one("#message-result")
        await until(pilot, lambda: "Sent to" in text_of(result), "sent")
        assert box.value == "" and shown_at(app, result)


async def test_the_language_tab_and_scroll_are_kept_across_a_reconnect_and_a_rejoin(live):
    """A seat that chose Japanese and the Act tab gets them back after its socket drops, and in a
    console opened again with the same code (a crash, a reloaded browser tab), unless --lang says."""
    app = ConsoleApp(live.url, live.codes["blue.ops"], lang=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, app)
        await until(pilot, lambda: screen.query(ActionForm), "forms")
        assert screen.lang == "en"
        await pilot.press("f9", "f4")
        await until(pilot, lambda: screen.lang == "ja" and screen.query_one(TabbedContent).active == "act", "ja, Act")
        ol = screen.query_one("#action-list", OptionList)
        await pilot.resize_terminal(160, 16)  # a short list, so it scrolls
        await until(pilot, lambda: ol.max_scroll_y > 0, "the action list scrolls")
        ol.scroll_to(y=2, animate=False, immediate=True)
        await live.drop_connections()
        await until(pilot, lambda: screen.query_one(ConnectionBadge).status == "connected", "reconnected")
        assert screen.lang == "ja" and screen.query_one(TabbedContent).active == "act"
        screen._keep_scroll()
    again = ConsoleApp(live.url, live.codes["blue.ops"], lang=None)
    async with again.run_test(size=(160, 16)) as pilot:
        screen = await participant(pilot, again)
        assert screen.lang == "ja"
        await until(pilot, lambda: screen.query_one(TabbedContent).active == "act", "back on the Act tab")
        ol = screen.query_one("#action-list", OptionList)
        await until(pilot, lambda: ol.scroll_y == 2, "scrolled where it was")
    told = ConsoleApp(live.url, live.codes["blue.ops"], lang="en")  # --lang en: said, so it wins
    async with told.run_test(size=SIZE) as pilot:
        screen = await participant(pilot, told)
        assert screen.lang == "en"

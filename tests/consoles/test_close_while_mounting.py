"""A console closed while it is still being put on screen ends cleanly (#24, the known gap after
stop 31): closed the moment its screen is chosen (ctrl+q at once, a browser tab closed, the server
gone), no Textual error about a tab that is not there, exit status 0."""

from __future__ import annotations

import pytest

from tabletop.consoles.app import ConsoleApp, console_path
from tabletop.consoles.screens.participant import ParticipantScreen

from console_helpers import until


class ClosedAtOnce(ConsoleApp):
    """Quits in the same moment the console screen is switched to, before it is mounted."""

    CSS_PATH = str(console_path() / "consoles.tcss")  # a relative one is read beside this file

    def on_connected(self, message) -> None:
        super().on_connected(message)
        self.exit(0)


@pytest.mark.parametrize("seat", ["blue.ops", "control", "evaluator-1"])
async def test_a_console_closed_while_its_screen_mounts_ends_cleanly(seat):
    from console_fakes import Hub

    hub = Hub()
    app = ClosedAtOnce("ws://x/ws", hub.codes[seat], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=(200, 50)):
        pass  # leaving the block waits for the app to end; an error in a handler is raised here
    assert app.console_screen is not None  # the console was on its way when it closed
    assert app.return_code == 0


async def test_a_real_console_quit_the_moment_its_screen_is_chosen_ends_cleanly(live):
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the console chosen")
        app.exit()
    assert app.return_code == 0


async def test_a_console_quit_after_its_first_frame_before_its_forms_ends_cleanly(live):
    app = ConsoleApp(live.url, live.codes["blue.ops"])
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen._ready, "the console drawn")
        assert not app.screen._forms_ready
        app.exit()
    assert app.return_code == 0


async def test_a_console_closed_while_its_tab_strip_mounts_ends_cleanly(monkeypatch):
    """The narrowest moment: the console closes just as its tab strip (F3 Decide, F4 Act …) is being
    composed, so Textual mounts the strip without its tabs."""
    from textual.widgets import Tabs

    from console_fakes import Hub

    compose = Tabs.compose

    def closing_compose(self):
        self.app.exit(0)  # the console closes here (ctrl+q, a closed browser tab)
        yield from compose(self)

    monkeypatch.setattr(Tabs, "compose", closing_compose)
    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes["blue.ops"], client_factory=hub.client, now=hub.now)
    async with app.run_test(size=(200, 50)):
        pass
    assert isinstance(app.console_screen, ParticipantScreen)
    assert app.return_code == 0

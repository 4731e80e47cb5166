"""The footer as a facilitator or a player reads it: at 160 columns the Japanese facilitator footer
has every key with its full words, as the English one does; F9 is named, and named alike, in every
console; a player at 80x24 after ENDEX still sees every tab's key."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tabletop.consoles.app import ConsoleApp
from tabletop.phrasebook import cells

from console_fakes import Hub
from console_helpers import until


async def opened(pilot):
    app = pilot.app
    await until(pilot, lambda: app.console_screen is not None and app.console_screen._ready, "console")
    await pilot.pause()
    return app.console_screen


def footer(screen) -> dict[str, str]:
    """The footer's keys as shown: key -> its words."""
    return {k.key_display or k.key: k.description for k in screen.query_one(Footer).query(FooterKey)}


def fits(screen) -> bool:
    f = screen.query_one(Footer)
    return f.virtual_size.width <= f.size.width


@pytest.mark.parametrize("lang, words", [
    ("ja", {"s": "開始", "p": "停止/再開", "a": "臨時付与", "c": "コード", "f9": "EN/日本語"}),
    ("en", {"s": "Start", "p": "Pause/Resume", "a": "Ad hoc", "c": "Codes", "f9": "EN/日本語"}),
])
async def test_the_facilitator_footer_at_160_columns_has_every_key_in_full_words(lang, words):
    hub = Hub()
    hub.handle("control", {"type": "start"})
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now, lang=lang)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await opened(pilot)
        await until(pilot, lambda: words.items() <= footer(screen).items(), "the full footer",
                    seen=lambda: footer(screen))
        assert fits(screen)
        hub.handle("control", {"type": "end"})  # "Fork here" comes at ENDEX (a run with the log on hand)
        await until(pilot, lambda: screen.view.state.phase == "ended", "ENDEX")
        await pilot.pause()
        assert fits(screen) and "f9" in footer(screen)


@pytest.mark.parametrize("seat, present", [("control", False), ("blue.ops", False), ("evaluator-1", False),
                                           ("control", True)])
async def test_f9_has_the_same_name_in_every_console(seat, present):
    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes[seat], client_factory=hub.client, now=hub.now, present=present)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await opened(pilot)
        for lang in ("en", "ja"):
            app.lang = lang
            await until(pilot, lambda: footer(screen).get("f9") == "EN/日本語", f"{seat} ({lang}): f9 EN/日本語",
                        seen=lambda: footer(screen))


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_a_player_at_80x24_after_endex_sees_every_tabs_key(lang):
    hub = Hub()
    hub.handle("control", {"type": "start"})
    hub.handle("control", {"type": "end"})
    app = ConsoleApp("ws://x/ws", hub.codes["red.lead"], client_factory=hub.client, now=hub.now, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await until(pilot, lambda: app.focused is screen.query_one("#strengths"), "the cursor in the hotwash")
        await pilot.pause()
        shown = footer(screen)
        assert {"f2", "f3", "f4", "f6", "f7", "f9"} <= shown.keys(), shown
        assert fits(screen), shown
        assert sum(cells(k) + cells(w) + 1 for k, w in shown.items()) <= 80


@pytest.mark.parametrize("lang, said", [("ja", "f9：EN/日本語"), ("en", "f9: EN/日本語")])
async def test_a_narrow_facilitator_names_f9_in_the_header(lang, said):
    from console_helpers import text_of

    hub = Hub()
    app = ConsoleApp("ws://x/ws", hub.codes["control"], client_factory=hub.client, now=hub.now, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await until(pilot, lambda: text_of(screen.query_one("#hint")).startswith(said), "F9 named in the header",
                    seen=lambda: text_of(screen.query_one("#hint")))
        assert fits(screen)
        await pilot.resize_terminal(160, 48)  # wide again: the footer names it
        await until(pilot, lambda: footer(screen).get("f9") == "EN/日本語", "F9 in the footer")
        assert said not in text_of(screen.query_one("#hint"))

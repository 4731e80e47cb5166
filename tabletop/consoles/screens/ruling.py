"""Rule on a blocked move (overrule or uphold), or adjudicate any logged event, with a reason."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioSet, Static
from textual.widgets.option_list import Option

from tabletop.consoles.widgets.choice import Choice
from tabletop.consoles.widgets.typing import into_field
from tabletop.phrasebook import section


class RulingScreen(ModalScreen[dict | None]):
    """Returns the `ruling` command, or None if cancelled. `blocked` is [(seq, description)]."""

    DEFAULT_CSS = """
    RulingScreen { align: center middle; }
    RulingScreen > VerticalScroll { width: 100; max-width: 100%; height: auto; max-height: 100%; border: thick #e0c060; background: $surface; padding: 1 2; }
    RulingScreen OptionList { height: auto; max-height: 12; }
    RulingScreen RadioSet { height: auto; }
    RulingScreen #error { color: #ff5555; height: auto; }
    RulingScreen Horizontal { height: auto; align-horizontal: right; }
    RulingScreen Button { margin-left: 2; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, blocked: list[tuple[int, object]], lang: str = "en") -> None:
        super().__init__()
        self.blocked = blocked
        self.w = section("consoles.ruling", lang)
        self._discard_armed = False  # Cancel pressed once with a reason typed

    def compose(self) -> ComposeResult:
        with VerticalScroll():  # a small terminal scrolls to the reason and Record
            w = self.w
            yield Static(w["intro"])
            if self.blocked:
                yield OptionList(*[Option(text, id=str(seq)) for seq, text in self.blocked], id="targets")
            else:
                yield Static(w["none_blocked"], classes="dim")
            yield Label(w["target"])
            yield Input(id="target", placeholder=w["target_example"], type="integer")
            with RadioSet(id="verdict"):
                # No verdict is chosen for the facilitator: a quick Enter must not overrule anything.
                yield Choice(w["overrule"], id="overrule")
                yield Choice(w["uphold"], id="uphold")
                yield Choice(w["adjudicate"], id="adjudicate")
            yield Label(w["reason"])
            yield Input(id="reason", placeholder=w["why"], select_on_focus=False)
            yield Static("", id="error")
            with Horizontal():  # Record first: Tab from the reason lands on it, not on Cancel
                yield Button(w["record"], id="record", variant="warning")
                yield Button(w["cancel"], id="cancel")

    AUTO_FOCUS = "#verdict"  # ↑/↓ and Space choose the verdict, Tab goes on to the reason, Enter records

    def on_mount(self) -> None:
        if self.blocked:
            targets = self.query_one("#targets", OptionList)
            targets.highlighted = 0
            self.query_one("#target", Input).value = str(self.blocked[0][0])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#target", Input).value = event.option.id or ""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#reason", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """A letter typed on the verdicts, the list or a button goes into the reason."""
        into_field(event, self.focused, self.query_one("#reason", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "reason":
            self._record()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "record":
            self._record()
        else:
            self.action_cancel()

    def _record(self) -> None:
        target = self.query_one("#target", Input).value.strip()
        reason = self.query_one("#reason", Input).value.strip()
        pressed = self.query_one("#verdict", RadioSet).pressed_button
        verdict = pressed.id if pressed is not None else None
        problems = []
        if not target.isdigit():
            problems.append(self.w["need_target"])
        if not verdict:
            problems.append(self.w["need_verdict"])
        if not reason:
            problems.append(self.w["need_reason"])
        if problems:
            said = self.w("problems", problems=self.w["separator"].join(problems))
            self.query_one("#error", Static).update(said[:1].upper() + said[1:])
            return
        self.dismiss({"type": "ruling", "target": int(target), "verdict": verdict, "reason": reason})

    def action_cancel(self) -> None:
        """A typed reason is not thrown away by one key: the first Cancel (or Esc) says so, the second discards."""
        if self.query_one("#reason", Input).value.strip() and not self._discard_armed:
            self._discard_armed = True
            self.query_one("#error", Static).update(self.w["discard"])
            return
        self.dismiss(None)

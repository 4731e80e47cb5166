"""Free action: pick any doctrine action (type to search), add a note, take it.
What the rules say shows before you submit; a blocked attempt is explained."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from tabletop.consoles.describe import reasons_text
from tabletop.consoles.messages import CommandRequested
from tabletop.consoles.model import rejection, pick
from tabletop.consoles.widgets.typing import into_field
from tabletop.phrasebook import section



class ActionForm(Vertical):
    """`actions` are the welcome's doctrine actions; posts `ActionHighlighted` so the screen can ask
    the server for a verdict and set it back with `show_verdict`."""

    DEFAULT_CSS = """
    ActionForm { height: 1fr; padding: 0 1; }
    ActionForm OptionList { height: 1fr; min-height: 5; }
    ActionForm #verdict { height: auto; min-height: 1; }
    ActionForm #note-row { height: auto; }
    ActionForm #note { width: 1fr; }
    ActionForm #action-result { height: auto; margin-top: 1; }
    """

    class ActionHighlighted(Message):
        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    lang: reactive[str] = reactive("en")

    def __init__(self, actions: list[dict], seat: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.actions = actions
        self.seat = seat
        self.verdicts: dict[str, dict] = {}
        self._answer: tuple[dict, dict] | None = None  # the server's last answer to a move from here
        self._asked_to_pick = False  # "pick an action first" is on show

    def compose(self) -> ComposeResult:
        w = section("consoles.action_form", self.lang)
        yield Input(placeholder=w["search"], id="action-search")
        yield OptionList(id="action-list")
        yield Static("", id="verdict")
        with Horizontal(id="note-row"):
            yield Input(placeholder=w["note"], id="note", select_on_focus=False)  # Tab in, type: nothing typed before is replaced
            yield Button(w["take"], id="take", variant="warning")
        yield Static("", id="action-result")

    def on_mount(self) -> None:
        try:
            self._relabel()  # the list is filled now: a watcher called before mounting had nothing to fill
        except NoMatches:  # the console closed while this form was being mounted
            return

    def _matches(self, query: str) -> list[tuple[dict, bool]]:
        """The actions the search finds (the role's own first), each with whether it was found by its
        id alone: a player reads names; the id shows, dimmed, only when it is what was typed."""
        parts = query.strip().lower().split()
        mine = [a for a in self.actions if self.seat in a.get("roles", [])]
        others = [a for a in self.actions if self.seat not in a.get("roles", [])]
        out = []
        for a in mine + others:
            names = " ".join((a.get("label") or {}).values()).lower()
            hay = a["id"].lower() + " " + names
            if all(part in hay for part in parts):
                out.append((a, not all(part in names for part in parts)))
        return out

    def _fill(self) -> None:
        w = section("consoles.action_form", self.lang)
        ol = self.query_one("#action-list", OptionList)
        current = ol.highlighted_option.id if ol.highlighted_option is not None else None
        options = []
        for a, by_id in self._matches(self.query_one("#action-search", Input).value):
            line = Text()
            mine = self.seat in a.get("roles", [])
            line.append(pick(a.get("label"), self.lang), style="bold" if mine else "dim")
            if by_id:
                line.append(f"  {a['id']}", style="dim")
            if a.get("force") in ("force", "weapons"):
                line.append(w("force_mark", force=w[a["force"]]), style="#ff9b9b")
            if not mine:
                line.append(w("not_mine_mark", why=w["not_mine"]), style="dim italic")
            mark = self._mark(a["id"])
            if mark is not None:
                line = Text.assemble(mark, line)
            options.append(Option(line, id=a["id"]))
        if [o.id for o in options] == [ol.get_option_at_index(i).id for i in range(ol.option_count)]:
            for option in options:  # the same actions, new marks or words: the list keeps its place
                ol.replace_option_prompt(option.id, option.prompt)
            return
        ol.set_options(options)
        if current is not None:
            try:
                ol.highlighted = ol.get_option_index(current)
            except Exception:
                pass

    def _mark(self, action: str) -> Text | None:
        """⛔ (or ⚑) before an action the rules were last heard to block (or flag) for this seat."""
        kind = (self.verdicts.get(action) or {}).get("verdict")
        if kind == "blocked":
            return Text("⛔ ", style="bold #ff5555")
        if kind == "flagged":
            return Text("⚑ ", style="bold #e0c060")
        return None

    def show_verdicts(self, verdicts: dict[str, dict]) -> None:
        """Verdicts for many actions at once (the role's own, checked in the background): the list's marks."""
        changed = any((self.verdicts.get(a) or {}).get("verdict") != v.get("verdict") for a, v in verdicts.items())
        self.verdicts.update(verdicts)
        if changed and self.is_mounted and self.query("#action-list"):  # not while the console closes
            self._fill()

    @property
    def selected_action(self) -> str | None:
        ol = self.query_one("#action-list", OptionList)
        return ol.highlighted_option.id if ol.highlighted_option is not None else None

    def show_verdict(self, action: str, verdict: dict | None) -> None:
        if verdict is not None:
            self.show_verdicts({action: verdict})
        if action == self.selected_action:
            self._draw_verdict(action)

    def _draw_verdict(self, action: str | None) -> None:
        w = section("consoles.action_form", self.lang)
        v = self.verdicts.get(action or "")
        out = Text()
        if v is not None:
            label = next((pick(a.get("label"), self.lang) for a in self.actions if a["id"] == action), action)
            out.append(w("verdict_for", action=label), style="bold")
            kind = v.get("verdict")
            if kind == "allowed":
                out.append(w["allowed"], style="bold #7ee787")
            elif kind == "blocked":
                out.append(w["blocked"], style="bold #ff5555")
                out.append_text(reasons_text(v.get("reasons") or [], self.lang, marks=False))
            elif kind == "flagged":
                out.append(w["flagged"], style="bold #e0c060")
                out.append_text(reasons_text(v.get("flags") or [], self.lang, marks=False))
        self.query_one("#verdict", Static).update(out)

    def watch_lang(self) -> None:
        if self.is_mounted:
            self._relabel()

    def _relabel(self) -> None:
        w = section("consoles.action_form", self.lang)
        self.query_one("#action-search", Input).placeholder = w["search"]
        self.query_one("#note", Input).placeholder = w["note"]
        self.query_one("#take", Button).label = w["take"]
        self._fill()
        self._draw_verdict(self.selected_action)
        self._draw_answer()

    # -- up --------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """↓ from the search goes into the list; what is typed while the list or the button has the
        cursor goes into the note (one Tab too many does not lose the typing)."""
        focused = self.screen.focused
        ol = self.query_one("#action-list", OptionList)
        if focused is self.query_one("#action-search", Input) and event.key == "down":
            event.stop()
            event.prevent_default()
            self._into_list()
        elif focused in (ol, self.query_one("#take", Button), self.query_one("#note", Input)):
            if into_field(event, focused, self.query_one("#note", Input)) and ol.highlighted is None and ol.option_count:
                ol.highlighted = 0

    def _into_list(self) -> None:
        ol = self.query_one("#action-list", OptionList)
        if ol.option_count:
            if ol.highlighted is None:
                ol.highlighted = 0
            ol.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "action-search":
            event.stop()
            self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "action-search":
            self._into_list()
        else:
            self._take()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        action = event.option.id
        # A note left from a blocked move (kept for a retry; the log has it) does not follow to another action.
        if self._answer is not None:
            command, result = self._answer
            note = self.query_one("#note", Input)
            if (result.get("status") == "blocked" and command.get("action") != action
                    and note.value and note.value == command.get("text")):
                note.value = ""
        if self._asked_to_pick:  # "pick an action first" is answered
            self._asked_to_pick = False
            self.query_one("#action-result", Static).update("")
            self._draw_answer()
        self._draw_verdict(action)
        self.post_message(self.ActionHighlighted(action))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#note", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._take()

    def _take(self) -> None:
        w = section("consoles.action_form", self.lang)
        action = self.selected_action
        out = self.query_one("#action-result", Static)
        if action is None:
            out.update(w["pick"])
            self._asked_to_pick = True
            return
        out.update(w["sending"])
        self.post_message(CommandRequested({"type": "action", "action": action,
                                            "text": self.query_one("#note", Input).value}, origin=self))

    def command_answered(self, command: dict, result: dict) -> None:
        self._answer = (command, result)
        if result.get("status") == "accepted":
            self.query_one("#note", Input).value = ""  # taken: the note is in the log; a blocked one stays for a retry
        self._draw_answer()
        self.query_one("#action-result", Static).scroll_visible()

    def _draw_answer(self) -> None:
        """The last answer, in the current language."""
        if self._answer is None:
            return
        command, result = self._answer
        w = section("consoles.action_form", self.lang)
        out = self.query_one("#action-result", Static)
        for cls in ("result-accepted", "result-blocked", "result-rejected"):
            out.remove_class(cls)
        status = result.get("status")
        label = next((pick(a.get("label"), self.lang) for a in self.actions if a["id"] == command.get("action")),
                     command.get("action", ""))
        if status == "accepted":
            out.update(Text(w("accepted_line", action=label)))
            out.add_class("result-accepted")
        elif status == "blocked":
            text = Text(w("blocked_line", action=label), style="bold")
            text.append_text(reasons_text(result.get("reasons") or [], self.lang, marks=False))
            out.update(text)
            out.add_class("result-blocked")
        else:
            out.update(Text(w("rejected_line", why=rejection(result, self.lang))))
            out.add_class("result-rejected")

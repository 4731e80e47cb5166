"""One decision point for this role: prompt, options (blocked ones shown as such,
with the reason and citation), rationale, countdown, and the outcome at once."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from tabletop.consoles.describe import reasons_text
from tabletop.consoles.messages import CommandRequested
from tabletop.consoles.model import OpenDecision, countdown, pick, rejection
from tabletop.consoles.widgets.choice import Choice
from tabletop.phrasebook import for_players, section



class OptionButton(Choice):
    """An option whose label wraps under itself: the whole text of an option is readable at any
    width (a RadioButton keeps to one line and cut the long ones, the legal basis often last)."""

    DEFAULT_CSS = """
    OptionButton { width: 100%; height: auto; }
    """

    def _wrapped(self, width: int):
        """The label's lines for this width (after the button and a space), or None if this
        Textual cannot say."""
        label = getattr(self, "_label", None)
        if label is None or not hasattr(label, "wrap"):
            return None
        room = max(4, width - self._button.cell_length - 2)
        return label.wrap(room, overflow="fold") or [label]

    def render(self):
        lines = self._wrapped(self.content_region.width or self.size.width)
        if lines is None or len(lines) < 2:
            return super().render()
        from textual.content import Content

        style = self.get_visual_style("toggle--label")
        indent = " " * (self._button.cell_length + 1)
        parts: list = [self._button, " "]
        for n, line in enumerate(lines):
            parts += ["\n", indent] if n else []
            parts.append(line.stylize_before(style))
        return Content.assemble(*parts)

    def get_content_height(self, container, viewport, width: int) -> int:
        lines = self._wrapped(width)
        return max(1, len(lines)) if lines is not None else 1


class DecisionCard(Vertical):
    """Parents set `remaining`, `verdicts` and `lang`, and call `refresh_state()` when the decision closes."""

    DEFAULT_CSS = """
    DecisionCard { height: auto; border: round #e0c060; padding: 0 1; margin-bottom: 1; }
    DecisionCard.-closed { border: round $primary-darken-3; color: $text-muted; }
    DecisionCard.-closed #rationale-row, DecisionCard.-closed #why-blocked { display: none; }
    DecisionCard #head { height: auto; }
    DecisionCard #decision-id { width: auto; text-style: bold; margin-right: 2; }
    DecisionCard #countdown { width: 1fr; height: auto; text-align: right; text-style: bold; color: #e0c060; }
    DecisionCard #countdown.-urgent { background: #ff5555; color: white; }
    DecisionCard #prompt { margin: 0 0 1 0; text-style: bold; }
    DecisionCard RadioSet { width: 100%; height: auto; border: none; }
    DecisionCard #why-blocked { height: auto; color: #ff9b9b; }
    DecisionCard #rationale-row { height: auto; }
    DecisionCard #rationale { width: 1fr; }
    DecisionCard #result { height: auto; margin-top: 1; }
    """

    remaining: reactive[float | None] = reactive(None)
    speed: float = 1.0  # scenario seconds per wall second, to show the real time left
    lang: reactive[str] = reactive("en")

    def __init__(self, decision: OpenDecision, **kwargs) -> None:
        super().__init__(**kwargs)
        self.decision = decision
        self.verdicts: dict[str, dict] = {}  # option id -> verdict from the server's check
        self._answer: tuple[dict, dict] | None = None  # the server's last answer to this card's move
        self._built = False

    def compose(self) -> ComposeResult:
        # Children are kept by reference: they may be updated before they are all mounted.
        w = section("consoles.decision_card", self.lang)
        self._countdown = Static("", id="countdown")
        self._prompt = Static(Text(for_players(pick(self.decision.prompt, self.lang))), id="prompt")
        self._options = RadioSet(id="options")
        self._buttons = {o["id"]: OptionButton(Text(pick(o.get("label"), self.lang)), id=f"opt-{o['id']}")
                         for o in self.decision.options}
        self._why = Static("", id="why-blocked")
        self._rationale = Input(placeholder=w["why"], id="rationale", select_on_focus=False)
        self._submit_button = Button(w["submit"], id="submit", variant="primary")
        self._result = Static("", id="result")
        with Horizontal(id="head"):
            yield Static(self.decision.decision, id="decision-id")
            yield self._countdown
        yield self._prompt
        with self._options:
            yield from self._buttons.values()
        yield self._why
        with Horizontal(id="rationale-row"):
            yield self._rationale
            yield self._submit_button
        yield self._result
        self._built = True

    def on_mount(self) -> None:
        self.watch_lang()  # the language may have changed between compose and mount

    # -- down from the panel ------------------------------------------------------------

    def watch_remaining(self, remaining: float | None) -> None:
        if not self._built:
            return
        cd = self._countdown
        w = section("consoles.decision_card", self.lang)
        if self.decision.status != "open":
            return  # refresh_state shows the outcome there
        if remaining is None:
            cd.update(w["no_deadline"])
        elif self.speed and self.speed != 1:
            cd.update(w("deadline_real", left=countdown(remaining), real=countdown(remaining / self.speed)))
        else:
            cd.update(w("deadline", left=countdown(remaining)))
        cd.set_class(remaining is not None and remaining < 60, "-urgent")

    def watch_lang(self) -> None:
        if not self._built:
            return
        w = section("consoles.decision_card", self.lang)
        self._prompt.update(Text(for_players(pick(self.decision.prompt, self.lang))))
        self._rationale.placeholder = w["why"]
        self._submit_button.label = w["submit"]
        self._draw_options()
        self.refresh_state()
        self.watch_remaining(self.remaining)
        self._draw_answer()

    def set_verdicts(self, verdicts: dict[str, dict]) -> None:
        self.verdicts = verdicts
        if self._built:
            self._draw_options()
            self._draw_answer()

    def _draw_options(self) -> None:
        w = section("consoles.decision_card", self.lang)
        why = Text()
        for o in self.decision.options:
            button = self._buttons[o["id"]]
            verdict = self.verdicts.get(o["id"]) or {}
            name = for_players(pick(o.get("label"), self.lang))
            label = Text(name)
            if self.decision.status != "open" and o["id"] == self.decision.option:
                label = Text("✔ ", style="bold #50fa7b") + label  # the outcome, in a console opened later too
                button.value = True
            elif verdict.get("verdict") == "blocked":
                label = Text("⛔ ", style="bold #ff5555") + label + Text(w("blocked_mark"), style="bold #ff5555")
                why.append(w("why_blocked", option=name), style="bold")
                why.append_text(reasons_text(verdict.get("reasons") or [], self.lang, marks=False))
                why.append("\n")
            elif verdict.get("verdict") == "flagged":
                label = label + Text(w("flag_mark"), style="#e0c060")
                why.append(w("why_flagged", option=name), style="bold #e0c060")
                why.append_text(reasons_text(verdict.get("flags") or [], self.lang, marks=False))
                why.append("\n")
            button.label = label
        why.rstrip()
        self._why.update(why)

    def refresh_state(self) -> None:
        """Show whether the decision is still open, and its outcome once closed."""
        if not self._built:
            return
        d = self.decision
        closed = d.status != "open"
        self.set_class(closed, "-closed")
        for widget in (self._options, self._rationale, self._submit_button):
            widget.disabled = closed
        if closed:
            self._draw_options()
            w = section("consoles.decision_card", self.lang)
            option = next((o for o in d.options if o["id"] == d.option), None)
            label = for_players(pick(option.get("label"), self.lang)) if option else (d.option or "—")
            text = w(d.status, option=label) if d.status in ("resolved", "timed_out", "closed") else d.status
            self._countdown.update(Text(text))

    def command_answered(self, command: dict, result: dict) -> None:
        """The server's answer to this card's move: accepted, or blocked with its citations."""
        self._answer = (command, result)
        self._draw_answer()
        self._submit_button.disabled = self.decision.status != "open"
        self._result.scroll_visible()  # the outcome where the eyes are, on a card scrolled down to Decide

    def _draw_answer(self) -> None:
        """The last answer, in the current language; a block the rules have since lifted says so."""
        if self._answer is None:
            return
        command, result = self._answer
        w = section("consoles.decision_card", self.lang)
        out = self._result
        status = result.get("status")
        for cls in ("result-accepted", "result-blocked", "result-rejected"):
            out.remove_class(cls)
        if status == "accepted":
            out.update(Text(w["accepted"]))
            out.add_class("result-accepted")
        elif status == "blocked":
            text = Text(w["blocked_answer"], style="bold")
            text.append_text(reasons_text(result.get("reasons") or [], self.lang, marks=False))
            now = (self.verdicts.get(command.get("option")) or {}).get("verdict")
            if self.decision.status == "open" and now in ("allowed", "flagged"):
                text.append(f"\n{w['now_allowed']}", style="bold")
            out.update(text)
            out.add_class("result-blocked")
        else:
            out.update(Text(w("rejected", why=rejection(result, self.lang))))
            out.add_class("result-rejected")

    # -- up ----------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "submit":
            self._submit()

    def _submit(self) -> None:
        w = section("consoles.decision_card", self.lang)
        pressed = self._options.pressed_button
        out = self._result
        if pressed is None:
            out.update(w["choose"])
            return
        option = pressed.id.removeprefix("opt-")
        out.update(w["sending"])
        self._submit_button.disabled = True
        self.post_message(CommandRequested({"type": "move", "decision": self.decision.decision, "option": option,
                                            "text": self._rationale.value}, origin=self))

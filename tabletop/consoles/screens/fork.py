"""Fork the exercise at a decision to play the other branch (the facilitator, at the hotwash):
pick the decision, then the option to play instead."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tabletop.consoles.model import pick
from tabletop.phrasebook import section

@dataclass(frozen=True)
class ForkChoice:
    """A decision that was answered, for the fork dialog."""

    decision: str
    label: Text  # who, the prompt and the outcome, in the console's language
    options: tuple[tuple[str, str], ...]  # (option id, label)
    taken: str | None


class ForkScreen(ModalScreen[tuple[str, str] | None]):
    """Returns (decision, option), or None if cancelled."""

    DEFAULT_CSS = """
    ForkScreen { align: center middle; }
    ForkScreen > Vertical { width: 100; max-width: 100%; height: auto; max-height: 100%; border: thick $accent; background: $surface; padding: 1 2; }
    ForkScreen OptionList { height: auto; max-height: 16; }
    """

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, choices: list[ForkChoice], lang: str = "en") -> None:
        super().__init__()
        self.choices = {c.decision: c for c in choices}
        self.words = section("replay.fork", lang)
        self.chosen: ForkChoice | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.words["decision"] if self.choices else self.words["none"], id="ask")
            yield OptionList(*[Option(c.label, id=c.decision) for c in self.choices.values()], id="choices")
            yield Static(self.words["keys"], classes="dim")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.chosen is None:
            self._ask_option(self.choices[event.option.id])
        else:
            self.dismiss((self.chosen.decision, event.option.id))

    def _ask_option(self, choice: ForkChoice) -> None:
        self.chosen = choice
        self.query_one("#ask", Static).update(self.words("option", decision=choice.decision))
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        for option, label in choice.options:
            taken = option == choice.taken
            options.add_option(Option(Text(f"{label}  ({self.words['played']})" if taken else label,
                                           style="dim" if taken else ""), id=option, disabled=taken))
        options.highlighted = next((i for i, (o, _) in enumerate(choice.options) if o != choice.taken), None)
        options.focus()

    def action_back(self) -> None:
        if self.chosen is None:
            self.dismiss(None)
            return
        self.chosen = None
        self.query_one("#ask", Static).update(self.words["decision"])
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        options.add_options([Option(c.label, id=c.decision) for c in self.choices.values()])

def fork_choices(view, lang: str) -> list[ForkChoice]:
    """The decisions answered in this exercise (in the order they opened), for "Fork here"."""
    lex, out = view.lexicon, []
    for key, d in sorted(view.state.decisions.items(), key=lambda kd: kd[1].opened_at or 0):
        if d.status not in ("resolved", "timed_out"):
            continue
        _, decision = view.scenario.decision(key)
        options = tuple((o.id, pick(o.label, lang)) for o in decision.options)
        taken = dict(options).get(d.option, d.option or "—")
        label = Text()
        label.append(f"{key}  ", style="bold")
        label.append(f"{lex.role(decision.to, lang)}: {pick(decision.prompt, lang)}")
        label.append(f" → {taken}", style="bold #e0c060")
        out.append(ForkChoice(key, label, options, d.option))
    return out


def fork_path(db: str, decision: str, option: str) -> Path:
    """A new file beside the log: NAME-D8-measured.db (then -2, -3 ...)."""
    base = Path(db)
    name = f"{base.stem}-{decision}-{option}"
    out, n = base.with_name(f"{name}.db"), 2
    while out.exists():
        out, n = base.with_name(f"{name}-{n}.db"), n + 1
    return out


def fork_in_process(db: str, decision: str, option: str) -> tuple[Path | None, str]:
    """`tabletop fork` in a process of its own, reading the log beside the running server:
    (the new file, "") or (None, what went wrong)."""
    import subprocess
    import sys

    out = fork_path(db, decision, option)
    command = [sys.executable, "-m", "tabletop", "fork", db, "--at", decision, "--option", option, "-o", str(out)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL)
    except OSError as exc:
        return None, str(exc)
    if done.returncode != 0:
        return None, (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1].removeprefix("tabletop: ")
    return out, ""

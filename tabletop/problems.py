"""Problems found in a user's file, reported as FILE:LINE:COL: message.

Every loader in tabletop collects problems instead of raising on the first one,
so an author sees all of them at once. A problem's sentence is a phrasebook key
and its fields (`Say`), said in the reader's language when it is printed: the
CLI chooses the language once (`set_language`, docs/decisions.md), and
`message` keeps the English for logs and tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
_LANGUAGE = ["en"]


def set_language(lang: str) -> None:
    """The language problems and the CLI's errors are said in, for the rest of the process."""
    _LANGUAGE[0] = lang if lang in ("en", "ja") else "en"


def language() -> str:
    return _LANGUAGE[0]


class Say:
    """A sentence still to be said: a phrasebook key and its fields (a field may itself be a Say)."""

    __slots__ = ("key", "fields")

    def __init__(self, key: str, /, **fields: Any):
        self.key = key
        self.fields = fields

    def text(self, lang: str | None = None) -> str:
        from tabletop.phrasebook import phrase

        lang = lang or language()
        return phrase(self.key, lang, **{k: said(v, lang) for k, v in self.fields.items()})

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Say({self.key!r}, {self.fields!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Say) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self) -> int:
        return hash(self.key)


class Word(Say):
    """The phrasebook's word for an id under `prefix` (a command's type, a status), or the id
    itself where the phrasebook has none."""

    def __init__(self, prefix: str, word: str | None):
        super().__init__(f"{prefix}.{word}", word=word)

    def text(self, lang: str | None = None) -> str:
        from tabletop.phrasebook import has

        return super().text(lang) if has(self.key) else str(self.fields["word"])


def hint(value: str, known) -> Say | str:
    """' (did you mean X?)' for an unknown id that is close to a known one, or ''."""
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return Say("problems.hint.did_you_mean", value=close[0]) if close else ""


def message_of(exc: BaseException) -> "Say | str":
    """An error's sentence as it was raised: a Say still to be said in the reader's language
    (StoreError, ClientError, ExerciseError ... may carry one), else the error's text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], (Say, str)):
        return exc.args[0]
    return str(exc)


def said(value: Any, lang: str | None = None) -> Any:
    """`value` in `lang` if it is a sentence still to be said (a Say, or a list of them and of
    ids, joined as the language lists things) or a bilingual text (a scenario's or a pack's `Text`); else as it is."""
    if isinstance(value, Say):
        return value.text(lang or language())
    if hasattr(value, "missing") and callable(getattr(value, "get", None)):  # a tabletop.text.Text
        return value.get(lang or language())
    if isinstance(value, (list, tuple)) and all(isinstance(v, (Say, str)) for v in value):  # a listing: a, b, c / a、b、c
        from tabletop.phrasebook import phrase

        return phrase("common.list.separator", lang or language()).join(str(said(v, lang)) for v in value)
    return value


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    message: str  # in English; `text(lang)` says it in either language
    severity: Severity = "error"
    say: Say | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, file: str, line: int, col: int, say: Say, severity: Severity = "error") -> "Problem":
        return cls(file, line, col, say.text("en"), severity, say)

    def text(self, lang: str | None = None) -> str:
        lang = lang or language()
        message = self.say.text(lang) if self.say is not None else self.message
        if self.severity == "error":
            return f"{self.file}:{self.line}:{self.col}: {message}"
        from tabletop.phrasebook import phrase

        return f"{self.file}:{self.line}:{self.col}: {phrase('problems.warning', lang, message=message)}"

    def __str__(self) -> str:
        return self.text()


class ProblemsFound(Exception):
    """Raised by a loader when a file has errors; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class Invalid(ValueError):
    """A value a model refuses, with its sentence still to be said (pydantic keeps the exception)."""

    def __init__(self, key: str, /, **fields: Any):
        self.say = Say(key, **fields)
        super().__init__(self.say.text("en"))

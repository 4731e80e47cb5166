"""Commands: what a seat or control asks the exercise to do, in the imperative.

Commands arrive from the network and from moves files, so they are pydantic
models with a `type` discriminator: anything malformed is refused with the
field that is wrong."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from tabletop.text import Text

Short = Annotated[str, Field(max_length=200)]
Long = Annotated[str, Field(max_length=8000)]


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- control ------------------------------------------------------------------

class Start(_Command):
    type: Literal["start"] = "start"


class Pause(_Command):
    type: Literal["pause"] = "pause"


class Resume(_Command):
    type: Literal["resume"] = "resume"


class SetSpeed(_Command):
    type: Literal["speed"] = "speed"
    speed: float = Field(gt=0, le=3600)


class Release(_Command):
    """Release an inject now, whatever its time or condition."""
    type: Literal["release"] = "release"
    inject: Short


class Hold(_Command):
    type: Literal["hold"] = "hold"
    inject: Short


class Skip(_Command):
    type: Literal["skip"] = "skip"
    inject: Short


class AdHocInject(_Command):
    type: Literal["adhoc"] = "adhoc"
    to: list[Short] = Field(min_length=1)
    title: Text
    body: Text
    from_: Short | None = Field(None, alias="from")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Ruling(_Command):
    """Overrule or uphold a blocked move, or adjudicate any logged event, with a reason."""
    type: Literal["ruling"] = "ruling"
    target: int = Field(ge=1, le=2 ** 53, description="seq of the MoveBlocked (overrule/uphold) or of any event (adjudicate)")
    verdict: Literal["overrule", "uphold", "adjudicate"]
    reason: Long = Field(min_length=1)
    # The target event as read from the log by the session, never from the client: the
    # session overwrites it, so the pure engine can check the ruling against the record.
    evidence: dict | None = None


class End(_Command):
    type: Literal["end"] = "end"


class Jump(_Command):
    """Jump the scenario clock to the next phase (format tabletop/2 `phases`)."""
    type: Literal["jump"] = "jump"


# -- seats --------------------------------------------------------------------

class Move(_Command):
    """Choose an option on an open decision point."""
    type: Literal["move"] = "move"
    decision: Short
    option: Short
    text: Long = ""


class FreeAction(_Command):
    """Take any doctrine action, outside a decision point."""
    type: Literal["action"] = "action"
    action: Short
    text: Long = ""


class Message(_Command):
    type: Literal["message"] = "message"
    to: list[Short] = Field(min_length=1)
    text: Long = Field(min_length=1)


class Acknowledge(_Command):
    type: Literal["ack"] = "ack"
    inject: Short


class Hotwash(_Command):
    type: Literal["hotwash"] = "hotwash"
    strengths: Long = ""
    improvements: Long = ""


class Observation(_Command):
    """An evaluator's observation against an objective, rated P/S/M/U."""
    type: Literal["observation"] = "observation"
    objective: Short
    rating: Literal["P", "S", "M", "U"]
    text: Long = ""


# -- sessions (issued by the server, not by clients) ------------------------------

class Join(_Command):
    type: Literal["join"] = "join"


class Leave(_Command):
    type: Literal["leave"] = "leave"


class Tick(_Command):
    """Let the scheduler release what is due."""
    type: Literal["tick"] = "tick"


Command = Annotated[
    Union[Start, Pause, Resume, SetSpeed, Release, Hold, Skip, AdHocInject, Ruling, End, Jump,
          Move, FreeAction, Message, Acknowledge, Hotwash, Observation, Join, Leave, Tick],
    Field(discriminator="type"),
]

CONTROL = (Start, Pause, Resume, SetSpeed, Release, Hold, Skip, AdHocInject, Ruling, End, Jump)
PLAYER = (Move, FreeAction, Message, Acknowledge, Hotwash)
CLIENT_TYPES = {c.model_fields["type"].default for c in CONTROL + PLAYER + (Observation,)}

command_adapter: TypeAdapter = TypeAdapter(Command)


def parse_command(data: dict) -> _Command:
    """Validate a command from JSON; raises pydantic.ValidationError."""
    return command_adapter.validate_python(data)

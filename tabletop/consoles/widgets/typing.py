"""Typed text is never dropped: a letter typed while a list, a choice or a button has the cursor
goes into the form's text field, and the cursor with it, so a note typed after one Tab too many is
still on the screen. Space and Enter keep their meaning there (they press, tick or choose) as the
first key; once the cursor is in the field, the keys typed fast behind it (already sent to the
widget it left) follow it there, spaces included."""

from __future__ import annotations

from textual import events
from textual.widgets import Button, Input, OptionList, RadioButton, RadioSet, Select, SelectionList

NOT_FOR_TYPING = (Button, OptionList, RadioSet, RadioButton, Select, SelectionList)


def into_field(event: events.Key, focused, field: Input) -> bool:
    """Call from a form's on_key: send the printable key `event` to `field` when it was typed on a
    widget that takes no typing; True if it did."""
    if not event.is_printable or not event.character or field.disabled:
        return False
    if focused is not field:  # a key that reaches the form with the field focused was typed elsewhere
        if not isinstance(focused, NOT_FOR_TYPING) or event.character == " ":
            return False
        field.screen.set_focus(field)  # at once: the next keys find the cursor there
    event.stop()
    event.prevent_default()
    field.insert_text_at_cursor(event.character)
    return True

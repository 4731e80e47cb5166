"""Widgets shared by the consoles, one per file."""

from textual.widgets import Select

from tabletop.consoles import linebreak

linebreak.install()  # every panel wraps Japanese at its rules: no line begins with 。 (#15)

# A Select's "nothing chosen" value: Select.NULL in recent Textual, where Select.BLANK is a Widget
# flag (False) that a Select refuses as a value; Select.BLANK in older Textual.
NO_SELECTION = Select.NULL if hasattr(Select, "NULL") else Select.BLANK

"""Widgets shared by the consoles, one per file."""

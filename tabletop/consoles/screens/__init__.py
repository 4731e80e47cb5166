"""Screens: one console per screen, and the modals they open."""

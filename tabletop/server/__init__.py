"""The session server: one exercise, its log and its engine, served to every console over a WebSocket."""

from tabletop.server.app import ExerciseError, ServerHandle, open_exercise, start_server

__all__ = ["ExerciseError", "ServerHandle", "open_exercise", "start_server"]

"""The session server: one exercise, its log and its engine, served to every console over a WebSocket.

Imported lazily, so that `tabletop validate` and friends do not pay for aiohttp."""

__all__ = ["ExerciseError", "ServerHandle", "open_exercise", "start_server"]


def __getattr__(name: str):
    if name in __all__:
        from tabletop.server import app

        return getattr(app, name)
    raise AttributeError(name)

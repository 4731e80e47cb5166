"""The Textual consoles: facilitator, participant and evaluator, all clients of the session server."""

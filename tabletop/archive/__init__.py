"""The lessons archive: an organisation's exercises in one PostgreSQL database —
their logs (`archive push`), the lessons drawn across them (`lessons`) and the
corrective actions with their lifecycle (`ip`). Imports the core and the stores;
never imported by them."""

"""Alembic migrations of the reader site's database (run by ``newsbrief.storage.migrate``)."""

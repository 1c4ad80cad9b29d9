"""The reader site and REST API (FastAPI + Jinja2, server-rendered)."""

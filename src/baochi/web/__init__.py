"""The analyst's workbench: a web app and a JSON API over a read-only store (``baochi serve``).

Needs the ``web`` extra (FastAPI, uvicorn, Jinja2); nothing else in baochi imports the framework.
"""

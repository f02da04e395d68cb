"""Embedded SQLite store (WAL, numbered migrations, one writer); raw inputs kept compressed."""

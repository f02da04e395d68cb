"""Execution engines: local processes by default; a distributed engine as an optional extra."""

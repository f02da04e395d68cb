"""API and pages (the only package that imports a web framework)."""

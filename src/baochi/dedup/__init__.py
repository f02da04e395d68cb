"""Exact and near-duplicate detection and story clusters."""

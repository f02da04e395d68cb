"""Entities, officials and their posts, places, events."""

"""Campuses and learning-environment categories (no views of their own: see admin)."""

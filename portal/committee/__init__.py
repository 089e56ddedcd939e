"""Committees (views come with the agenda work)."""

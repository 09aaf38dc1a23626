"""Helpers shared by the tests: screen text, store builders, subprocess scripts."""

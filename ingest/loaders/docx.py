"""Placeholder until the loader lands; registers nothing."""

"""t9lint: the linter for ops command templates."""

__version__ = "0.1.0"

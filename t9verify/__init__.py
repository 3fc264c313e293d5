"""t9verify: the offline verifier of audit exports (built from spec/audit-export.md alone)."""

__version__ = "0.1.0"

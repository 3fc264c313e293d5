"""cmdlib: the command library (template model, parsers, evaluator, binding, bundled library)."""

__version__ = "0.1.0"

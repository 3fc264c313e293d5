"""JSON Schemas shipped with the toolkit; loaded through ``cmdlib.schemas`` / ``t9verify.schemas``."""

"""JSON Schemas shipped with the toolkit, read with importlib.resources."""

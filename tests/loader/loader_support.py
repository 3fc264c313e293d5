"""Helpers for the loader tests: load a template from tests/data/templates or from text."""

from __future__ import annotations

from pathlib import Path

from cmdlib.loader import load_bytes, load_file
from cmdlib.model import Template

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"
LIBRARY = Path(__file__).resolve().parent.parent.parent / "cmdlib" / "library"


def load_named(name: str) -> Template:
    return load_file(TEMPLATES / name)


def load_text(name: str, text: str) -> Template:
    return load_bytes(Path(name), text.encode("utf-8"))


def codes(template: Template) -> list[str]:
    return [diagnostic.code for diagnostic in template.diagnostics]

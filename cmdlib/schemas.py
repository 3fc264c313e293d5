"""Loading the toolkit's JSON Schemas and checking documents against them.

Every schema lives in the top-level ``schemas`` package as ``<name>.schema.json``
(mapped into the wheel) and is read through ``importlib.resources`` so that the
same code works from a checkout, an editable install and an installed wheel.
jsonschema is imported only when a document is checked, to keep it off the start-up
path of commands that never validate.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_SCHEMA_SUFFIX = ".schema.json"
_SCHEMA_NAME = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    """One way a document breaks a schema: where (a JSON pointer) and what."""

    pointer: str  # "" for the document itself, else "/variables/COUNT/type"
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


def available_schemas() -> tuple[str, ...]:
    """The names of every shipped schema, sorted."""
    names = (
        entry.name[: -len(_SCHEMA_SUFFIX)]
        for entry in resources.files("schemas").iterdir()
        if entry.name.endswith(_SCHEMA_SUFFIX)
    )
    return tuple(sorted(names))


@cache
def _schema_text(name: str) -> str:
    if _SCHEMA_NAME.fullmatch(name) is None:
        raise LookupError(f"{name!r} is not a schema name (lowercase words joined by '-')")
    entry = resources.files("schemas").joinpath(name + _SCHEMA_SUFFIX)
    if not entry.is_file():
        known = ", ".join(available_schemas())
        raise LookupError(f"no schema named {name!r}; known: {known}")
    return entry.read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    """The schema ``schemas/<name>.schema.json`` as a fresh dict (callers may mutate it).

    Raises ``LookupError`` for a name that no shipped schema has: that is a bug in the
    caller, not something a user can cause.
    """
    loaded = json.loads(_schema_text(name))
    if not isinstance(loaded, dict):
        raise LookupError(f"schema {name!r} is not a JSON object")
    return loaded


def _pointer(path: Any) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def schema_violations(document: object, name: str) -> tuple[SchemaViolation, ...]:
    """Every violation of schema ``name`` by ``document``, ordered by position; () when valid."""
    # jsonschema ships no type information; it is used through this one Any.
    jsonschema: Any = importlib.import_module("jsonschema")
    validator = jsonschema.Draft202012Validator(load_schema(name))
    found = (
        SchemaViolation(_pointer(error.absolute_path), error.message)
        for error in validator.iter_errors(document)
    )
    return tuple(sorted(found, key=lambda violation: (violation.pointer, violation.message)))

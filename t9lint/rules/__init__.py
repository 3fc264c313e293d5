"""The rule modules, one per family. ``load_all`` imports them so they register."""

from __future__ import annotations

import importlib

RULE_MODULES = (
    "t9lint.rules.parse",
    "t9lint.rules.meta",
    "t9lint.rules.structure",
    "t9lint.rules.variables",
    "t9lint.rules.injection",
    "t9lint.rules.effects",
    "t9lint.rules.data_access",
    "t9lint.rules.hazards",
    "t9lint.rules.shell",
)


def load_all() -> None:
    for module in RULE_MODULES:
        importlib.import_module(module)

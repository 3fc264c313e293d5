"""Terraform provider version constraints: does one pin at least the major version?

Constraint syntax (OpenTofu/Terraform): comma-separated terms, each an optional operator
(``=``, ``!=``, ``>``, ``>=``, ``<``, ``<=``, ``~>``) and a version ``MAJOR[.MINOR[.PATCH]]``
with an optional ``-prerelease``. A constraint pins the major version when every version it
admits shares one major: an exact version, ``~>`` with at least two components (``~> 2.41``
admits 2.41 to < 3.0; ``~> 2`` admits every version >= 2), or a lower bound together with an
upper bound no higher than the next major.
"""

from __future__ import annotations

import re

_TERM = re.compile(
    r"\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?\s*"
)


def is_major_pinned(constraint: str) -> bool:
    """True when every version ``constraint`` admits has the same major version."""
    lower_major: int | None = None
    upper: tuple[int, int, int] | None = None
    upper_inclusive = False
    for term in constraint.split(","):
        match = _TERM.fullmatch(term)
        if match is None:
            return False  # unparseable: never counted as pinned
        operator = match.group(1) or "="
        parts = [int(p) for p in match.group(2, 3, 4) if p is not None]
        version = [*parts, 0, 0][:3]
        if operator == "=":
            return True
        if operator == "~>" and len(parts) >= 2:
            return True
        if operator in (">", ">=", "~>"):
            lower_major = version[0] if lower_major is None else max(lower_major, version[0])
        elif operator in ("<", "<="):
            candidate = (version[0], version[1], version[2])
            if upper is None or candidate < upper:
                upper, upper_inclusive = candidate, operator == "<="
    if lower_major is None or upper is None:
        return False
    next_major = (lower_major + 1, 0, 0)
    return upper < next_major or (upper == next_major and not upper_inclusive)

"""Field-level validation of records and manifests (spec precise rule 1).

Every field shown by the spec is required, of its type, and nothing else is allowed:
unknown fields FAIL too (an auditor cannot vouch for data the format does not define).
Each validator returns a list of ``Check`` failures naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from t9verify import b64, timefmt
from t9verify.reasons import Reason
from t9verify.results import Check, fail

HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)
MAX_TEXT = 64 * 1024  # names, reasons, ids: larger is a FAIL ("huge fields")
MAX_BODY = 4 * 1024 * 1024

Validator = Callable[[Any], str | None]  # None when fine, else what is wrong


def text(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    if len(value) > MAX_TEXT:
        return f"is longer than {MAX_TEXT} characters"
    return None


def body_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    return None if len(value) <= MAX_BODY else f"is longer than {MAX_BODY} characters"


def integer(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be an integer"
    return None


def non_negative(value: Any) -> str | None:
    problem = integer(value)
    if problem is None and value < 0:
        return "must not be negative"
    return problem


def positive(value: Any) -> str | None:
    problem = integer(value)
    if problem is None and value < 1:
        return "must be at least 1"
    return problem


def integer_or_null(value: Any) -> str | None:
    return None if value is None else integer(value)


def timestamp(value: Any) -> str | None:
    return None if timefmt.parse_ms(value) is not None else "must be an RFC 3339 UTC timestamp"


def sha256_hex(value: Any) -> str | None:
    ok = isinstance(value, str) and HEX64.fullmatch(value)
    return None if ok else "must be 64 lower-case hex digits"


def sha256_or_null(value: Any) -> str | None:
    return None if value is None else sha256_hex(value)


def text_or_null(value: Any) -> str | None:
    return None if value is None else text(value)


def public_key(value: Any) -> str | None:
    ok = b64.decode_strict(value, length=32) is not None
    return None if ok else "must be the base64 of 32 bytes"


def one_of(*allowed: Any) -> Validator:
    def check(value: Any) -> str | None:
        if any(value == item and type(value) is type(item) for item in allowed):
            return None
        return f"must be one of {', '.join(repr(item) for item in allowed)}"

    if all(type(item) is str for item in allowed):
        _INLINE_ONE_OF[check] = frozenset(allowed)
    return check


_INLINE_ONE_OF: dict[Validator, frozenset[str]] = {}


def string_map(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be an object"
    for key, item in value.items():
        if not key.isascii():
            return f"has a non-ASCII key {key!r}"
        if not isinstance(item, str) or len(item) > MAX_TEXT:
            return f"value of {key!r} must be a string of at most {MAX_TEXT} characters"
    return None


def any_value(value: Any) -> str | None:
    del value
    return None


def validate(
    obj: Any,
    spec: Mapping[str, Validator],
    check_name: str,
    where: str,
    *,
    optional: Mapping[str, Validator] | None = None,
) -> list[Check]:
    """Required fields of ``spec``, optional ones, and no others."""
    if acceptable(obj, spec, optional):
        return []
    if not isinstance(obj, dict):
        return [fail(check_name, Reason.FIELD_TYPE, f"{where} must be a JSON object")]
    problems: list[Check] = []
    for name, validator in spec.items():
        if name not in obj:
            problems.append(fail(check_name, Reason.FIELD_MISSING, f"{where}.{name} is missing"))
        elif validator(obj[name]) is not None:
            _apply(problems, check_name, f"{where}.{name}", validator, obj[name])
    if len(obj) == len(spec) and not problems:
        return problems  # every present field was one of spec's: nothing unknown
    extra = optional or {}
    for name in obj:
        if name in spec:
            continue
        if name in extra:
            _apply(problems, check_name, f"{where}.{name}", extra[name], obj[name])
            continue
        code = Reason.NON_ASCII_KEY if not name.isascii() else Reason.FIELD_VALUE
        problems.append(fail(check_name, code, f"{where} has an unknown field {name[:60]!r}"))
    return problems


def _apply(
    problems: list[Check], check_name: str, where: str, validator: Validator, value: Any
) -> None:
    problem = validator(value)
    if problem is None:
        return
    if "non-ASCII key" in problem:
        code = Reason.NON_ASCII_KEY
    elif problem.startswith("must be one of"):
        code = Reason.FIELD_VALUE
    else:
        code = Reason.FIELD_TYPE
    problems.append(fail(check_name, code, f"{where} {problem}"))


# ---- a fast acceptance path ---------------------------------------------------------------
# ``validate`` runs once per record and manifest, so it dominates verification cost when done
# field by field. For each spec a single generated function answers "is everything fine?";
# only when it says no does the detailed pass above run to say what is wrong.

_INLINE: dict[Validator, str] = {
    text: "type(v) is str and len(v) <= MAX_TEXT",
    body_text: "type(v) is str and len(v) <= MAX_BODY",
    integer: "type(v) is int",
    non_negative: "type(v) is int and v >= 0",
    positive: "type(v) is int and v >= 1",
    integer_or_null: "v is None or type(v) is int",
    timestamp: "parse_ms(v) is not None",
    sha256_hex: "type(v) is str and len(v) == 64 and HEX64.fullmatch(v) is not None",
    sha256_or_null: "v is None or (type(v) is str and HEX64.fullmatch(v) is not None)",
    text_or_null: "v is None or (type(v) is str and len(v) <= MAX_TEXT)",
    any_value: "True",
}
_ACCEPTORS: dict[tuple[int, int], tuple[object, object, Callable[[Any], bool]]] = {}


def _acceptor(
    spec: Mapping[str, Validator], optional: Mapping[str, Validator]
) -> Callable[[Any], bool]:
    namespace: dict[str, Any] = {
        "MAX_TEXT": MAX_TEXT,
        "MAX_BODY": MAX_BODY,
        "HEX64": HEX64,
        "parse_ms": timefmt.parse_ms,
        "allowed": frozenset(spec) | frozenset(optional),
    }
    lines = ["def accept(obj):", "    if type(obj) is not dict: return False"]
    for index, (name, validator) in enumerate([*spec.items(), *optional.items()]):
        required = name in spec
        namespace[f"f{index}"] = validator
        test = _INLINE.get(validator, f"f{index}(v) is None")
        if validator in _INLINE_ONE_OF:
            namespace[f"s{index}"] = _INLINE_ONE_OF[validator]
            test = f"type(v) is str and v in s{index}"
        lines.append(f"    v = obj.get({name!r}, _MISSING)")
        if required:
            lines.append("    if v is _MISSING: return False")
            lines.append(f"    if not ({test}): return False")
        else:
            lines.append(f"    if v is not _MISSING and not ({test}): return False")
    lines.append("    return len(obj) == REQUIRED or obj.keys() <= allowed")
    namespace["_MISSING"] = object()
    namespace["REQUIRED"] = len(spec)
    exec("\n".join(lines), namespace)
    accept: Callable[[Any], bool] = namespace["accept"]
    return accept


def acceptable(
    obj: Any, spec: Mapping[str, Validator], optional: Mapping[str, Validator] | None = None
) -> bool:
    """True when ``validate`` would find nothing wrong (fast path)."""
    key = (id(spec), id(optional))
    known = _ACCEPTORS.get(key)
    # Holding spec and optional keeps their ids from being reused by other objects.
    if known is None or known[0] is not spec or known[1] is not optional:
        known = _ACCEPTORS[key] = (spec, optional, _acceptor(spec, optional or {}))
    return known[2](obj)

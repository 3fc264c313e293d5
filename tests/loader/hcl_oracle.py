"""Turn python-hcl2 8.x output into the loader's value model, for the differential test.

python-hcl2 keeps strings as written (quotes and escapes included), wraps every
non-literal expression as ``"${...}"``, keeps heredocs raw with their markers, leaves
bare references such as ``string`` unwrapped, marks blocks with ``__is_block__`` and
keeps comments under ``__comments__``. The loader decodes strings, strips ``<<-``
indentation and keeps expressions as ``Expression(source)``; this module maps the first
to the second so that the two can be compared value by value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from cmdlib.model import Block, Expression, HclValue

_META_KEYS = frozenset({"__is_block__", "__comments__", "__inline_comments__"})
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_HEREDOC = re.compile(r"\A<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\n(.*?)^[ \t]*\2[ \t]*\Z", re.S | re.M)

Path = tuple[str, ...]


def squash(source: str) -> str:
    """Expression source without whitespace: python-hcl2 re-spaces expressions."""
    return re.sub(r"\s+", "", source)


def comparable(value: HclValue) -> object:
    """A loader value in a form where expressions compare by squashed source."""
    if isinstance(value, Expression):
        return ("expr", squash(value.source))
    if isinstance(value, tuple):
        return tuple(comparable(item) for item in value)
    if isinstance(value, Mapping):
        return {key: comparable(item) for key, item in value.items()}
    return value


def _has_interpolation(text: str) -> bool:
    index = 0
    while index < len(text):
        if text.startswith("$${", index) or text.startswith("%%{", index):
            index += 3
            continue
        if text.startswith("${", index) or text.startswith("%{", index):
            return True
        index += 1
    return False


def _decode_quoted(inner: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(inner):
        char = inner[index]
        if inner.startswith(("$${", "%%{"), index):
            out.append(char)
            index += 2
            continue
        if char == "\\" and index + 1 < len(inner):
            following = inner[index + 1]
            if following in _ESCAPES:
                out.append(_ESCAPES[following])
                index += 2
                continue
            digits = 4 if following == "u" else 8 if following == "U" else 0
            if digits:
                out.append(chr(int(inner[index + 2 : index + 2 + digits], 16)))
                index += 2 + digits
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _heredoc(raw: str) -> object:
    match = _HEREDOC.match(raw)
    assert match is not None, raw
    flush, _, body = match.groups()
    if _has_interpolation(body):
        return ("expr", squash(raw))
    lines = body.split("\n")
    if flush:
        widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip(" \t")]
        smallest = min(widths, default=0)
        lines = [line[min(smallest, len(line) - len(line.lstrip(" \t"))) :] for line in lines]
    return "\n".join(lines).replace("$${", "${").replace("%%{", "%{")


def from_hcl2(value: Any) -> object:
    """One python-hcl2 value in the loader's comparable form."""
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return value
    if isinstance(value, list):
        return tuple(from_hcl2(item) for item in value)
    if isinstance(value, dict):
        return {_key(key): from_hcl2(item) for key, item in value.items() if key not in _META_KEYS}
    text = str(value)
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        inner = text[1:-1]
        if inner.startswith("<<"):
            return _heredoc(inner)
        if _has_interpolation(inner):
            return ("expr", squash(text))
        return _decode_quoted(inner)
    if text.startswith("${") and text.endswith("}"):
        return ("expr", squash(text[2:-1]))
    return ("expr", squash(text))


def _key(key: str) -> str:
    if key.startswith('"') and key.endswith('"') and len(key) >= 2:
        return _decode_quoted(key[1:-1])
    return key


def _is_block_entry(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    if entry.get("__is_block__"):
        return True
    values = [v for k, v in entry.items() if k not in _META_KEYS]
    return len(values) == 1 and _is_block_entry(values[0])


def _unwrap(
    entry: dict[str, Any], labels: tuple[str, ...]
) -> Iterator[tuple[Path, dict[str, Any]]]:
    if entry.get("__is_block__"):
        yield labels, entry
        return
    for key, inner in entry.items():
        if key not in _META_KEYS:
            yield from _unwrap(inner, (*labels, _key(key)))


def hcl2_attributes(body: dict[str, Any], path: Path = ()) -> dict[Path, object]:
    """Every attribute under ``body`` as {(block path..., name): comparable value}."""
    found: dict[Path, object] = {}
    seen: dict[Path, int] = {}
    for key, value in body.items():
        if key in _META_KEYS:
            continue
        if isinstance(value, list) and value and all(_is_block_entry(v) for v in value):
            for entry in value:
                for labels, inner in _unwrap(entry, ()):
                    here = (key, *labels)
                    index = seen.get(here, 0)
                    seen[here] = index + 1
                    found.update(hcl2_attributes(inner, (*path, "/".join(here), str(index))))
        elif path:
            found[(*path, key)] = from_hcl2(value)
    return found


def model_attributes(blocks: tuple[Block, ...], path: Path = ()) -> dict[Path, object]:
    """The same map built from the loader's blocks."""
    found: dict[Path, object] = {}
    seen: dict[Path, int] = {}
    for block in blocks:
        here = (block.type, *block.labels)
        index = seen.get(here, 0)
        seen[here] = index + 1
        inner_path = (*path, "/".join(here), str(index))
        for attribute in block.attributes:
            found[(*inner_path, attribute.name)] = comparable(attribute.value)
        found.update(model_attributes(block.blocks, inner_path))
    return found

"""How templates are found in a tree and what id a source registers them under.

A source registers every template file under its directories with the id
``<parent directory name>-<name>`` (``linux/disk-usage.tensor9.tf`` ->
``linux-disk-usage``). The name is the template's declared ``name`` when it has a
usable one, else the file stem. Lint rules (id collisions), sources and the
library listing all go through here so that they agree on ids.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from cmdlib.errors import TemplateNotFound
from cmdlib.model import flavor_of, stem_of

if TYPE_CHECKING:
    from cmdlib.model import Template

# The spec's rule for a template name: 3 to 64 of a-z, 0-9 and '-', starting with a
# letter and not ending with '-'.
NAME_PATTERN = re.compile(r"[a-z][a-z0-9-]{1,62}[a-z0-9]")


def is_valid_name(name: str) -> bool:
    """Whether ``name`` follows the template name rule of the spec."""
    return NAME_PATTERN.fullmatch(name) is not None


def _parent_name(path: Path, root: Path | None) -> str:
    if root is not None and not path.is_absolute():
        path = root / path
    parent = path.parent
    if not parent.name:
        # A bare file name ("x.t9.sh") or a file at "/": the directory it sits in
        # only has a name once resolved against the working directory.
        parent = parent.resolve()
    return parent.name


def template_id(path: Path, root: Path | None = None, name: str | None = None) -> str:
    """The registered id ``<parent directory name>-<name>`` of the template at ``path``.

    ``root`` resolves a relative ``path`` (the directory a source or lint run walked);
    ``name`` is the declared template name when the caller has it (else the stem).
    """
    return f"{_parent_name(path, root)}-{name or stem_of(path)}"


def template_id_for(template: Template, root: Path | None = None) -> str:
    """The registered id of a loaded template: its declared name when usable, else its stem."""
    declared = template.metadata.text("name")
    name = declared if declared is not None and is_valid_name(declared) else None
    return template_id(template.path, root, name)


def find_templates(root: Path) -> list[Path]:
    """Every template file under ``root`` (both extension spellings), sorted.

    Hidden directories (``.git``, ``.venv``, ...) are skipped and directory symlinks are
    not followed, so a walk never leaves the tree or loops. A ``root`` that is itself a
    template file is returned alone.
    """
    if root.is_file():
        return [root] if flavor_of(root) is not None else []
    if not root.is_dir():
        raise TemplateNotFound(
            f"{root}: no such directory", hint="give a directory that holds templates"
        )
    found: list[Path] = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        base = Path(directory)
        found.extend(base / name for name in files if flavor_of(name) is not None)
    return sorted(found, key=lambda path: path.relative_to(root).as_posix())

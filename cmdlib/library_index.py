"""The bundled starter library: where it is installed and what it holds.

``library_root()`` finds ``cmdlib/library`` through ``importlib.resources`` (a checkout,
an editable install and a wheel all work); ``index_library()`` loads every template
under a library directory and returns one frozen ``LibraryEntry`` per file, sorted by
path, for the reporters of ``cmdlib.library_render``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from cmdlib.errors import CmdlibError, TemplateNotFound
from cmdlib.naming import find_templates, template_id_for

Effect = Literal["read-only", "mutating"]


class LibraryMissing(CmdlibError):
    """The bundled library directory is not where the installed package says it is."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One template of a library, as ``cmdlib library list`` shows it."""

    id: str
    name: str
    flavor: str  # "terraform", "script" or "kubectl"
    wire_type: str  # "TfFromTmpl", ...
    permissions: str | None  # as declared; None when the template declares none
    effect: Effect  # read-only when it declares no side_effects
    side_effects: tuple[str, ...]
    path: str  # relative to the library root, with '/' separators
    problems: tuple[str, ...] = ()  # codes of the loader's error diagnostics


@dataclass(frozen=True, slots=True)
class LibraryIndex:
    root: Path
    entries: tuple[LibraryEntry, ...]


def library_root() -> Path:
    """The directory of the bundled library inside the installed ``cmdlib`` package."""
    root = Path(str(resources.files("cmdlib").joinpath("library")))
    if not root.is_dir():
        raise LibraryMissing(
            f"the bundled template library is missing: {root} is not a directory",
            hint="reinstall the toolkit (pip install --force-reinstall t9-toolkit)",
        )
    return root


def _entry(path: Path, root: Path) -> LibraryEntry:
    from cmdlib.loader import load_file
    from cmdlib.model import Severity

    template = load_file(path)
    side_effects = template.metadata.tags("side_effects")
    return LibraryEntry(
        id=template_id_for(template, root),
        name=template.metadata.text("name") or template.stem,
        flavor=template.flavor.value,
        wire_type=template.wire_type,
        permissions=template.metadata.text("permissions"),
        effect="mutating" if side_effects else "read-only",
        side_effects=side_effects,
        path=path.relative_to(root).as_posix(),
        problems=tuple(d.code for d in template.diagnostics if d.severity is Severity.ERROR),
    )


def index_library(root: Path | None = None) -> LibraryIndex:
    """Load every template under ``root`` (default: the bundled library), sorted by path.

    Raises ``TemplateNotFound`` when ``root`` is not a directory; a template that does
    not load is still listed, with the codes of its problems.
    """
    directory = library_root() if root is None else root
    if not directory.is_dir():
        raise TemplateNotFound(
            f"{directory}: not a directory", hint="give the directory that holds the templates"
        )
    entries = tuple(_entry(path, directory) for path in find_templates(directory))
    return LibraryIndex(directory, entries)

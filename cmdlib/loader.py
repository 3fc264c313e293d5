"""The template loader: bytes in, a ``Template`` out, for every flavor and any bytes.

``load_bytes`` never raises: whatever the bytes, problems come back as diagnostics
with a line and a column. File-level decisions:
- a file larger than ``MAX_TEMPLATE_BYTES`` (256 KiB) gets ``file-too-large`` and is not
  parsed, so a huge file costs only its hash. Real templates are 1 to 5 KiB; the cap
  leaves a 50x margin and keeps the worst case (a file of nothing but tiny HCL nodes)
  under about a second;
- a binary file (a NUL byte, or many control or undecodable bytes) is
  ``binary-content`` and is not parsed;
- invalid UTF-8 is ``invalid-utf8`` (one diagnostic per bad sequence, up to 20) and the
  text is decoded with replacement, so the rest still parses with right positions;
- a UTF-8 BOM is dropped and CRLF line ends are read as LF (see ``cmdlib.positions``);
- a name without a template extension is read by its last suffix (``.tf``, ``.sh``,
  ``.kubectl``), else as Terraform, with a ``not-a-template-name`` warning.
The content hash is always the SHA-256 of the raw bytes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from cmdlib.errors import TemplateNotFound
from cmdlib.flavors import FlavorParts
from cmdlib.model import Diagnostic, Flavor, Metadata, Severity, Span, Template, flavor_of
from cmdlib.positions import SourceText, decode

MAX_TEMPLATE_BYTES = 256 * 1024
_BINARY_SAMPLE = 8192
# Control characters other than layout, DEL, and the replacement character that stands
# for an undecodable byte.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_SUFFIX_FLAVORS = {".tf": Flavor.TERRAFORM, ".sh": Flavor.SCRIPT, ".kubectl": Flavor.KUBECTL}

__all__ = ["MAX_TEMPLATE_BYTES", "is_template_path", "load_bytes", "load_file"]


def is_template_path(path: Path | str) -> bool:
    """Whether the file name has one of the six template extensions."""
    return flavor_of(path) is not None


def load_file(path: Path) -> Template:
    """Read and load a template; raises ``TemplateNotFound`` only when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise TemplateNotFound(
            f"{path}: cannot read the template ({reason})",
            hint="Check the path and that the file is readable.",
        ) from error
    return load_bytes(Path(path), data)


def load_bytes(path: Path, data: bytes) -> Template:
    """Load a template from its bytes. Never raises."""
    path = Path(path)
    digest = hashlib.sha256(data).hexdigest()
    flavor, naming = _flavor_for(path)
    try:
        return _load(path, data, digest, flavor, naming)
    except Exception as error:
        return _unparsed(
            path,
            flavor,
            digest,
            "",
            Diagnostic(
                "loader-internal-error",
                f"the loader failed on this file ({type(error).__name__}: {error});"
                " please report it",
                Span(1, 1, 1, 1),
            ),
        )


def _flavor_for(path: Path) -> tuple[Flavor, list[Diagnostic]]:
    flavor = flavor_of(path)
    if flavor is not None:
        return flavor, []
    guessed = _SUFFIX_FLAVORS.get(path.suffix, Flavor.TERRAFORM)
    return guessed, [
        Diagnostic(
            "not-a-template-name",
            f"{path.name} has no template extension; read as a {guessed.value} template",
            Span(1, 1, 1, 1),
            severity=Severity.WARNING,
            hint="Name templates *.t9.tf, *.t9.sh or *.t9.kubectl (or *.tensor9.*).",
        )
    ]


def _load(
    path: Path, data: bytes, digest: str, flavor: Flavor, naming: list[Diagnostic]
) -> Template:
    if len(data) > MAX_TEMPLATE_BYTES:
        return _unparsed(path, flavor, digest, "", _too_large(len(data)), *naming)
    text, invalid = decode(data)
    source = SourceText(text)
    first_binary = _first_binary_character(text)
    if first_binary is not None:
        line, column = source.point_of_char(first_binary)
        binary = Diagnostic(
            "binary-content",
            "the file is binary (a NUL byte or many control or undecodable bytes), not a template",
            source.span_of_points((line, column), (line, column + 1)),
            hint="Remove the file from the template tree or restore its text.",
        )
        return _unparsed(path, flavor, digest, text, binary, *naming)
    diagnostics = list(naming)
    diagnostics.extend(
        Diagnostic(
            "invalid-utf8",
            f"invalid UTF-8 at byte {bad.raw_offset}: templates must be UTF-8 text",
            source.span_of_points((bad.line, bad.column), (bad.line, bad.column + 1)),
            hint="Re-save the file as UTF-8.",
        )
        for bad in invalid
    )
    parts = _parse(flavor, source)
    diagnostics.extend(parts.diagnostics)
    return Template(
        path=path,
        flavor=flavor,
        text=text,
        content_sha256=digest,
        metadata=parts.metadata,
        variables=parts.variables,
        blocks=parts.blocks,
        script_body=parts.script_body,
        kubectl=parts.kubectl,
        snippets=parts.snippets,
        diagnostics=tuple(diagnostics),
        lines=source.lines,
    )


def _first_binary_character(text: str) -> int | None:
    """Where binary content starts, when the text is binary; None for text.

    Binary is a NUL anywhere (git's test), or more than 1 in 20 of the first 8192
    characters being control characters or undecodable bytes: a text file with a few
    stray bytes is still parsed, and each bad byte reported as ``invalid-utf8``.
    """
    if "\x00" in text:
        return text.index("\x00")
    sample = text[:_BINARY_SAMPLE]
    suspicious = [match.start() for match in _NOT_TEXT.finditer(sample)]
    if len(suspicious) > max(8, len(sample) // 20):
        return suspicious[0]
    return None


def _parse(flavor: Flavor, source: SourceText) -> FlavorParts:
    if flavor is Flavor.TERRAFORM:
        from cmdlib.flavors.terraform import parse_terraform

        return parse_terraform(source)
    if flavor is Flavor.SCRIPT:
        from cmdlib.flavors.script import parse_script

        return parse_script(source)
    from cmdlib.flavors.kubectl import parse_kubectl

    return parse_kubectl(source)


def _too_large(size: int) -> Diagnostic:
    return Diagnostic(
        "file-too-large",
        f"the file is {size} bytes; templates larger than {MAX_TEMPLATE_BYTES} bytes are not"
        " parsed",
        Span(1, 1, 1, 1),
        hint="A template is one small operation: split it, or move data out of it.",
    )


def _unparsed(
    path: Path, flavor: Flavor, digest: str, text: str, *diagnostics: Diagnostic
) -> Template:
    return Template(
        path=path,
        flavor=flavor,
        text=text,
        content_sha256=digest,
        metadata=Metadata({}, None),
        variables=(),
        diagnostics=tuple(diagnostics),
        lines=tuple(text.split("\n")) if text else (),
    )

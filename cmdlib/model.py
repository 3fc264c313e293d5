"""The template model: typed, immutable data for every flavor of ops command template.

The loader (``cmdlib.loader``) builds these; everything else (the linter, previews,
binding) reads them. Positions are 1-based lines and 1-based columns counted in
characters (code points) of the decoded text, the convention editors and SARIF use;
``end_column`` is exclusive. Byte offsets are into the UTF-8 text as decoded.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

# A value extracted from HCL: literals become Python values; anything that is not a
# literal (a reference, a function call, a template with interpolations) is kept as
# its source text wrapped in ``Expression`` so that it is never mistaken for a string.
HclValue: TypeAlias = (
    "str | int | float | bool | tuple[HclValue, ...] | Mapping[str, HclValue] | Expression | None"
)


class Flavor(enum.Enum):
    TERRAFORM = "terraform"
    SCRIPT = "script"
    KUBECTL = "kubectl"

    @property
    def wire_type(self) -> str:
        return _WIRE_TYPES[self]

    @property
    def extensions(self) -> tuple[str, str]:
        return _EXTENSIONS[self]


_WIRE_TYPES = {
    Flavor.TERRAFORM: "TfFromTmpl",
    Flavor.SCRIPT: "ScriptFromTmpl",
    Flavor.KUBECTL: "KubectlFromTmpl",
}
_EXTENSIONS = {
    Flavor.TERRAFORM: (".tensor9.tf", ".t9.tf"),
    Flavor.SCRIPT: (".tensor9.sh", ".t9.sh"),
    Flavor.KUBECTL: (".tensor9.kubectl", ".t9.kubectl"),
}


def flavor_of(path: Path | str) -> Flavor | None:
    """The flavor a file name announces, or None when it is not a template name."""
    name = Path(path).name
    for flavor, extensions in _EXTENSIONS.items():
        for extension in extensions:
            if name.endswith(extension) and len(name) > len(extension):
                return flavor
    return None


def stem_of(path: Path | str) -> str:
    """The file name without its template extension (``disk-usage.t9.tf`` -> ``disk-usage``)."""
    name = Path(path).name
    flavor = flavor_of(name)
    if flavor is None:
        return name
    for extension in flavor.extensions:
        if name.endswith(extension):
            return name[: -len(extension)]
    return name  # pragma: no cover - flavor_of guarantees a match


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int
    start_byte: int = 0
    end_byte: int = 0

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column + 1)


@dataclass(frozen=True, slots=True)
class Expression:
    """A non-literal HCL expression, kept as source text (``var.X``, ``timestamp()``)."""

    source: str


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found while loading: the template cannot be (fully) understood."""

    code: str  # stable, e.g. "hcl-syntax", "metadata-unterminated"
    message: str
    span: Span
    severity: Severity = Severity.ERROR
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Interpolation:
    """One ``${...}`` (HCL templates, kubectl lines) or ``$X``/``${X}`` (shell) reference."""

    source: str  # the text between the delimiters, e.g. "var.X" or "X"
    span: Span  # of the whole interpolation including delimiters
    variable: str | None  # the variable it names, when it is a plain variable reference


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    value: HclValue
    source: str  # the raw expression text as written
    span: Span  # the whole ``name = value``
    name_span: Span
    value_span: Span
    interpolations: tuple[Interpolation, ...] = ()
    is_heredoc: bool = False


@dataclass(frozen=True, slots=True)
class Comment:
    text: str  # without the leading ``#``/``//`` marker
    span: Span


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]
    span: Span
    label_spans: tuple[Span, ...] = ()
    comments: tuple[Comment, ...] = ()

    def attribute(self, name: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None

    def children(self, block_type: str) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if block.type == block_type)


@dataclass(frozen=True, slots=True)
class Field:
    """One metadata field (``name``, ``display``, ...) with where it was written."""

    name: str
    value: HclValue
    span: Span  # the whole field
    value_span: Span


@dataclass(frozen=True, slots=True)
class Validation:
    condition: str  # HCL source of the condition expression
    condition_span: Span
    error_message: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    name_span: Span
    span: Span
    type: str | None  # "string", "number", ... as written (without quotes)
    description: str | None
    default: HclValue
    has_default: bool
    validations: tuple[Validation, ...] = ()


@dataclass(frozen=True, slots=True)
class Metadata:
    """The ``tensor9_command`` attributes (or the metadata block of script/kubectl)."""

    fields: Mapping[str, Field]
    span: Span | None  # the metadata block; None when there is none

    def get(self, name: str) -> Field | None:
        return self.fields.get(name)

    def text(self, name: str) -> str | None:
        found = self.fields.get(name)
        return found.value if found is not None and isinstance(found.value, str) else None

    def tags(self, name: str) -> tuple[str, ...]:
        """A list-of-strings field (``data_access``, ``side_effects``); () when absent."""
        found = self.fields.get(name)
        if found is None or not isinstance(found.value, tuple):
            return ()
        return tuple(item for item in found.value if isinstance(item, str))


@dataclass(frozen=True, slots=True)
class ShellSnippet:
    """A piece of shell to classify or check, with a map back to file positions.

    ``text`` is the shell source as the shell would see it, except that HCL
    interpolations are kept as written (``${var.X}``). ``offsets[i]`` is the
    (line, column) in the file of ``text[i]``; it has ``len(text) + 1`` entries.
    """

    text: str
    origin: str  # "local-exec", "script-body", "kubectl"
    span: Span
    offsets: tuple[tuple[int, int], ...]
    interpolations: tuple[Interpolation, ...] = ()
    block: str | None = None  # e.g. 'null_resource.df' for a local-exec

    def position(self, index: int) -> tuple[int, int]:
        index = max(0, min(index, len(self.offsets) - 1))
        return self.offsets[index]


@dataclass(frozen=True, slots=True)
class KubectlInvocation:
    argv: tuple[str, ...]  # shlex-split, ``${X}`` left in place
    text: str  # the logical line, continuations joined
    span: Span
    interpolations: tuple[Interpolation, ...] = ()


@dataclass(frozen=True, slots=True)
class Template:
    path: Path
    flavor: Flavor
    text: str
    content_sha256: str
    metadata: Metadata
    variables: tuple[Variable, ...]
    blocks: tuple[Block, ...] = ()  # Terraform: top-level blocks; others: metadata body blocks
    script_body: ShellSnippet | None = None  # Script flavor: everything after the metadata
    kubectl: tuple[KubectlInvocation, ...] = ()
    snippets: tuple[ShellSnippet, ...] = ()  # every shell text to classify, in file order
    diagnostics: tuple[Diagnostic, ...] = ()
    lines: tuple[str, ...] = field(default=(), repr=False)

    @property
    def wire_type(self) -> str:
        return self.flavor.wire_type

    @property
    def stem(self) -> str:
        return stem_of(self.path)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def variable(self, name: str) -> Variable | None:
        for variable in self.variables:
            if variable.name == name:
                return variable
        return None

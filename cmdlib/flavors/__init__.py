"""One module per template flavor; each turns the decoded source into ``FlavorParts``."""

from __future__ import annotations

from dataclasses import dataclass

from cmdlib.model import (
    Block,
    Diagnostic,
    KubectlInvocation,
    Metadata,
    ShellSnippet,
    Variable,
)


@dataclass(frozen=True, slots=True)
class FlavorParts:
    """What a flavor parser found; the loader adds the file-level facts."""

    metadata: Metadata
    variables: tuple[Variable, ...]
    blocks: tuple[Block, ...] = ()
    script_body: ShellSnippet | None = None
    kubectl: tuple[KubectlInvocation, ...] = ()
    snippets: tuple[ShellSnippet, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

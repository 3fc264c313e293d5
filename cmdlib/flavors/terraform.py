"""The Terraform flavor: top-level blocks, the ``tensor9_command`` metadata, local-exec shell."""

from __future__ import annotations

from cmdlib.flavors import FlavorParts
from cmdlib.hclparse import parse_document
from cmdlib.metadata import duplicate_variables, terraform_metadata, variables_of
from cmdlib.model import Block, Diagnostic, Metadata, Span
from cmdlib.positions import SourceText
from cmdlib.snippets import command_snippets

METADATA_RESOURCE = "tensor9_command"


def parse_terraform(source: SourceText) -> FlavorParts:
    document = parse_document(source)
    diagnostics = list(document.diagnostics)
    commands = [block for block in document.blocks if _is_metadata(block)]
    if commands:
        metadata = terraform_metadata(commands[0], source.lines)
    else:
        metadata = Metadata({}, None)
        diagnostics.append(
            Diagnostic(
                "metadata-missing",
                f'no resource "{METADATA_RESOURCE}" "this" block: the template has no metadata',
                Span(1, 1, 1, 1),
                hint=f'Add resource "{METADATA_RESOURCE}" "this" {{ name = ... }} to the file.',
            )
        )
    for duplicate in commands[1:]:
        first = commands[0].span.line
        diagnostics.append(
            Diagnostic(
                "metadata-duplicate",
                f'a second resource "{METADATA_RESOURCE}" block (the first is on line {first})',
                duplicate.label_spans[0] if duplicate.label_spans else duplicate.span,
                hint="Keep exactly one tensor9_command resource per template.",
            )
        )
    variables = variables_of(document.blocks)
    diagnostics.extend(duplicate_variables(variables))
    snippets = tuple(
        snippet for site in document.commands for snippet in command_snippets(site, source)
    )
    return FlavorParts(
        metadata=metadata,
        variables=variables,
        blocks=document.blocks,
        snippets=snippets,
        diagnostics=tuple(diagnostics),
    )


def _is_metadata(block: Block) -> bool:
    return block.type == "resource" and bool(block.labels) and block.labels[0] == METADATA_RESOURCE

"""Template metadata and variables from parsed HCL.

- Metadata fields are the attributes of the metadata body (the ``tensor9_command``
  resource in Terraform, the HCL block of script and kubectl templates), every one of
  them, not only the documented ones.
- In Terraform the permission tier is a comment ``# t9: permissions = "ReadWrite"``
  inside the ``tensor9_command`` block; it becomes the ``permissions`` field, with the
  span of the comment and the span of the quoted tier. An attribute of that name, when
  one is written anyway, wins.
- Variables come from ``variable "NAME" { ... }`` blocks; ``type`` is kept as written
  without quotes (``string``, ``number``, ``list(string)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cmdlib.model import (
    Attribute,
    Block,
    Comment,
    Diagnostic,
    Expression,
    Field,
    Metadata,
    Span,
    Validation,
    Variable,
)

_PERMISSIONS_COMMENT = re.compile(r'^t9:\s*permissions\s*=\s*(?P<value>"(?P<tier>[^"]*)")\s*$')


def fields_of(attributes: Iterable[Attribute]) -> dict[str, Field]:
    """Each attribute as a field; the first of two attributes with one name is kept."""
    fields: dict[str, Field] = {}
    for attribute in attributes:
        if attribute.name not in fields:
            fields[attribute.name] = Field(
                attribute.name, attribute.value, attribute.span, attribute.value_span
            )
    return fields


def permissions_from_comments(
    comments: Iterable[Comment], source_lines: tuple[str, ...]
) -> Field | None:
    """The ``# t9: permissions = "..."`` comment as a field, or None when there is none."""
    for comment in comments:
        match = _PERMISSIONS_COMMENT.match(comment.text)
        if match is None:
            continue
        line = source_lines[comment.span.line - 1] if comment.span.line <= len(source_lines) else ""
        quoted = match.group("value")
        # The comment text was stripped of its marker; find the quoted tier on its line
        # from the comment's own start so that the value span is exact.
        start = line.find(quoted, comment.span.column - 1)
        if start < 0:
            value_span = comment.span
        else:
            first = comment.span.start_byte + len(
                line[comment.span.column - 1 : start].encode("utf-8", errors="replace")
            )
            value_span = Span(
                comment.span.line,
                start + 1,
                comment.span.line,
                start + 1 + len(quoted),
                first,
                first + len(quoted.encode("utf-8", errors="replace")),
            )
        return Field("permissions", match.group("tier"), comment.span, value_span)
    return None


def metadata_of(attributes: Iterable[Attribute], span: Span | None) -> Metadata:
    return Metadata(fields_of(attributes), span)


def terraform_metadata(block: Block, source_lines: tuple[str, ...]) -> Metadata:
    fields = fields_of(block.attributes)
    if "permissions" not in fields:
        permissions = permissions_from_comments(block.comments, source_lines)
        if permissions is not None:
            fields["permissions"] = permissions
    return Metadata(fields, block.span)


def variables_of(blocks: Iterable[Block]) -> tuple[Variable, ...]:
    return tuple(_variable(block) for block in blocks if block.type == "variable" and block.labels)


def duplicate_variables(variables: Iterable[Variable]) -> list[Diagnostic]:
    """OpenTofu rejects two ``variable`` blocks of one name; so does every flavor here."""
    seen: dict[str, Variable] = {}
    found: list[Diagnostic] = []
    for variable in variables:
        first = seen.setdefault(variable.name, variable)
        if first is not variable:
            found.append(
                Diagnostic(
                    "variable-duplicate",
                    f"variable {variable.name} is already declared on line {first.span.line}",
                    variable.name_span,
                    hint="Declare each variable once.",
                )
            )
    return found


def _variable(block: Block) -> Variable:
    type_attribute = block.attribute("type")
    description = block.attribute("description")
    default = block.attribute("default")
    return Variable(
        name=block.labels[0],
        name_span=block.label_spans[0] if block.label_spans else block.span,
        span=block.span,
        type=_type_text(type_attribute),
        description=_text(description),
        default=default.value if default is not None else None,
        has_default=default is not None,
        validations=tuple(_validation(child) for child in block.children("validation")),
    )


def _type_text(attribute: Attribute | None) -> str | None:
    if attribute is None:
        return None
    if isinstance(attribute.value, str):
        return attribute.value  # a quoted type, as old Terraform wrote it
    return attribute.source.strip()


def _text(attribute: Attribute | None) -> str | None:
    if attribute is None:
        return None
    value = attribute.value
    if isinstance(value, str):
        return value
    if isinstance(value, Expression):
        return value.source
    return attribute.source


def _validation(block: Block) -> Validation:
    condition = block.attribute("condition")
    message = block.attribute("error_message")
    return Validation(
        condition=condition.source if condition is not None else "",
        condition_span=condition.value_span if condition is not None else block.span,
        error_message=_text(message),
        span=block.span,
    )

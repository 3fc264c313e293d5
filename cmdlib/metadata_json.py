"""A loaded template's metadata as JSON: the document ``template-metadata.schema.json`` describes.

Literal HCL values become their JSON equivalents. A value that is not a literal (a
reference, a function call, an interpolated string) becomes ``{"expression": "<source>"}``
so that it is never mistaken for the string it would evaluate to; the schema rejects it
wherever the spec asks for a literal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cmdlib.model import Expression, HclValue, Template, Variable
from cmdlib.schemas import SchemaViolation, schema_violations

SCHEMA_NAME = "template-metadata"


def hcl_value_as_json(value: HclValue) -> Any:
    """The JSON form of one extracted HCL value."""
    if isinstance(value, Expression):
        return {"expression": value.source}
    if isinstance(value, tuple):
        return [hcl_value_as_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): hcl_value_as_json(item) for key, item in value.items()}
    return value


def variable_as_json(variable: Variable) -> dict[str, Any]:
    """One variable: type, description, default (when it has one) and its validations."""
    document: dict[str, Any] = {}
    if variable.type is not None:
        document["type"] = variable.type
    if variable.description is not None:
        document["description"] = variable.description
    if variable.has_default:
        document["default"] = hcl_value_as_json(variable.default)
    validations = []
    for validation in variable.validations:
        entry: dict[str, Any] = {"condition": validation.condition}
        if validation.error_message is not None:
            entry["error_message"] = validation.error_message
        validations.append(entry)
    if validations:
        document["validations"] = validations
    return document


def metadata_as_json(template: Template) -> dict[str, Any]:
    """Every metadata field of ``template`` (in file order) plus ``variables`` by name."""
    document: dict[str, Any] = {
        name: hcl_value_as_json(field.value) for name, field in template.metadata.fields.items()
    }
    if template.variables:
        document["variables"] = {
            variable.name: variable_as_json(variable) for variable in template.variables
        }
    return document


def metadata_violations(template: Template) -> tuple[SchemaViolation, ...]:
    """How the metadata of ``template`` breaks the metadata schema; () when it conforms."""
    return schema_violations(metadata_as_json(template), SCHEMA_NAME)

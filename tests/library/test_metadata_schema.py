"""The template metadata schema, its loader, and the metadata JSON of real templates."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from cmdlib.library_index import library_root
from cmdlib.loader import load_bytes, load_file
from cmdlib.metadata_json import hcl_value_as_json, metadata_as_json, metadata_violations
from cmdlib.model import Expression
from cmdlib.naming import find_templates
from cmdlib.schemas import available_schemas, load_schema, schema_violations

SCHEMA = "template-metadata"
LIBRARY_PATHS = find_templates(library_root())

VALID: dict[str, Any] = {
    "name": "restart-service",
    "display": "Restart a systemd service",
    "description": "Restarts SERVICE with systemctl and shows its status afterwards.",
    "icon": "refresh",
    "data_access": ["Infrastructure"],
    "side_effects": ["service-restart"],
    "permissions": "ReadWrite",
    "example_output": "active (running)\n",
    "variables": {
        "SERVICE": {
            "type": "string",
            "description": "systemd unit name",
            "default": "nginx.service",
            "validations": [
                {
                    "condition": 'can(regex("^[a-z.-]+$", var.SERVICE))',
                    "error_message": "SERVICE must be a unit name",
                }
            ],
        }
    },
}


def _with(path: tuple[str, ...], value: object) -> dict[str, Any]:
    document = copy.deepcopy(VALID)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def _without(*path: str) -> dict[str, Any]:
    document = copy.deepcopy(VALID)
    target = document
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return document


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    from jsonschema import Draft202012Validator

    schema = load_schema(SCHEMA)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_shipped_schema_is_a_valid_schema() -> None:
    from jsonschema import validators

    assert SCHEMA in available_schemas()
    for name in available_schemas():
        schema = load_schema(name)
        validators.validator_for(schema).check_schema(schema)


def test_load_schema_returns_a_fresh_copy_each_time() -> None:
    first = load_schema(SCHEMA)
    first["title"] = "changed"
    assert load_schema(SCHEMA)["title"] != "changed"


@pytest.mark.parametrize("name", ["no-such-schema", "../pyproject", "Template-Metadata", ""])
def test_unknown_or_malformed_schema_names_raise_lookup_error(name: str) -> None:
    with pytest.raises(LookupError):
        load_schema(name)


def test_a_complete_valid_document_has_no_violations() -> None:
    assert schema_violations(VALID, SCHEMA) == ()


def test_the_smallest_valid_document_needs_only_the_required_fields() -> None:
    document = {key: VALID[key] for key in ("name", "display", "description", "data_access")}
    assert schema_violations(document, SCHEMA) == ()


@pytest.mark.parametrize(
    ("path", "value", "pointer"),
    [
        (("name",), "ab", "/name"),
        (("name",), "x" * 65, "/name"),
        (("name",), "Disk-usage", "/name"),
        (("name",), "1disk", "/name"),
        (("name",), "disk-", "/name"),
        (("name",), "disk_usage", "/name"),
        (("name",), {"expression": "var.NAME"}, "/name"),
        (("display",), "   ", "/display"),
        (("description",), "", "/description"),
        (("icon",), "Big Icon", "/icon"),
        (("data_access",), [], "/data_access"),
        (("data_access",), ["Logs", "Logs"], "/data_access"),
        (("data_access",), ["logs"], "/data_access/0"),
        (("data_access",), "Logs", "/data_access"),
        (("side_effects",), ["Service_Restart"], "/side_effects/0"),
        (("side_effects",), ["service--restart"], "/side_effects/0"),
        (("permissions",), "readonly", "/permissions"),
        (("permissions",), "Root", "/permissions"),
        (("example_output",), 42, "/example_output"),
        (("variables", "SERVICE", "type"), "list(string)", "/variables/SERVICE/type"),
        (("variables", "SERVICE", "default"), ["a"], "/variables/SERVICE/default"),
        (
            ("variables", "SERVICE", "validations"),
            [{"condition": "true"}],
            "/variables/SERVICE/validations/0",
        ),
        (("variables", "SERVICE", "sensitive"), True, "/variables/SERVICE"),
        (("side_effect",), ["typo"], ""),
    ],
)
def test_documents_breaking_a_rule_are_rejected_at_the_right_place(
    path: tuple[str, ...], value: object, pointer: str
) -> None:
    violations = schema_violations(_with(path, value), SCHEMA)
    assert violations
    assert {violation.pointer for violation in violations} == {pointer}


@pytest.mark.parametrize("field", ["name", "display", "description", "data_access"])
def test_documents_missing_a_required_field_are_rejected(field: str) -> None:
    violations = schema_violations(_without(field), SCHEMA)
    assert [v.message for v in violations] == [f"'{field}' is a required property"]


@pytest.mark.parametrize("variable", ["service", "Service", "SERVICE-NAME", "1SERVICE", "_SERVICE"])
def test_variable_names_must_be_upper_snake_case(variable: str) -> None:
    document = copy.deepcopy(VALID)
    document["variables"] = {variable: VALID["variables"]["SERVICE"]}
    assert schema_violations(document, SCHEMA)


@pytest.mark.parametrize("field", ["type", "description"])
def test_variables_need_a_type_and_a_description(field: str) -> None:
    violations = schema_violations(_without("variables", "SERVICE", field), SCHEMA)
    assert [str(v) for v in violations] == [f"/variables/SERVICE: '{field}' is a required property"]


@pytest.mark.parametrize("path", LIBRARY_PATHS, ids=lambda path: path.name)
def test_every_bundled_template_metadata_conforms(path: Path) -> None:
    template = load_file(path)
    assert metadata_violations(template) == ()
    assert metadata_as_json(template)["name"] == template.stem


def test_hcl_values_become_json_and_expressions_stay_marked() -> None:
    value = (1, "a", {"k": Expression("var.X")}, None, True, 2.5)
    assert hcl_value_as_json(value) == [1, "a", {"k": {"expression": "var.X"}}, None, True, 2.5]


SCRIPT = b"""\
#!/usr/bin/env bash
: <<'TENSOR9'
name        = "top-processes"
display     = "Top processes"
description = "Lists the COUNT busiest processes. Read-only."
data_access = ["Metrics"]
permissions = "ReadOnly"

variable "COUNT" {
  type        = number
  description = "How many"
  default     = 10
  validation {
    condition     = var.COUNT >= 1 && var.COUNT <= 50
    error_message = "COUNT must be between 1 and 50."
  }
}

variable "USER_NAME" {
  type        = string
  description = "Only this user's processes"
}
TENSOR9
set -euo pipefail
ps -u "$USER_NAME" -o pid,comm | awk -v n="$COUNT" 'NR <= n'
"""


def test_metadata_json_of_a_script_template() -> None:
    document = metadata_as_json(load_bytes(Path("linux/top-processes.t9.sh"), SCRIPT))
    assert document == {
        "name": "top-processes",
        "display": "Top processes",
        "description": "Lists the COUNT busiest processes. Read-only.",
        "data_access": ["Metrics"],
        "permissions": "ReadOnly",
        "variables": {
            "COUNT": {
                "type": "number",
                "description": "How many",
                "default": 10,
                "validations": [
                    {
                        "condition": "var.COUNT >= 1 && var.COUNT <= 50",
                        "error_message": "COUNT must be between 1 and 50.",
                    }
                ],
            },
            "USER_NAME": {"type": "string", "description": "Only this user's processes"},
        },
    }


def test_a_non_literal_name_is_kept_as_an_expression_and_rejected() -> None:
    text = SCRIPT.replace(b'name        = "top-processes"', b"name        = var.NAME")
    template = load_bytes(Path("linux/top-processes.t9.sh"), text)
    assert metadata_as_json(template)["name"] == {"expression": "var.NAME"}
    assert [v.pointer for v in metadata_violations(template)] == ["/name"]


def test_a_template_without_metadata_breaks_every_required_field() -> None:
    template = load_bytes(Path("k8s/empty.t9.kubectl"), b"kubectl get pods\n")
    messages = {v.message for v in metadata_violations(template)}
    assert {f"'{field}' is a required property" for field in ("name", "display")} <= messages

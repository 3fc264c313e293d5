"""Variables rules (T92xx): references, documentation, validations, defaults, separators."""

from __future__ import annotations

import pytest
from rule_checks import (
    DISK_USAGE,
    DISK_USAGE_BODY,
    DISK_USAGE_META,
    MOUNT_PATH,
    NAMESPACE,
    PROVIDERS,
    SERVICE,
    kubectl,
    line_of,
    load,
    run,
    script,
    where,
)

from t9lint.rules._shellctx import assigned_names
from t9lint.rules.variables import (
    DOCUMENTED,
    NAME_CASE,
    SHELL_VALIDATED,
    UNDECLARED,
    UNUSED,
    is_environment,
)
from t9lint.rules.variables_validation import (
    ANCHORED,
    DEFAULT_VALID,
    NOT_EVALUABLE,
    SEPARATOR,
    offset_span,
    positive_regexes,
)


def variable(name: str, condition: str, vtype: str = "string", default: str | None = None) -> str:
    default_line = f"  default     = {default}\n" if default is not None else ""
    return (
        f'\nvariable "{name}" {{\n  type        = {vtype}\n  description = "a value"\n'
        f"{default_line}  validation {{\n    condition     = {condition}\n"
        f'    error_message = "{name} is not valid."\n  }}\n}}\n'
    )


# ------------------------------------------------------------------ undeclared / unused


def test_undeclared_terraform_reference_points_at_var() -> None:
    text = DISK_USAGE.replace("${var.MOUNT_PATH}", "${var.MOUNT_POINT}")
    findings = run(UNDECLARED, load("l/disk-usage.t9.tf", text))
    assert where(findings) == [("T9201", *line_of(text, "var.MOUNT_POINT"))]
    assert findings[0].span.end_column - findings[0].span.column == len("var.MOUNT_POINT")


def test_undeclared_in_bare_expression_is_found_by_the_parser() -> None:
    body = DISK_USAGE_BODY.replace(
        'resource "terraform_data" "space" {',
        ('resource "terraform_data" "space" {\n  count = var.COPIES'),
    )
    text = PROVIDERS + MOUNT_PATH + DISK_USAGE_META + body
    assert where(run(UNDECLARED, load("l/disk-usage.t9.tf", text))) == [
        ("T9201", *line_of(text, "var.COPIES"))
    ]


def test_undeclared_kubectl_reference() -> None:
    text = kubectl(body="kubectl get pods -n ${NAMESPACE} -l app=${APP}\n")
    assert where(run(UNDECLARED, load("k/list-pods.t9.kubectl", text))) == [
        ("T9201", *line_of(text, "${APP}"))
    ]


def test_undeclared_script_upper_snake_reference() -> None:
    text = script(body='set -euo pipefail\nsystemctl restart "$SERVICE" --no-block "$EXTRA"\n')
    assert where(run(UNDECLARED, load("l/restart-service.t9.sh", text))) == [
        ("T9201", *line_of(text, "$EXTRA"))
    ]


def test_script_locals_environment_and_specials_are_not_undeclared() -> None:
    body = (
        'set -euo pipefail\nCOUNT=3\nexport LIMIT=4\nfor ITEM in a b; do echo "$ITEM"; done\n'
        'read -r FIRST REST <<<"x y"\nprintf -v STAMP "%s" now\nlocal_dir=/tmp\n'
        'echo "$COUNT $LIMIT $FIRST $REST $STAMP $local_dir $HOME $PATH $1 $? $# $LC_ALL"\n'
        'echo "${BASH_VERSION} ${lowercase_thing:-x}"\nsystemctl restart "$SERVICE"\n'
    )
    assert run(UNDECLARED, load("l/restart-service.t9.sh", script(body=body))) == []


def test_validation_referring_to_an_undeclared_variable_in_a_script() -> None:
    text = script(variables=SERVICE.replace("var.SERVICE))", "var.SERVICE_NAME))"))
    findings = run(UNDECLARED, load("l/restart-service.t9.sh", text))
    assert len(findings) == 1 and "var.SERVICE_NAME" in findings[0].message


def test_declared_references_pass() -> None:
    assert run(UNDECLARED, load("l/disk-usage.t9.tf", DISK_USAGE)) == []
    assert run(UNDECLARED, load("k/list-pods.t9.kubectl", kubectl())) == []


@pytest.mark.parametrize("name", ["HOME", "PATH", "LC_ALL", "BASH_SOURCE", "XDG_RUNTIME_DIR"])
def test_well_known_environment(name: str) -> None:
    assert is_environment(name)


@pytest.mark.parametrize("name", ["SERVICE", "TARGET_DIR", "HOMEDIR"])
def test_not_environment(name: str) -> None:
    assert not is_environment(name)


def test_assigned_names_of_a_script() -> None:
    names = assigned_names(
        "A=1\nlocal B=2\nexport C\ndeclare -r D=4\nfor E in x; do :; done\n"
        "read -r F G\nmapfile -t H < f\nprintf -v I %s x\necho $J\n"
        ': "${K:=30}" "${L=1}" "${M:-2}"\n'
    )
    assert names == frozenset("ABCDEFGHIKL")


def test_unused_variable_at_its_name() -> None:
    text = kubectl(body="kubectl get pods --all-namespaces\n")
    findings = run(UNUSED, load("k/list-pods.t9.kubectl", text))
    assert where(findings) == [("T9202", *line_of(text, '"NAMESPACE"'))]


def test_variable_used_only_in_its_validation_is_unused() -> None:
    text = (
        PROVIDERS + MOUNT_PATH + DISK_USAGE_META + DISK_USAGE_BODY.replace("${var.MOUNT_PATH}", "/")
    )
    assert [f.code for f in run(UNUSED, load("l/disk-usage.t9.tf", text))] == ["T9202"]


def test_used_variables_pass_in_every_flavor() -> None:
    assert run(UNUSED, load("l/disk-usage.t9.tf", DISK_USAGE)) == []
    assert run(UNUSED, load("l/restart-service.t9.sh", script())) == []
    assert run(UNUSED, load("k/list-pods.t9.kubectl", kubectl())) == []


# ------------------------------------------------------------------ naming and documentation


def test_variable_name_case() -> None:
    text = script(
        variables=SERVICE.replace('"SERVICE"', '"service_name"').replace(
            "var.SERVICE", "var.service_name"
        ),
        body='systemctl restart "$service_name"\n',
    )
    findings = run(NAME_CASE, load("l/restart-service.t9.sh", text))
    assert where(findings) == [("T9203", *line_of(text, '"service_name"'))]
    assert findings[0].hint == "rename it to SERVICE_NAME"
    assert run(NAME_CASE, load("l/restart-service.t9.sh", script())) == []


def test_variable_without_type_and_description() -> None:
    text = kubectl(variables='\nvariable "NAMESPACE" {\n  default = "default"\n}\n')
    findings = run(DOCUMENTED, load("k/list-pods.t9.kubectl", text))
    assert [f.message for f in findings] == ["variable NAMESPACE has no type and no description"]
    assert run(DOCUMENTED, load("k/list-pods.t9.kubectl", kubectl())) == []


# ------------------------------------------------------------------ validations


def test_string_reaching_shell_without_validation() -> None:
    unvalidated = '\nvariable "SERVICE" {\n  type        = string\n  description = "unit"\n}\n'
    text = script(variables=unvalidated)
    findings = run(SHELL_VALIDATED, load("l/restart-service.t9.sh", text))
    assert where(findings) == [("T9205", *line_of(text, '"SERVICE"'))]
    assert f"(line {line_of(text, '$SERVICE')[0]})" in findings[0].message


def test_number_and_non_shell_variables_need_no_validation() -> None:
    number = '\nvariable "COUNT" {\n  type        = number\n  description = "n"\n}\n'
    text = script(variables=number, body='ps aux | head -n "$COUNT"\n')
    assert run(SHELL_VALIDATED, load("l/top.t9.sh", text)) == []
    data_only = (
        PROVIDERS
        + '\nvariable "BUCKET" {\n  type        = string\n  description = "bucket"\n}\n'
        + DISK_USAGE_META
        + '\ndata "aws_s3_bucket" "b" {\n  bucket = var.BUCKET\n}\n'
    )
    assert run(SHELL_VALIDATED, load("l/disk-usage.t9.tf", data_only)) == []


def test_unanchored_regex_is_flagged_at_the_pattern() -> None:
    text = kubectl(variables=NAMESPACE.replace('"^[a-z0-9-]{1,63}$"', '"[a-z0-9-]{1,63}$"'))
    findings = run(ANCHORED, load("k/list-pods.t9.kubectl", text))
    assert where(findings) == [("T9206", *line_of(text, '"[a-z0-9-]{1,63}$"'))]
    assert "start (^)" in findings[0].message and "end" not in findings[0].message.split(":")[0]


def test_negated_regex_needs_no_anchor_and_anchored_passes() -> None:
    condition = 'can(regex("^/[a-z/]+$", var.DIR)) && !can(regex("[.][.]", var.DIR))'
    assert [p.pattern for p in positive_regexes(condition)] == ["^/[a-z/]+$"]
    assert run(ANCHORED, load("k/list-pods.t9.kubectl", kubectl())) == []


def test_default_failing_its_validation() -> None:
    text = kubectl(variables=NAMESPACE.replace('"default"\n', '"Default"\n'))
    findings = run(DEFAULT_VALID, load("k/list-pods.t9.kubectl", text))
    assert where(findings) == [("T9207", *line_of(text, '"Default"'))]
    assert f"(line {line_of(text, 'can(regex(')[0]})" in findings[0].message
    assert '"Default"' in findings[0].message


def test_number_default_outside_its_range() -> None:
    text = script(
        variables=variable("COUNT", "var.COUNT >= 1 && var.COUNT <= 50", "number", "0"),
        body='ps aux | head -n "$COUNT"\n',
    )
    findings = run(DEFAULT_VALID, load("l/top.t9.sh", text))
    assert [f.code for f in findings] == ["T9207"] and "default 0" in findings[0].message


def test_defaults_that_pass_and_variables_without_default() -> None:
    assert run(DEFAULT_VALID, load("k/list-pods.t9.kubectl", kubectl())) == []
    assert run(DEFAULT_VALID, load("l/restart-service.t9.sh", script())) == []


def test_not_evaluable_condition_points_at_the_construct() -> None:
    condition = "length(var.NAMESPACE) < 64 && lower(var.NAMESPACE) == var.NAMESPACE"
    text = kubectl(variables=variable("NAMESPACE", condition, default='"default"'))
    findings = run(NOT_EVALUABLE, load("k/list-pods.t9.kubectl", text))
    assert where(findings) == [("T9208", *line_of(text, "lower("))]
    assert findings[0].message.startswith("not evaluable: function lower()")
    assert run(DEFAULT_VALID, load("k/list-pods.t9.kubectl", text)) == []


def test_evaluable_conditions_pass() -> None:
    assert run(NOT_EVALUABLE, load("k/list-pods.t9.kubectl", kubectl())) == []
    assert run(NOT_EVALUABLE, load("l/disk-usage.t9.tf", DISK_USAGE)) == []


def test_validation_admitting_comma_or_equals() -> None:
    text = kubectl(
        variables=NAMESPACE + variable("SELECTOR", 'can(regex("^[a-z=,]+$", var.SELECTOR))'),
        body="kubectl get pods -n ${NAMESPACE} -l ${SELECTOR}\n",
    )
    findings = run(SEPARATOR, load("k/list-pods.t9.kubectl", text))
    assert where(findings) == [("T9209", *line_of(text, 'can(regex("^[a-z=,]+$"'))]
    assert "admits , =" in findings[0].message


def test_unrestricting_validation_admits_separators_but_lists_do_not() -> None:
    loose = variable("DIR", 'startswith(var.DIR, "/")')
    listed = variable("MODE", 'contains(["fast", "slow"], var.MODE)')
    text = script(variables=loose + listed, body='ls "$DIR" "$MODE"\n')
    findings = run(SEPARATOR, load("l/list.t9.sh", text))
    assert [f.message.split(" admits")[0] for f in findings] == ["the validation of DIR"]


def test_offset_span_maps_into_a_multi_line_condition() -> None:
    from cmdlib.model import Span

    base = Span(10, 21, 11, 30, 100, 140)
    source = 'a &&\n  can(regex("x", var.A))'
    span = offset_span(base, source, source.index('"x"'), source.index('"x"') + 3)
    assert (span.line, span.column, span.end_line, span.end_column) == (11, 13, 11, 16)
    first = offset_span(base, source, 0, 1)
    assert (first.line, first.column, first.start_byte) == (10, 21, 100)

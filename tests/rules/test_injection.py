"""Injection rules (T93xx): values pasted into shell source, and what makes a value safe."""

from __future__ import annotations

import pytest
from rule_checks import DISK_USAGE, NAMESPACE, PROVIDERS, kubectl, line_of, load, run, script, where

from cmdlib.model import Span, Validation, Variable
from t9lint.rules._validation import condition_restriction, unsafe_reason
from t9lint.rules.injection import CONTAINER_INJECTION, REPARSE_INJECTION, SHELL_INJECTION

META = """
resource "tensor9_command" "this" {
  name        = "file-head"
  display     = "First bytes of a file"
  description = "Prints the first MAX_BYTES bytes of FILE_PATH with head. Read-only."
  data_access = ["Storage"]
}
"""

MAX_BYTES = """
variable "MAX_BYTES" {
  type        = number
  description = "How many bytes"
  default     = 4096
  validation {
    condition     = var.MAX_BYTES >= 1 && var.MAX_BYTES <= 65536
    error_message = "MAX_BYTES must be between 1 and 65536."
  }
}
"""

Span0 = Span(1, 1, 1, 2)


def file_path(condition: str | None) -> str:
    validation = (
        f'  validation {{\n    condition     = {condition}\n    error_message = "bad"\n  }}\n'
        if condition
        else ""
    )
    return (
        '\nvariable "FILE_PATH" {\n  type        = string\n  description = "File to read"\n'
        f"{validation}}}\n"
    )


def head_template(condition: str | None, command: str | None = None) -> str:
    command = command or "head -c ${var.MAX_BYTES} '${var.FILE_PATH}'"
    body = (
        '\nresource "terraform_data" "head" {\n  provisioner "local-exec" {\n'
        f'    command = "{command}"\n  }}\n}}\n'
    )
    return PROVIDERS + file_path(condition) + MAX_BYTES + META + body


def test_unvalidated_path_in_single_quotes_is_flagged_and_number_is_not() -> None:
    text = head_template(None)
    findings = run(SHELL_INJECTION, load("l/file-head.t9.tf", text))
    assert where(findings) == [("T9301", *line_of(text, "${var.FILE_PATH}"))]
    (finding,) = findings
    assert finding.span.end_column - finding.span.column == len("${var.FILE_PATH}")
    assert "inside single quotes; a ' in the value ends the quoting" in finding.message
    assert finding.message.endswith("FILE_PATH has no validation")


def test_validation_admitting_quotes_is_flagged_with_the_characters() -> None:
    text = head_template('can(regex("^/[^;]+$", var.FILE_PATH))')
    (finding,) = run(SHELL_INJECTION, load("l/file-head.t9.tf", text))
    assert "admits" in finding.message and "'" in finding.message.split("admits")[1]


@pytest.mark.parametrize(
    "condition",
    [
        'can(regex("^/[A-Za-z0-9._/-]+$", var.FILE_PATH))',
        'can(regex("^[a-z0-9-]+$", var.FILE_PATH)) && length(var.FILE_PATH) < 64',
        'contains(["/var/log/syslog", "/var/log/auth.log"], var.FILE_PATH)',
        'var.FILE_PATH == "" || can(regex("^/[a-z/]+$", var.FILE_PATH))',
        'can(regex("^/var/[a-z]+$", var.FILE_PATH)) || can(regex("^/tmp/[a-z]+$", var.FILE_PATH))',
        'startswith(var.FILE_PATH, "/") && can(regex("^[a-z0-9/]+$", var.FILE_PATH))',
    ],
)
def test_restrictive_validations_are_safe(condition: str) -> None:
    assert run(SHELL_INJECTION, load("l/file-head.t9.tf", head_template(condition))) == []


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        ('startswith(var.FILE_PATH, "/")', "does not restrict"),
        ('can(regex("[a-z0-9-]+", var.FILE_PATH))', "does not restrict"),
        ('can(regex("^[a-z0-9-]+", var.FILE_PATH))', "does not restrict"),
        ('can(regex("^[a-z]+$", var.FILE_PATH)) || startswith(var.FILE_PATH, "/")', "does not"),
        ('!can(regex("^[a-z]+$", var.FILE_PATH))', "does not restrict"),
        ('can(regex("^.*$", var.FILE_PATH))', "admits"),
        ('can(regex("^[a-z ]+$", var.FILE_PATH))', "admits space"),
        ('can(regex("^[a-z]+$", var.OTHER))', "does not restrict"),
        ('contains(["a", "b;c"], var.FILE_PATH)', "admits ;"),
        ("length(var.FILE_PATH) < 10", "does not restrict"),
    ],
)
def test_loose_validations_are_unsafe(condition: str, reason: str) -> None:
    (finding,) = run(SHELL_INJECTION, load("l/file-head.t9.tf", head_template(condition)))
    assert reason in finding.message


def test_unquoted_double_quoted_and_nested_contexts_are_described() -> None:
    command = (
        "kubectl exec deploy/web -- sh -c 'cat ${var.FILE_PATH}' && echo \\\"${var.FILE_PATH}\\\""
        " && ls ${var.FILE_PATH}"
    )
    text = head_template('startswith(var.FILE_PATH, "/")', command)
    findings = run(SHELL_INJECTION, load("l/file-head.t9.tf", text))
    assert where(findings) == [
        ("T9301", *line_of(text, "${var.FILE_PATH}", 1)),
        ("T9301", *line_of(text, "${var.FILE_PATH}", 2)),
        ("T9301", *line_of(text, "${var.FILE_PATH}", 3)),
    ]
    nested, double, bare = sorted(findings, key=lambda f: f.span.column)
    assert "in a script that `sh -c` in the container parses again" in nested.message
    assert "inside double quotes" in double.message
    assert "unquoted" in bare.message


def test_function_of_a_variable_is_still_text_substitution() -> None:
    text = head_template(None, "cat ${lower(var.FILE_PATH)}")
    findings = run(SHELL_INJECTION, load("l/file-head.t9.tf", text))
    assert where(findings) == [("T9301", *line_of(text, "${lower(var.FILE_PATH)}"))]


def test_local_built_from_a_variable_is_text_substitution_of_that_variable() -> None:
    locals_block = '\nlocals {\n  target = "${var.FILE_PATH}.bak"\n  quoted = local.target\n}\n'
    text = head_template(None, "cp ${var.FILE_PATH} ${local.quoted}") + locals_block
    findings = run(SHELL_INJECTION, load("l/file-head.t9.tf", text))
    assert where(findings) == [
        ("T9301", *line_of(text, "${var.FILE_PATH} ${local")),
        ("T9301", *line_of(text, "${local.quoted}")),
    ]
    assert findings[1].message.startswith("var.FILE_PATH is pasted")


def test_local_built_from_literals_is_not_a_variable() -> None:
    text = head_template(None, "ls ${local.dir}") + '\nlocals {\n  dir = "/var/log"\n}\n'
    assert run(SHELL_INJECTION, load("l/file-head.t9.tf", text)) == []


def test_heredoc_command_interpolations_are_checked() -> None:
    body = (
        '\nresource "terraform_data" "head" {\n  provisioner "local-exec" {\n'
        "    command = <<-EOT\n      head -c ${var.MAX_BYTES} ${var.FILE_PATH}\n    EOT\n  }\n}\n"
    )
    text = PROVIDERS + file_path(None) + MAX_BYTES + META + body
    assert where(run(SHELL_INJECTION, load("l/file-head.t9.tf", text))) == [
        ("T9301", *line_of(text, "${var.FILE_PATH}"))
    ]


def test_safe_library_style_template_passes() -> None:
    assert run(SHELL_INJECTION, load("l/disk-usage.t9.tf", DISK_USAGE)) == []


DIRECTORY = """
variable "DIRECTORY" {
  type        = string
  description = "Directory in the container"
  validation {
    condition     = startswith(var.DIRECTORY, "/")
    error_message = "absolute"
  }
}
"""


def test_kubectl_exec_sh_c_with_loose_variable() -> None:
    body = "kubectl exec web-0 -n ${NAMESPACE} -- sh -c 'ls -l ${DIRECTORY}'\n"
    text = kubectl(variables=NAMESPACE + DIRECTORY, body=body)
    findings = run(CONTAINER_INJECTION, load("k/ls.t9.kubectl", text))
    assert where(findings) == [("T9302", *line_of(text, "${DIRECTORY}"))]
    assert "`sh -c` in the container" in findings[0].message


@pytest.mark.parametrize(
    "body",
    [
        "kubectl exec web-0 -n ${NAMESPACE} -- ls -l ${DIRECTORY}\n",
        "kubectl exec web-0 -n ${NAMESPACE} -- sh -c 'ls -l \"$0\"' ${DIRECTORY}\n",
        "kubectl get pods -n ${NAMESPACE} -l app=${DIRECTORY}\n",
    ],
)
def test_kubectl_arguments_are_not_shell(body: str) -> None:
    text = kubectl(variables=NAMESPACE + DIRECTORY, body=body)
    assert run(CONTAINER_INJECTION, load("k/ls.t9.kubectl", text)) == []


def test_kubectl_sh_c_with_safe_variable_passes() -> None:
    body = "kubectl exec web-0 -n default -- sh -c 'ls -l /srv/${NAMESPACE}'\n"
    assert run(CONTAINER_INJECTION, load("k/ls.t9.kubectl", kubectl(body=body))) == []


LOOSE_SERVICE = """
variable "SERVICE" {
  type        = string
  description = "unit"
  validation {
    condition     = length(var.SERVICE) > 0
    error_message = "not empty"
  }
}
"""


@pytest.mark.parametrize(
    ("body", "needle", "how"),
    [
        ('eval "systemctl restart $SERVICE"\n', "$SERVICE", "eval"),
        ('bash -c "systemctl restart ${SERVICE}"\n', "${SERVICE}", "`bash -c`"),
        ("sudo sh -c systemctl\\ restart\\ $SERVICE\n", "$SERVICE", "`sh -c`"),
        ('ssh admin@host "systemctl restart $SERVICE"\n', "$SERVICE", "ssh"),
        ('kubectl exec web-0 -- sh -c "kill -HUP $SERVICE"\n', "$SERVICE", "in the container"),
        ("bash <<EOF\nsystemctl restart $SERVICE\nEOF\n", "$SERVICE", "reading the heredoc"),
        ('bash --norc -o pipefail -ec "systemctl restart $SERVICE"\n', "$SERVICE", "`bash -c`"),
        ('watch -n 5 "systemctl status $SERVICE"\n', "$SERVICE", "watch"),
        ('su root -c "systemctl restart $SERVICE"\n', "$SERVICE", "`su -c`"),
        ("ssh admin@host <<EOF\nsystemctl restart $SERVICE\nEOF\n", "$SERVICE", "remote shell"),
    ],
)
def test_script_reparse_of_a_loose_variable(body: str, needle: str, how: str) -> None:
    text = script(variables=LOOSE_SERVICE, body=body)
    findings = run(REPARSE_INJECTION, load("l/restart-service.t9.sh", text))
    assert where(findings) == [("T9303", *line_of(text, needle))]
    assert how in findings[0].message


@pytest.mark.parametrize(
    "body",
    [
        'systemctl restart "$SERVICE"\n',
        'sh -c \'systemctl restart "$1"\' _ "$SERVICE"\n',
        "bash -c 'systemctl restart \"$SERVICE\"'\n",
        'echo "eval $SERVICE"\n',
        'eval "systemctl restart $UNDECLARED_THING"\n',
        "bash <<'EOF'\nsystemctl restart \"$SERVICE\"\nEOF\n",
        "cat <<EOF\nrestarting $SERVICE\nEOF\n",
        'bash -c \'systemctl restart "$1"\' restart "$SERVICE"\n',
        'bash -o pipefail script.sh "$SERVICE"\n',
    ],
)
def test_script_without_reparse_of_a_template_variable_passes(body: str) -> None:
    text = script(variables=LOOSE_SERVICE, body=body)
    assert run(REPARSE_INJECTION, load("l/restart-service.t9.sh", text)) == []


def test_script_reparse_of_a_local_built_from_a_loose_variable() -> None:
    body = 'UNIT="$SERVICE"\nCMD="systemctl restart $UNIT"\neval "$CMD"\n'
    text = script(variables=LOOSE_SERVICE, body=body)
    findings = run(REPARSE_INJECTION, load("l/restart-service.t9.sh", text))
    assert where(findings) == [("T9303", *line_of(text, '$CMD"'))]
    assert findings[0].message.startswith("$CMD (built from $SERVICE) is expanded")


def test_script_reparse_of_a_local_built_from_literals_passes() -> None:
    body = 'CMD="systemctl restart nginx"\neval "$CMD"\nsystemctl status "$SERVICE"\n'
    text = script(variables=LOOSE_SERVICE, body=body)
    assert run(REPARSE_INJECTION, load("l/restart-service.t9.sh", text)) == []


def test_script_reparse_of_a_safe_variable_passes() -> None:
    text = script(body='eval "systemctl restart $SERVICE"\n')
    assert run(REPARSE_INJECTION, load("l/restart-service.t9.sh", text)) == []


def test_restriction_of_or_is_the_union_and_of_and_the_intersection() -> None:
    either = 'can(regex("^[a-c]+$", var.X)) || can(regex("^[x-z]+$", var.X))'
    assert condition_restriction(either, "X") == frozenset("abcxyz")
    both = 'can(regex("^[a-z]+$", var.X)) && can(regex("^[a-c;]+$", var.X))'
    assert condition_restriction(both, "X") == frozenset("abc")
    assert condition_restriction('!(var.X == "a")', "X") is None
    assert condition_restriction("this is not HCL ((", "X") is None


def test_number_variables_are_never_unsafe() -> None:
    number = Variable("N", Span0, Span0, "number", "n", None, False, ())
    assert unsafe_reason(number) is None
    flag = Variable("B", Span0, Span0, "bool", "b", None, False, ())
    assert unsafe_reason(flag) is None
    untyped = Variable("U", Span0, Span0, None, "u", None, False, ())
    assert unsafe_reason(untyped) == "U has no validation"
    loose = Variable(
        "S", Span0, Span0, "string", "s", None, False,
        (Validation('startswith(var.S, "/")', Span0, None, Span0),),
    )  # fmt: skip
    assert unsafe_reason(loose) is not None

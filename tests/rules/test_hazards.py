"""Review-hazard rules (T96xx): fan-out, heredocs, triggers, timestamp(), hidden text."""

from __future__ import annotations

import pytest
from rule_checks import (
    DISK_USAGE,
    DISK_USAGE_META,
    MOUNT_PATH,
    PROVIDERS,
    kubectl,
    line_of,
    load,
    run,
    script,
    where,
)

from t9lint.rules.base import RuleSettings
from t9lint.rules.hazards import DATA_FAN_OUT, MULTILINE_LOCAL_EXEC, TIMESTAMP, TRIGGERS
from t9lint.rules.hazards_text import INVISIBLE, LONG_LINE, TAB, TERMINAL_ESCAPE


def tf(body: str) -> str:
    return PROVIDERS + MOUNT_PATH + DISK_USAGE_META + body


def test_for_each_over_a_data_source() -> None:
    text = tf(
        '\ndata "aws_instances" "all" {}\n'
        '\nresource "terraform_data" "s" {\n  for_each = toset(data.aws_instances.all.ids)\n}\n'
    )
    findings = run(DATA_FAN_OUT, load("a/x.t9.tf", text))
    assert where(findings) == [("T9601", *line_of(text, "for_each"))]
    assert "data.aws_instances.all" in findings[0].message


def test_count_over_a_data_source_in_a_nested_expression() -> None:
    text = tf(
        '\nresource "terraform_data" "s" {\n  count = length(data.aws_instances.all.ids)\n}\n'
    )
    assert where(run(DATA_FAN_OUT, load("a/x.t9.tf", text))) == [
        ("T9601", *line_of(text, "count ="))
    ]


def test_for_each_over_a_local_that_reads_a_data_source() -> None:
    text = tf(
        '\ndata "aws_instances" "all" {}\n'
        "\nlocals {\n  ids = toset(data.aws_instances.all.ids)\n  names = var.NAMES\n}\n"
        '\nresource "terraform_data" "s" {\n  for_each = local.ids\n}\n'
        '\nresource "terraform_data" "t" {\n  for_each = local.names\n}\n'
    )
    findings = run(DATA_FAN_OUT, load("a/x.t9.tf", text))
    assert where(findings) == [("T9601", *line_of(text, "for_each = local.ids"))]
    assert "data.aws_instances.all (through local.ids)" in findings[0].message


@pytest.mark.parametrize(
    "attribute",
    ["for_each = toset(var.IDS)", "count = 2", 'for_each = toset(["a", "b"])'],
)
def test_for_each_and_count_over_known_values_pass(attribute: str) -> None:
    text = tf(f'\nresource "terraform_data" "s" {{\n  {attribute}\n}}\n')
    assert run(DATA_FAN_OUT, load("a/x.t9.tf", text)) == []


def local_exec(command: str) -> str:
    return tf(
        '\nresource "terraform_data" "r" {\n  provisioner "local-exec" {\n'
        f"    command = {command}\n  }}\n}}\n"
    )


def test_multi_line_heredoc_command() -> None:
    text = local_exec("<<-EOT\n      gzip /var/log/a.log\n      rm -f /var/log/a.log.1\n    EOT")
    findings = run(MULTILINE_LOCAL_EXEC, load("l/x.t9.tf", text))
    assert where(findings) == [("T9602", *line_of(text, "command ="))]
    assert "2-line heredoc" in findings[0].message


@pytest.mark.parametrize("command", ['"df -h"', "<<-EOT\n      df -h\n    EOT"])
def test_one_line_commands_pass(command: str) -> None:
    assert run(MULTILINE_LOCAL_EXEC, load("l/x.t9.tf", local_exec(command))) == []


def test_triggers_and_triggers_replace() -> None:
    text = tf(
        '\nresource "null_resource" "a" {\n  triggers = { v = var.MOUNT_PATH }\n}\n'
        '\nresource "terraform_data" "b" {\n  triggers_replace = [var.MOUNT_PATH]\n}\n'
    )
    findings = run(TRIGGERS, load("l/x.t9.tf", text))
    assert where(findings) == [
        ("T9603", *line_of(text, "triggers =")),
        ("T9603", *line_of(text, "triggers_replace")),
    ]
    assert "null_resource.a" in findings[0].message


def test_no_triggers_no_finding() -> None:
    assert run(TRIGGERS, load("l/disk-usage.t9.tf", DISK_USAGE)) == []


def test_timestamp_call_position() -> None:
    text = local_exec('"echo ${formatdate("YYYY", timestamp())}"')
    findings = run(TIMESTAMP, load("l/x.t9.tf", text))
    assert where(findings) == [("T9604", *line_of(text, "timestamp()"))]
    assert findings[0].span.end_column - findings[0].span.column == len("timestamp()")


def test_timestamp_in_a_string_or_comment_is_not_a_call() -> None:
    text = local_exec('"echo timestamp()"') + "# timestamp() is not used\n"
    assert run(TIMESTAMP, load("l/x.t9.tf", text)) == []


def test_bidi_controls_grouped_in_one_run() -> None:
    text = script(body='echo ok # \u202e\u2066 ;reboot\u2069\u202c\nsystemctl restart "$SERVICE"\n')
    findings = run(INVISIBLE, load("l/restart-service.t9.sh", text))
    assert where(findings) == [
        ("T9605", *line_of(text, "\u202e")),
        ("T9605", *line_of(text, "\u2069")),
    ]
    first = findings[0]
    assert first.span.end_column - first.span.column == 2
    assert "U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE" in first.message


@pytest.mark.parametrize("char", ["\u200b", "\u00ad", "\ufeff", "\u0007", "\r", "\u2028", "\u3164"])
def test_each_kind_of_hidden_character_is_an_error(char: str) -> None:
    text = kubectl(body=f"kubectl get pods -n ${{NAMESPACE}}{char} -o wide\n")
    findings = run(INVISIBLE, load("k/list-pods.t9.kubectl", text))
    assert where(findings) == [("T9605", *line_of(text, char))]
    assert INVISIBLE.suppressible is False


@pytest.mark.parametrize("text", ["café — naïve ✓ 日本語", "tab\there", "plain ascii"])
def test_visible_text_passes(text: str) -> None:
    body = f'echo "{text}"\nsystemctl restart "$SERVICE"\n'
    assert run(INVISIBLE, load("l/restart-service.t9.sh", script(body=body))) == []


def test_binary_content_is_left_to_the_parse_error() -> None:
    from pathlib import Path

    from cmdlib.loader import load_bytes

    template = load_bytes(Path("l/x.t9.sh"), bytes(range(256)) * 4)
    assert any(d.code == "binary-content" for d in template.diagnostics)
    assert run(INVISIBLE, template) == [] and run(TERMINAL_ESCAPE, template) == []


def test_leading_byte_order_mark_is_accepted() -> None:
    template = load("l/restart-service.t9.sh", "\ufeff" + script())
    assert run(INVISIBLE, template) == []


def test_escape_sequences_are_whole_and_positioned() -> None:
    text = script(body="echo ok # \x1b[2K\x1b[1A\x1b]0;title\x07\x9b31m\nsystemctl restart x\n")
    findings = run(TERMINAL_ESCAPE, load("l/restart-service.t9.sh", text))
    assert [(f.span.column, f.span.end_column - f.span.column) for f in findings] == [
        (line_of(text, "\x1b[2K")[1], 4),
        (line_of(text, "\x1b[1A")[1], 4),
        (line_of(text, "\x1b]0;")[1], len("\x1b]0;title\x07")),
        (line_of(text, "\x9b")[1], 4),
    ]
    assert TERMINAL_ESCAPE.suppressible is False


def test_no_escape_no_finding() -> None:
    assert run(TERMINAL_ESCAPE, load("l/restart-service.t9.sh", script())) == []


def test_tabs_in_the_body_not_in_metadata() -> None:
    meta_tab = script().replace('display      = "Restart', 'display\t= "Restart')
    assert run(TAB, load("l/restart-service.t9.sh", meta_tab)) == []
    body_tab = script(body='if true; then\n\tsystemctl restart "$SERVICE"\nfi\n')
    findings = run(TAB, load("l/restart-service.t9.sh", body_tab))
    assert where(findings) == [("T9607", *line_of(body_tab, "\tsystemctl"))]


def test_long_line_in_the_body_with_configured_limit() -> None:
    body = "kubectl get pods -n ${NAMESPACE} -o custom-columns=" + "X:.a," * 30 + "Y:.b\n"
    text = kubectl(body=body)
    template = load("k/list-pods.t9.kubectl", text)
    (finding,) = run(LONG_LINE, template)
    assert (finding.span.line, finding.span.column) == (line_of(text, "kubectl get")[0], 161)
    assert run(LONG_LINE, template, RuleSettings(max_line_length=400)) == []


def test_long_metadata_lines_are_not_reviewed_bodies() -> None:
    text = script().replace("afterwards.", "afterwards. " + "More words here. " * 12)
    assert run(LONG_LINE, load("l/restart-service.t9.sh", text)) == []

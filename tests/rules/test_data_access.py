"""Data-access and description rules (T95xx)."""

from __future__ import annotations

import pytest
from rule_checks import (
    DISK_USAGE,
    PODS_META,
    PROVIDERS,
    RESTART_META,
    kubectl,
    line_of,
    load,
    run,
    script,
    where,
)

from t9lint.rules.base import RuleSettings
from t9lint.rules.data_access import DATA_ACCESS_EMPTY, SIDE_EFFECT_TAG, TAG_CASE, UNKNOWN_TAG
from t9lint.rules.descriptions import (
    DESCRIPTION_LENGTH,
    FAN_OUT_UNDESCRIBED,
    PLACEHOLDER,
    REPEATS_DISPLAY,
)


def pods(data_access: str = '["Infrastructure"]', **fields: str) -> str:
    meta = PODS_META.replace('["Infrastructure"]', data_access)
    for key, value in fields.items():
        meta = (
            "\n".join(
                f"{key} = {value}" if line.startswith(key + " ") else line
                for line in meta.splitlines()
            )
            + "\n"
        )
    return kubectl(meta)


def test_empty_data_access() -> None:
    text = pods("[]")
    assert where(run(DATA_ACCESS_EMPTY, load("k/list-pods.t9.kubectl", text))) == [
        ("T9501", *line_of(text, "[]"))
    ]


def test_data_access_as_a_string() -> None:
    findings = run(DATA_ACCESS_EMPTY, load("k/list-pods.t9.kubectl", pods('"Logs"')))
    assert [f.message for f in findings] == ["data_access is not a list of tags"]


def test_data_access_listed_or_missing_is_not_this_rules_business() -> None:
    assert run(DATA_ACCESS_EMPTY, load("k/list-pods.t9.kubectl", pods())) == []
    missing = kubectl(PODS_META.replace('data_access = ["Infrastructure"]\n', ""))
    assert run(DATA_ACCESS_EMPTY, load("k/list-pods.t9.kubectl", missing)) == []


def test_unknown_tag_named_in_the_message() -> None:
    text = pods('["Infrastructure", "Kubernetes"]')
    findings = run(UNKNOWN_TAG, load("k/list-pods.t9.kubectl", text))
    assert where(findings) == [("T9502", *line_of(text, '"Kubernetes"'))]
    assert '"Kubernetes"' in findings[0].message
    assert (
        findings[0].hint is not None and 'extend-data-access = ["Kubernetes"]' in findings[0].hint
    )


def test_configured_vocabulary_extends_the_default() -> None:
    template = load("k/list-pods.t9.kubectl", pods('["Database"]'))
    extended = RuleSettings(data_access_vocabulary=frozenset({"Infrastructure", "Database"}))
    assert run(UNKNOWN_TAG, template, extended) == []
    assert [f.code for f in run(UNKNOWN_TAG, template)] == ["T9502"]


def test_each_tag_of_a_multi_line_list_has_its_own_position() -> None:
    text = pods('[\n  "Logs",\n  "metrics",\n  "Disks"\n]')
    template = load("k/list-pods.t9.kubectl", text)
    assert where(run(TAG_CASE, template)) == [("T9503", *line_of(text, '"metrics"'))]
    assert where(run(UNKNOWN_TAG, template)) == [("T9502", *line_of(text, '"Disks"'))]


def test_case_only_mismatch_suggests_the_vocabulary_spelling() -> None:
    template = load("k/list-pods.t9.kubectl", pods('["logs"]'))
    (finding,) = run(TAG_CASE, template)
    assert finding.code == "T9503" and finding.hint == 'write "Logs"'
    assert run(UNKNOWN_TAG, template) == []  # one finding per problem


@pytest.mark.parametrize("tags", ['["Logs"]', '["Storage", "Metrics"]', '["CustomResources"]'])
def test_vocabulary_tags_pass(tags: str) -> None:
    template = load("k/list-pods.t9.kubectl", pods(tags))
    assert run(TAG_CASE, template) == [] and run(UNKNOWN_TAG, template) == []


@pytest.mark.parametrize(
    ("tag", "suggestion"),
    [
        ("PodRestarts", "pod-restarts"),
        ("pod_restarts", "pod-restarts"),
        ("EBS Snapshot", "ebs-snapshot"),
    ],
)
def test_side_effect_tags_not_kebab_case(tag: str, suggestion: str) -> None:
    text = script(RESTART_META.replace('["service-restart"]', f'["{tag}"]'))
    (finding,) = run(SIDE_EFFECT_TAG, load("l/restart-service.t9.sh", text))
    assert (finding.span.line, finding.span.column) == line_of(text, f'"{tag}"]')
    assert finding.span.end_column - finding.span.column == len(tag) + 2
    assert finding.hint == f'write "{suggestion}"'


@pytest.mark.parametrize("tags", ['["service-restart"]', '["ebs-snapshot", "pod-restarts"]', "[]"])
def test_kebab_case_side_effects_pass(tags: str) -> None:
    text = script(RESTART_META.replace('["service-restart"]', tags))
    assert run(SIDE_EFFECT_TAG, load("l/restart-service.t9.sh", text)) == []


def test_description_too_short_and_too_long() -> None:
    short = load("k/list-pods.t9.kubectl", pods(description='"Lists pods."'))
    (finding,) = run(DESCRIPTION_LENGTH, short)
    assert "11 characters (at least 20)" in finding.message
    long = load("k/list-pods.t9.kubectl", pods(description='"' + "Lists pods. " * 60 + '"'))
    assert "at most 600" in run(DESCRIPTION_LENGTH, long)[0].message
    tight = RuleSettings(description_min_length=5)
    assert run(DESCRIPTION_LENGTH, short, tight) == []


def test_description_of_reasonable_length_passes() -> None:
    assert run(DESCRIPTION_LENGTH, load("k/list-pods.t9.kubectl", kubectl())) == []


def test_description_repeating_display() -> None:
    text = pods(description='"List pods."')
    findings = run(REPEATS_DISPLAY, load("k/list-pods.t9.kubectl", text))
    assert where(findings) == [("T9506", *line_of(text, '"List pods."'))]
    assert run(REPEATS_DISPLAY, load("k/list-pods.t9.kubectl", kubectl())) == []


@pytest.mark.parametrize("text", ["TODO: write this", "TBD", "Lorem ipsum dolor", "FIXME later"])
def test_placeholder_descriptions(text: str) -> None:
    findings = run(PLACEHOLDER, load("k/list-pods.t9.kubectl", pods(description=f'"{text}"')))
    assert [f.code for f in findings] == ["T9507"]


@pytest.mark.parametrize(
    "text",
    [
        "Lists pods to do the rollout check. Read-only.",
        "Shows the todos table of the app database.",
    ],
)
def test_words_containing_placeholders_are_not_placeholders(text: str) -> None:
    assert run(PLACEHOLDER, load("k/list-pods.t9.kubectl", pods(description=f'"{text}"'))) == []


def fan_out(description: str) -> str:
    return (
        PROVIDERS + '\nresource "tensor9_command" "this" {\n  name        = "instance-status"\n'
        '  display     = "Instance status"\n'
        f'  description = "{description}"\n  data_access = ["Infrastructure"]\n}}\n'
        '\ndata "aws_instances" "all" {}\n'
        '\nresource "terraform_data" "status" {\n  for_each = toset(data.aws_instances.all.ids)\n'
        '  provisioner "local-exec" {\n    command = "aws ec2 describe-instance-status'
        ' --instance-ids ${each.value}"\n  }\n}\n'
    )


def test_fan_out_over_data_not_described() -> None:
    text = fan_out("Shows the EC2 status checks of the instances. Read-only.")
    findings = run(FAN_OUT_UNDESCRIBED, load("aws/instance-status.t9.tf", text))
    assert where(findings) == [("T9508", *line_of(text, '"Shows the EC2'))]
    assert f"line {line_of(text, 'for_each')[0]}" in findings[0].message


@pytest.mark.parametrize(
    "description",
    [
        "Runs describe-instance-status once for each instance. Read-only.",
        "Shows the status of every instance in the region. Read-only.",
        "Shows the status checks, one call per instance. Read-only.",
        "Shows the status checks of up to 50 instances. Read-only.",
    ],
)
def test_fan_out_described(description: str) -> None:
    assert run(FAN_OUT_UNDESCRIBED, load("aws/instance-status.t9.tf", fan_out(description))) == []


def test_no_fan_out_no_finding() -> None:
    assert run(FAN_OUT_UNDESCRIBED, load("l/disk-usage.t9.tf", DISK_USAGE)) == []

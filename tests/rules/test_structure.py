"""Structure rules (T91xx) on real template text: positions, messages, and what passes."""

from __future__ import annotations

import pytest
from rule_checks import (
    DISK_USAGE,
    PODS_META,
    RESTART_META,
    kubectl,
    line_of,
    load,
    run,
    run_tree,
    script,
    where,
)

from t9lint.rules._versions import is_major_pinned
from t9lint.rules.structure import (
    ICON_FORMAT,
    METADATA_BLOCK,
    NAME_FORMAT,
    NAME_MATCHES_FILE,
    PERMISSIONS_VALUE,
    REQUIRED_FIELD,
    name_problem,
)
from t9lint.rules.structure_ids import UNIQUE_ID
from t9lint.rules.structure_provider import PROVIDER_OPS_MODE, PROVIDER_PINNED


def test_metadata_block_labelled_other_than_this_is_flagged_at_the_label() -> None:
    text = DISK_USAGE.replace('"tensor9_command" "this"', '"tensor9_command" "main"')
    findings = run(METADATA_BLOCK, load("linux/disk-usage.t9.tf", text))
    assert where(findings) == [("T9101", *line_of(text, '"main"'))]
    assert '"main"' in findings[0].message


def test_metadata_block_missing_is_left_to_the_parse_error() -> None:
    text = DISK_USAGE.replace('resource "tensor9_command" "this"', 'resource "null_resource" "m"')
    template = load("linux/disk-usage.t9.tf", text)
    assert any(d.code == "metadata-missing" for d in template.diagnostics)
    assert run(METADATA_BLOCK, template) == []


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("linux/disk-usage.t9.tf", DISK_USAGE),
        ("linux/restart-service.t9.sh", script()),
        ("k8s/list-pods.t9.kubectl", kubectl()),
    ],
)
def test_one_metadata_block_in_each_flavor_passes(path: str, text: str) -> None:
    assert run(METADATA_BLOCK, load(path, text)) == []


def test_name_differing_from_stem_points_at_the_value() -> None:
    text = script(RESTART_META.replace('"restart-service"', '"restart-unit"'))
    findings = run(NAME_MATCHES_FILE, load("linux/restart-service.t9.sh", text))
    assert where(findings) == [("T9102", *line_of(text, '"restart-unit"'))]
    assert findings[0].hint is not None and "restart-unit.t9.sh" in findings[0].hint


def test_name_equal_to_stem_passes_for_both_extension_spellings() -> None:
    assert run(NAME_MATCHES_FILE, load("linux/restart-service.tensor9.sh", script())) == []
    assert run(NAME_MATCHES_FILE, load("linux/restart-service.t9.sh", script())) == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("df", "2 characters"),
        ("a" * 65, "65 characters"),
        ("Disk-usage", "'D'"),
        ("disk_usage", "'_'"),
        ("1-disk", "start with a letter"),
        ("disk-", "ends with '-'"),
    ],
)
def test_name_problem_says_what_breaks_the_rule(name: str, problem: str) -> None:
    found = name_problem(name)
    assert found is not None and problem in found


@pytest.mark.parametrize("name", ["abc", "disk-usage", "a" * 64, "k8s-list-pods-v2", "a-1"])
def test_names_within_the_rule_have_no_problem(name: str) -> None:
    assert name_problem(name) is None


def test_name_format_finding_is_at_the_name_value() -> None:
    text = kubectl(PODS_META.replace('"list-pods"', '"list-pods-"'))
    findings = run(NAME_FORMAT, load("k8s/list-pods-.t9.kubectl", text))
    assert where(findings) == [("T9103", *line_of(text, '"list-pods-"'))]


def test_required_fields_missing_and_empty() -> None:
    meta = RESTART_META.replace('display      = "Restart a systemd service"\n', "").replace(
        '"Restarts SERVICE with systemctl and shows its status afterwards."', '""'
    )
    text = script(meta)
    findings = run(REQUIRED_FIELD, load("linux/restart-service.t9.sh", text))
    assert where(findings) == [
        ("T9104", 2, 1),  # display missing: at the metadata block
        ("T9104", *line_of(text, '""')),  # description empty: at the value
    ]
    assert "`display` is missing" in findings[0].message or "`display`" in findings[1].message


def test_required_fields_all_present_pass() -> None:
    assert run(REQUIRED_FIELD, load("linux/disk-usage.t9.tf", DISK_USAGE)) == []
    assert run(REQUIRED_FIELD, load("k8s/list-pods.t9.kubectl", kubectl())) == []


def test_required_field_computed_value_is_not_a_string() -> None:
    text = DISK_USAGE.replace('display     = "Disk usage"', "display     = var.MOUNT_PATH")
    findings = run(REQUIRED_FIELD, load("linux/disk-usage.t9.tf", text))
    assert [f.message for f in findings] == ["required field `display` is not a plain string"]


def test_provider_mode_wrong_missing_and_absent() -> None:
    wrong = DISK_USAGE.replace('mode = "ops"', 'mode = "managed"')
    assert where(run(PROVIDER_OPS_MODE, load("l/disk-usage.t9.tf", wrong))) == [
        ("T9105", *line_of(wrong, '"managed"'))
    ]
    absent = DISK_USAGE.replace('provider "tensor9" {\n  mode = "ops"\n}\n', "")
    assert where(run(PROVIDER_OPS_MODE, load("l/disk-usage.t9.tf", absent))) == [("T9105", 1, 1)]


def test_provider_mode_ops_passes_and_other_flavors_are_not_checked() -> None:
    assert run(PROVIDER_OPS_MODE, load("l/disk-usage.t9.tf", DISK_USAGE)) == []
    assert run(PROVIDER_OPS_MODE, load("l/restart-service.t9.sh", script())) == []


@pytest.mark.parametrize(
    "constraint",
    ["~> 2.41", "~> 2.41.0", "= 2.41.0", "2.41.0", ">= 2.41, < 3.0", ">= 2.1, < 2.9"],
)
def test_constraints_that_pin_the_major(constraint: str) -> None:
    assert is_major_pinned(constraint)


@pytest.mark.parametrize(
    "constraint",
    [">= 2.0", "~> 2", "< 3.0", ">= 2.0, <= 3.0", ">= 2.0, < 4.0", "", "latest", "!= 2.0"],
)
def test_constraints_that_do_not_pin_the_major(constraint: str) -> None:
    assert not is_major_pinned(constraint)


def test_unpinned_provider_is_flagged_at_the_requirement() -> None:
    text = DISK_USAGE.replace('"~> 2.41"', '">= 2.0"')
    findings = run(PROVIDER_PINNED, load("l/disk-usage.t9.tf", text))
    assert where(findings) == [("T9106", *line_of(text, '">= 2.0"'))]
    assert '">= 2.0"' in findings[0].message


def test_missing_version_points_at_the_requirement() -> None:
    text = DISK_USAGE.replace('      version = "~> 2.41"\n', "")
    findings = run(PROVIDER_PINNED, load("l/disk-usage.t9.tf", text))
    assert where(findings) == [("T9106", *line_of(text, "{\n      source"))]
    assert findings[0].message == "the tensor9 provider has no version constraint"


def test_pinned_provider_passes() -> None:
    assert run(PROVIDER_PINNED, load("l/disk-usage.t9.tf", DISK_USAGE)) == []


def test_ids_colliding_across_spellings_and_case_are_reported_at_each_file() -> None:
    templates = [
        load("linux/restart-service.t9.sh", script()),
        load("linux/restart-service.tensor9.sh", script()),
        load("a/K8s/list-pods.t9.kubectl", kubectl()),
        load("b/k8s/list-pods.t9.kubectl", kubectl()),
        load("darwin/restart-service.t9.sh", script()),
    ]
    findings = run_tree(UNIQUE_ID, templates)
    assert sorted(f.path for f in findings) == [
        "a/K8s/list-pods.t9.kubectl",
        "b/k8s/list-pods.t9.kubectl",
        "linux/restart-service.t9.sh",
        "linux/restart-service.tensor9.sh",
    ]
    by_path = {f.path: f for f in findings}
    assert "linux/restart-service.tensor9.sh" in by_path["linux/restart-service.t9.sh"].message
    span = by_path["b/k8s/list-pods.t9.kubectl"].span
    assert (span.line, span.column) == line_of(kubectl(), '"list-pods"')


def test_same_name_in_different_directories_is_no_collision() -> None:
    templates = [
        load("linux/restart-service.t9.sh", script()),
        load("darwin/restart-service.t9.sh", script()),
    ]
    assert run_tree(UNIQUE_ID, templates) == []


def test_icon_must_be_a_lowercase_token() -> None:
    text = kubectl(PODS_META + 'icon        = "Pods.png"\n')
    findings = run(ICON_FORMAT, load("k8s/list-pods.t9.kubectl", text))
    assert where(findings) == [("T9108", *line_of(text, '"Pods.png"'))]
    assert (
        run(ICON_FORMAT, load("k8s/list-pods.t9.kubectl", kubectl(PODS_META + 'icon = "pods"\n')))
        == []
    )
    assert run(ICON_FORMAT, load("k8s/list-pods.t9.kubectl", kubectl())) == []


def test_permissions_outside_the_tiers_suggests_the_close_one() -> None:
    text = script(RESTART_META.replace('"ReadWrite"', '"read_write"'))
    findings = run(PERMISSIONS_VALUE, load("linux/restart-service.t9.sh", text))
    assert where(findings) == [("T9109", *line_of(text, '"read_write"'))]
    assert findings[0].hint == 'write "ReadWrite"'


@pytest.mark.parametrize("tier", ["ReadOnly", "ReadWrite", "Admin"])
def test_permissions_tiers_pass(tier: str) -> None:
    text = script(RESTART_META.replace('"ReadWrite"', f'"{tier}"'))
    assert run(PERMISSIONS_VALUE, load("linux/restart-service.t9.sh", text)) == []

"""T94xx effects rules: unit tests on loaded templates and runs of the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cmdlib.loader import load_bytes
from cmdlib.model import Severity
from t9lint.cli import cli
from t9lint.findings import Finding
from t9lint.rules.base import Rule, RuleContext
from t9lint.rules.effects import (
    DESCRIPTION,
    PERMISSIONS_INFERRED,
    PERMISSIONS_TOO_LOW,
    SPURIOUS,
    UNCLASSIFIABLE,
    UNDECLARED,
    UNNAMED_DESTRUCTIVE,
    effects_of,
)
from t9lint.rules.effects_text import claims_read_only, names_step, suggested_tag

UNIT = """
variable "UNIT" {
  type        = string
  description = "systemd unit"
  validation {
    condition     = can(regex("^[a-z0-9@._-]+$", var.UNIT))
    error_message = "UNIT must be a unit name."
  }
}"""


def script(
    body: str,
    description: str = "Restarts UNIT with systemctl.",
    side_effects: str | None = '["service-restart"]',
    permissions: str | None = "ReadWrite",
) -> RuleContext:
    lines = [
        "#!/usr/bin/env bash\n: <<'TENSOR9'\nname        = \"example\"",
        'display     = "Example"',
        f'description = "{description}"',
        'data_access = ["Infrastructure"]',
    ]
    if side_effects is not None:
        lines.append(f"side_effects = {side_effects}")
    if permissions is not None:
        lines.append(f'permissions = "{permissions}"')
    text = "\n".join(lines) + UNIT + "\nTENSOR9\nset -euo pipefail\n" + body + "\n"
    template = load_bytes(Path("linux/example.t9.sh"), text.encode())
    assert template.ok, template.diagnostics
    return RuleContext(template=template, display_path="linux/example.t9.sh")


def run(rule_check: object, ctx: RuleContext) -> list[Finding]:
    assert callable(rule_check)
    return list(rule_check(ctx))


RESTART = 'systemctl restart "$UNIT"'
STATUS = 'systemctl status --no-pager "$UNIT"'


# --- T9401 undeclared side effects ------------------------------------------------------


def test_undeclared_change_is_an_error_at_the_first_changing_step() -> None:
    ctx = script(f"{STATUS}\n{RESTART}\n{RESTART}", side_effects=None)
    findings = run(UNDECLARED.check_file, ctx)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.span.line == 19 and "systemctl restart" in finding.message
    assert finding.hint is not None and "service-restart" in finding.hint


def test_empty_side_effects_list_counts_as_undeclared() -> None:
    assert run(UNDECLARED.check_file, script(RESTART, side_effects="[]"))


def test_unknown_step_counts_as_a_change_without_side_effects() -> None:
    findings = run(UNDECLARED.check_file, script('eval "$CMD"', side_effects=None))
    assert findings and "cannot be classified" in findings[0].message


def test_declared_side_effects_satisfy_the_rule() -> None:
    assert run(UNDECLARED.check_file, script(RESTART)) == []


def test_read_only_body_without_side_effects_is_fine() -> None:
    assert run(UNDECLARED.check_file, script(STATUS, side_effects=None)) == []


def test_template_that_does_not_load_is_left_to_the_parse_rule() -> None:
    template = load_bytes(Path("x.t9.tf"), b'resource "tensor9_command" "this" {\n')
    ctx = RuleContext(template=template, display_path="x.t9.tf")
    for rule in (UNDECLARED, UNCLASSIFIABLE, PERMISSIONS_INFERRED, DESCRIPTION):
        assert run(rule.check_file, ctx) == []


# --- T9402 side effects on read-only -----------------------------------------------------


def test_read_only_body_declaring_side_effects_is_warned_at_the_field() -> None:
    findings = run(SPURIOUS.check_file, script(STATUS, description="Shows UNIT. Read-only."))
    assert len(findings) == 1
    assert findings[0].severity is Severity.WARNING
    assert (findings[0].span.line, findings[0].span.column) == (7, 16)


def test_changing_body_declaring_side_effects_is_not_warned() -> None:
    assert run(SPURIOUS.check_file, script(RESTART)) == []


def test_read_only_body_with_empty_side_effects_is_not_warned() -> None:
    assert run(SPURIOUS.check_file, script(STATUS, side_effects="[]")) == []


# --- T9403 destructive steps named -------------------------------------------------------


def test_destructive_step_without_a_naming_tag_is_an_error() -> None:
    ctx = script("rm -rf /var/cache/app", side_effects='["cache-reset"]', permissions="Admin")
    findings = run(UNNAMED_DESTRUCTIVE.check_file, ctx)
    assert len(findings) == 1 and "deletion" in findings[0].message
    assert findings[0].span.line == 19


def test_each_unnamed_destructive_step_is_reported() -> None:
    body = "rm -rf /var/cache/a\nshutdown -r now"
    ctx = script(body, side_effects='["cache-file-deletion"]', permissions="Admin")
    findings = run(UNNAMED_DESTRUCTIVE.check_file, ctx)
    assert [finding.span.line for finding in findings] == [20]
    assert "shutdown" in findings[0].message


def test_tag_naming_the_destructive_step_satisfies_the_rule() -> None:
    ctx = script("rm -rf /var/cache/app", side_effects='["cache-file-deletion"]')
    assert run(UNNAMED_DESTRUCTIVE.check_file, ctx) == []


def test_mutating_steps_need_no_naming_tag() -> None:
    assert run(UNNAMED_DESTRUCTIVE.check_file, script(RESTART, side_effects='["x-y"]')) == []


# --- T9404 unclassifiable ----------------------------------------------------------------


@pytest.mark.parametrize("body", ['eval "$CMD"', "$TOOL --now", "appctl flush", '"$@"'])
def test_unclassifiable_steps_are_warned(body: str) -> None:
    findings = run(UNCLASSIFIABLE.check_file, script(body))
    assert findings and all(f.severity is Severity.WARNING for f in findings)
    assert "treated as mutating" in findings[0].message


@pytest.mark.parametrize("body", [RESTART, 'T="systemctl restart"\n$T "$UNIT"', STATUS])
def test_classifiable_steps_are_not_warned(body: str) -> None:
    assert run(UNCLASSIFIABLE.check_file, script(body)) == []


# --- T9405 / T9406 permissions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "declared", "needed"),
    [
        (RESTART, "ReadOnly", "ReadWrite"),
        ('eval "$CMD"', "ReadOnly", "ReadWrite"),
        ("kubectl drain node-1", "ReadWrite", "Admin"),
        ("rm -rf /var/cache/x", "ReadOnly", "Admin"),
    ],
)
def test_permissions_below_the_classified_tier_are_an_error(
    body: str, declared: str, needed: str
) -> None:
    findings = run(PERMISSIONS_TOO_LOW.check_file, script(body, permissions=declared))
    assert len(findings) == 1
    assert f'declare permissions = "{needed}"' == findings[0].hint


@pytest.mark.parametrize(
    ("body", "declared"),
    [
        (RESTART, "ReadWrite"),
        (RESTART, "Admin"),
        (STATUS, "ReadOnly"),
        (STATUS, "ReadWrite"),
        ("kubectl drain node-1", "Admin"),
        (RESTART, "Root"),  # not a tier: T9109 reports the value
    ],
)
def test_permissions_covering_the_tier_pass(body: str, declared: str) -> None:
    assert run(PERMISSIONS_TOO_LOW.check_file, script(body, permissions=declared)) == []


def test_absent_permissions_report_the_inferred_tier() -> None:
    findings = run(PERMISSIONS_INFERRED.check_file, script(RESTART, permissions=None))
    assert len(findings) == 1
    assert findings[0].severity is Severity.INFO
    assert "inferred tier ReadWrite" in findings[0].message


def test_declared_permissions_report_nothing_inferred() -> None:
    assert run(PERMISSIONS_INFERRED.check_file, script(RESTART)) == []


# --- T9407 description -------------------------------------------------------------------


def test_read_only_description_must_say_read_only() -> None:
    ctx = script(STATUS, description="Shows the status of UNIT.", side_effects=None)
    findings = run(DESCRIPTION.check_file, ctx)
    assert len(findings) == 1 and "Read-only" in findings[0].message


def test_changing_description_must_not_claim_read_only() -> None:
    ctx = script(RESTART, description="Restarts UNIT. Read-only.")
    findings = run(DESCRIPTION.check_file, ctx)
    assert len(findings) == 1 and "claims read-only" in findings[0].message


@pytest.mark.parametrize(
    "description", ["Shows systemctl output for UNIT.", "Checks UNIT.", "Reads the unit state."]
)
def test_mentioning_the_command_is_not_naming_the_change(description: str) -> None:
    ctx = script(RESTART, description=description, side_effects='["unit-bounce"]')
    assert len(run(DESCRIPTION.check_file, ctx)) == 1


def test_changing_description_must_name_the_change() -> None:
    ctx = script(RESTART, description="Shows the status of UNIT.", side_effects='["unit-bounce"]')
    findings = run(DESCRIPTION.check_file, ctx)
    assert len(findings) == 1 and "does not name the change" in findings[0].message


@pytest.mark.parametrize(
    ("description", "tags"),
    [
        ("Restarts UNIT.", '["x-y"]'),
        ("Restarting UNIT now.", '["x-y"]'),
        ("Bounces UNIT (a restart).", '["x-y"]'),
        ("Bounces UNIT.", '["x-y"]'),
        ("Bounces UNIT.", '["service-bounce"]'),
    ],
)
def test_description_naming_the_verb_or_tag_passes(description: str, tags: str) -> None:
    assert run(DESCRIPTION.check_file, script(RESTART, description, tags)) == []


def test_read_only_description_saying_read_only_passes() -> None:
    ctx = script(STATUS, description="Shows UNIT; read only.", side_effects=None)
    assert run(DESCRIPTION.check_file, ctx) == []


# --- helpers ----------------------------------------------------------------------------


def test_classification_is_computed_once_per_template() -> None:
    ctx = script(RESTART)
    assert effects_of(ctx.template) is effects_of(ctx.template)


def test_suggested_tags_read_like_tags() -> None:
    ctx = script(f"{RESTART}\nkubectl delete namespace x", permissions="Admin")
    steps = [step for step in effects_of(ctx.template).steps if step.tier.changes_state]
    assert [suggested_tag(step) for step in steps] == ["service-restart", "namespace-deletion"]
    assert not names_step(["pod-restarts"], steps[1])


# --- the real CLI ------------------------------------------------------------------------


def test_cli_reports_effects_findings_with_exit_code_1(tmp_path: Path) -> None:
    ctx = script(RESTART, side_effects=None, permissions="ReadOnly")
    (tmp_path / "linux").mkdir()
    (tmp_path / "linux" / "example.t9.sh").write_text(ctx.template.text)
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--format", "concise", "--select", "T94", str(tmp_path)]
    )
    assert result.exit_code == 1
    codes = sorted({line.split()[2] for line in result.stdout.splitlines()})
    assert codes == ["T9401", "T9405"]


def test_cli_is_clean_for_a_well_declared_template(tmp_path: Path) -> None:
    ctx = script(f"{RESTART}\n{STATUS}")
    (tmp_path / "example.t9.sh").write_text(ctx.template.text)
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--format", "concise", "--select", "T94", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


@pytest.mark.parametrize(
    "rule",
    [
        UNDECLARED,
        SPURIOUS,
        UNNAMED_DESTRUCTIVE,
        UNCLASSIFIABLE,
        PERMISSIONS_TOO_LOW,
        PERMISSIONS_INFERRED,
        DESCRIPTION,
    ],
    ids=lambda rule: rule.code,
)
def test_documented_examples_behave_as_documented(rule: Rule) -> None:
    def findings(text: str) -> list[Finding]:
        template = load_bytes(Path("linux/restart-nginx.t9.sh"), text.encode())
        return run(rule.check_file, RuleContext(template, "restart-nginx.t9.sh"))

    assert findings(rule.bad_example), "the bad example must trigger the rule"
    assert findings(rule.good_example) == [], "the good example must not trigger it"


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("Shows UNIT. Read-only.", True),
        ("Shows UNIT (read only).", True),
        ("Shows UNIT; readonly.", True),
        ("Restarts UNIT; not read-only.", False),
        ("Restarts UNIT. This is never read-only.", False),
        ("Restarts UNIT and reads its status.", False),
        ("Shows thread-only counters.", False),
    ],
)
def test_read_only_claims_are_recognised(text: str, claims: bool) -> None:
    assert claims_read_only(text) is claims


@pytest.mark.parametrize(
    ("body", "tag"),
    [
        ('eval "$CMD"', "eval-change"),
        ("$ACTION", "action-change"),
        ('"$@"', "state-change"),
        ("logrotate -f /etc/logrotate.conf", "log-rotation"),
        ("aws ec2 terminate-instances --instance-ids i-1", "instance-termination"),
    ],
)
def test_suggested_tags_are_kebab_case(body: str, tag: str) -> None:
    step = effects_of(script(body).template).first_changing()
    assert step is not None
    assert suggested_tag(step) == tag

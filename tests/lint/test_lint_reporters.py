"""Every reporter renders every kind of result; machine formats validate against schemas."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import Result

from cmdlib.model import Severity, Span
from cmdlib.schemas import load_schema
from t9lint.engine import LintResult
from t9lint.findings import Finding
from t9lint.reporters import REPORTERS, Report, reporter, summary_line
from t9lint.reporters.github import ANNOTATION_CAP, annotation, escape_data, escape_property
from t9lint.reporters.sarif import fingerprint_of
from t9lint.rules.base import all_rules

RunCli = Callable[..., Result]
SARIF_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "sarif" / "sarif-schema-2.1.0.json"


def _finding(
    *,
    path: str = "linux/disk-usage.t9.tf",
    line: int = 3,
    code: str = "T9001",
    severity: Severity = Severity.ERROR,
    message: str = "HCL syntax error: missing '}'",
    snippet: str = 'name = "disk-usage"',
) -> Finding:
    return Finding(
        code=code,
        name="parse-error",
        severity=severity,
        path=path,
        span=Span(line, 5, line, 9),
        message=message,
        hint="insert '}'",
        snippet=snippet,
    )


RESULTS = {
    "clean": LintResult(findings=(), files_checked=3),
    "findings": LintResult(
        findings=(
            _finding(),
            _finding(line=7, code="T9003", severity=Severity.WARNING, message="unused"),
            _finding(path="k8s/list pods%.t9.kubectl", severity=Severity.INFO),
        ),
        files_checked=2,
        suppressed=1,
        baselined=2,
        stale_baseline=1,
        source_lines={("linux/disk-usage.t9.tf", 3): '  name = "disk-usage"'},
    ),
    "no-files": LintResult(findings=(), files_checked=0),
}


def _report(result: LintResult, tmp_path: Path, **environ: str) -> Report:
    exit_code = 1 if result.findings else 0
    return Report(result, exit_code, Severity.ERROR, tmp_path, tuple(all_rules()), environ)


@pytest.mark.parametrize("kind", sorted(RESULTS))
@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_reporter_renders_every_result(name: str, kind: str, tmp_path: Path) -> None:
    output = reporter(name)(_report(RESULTS[kind], tmp_path))
    assert isinstance(output, str)
    if RESULTS[kind].findings:
        assert "T9001" in output
    elif name in ("text", "concise", "github"):
        assert output == ""


def test_unknown_reporter_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        reporter("xml")


@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_sarif_validates_against_the_official_schema(kind: str, tmp_path: Path) -> None:
    document = json.loads(reporter("sarif")(_report(RESULTS[kind], tmp_path)))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    run = document["runs"][0]
    assert run["invocations"][0]["exitCode"] == (1 if RESULTS[kind].findings else 0)
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} >= {"T9001", "T9004"}


def test_sarif_rejects_a_broken_document_to_prove_the_schema_bites() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate({"version": "2.1.0", "runs": [{"tool": {}}]})


def test_sarif_results_use_srcroot_relative_uris_and_rule_help(tmp_path: Path) -> None:
    document = json.loads(reporter("sarif")(_report(RESULTS["findings"], tmp_path)))
    run = document["runs"][0]
    first, _, third = run["results"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "linux/disk-usage.t9.tf",
        "uriBaseId": "%SRCROOT%",
    }
    assert location["region"]["startLine"] == 3
    assert third["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "k8s/list%20pods%25.t9.kubectl"
    )
    assert third["level"] == "note"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    rule = run["tool"]["driver"]["rules"][first["ruleIndex"]]
    assert rule["id"] == "T9001"
    assert rule["helpUri"] == "docs/rules.md#t9001"


def test_sarif_fingerprint_ignores_line_and_whitespace_but_not_code() -> None:
    moved = _finding(line=40, snippet='name   =  "disk-usage"')
    assert fingerprint_of(_finding()) == fingerprint_of(moved)
    assert fingerprint_of(_finding()) != fingerprint_of(_finding(code="T9002"))
    assert fingerprint_of(_finding()) != fingerprint_of(_finding(path="other.t9.tf"))


def test_sarif_identical_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    result = LintResult(findings=(_finding(), _finding(line=9)), files_checked=1)
    document = json.loads(reporter("sarif")(_report(result, tmp_path)))
    prints = [r["partialFingerprints"]["t9lint/v1"] for r in document["runs"][0]["results"]]
    assert len(set(prints)) == 2


def _report_schema() -> dict[str, Any]:
    return load_schema("lint-report")


@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_json_report_validates_against_its_schema(kind: str, tmp_path: Path) -> None:
    document = json.loads(reporter("json")(_report(RESULTS[kind], tmp_path)))
    jsonschema.Draft202012Validator(_report_schema()).validate(document)
    assert document["summary"]["findings"] == len(RESULTS[kind].findings)


def test_json_report_schema_rejects_an_unknown_severity(tmp_path: Path) -> None:
    document = json.loads(reporter("json")(_report(RESULTS["findings"], tmp_path)))
    document["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_report_schema()).validate(document)


def test_text_report_underlines_the_span(tmp_path: Path) -> None:
    output = reporter("text")(_report(RESULTS["findings"], tmp_path))
    lines = output.splitlines()
    assert lines[0] == (
        "linux/disk-usage.t9.tf:3:5: T9001 error parse-error: HCL syntax error: missing '}'"
    )
    assert lines[1] == '  3 |   name = "disk-usage"'
    assert lines[2] == "    |     ^^^^"
    assert lines[3] == "    = hint: insert '}'"


def test_concise_report_is_one_line_per_finding(tmp_path: Path) -> None:
    result = LintResult(findings=(_finding(message="two\nlines"),), files_checked=1)
    output = reporter("concise")(_report(result, tmp_path))
    assert output == "linux/disk-usage.t9.tf:3:5: error T9001 two lines\n"


def test_github_escapes_data_and_properties() -> None:
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    line = annotation(_finding(path="dir,x/a:b.t9.tf", message="bad: 100%\nreally"))
    assert line.startswith("::error file=dir%2Cx/a%3Ab.t9.tf,line=3,col=5,endLine=3,endColumn=9,")
    assert "title=T9001 parse-error::" in line
    assert line.endswith("::bad: 100%25%0Areally%0Ainsert '}'")


def test_github_caps_annotations_per_severity_and_says_how_many_are_hidden(
    tmp_path: Path,
) -> None:
    errors = tuple(_finding(line=n) for n in range(1, ANNOTATION_CAP + 4))
    warnings = tuple(_finding(line=n, severity=Severity.WARNING) for n in range(1, 3))
    result = LintResult(findings=errors + warnings, files_checked=1)
    lines = reporter("github")(_report(result, tmp_path)).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == ANNOTATION_CAP
    assert sum(line.startswith("::warning ") for line in lines) == 2
    assert lines[-1].startswith("::notice::3 more findings not shown as annotations (3 errors)")


def test_github_keeps_a_notice_slot_for_the_overflow_message(tmp_path: Path) -> None:
    infos = tuple(_finding(line=n, severity=Severity.INFO) for n in range(1, ANNOTATION_CAP + 1))
    exact = reporter("github")(_report(LintResult(findings=infos, files_checked=1), tmp_path))
    assert exact.count("::notice ") == ANNOTATION_CAP
    assert "::notice::" not in exact
    errors = tuple(_finding(line=n) for n in range(1, ANNOTATION_CAP + 2))
    overflowing = LintResult(findings=(*errors, *infos), files_checked=1)
    lines = reporter("github")(_report(overflowing, tmp_path)).splitlines()
    assert sum(line.startswith("::notice ") for line in lines) == ANNOTATION_CAP - 1
    assert sum(line.startswith("::notice::") for line in lines) == 1
    assert lines[-1].startswith(
        "::notice::2 more findings not shown as annotations (1 error, 1 info)"
    )


def test_github_appends_a_markdown_table_to_the_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    reporter("github")(_report(RESULTS["findings"], tmp_path, GITHUB_STEP_SUMMARY=str(summary)))
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## t9lint\n")
    assert "| severity | code | location | message |" in text
    assert "| error | T9001 parse-error | `linux/disk-usage.t9.tf:3:5` |" in text


def test_github_without_step_summary_writes_no_file(tmp_path: Path) -> None:
    reporter("github")(_report(RESULTS["findings"], tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_summary_line_counts_by_severity() -> None:
    line = summary_line(RESULTS["findings"])
    assert line.startswith("3 findings in 2 files (1 error, 1 warning, 1 info); 2 files checked")
    assert "1 suppressed" in line
    assert "2 baselined" in line
    assert "1 stale baseline entry" in line


def test_paths_are_relative_to_the_repository_when_run_from_a_subdirectory(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    subdirectory = tmp_path / "templates"
    subdirectory.mkdir()
    result = LintResult(findings=(_finding(path="a.t9.tf"),), files_checked=1)
    report = Report(result, 1, Severity.ERROR, subdirectory, tuple(all_rules()), {})
    run = json.loads(reporter("sarif")(report))["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "templates/a.t9.tf", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert reporter("github")(report).startswith("::error file=templates/a.t9.tf,")


def test_paths_outside_the_repository_are_absolute_file_uris(tmp_path: Path) -> None:
    inside = tmp_path / "repo"
    (inside / ".git").mkdir(parents=True)
    outside = tmp_path / "elsewhere" / "b.t9.tf"
    result = LintResult(findings=(_finding(path=str(outside)),), files_checked=1)
    report = Report(result, 1, Severity.ERROR, inside, tuple(all_rules()), {})
    run = json.loads(reporter("sarif")(report))["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": outside.as_uri()}


LINT_DATA = Path(__file__).resolve().parent.parent / "data" / "lint"


@pytest.mark.parametrize("clean", [True, False])
def test_cli_sarif_and_json_outputs_validate(run_cli: RunCli, tmp_path: Path, clean: bool) -> None:
    name = "valid-script-template.t9.sh" if clean else "metadata-without-closing-marker.t9.sh"
    (tmp_path / name).write_bytes((LINT_DATA / name).read_bytes())
    result = run_cli(
        "check", "--select", "T9001", "--format", "sarif", "--output", "out.sarif",
        "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.exit_code == (0 if clean else 1)
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(_report_schema()).validate(report)
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    run = sarif["runs"][0]
    assert len(run["results"]) == report["summary"]["findings"] == (0 if clean else 2)
    assert run["invocations"][0]["exitCode"] == result.exit_code

"""The pre-commit hook manifest and the composite GitHub Action, exercised for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
LINT_DATA = ROOT / "tests" / "data" / "lint"
BIN = Path(sys.executable).parent
# pip's messages when the package index cannot be reached (no network in this sandbox).
OFFLINE_MARKERS = (
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No matching distribution found",
    "Could not find a version that satisfies",
)


def _hook() -> dict[str, Any]:
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    return dict(hook)


def test_hook_manifest_is_valid_for_pre_commit() -> None:
    hook = _hook()
    assert (hook["id"], hook["entry"], hook["language"]) == ("t9lint", "t9lint check", "python")


@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("linux/disk-usage.t9.tf", True),
        ("linux/disk-usage.tensor9.tf", True),
        ("a/b.t9.sh", True),
        ("a/b.tensor9.sh", True),
        ("k8s/list-pods.t9.kubectl", True),
        ("k8s/list-pods.tensor9.kubectl", True),
        ("main.tf", False),
        ("script.sh", False),
        ("a.t9.tf.orig", False),
        ("a.t9.yaml", False),
    ],
)
def test_hook_files_regex_covers_both_spellings_of_three_flavors(name: str, matches: bool) -> None:
    assert (re.search(_hook()["files"], name) is not None) is matches


def _git(cwd: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        GIT_AUTHOR_DATE="2026-01-01T00:00:00Z",
        GIT_COMMITTER_DATE="2026-01-01T00:00:00Z",
    )
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _project_copy(target: Path) -> str:
    """A throwaway git repo holding the project's tracked files; returns its commit."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    names = {*filter(None, listed.split("\0")), ".pre-commit-hooks.yaml"}
    for name in sorted(names):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q", "-b", "main")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot")
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=target, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.slow
def test_real_pre_commit_runs_the_hook_on_template_files(tmp_path: Path) -> None:
    """Runs pre-commit itself; it installs the project from a git repo (needs PyPI)."""
    project = tmp_path / "project"
    project.mkdir()
    rev = _project_copy(project)
    templates = tmp_path / "templates"
    (templates / "linux").mkdir(parents=True)
    shutil.copy(LINT_DATA / "metadata-without-closing-marker.t9.sh", templates / "linux")
    shutil.copy(LINT_DATA / "not-a-template.txt", templates / "linux" / "notes.t9.txt")
    config = {"repos": [{"repo": str(project), "rev": rev, "hooks": [{"id": "t9lint"}]}]}
    (templates / ".pre-commit-config.yaml").write_text(json.dumps(config), encoding="utf-8")
    _git(templates, "init", "-q", "-b", "main")
    _git(templates, "add", "-A")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PIP_RETRIES="0",
               PIP_TIMEOUT="10", PIP_DISABLE_PIP_VERSION_CHECK="1", T9LINT_DEBUG="0")  # fmt: skip
    completed = subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"],
        cwd=templates, env=env, capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    output = completed.stdout + completed.stderr
    if completed.returncode != 0 and any(marker in output for marker in OFFLINE_MARKERS):
        pytest.skip("pre-commit could not install the hook: the package index is unreachable")
    assert completed.returncode == 1, output
    assert "linux/metadata-without-closing-marker.t9.sh:2:1: T9001 error" in output
    assert "notes.t9.txt" not in output


def _action_step(name: str) -> dict[str, Any]:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    for step in action["runs"]["steps"]:
        if step.get("name") == name:
            return dict(step)
    raise AssertionError(f"no step {name!r}")


def test_action_declares_its_inputs_and_is_composite() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "sarif-file"} <= set(action["inputs"])


def test_action_never_substitutes_inputs_into_scripts() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_action_lint_step_writes_sarif_and_annotations(tmp_path: Path) -> None:
    step = _action_step("Lint templates")
    shutil.copy(LINT_DATA / "metadata-without-closing-marker.t9.sh", tmp_path)
    shutil.copy(LINT_DATA / "valid-script-template.t9.sh", tmp_path)
    summary = tmp_path / "summary.md"
    env = dict(os.environ)
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        T9LINT_PATHS="metadata-without-closing-marker.t9.sh valid-script-template.t9.sh",
        T9LINT_FAIL_ON="error",
        T9LINT_SARIF="out.sarif",
        GITHUB_STEP_SUMMARY=str(summary),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    completed = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 1, completed.stderr
    assert "::error file=metadata-without-closing-marker.t9.sh,line=2,col=1," in completed.stdout
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 1
    assert "| severity | code | location | message |" in summary.read_text(encoding="utf-8")

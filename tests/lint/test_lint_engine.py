"""The engine: discovery, parallel runs, cross-file rules and the content-hash cache."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from cmdlib.model import Severity
from t9lint.engine import LintOptions, discover, lint
from t9lint.errors import UnreadableInput
from t9lint.findings import Finding
from t9lint.rules.base import REGISTRY, Rule, RuleContext, all_rules

LINT_DATA = Path(__file__).resolve().parent.parent / "data" / "lint"
FRAMEWORK = ("T9001", "T9002", "T9003", "T9004")


def _copy(root: Path, name: str, target: str | None = None) -> Path:
    destination = root / (target or name)
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(LINT_DATA / name, destination)
    return destination


def _options(root: Path, **overrides: object) -> LintOptions:
    values: dict[str, object] = {
        "cwd": root,
        "select": FRAMEWORK,
        "cache_dir": root.parent / "cache",
    }
    values.update(overrides)
    return LintOptions(**values)  # type: ignore[arg-type]


def test_discover_walks_for_all_six_extensions(tmp_path: Path) -> None:
    for name in ("a.t9.tf", "b.tensor9.tf", "c.t9.sh", "d.tensor9.sh", "e.t9.kubectl",
                 "f.tensor9.kubectl", "g.tf", "h.sh", ".t9.sh", "sub/i.t9.sh",
                 ".git/j.t9.sh", ".t9lint-cache/k.t9.sh"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    found = [display for _path, display in discover([Path()], tmp_path)]
    assert found == [
        "a.t9.tf", "b.tensor9.tf", "c.t9.sh", "d.tensor9.sh", "e.t9.kubectl",
        "f.tensor9.kubectl", "sub/i.t9.sh",
    ]  # fmt: skip


def test_discover_deduplicates_and_keeps_given_prefixes(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.t9.sh").write_text("", encoding="utf-8")
    found = discover([Path("sub"), Path("sub/a.t9.sh"), Path("./sub")], tmp_path)
    assert [display for _path, display in found] == ["sub/a.t9.sh"]


def test_discover_rejects_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match=r"missing\.t9\.sh"):
        discover([Path("missing.t9.sh")], tmp_path)


def _tree(tmp_path: Path, copies: int) -> Path:
    root = tmp_path / "tree"
    for index in range(copies):
        _copy(root, "metadata-without-closing-marker.t9.sh", f"d{index}/broken.t9.sh")
        _copy(root, "valid-script-template.t9.sh", f"d{index}/valid-script-template.t9.sh")
    return root


def test_parallel_run_equals_serial_run(tmp_path: Path) -> None:
    root = _tree(tmp_path, 3)
    serial = lint(_options(root, jobs=1, use_cache=False))
    parallel = lint(_options(root, jobs=2, use_cache=False))
    assert serial.findings == parallel.findings
    assert serial.files_checked == parallel.files_checked == 6
    assert len(serial.findings) == 6


def test_second_run_is_answered_from_the_cache_with_the_same_findings(tmp_path: Path) -> None:
    root = _tree(tmp_path, 2)
    first = lint(_options(root))
    second = lint(_options(root))
    assert (first.cache_hits, second.cache_hits) == (0, 4)
    assert first.findings == second.findings


def test_changed_content_or_settings_miss_the_cache(tmp_path: Path) -> None:
    root = _tree(tmp_path, 1)
    lint(_options(root))
    (root / "d0" / "broken.t9.sh").write_text("#!/bin/sh\necho changed\n", encoding="utf-8")
    assert lint(_options(root)).cache_hits == 1
    assert lint(_options(root, shellcheck=False)).cache_hits == 0
    assert lint(_options(root, select=("T9001",))).cache_hits == 0


def test_corrupted_cache_entries_are_ignored(tmp_path: Path) -> None:
    root = _tree(tmp_path, 1)
    expected = lint(_options(root)).findings
    entries = [
        entry
        for entry in sorted((tmp_path / "cache").rglob("*.json"))
        if "findings" in json.loads(entry.read_text(encoding="utf-8"))["value"]
    ]
    assert len(entries) == 2
    entries[0].write_text("{ not json", encoding="utf-8")
    document = json.loads(entries[1].read_text(encoding="utf-8"))
    document["value"]["findings"] = [{"code": "T9001"}]
    entries[1].write_text(json.dumps(document), encoding="utf-8")
    again = lint(_options(root))
    assert again.cache_hits == 0
    assert again.findings == expected
    assert lint(_options(root)).cache_hits == 2  # rewritten


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    root = _tree(tmp_path, 1)
    lint(_options(root, use_cache=False))
    assert not (tmp_path / "cache").exists()


def test_cache_lives_beside_the_closest_config(tmp_path: Path) -> None:
    root = _tree(tmp_path, 1)
    (root / "t9lint.toml").write_text('select = ["T900"]\n', encoding="utf-8")
    lint(LintOptions(cwd=root, environ={"XDG_CACHE_HOME": str(tmp_path / "xdg")}))
    cache = root / ".t9lint-cache"
    assert (cache / ".gitignore").read_text(encoding="utf-8") == "*\n"
    assert len(list(cache.rglob("*.json"))) == 2
    # The rule manifest belongs to the installation, not to the tree.
    assert len(list((tmp_path / "xdg" / "t9lint").rglob("*.json"))) == 1


@pytest.fixture
def tree_rule() -> Iterator[Rule]:
    """A cross-file rule registered for one test: flags templates sharing a name field."""

    def same_name(contexts: Sequence[RuleContext]) -> Iterator[Finding]:
        seen: dict[str, str] = {}
        for ctx in contexts:
            field = ctx.template.metadata.get("name")
            if field is None or not isinstance(field.value, str):
                continue
            if field.value in seen:
                yield rule.finding(ctx, field.value_span, f"same name as {seen[field.value]}")
            seen.setdefault(field.value, ctx.display_path)

    for _ in all_rules():
        pass
    rule = Rule(
        code="T9998", name="test-same-name", family="structure", severity=Severity.ERROR,
        summary="s", rationale="r", bad_example="b", good_example="g", scope="tree",
        check_tree=same_name,
    )  # fmt: skip
    REGISTRY[rule.code] = rule
    yield rule
    del REGISTRY[rule.code]


def test_tree_rules_see_every_template_also_from_the_cache(tmp_path: Path, tree_rule: Rule) -> None:
    root = tmp_path / "tree"
    _copy(root, "valid-script-template.t9.sh", "a/valid-script-template.t9.sh")
    _copy(root, "valid-script-template.t9.sh", "b/valid-script-template.t9.sh")
    options = _options(root, select=(tree_rule.code,))
    fresh = lint(options)
    cached = lint(options)
    assert cached.cache_hits == 2
    assert [(f.path, f.line, f.message, f.snippet) for f in fresh.findings] == [
        ("b/valid-script-template.t9.sh", 3, "same name as a/valid-script-template.t9.sh",
         'name = "valid-script-template"'),
    ]  # fmt: skip
    assert cached.findings == fresh.findings


def test_cached_templates_decode_like_the_loader(tmp_path: Path) -> None:
    from t9lint.rules.base import RuleSettings
    from t9lint.runner import FileJob, cached_outcome, lint_file

    original = (LINT_DATA / "valid-script-template.t9.sh").read_bytes()
    path = tmp_path / "valid-script-template.t9.sh"
    path.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    job = FileJob(path, path.name, frozenset(FRAMEWORK), RuleSettings(), tmp_path / "cache")
    fresh = lint_file(job)
    cached = cached_outcome(job)
    assert cached is not None
    assert cached.cache_hit
    assert cached.template.lines == fresh.template.lines
    assert cached.template.lines[0] == "#!/usr/bin/env bash"
    assert cached.template.metadata == fresh.template.metadata


def test_result_carries_the_source_lines_of_findings(tmp_path: Path) -> None:
    root = _tree(tmp_path, 1)
    result = lint(_options(root, use_cache=False))
    first = result.findings[0]
    assert result.source_line(first) == ": <<'TENSOR9'"


def test_changed_code_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path, 1)
    lint(_options(root))
    assert lint(_options(root)).cache_hits == 2
    monkeypatch.setattr("t9lint.cache.code_fingerprint", lambda: "edited-rules")
    assert lint(_options(root)).cache_hits == 0


def test_warm_run_reads_rules_from_the_manifest_and_imports_only_tree_rules(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    root = _tree(tmp_path, 1)
    code = (
        "import sys\n"
        "from t9lint.cli import cli\n"
        "try:\n    cli(['check', '-f', 'concise', '.'])\nexcept SystemExit:\n    pass\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('t9lint.rules.'))))\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        for _ in range(2)
    ]
    cold = set(runs[0].stdout.split()[-1].split(","))
    warm = set(runs[1].stdout.split()[-1].split(","))
    assert {"t9lint.rules.parse", "t9lint.rules.meta"} <= cold
    assert "t9lint.rules.parse" not in warm
    assert warm < cold
    assert runs[0].stdout.splitlines()[:-1] == runs[1].stdout.splitlines()[:-1]


def test_stale_or_corrupted_manifest_is_not_used(tmp_path: Path) -> None:
    from t9lint.cache import load_rule_manifest, store_rule_manifest

    rules = list(all_rules())
    store_rule_manifest(tmp_path, "code-a", rules)
    loaded = load_rule_manifest(tmp_path, "code-a")
    assert loaded is not None
    assert [entry.rule.code for entry in loaded] == [rule.code for rule in rules]
    assert loaded[0].rule.check_file is None
    assert load_rule_manifest(tmp_path, "code-b") is None
    for entry in tmp_path.rglob("*.json"):
        entry.write_text('{"key": "x"}', encoding="utf-8")
    assert load_rule_manifest(tmp_path, "code-a") is None


def test_code_fingerprint_sees_edits_and_skips_templates(tmp_path: Path) -> None:
    import os

    from t9lint.cache import _python_files

    (tmp_path / "pkg" / "library").mkdir(parents=True)
    module = tmp_path / "pkg" / "rule.py"
    module.write_text("A = 1\n", encoding="utf-8")
    (tmp_path / "pkg" / "library" / "ignored.py").write_text("", encoding="utf-8")
    before = _python_files(str(tmp_path / "pkg"))
    assert len(before) == 1
    module.write_text("A = 22\n", encoding="utf-8")
    os.utime(module, ns=(1, 1))
    assert _python_files(str(tmp_path / "pkg")) != before


def test_cache_directory_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from t9lint.cache import default_cache_dir

    config = tmp_path / "repo" / "t9lint.toml"
    assert default_cache_dir(config, {}) == tmp_path / "repo" / ".t9lint-cache"
    assert default_cache_dir(None, {"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "t9lint"

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert default_cache_dir(None, {}) is None

"""Configuration: discovery (closest wins), validation, selectors and per-file policy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cmdlib.model import Severity
from t9lint.config import (
    CommandLineRules,
    Config,
    ConfigFinder,
    PolicyResolver,
    glob_matches,
    load_config,
    match_selector,
)
from t9lint.errors import ConfigError, UnknownRule
from t9lint.rules.base import all_rules

RunCli = Callable[..., Result]
LINT_DATA = Path(__file__).resolve().parent.parent / "data" / "lint"
UNUSED_SUPPRESSION = (
    (LINT_DATA / "valid-script-template.t9.sh")
    .read_text(encoding="utf-8")
    .replace("set -euo pipefail", "# t9lint-ignore: no-such-rule -- stale\nset -euo pipefail")
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_closest_configuration_wins(tmp_path: Path) -> None:
    _write(tmp_path / "t9lint.toml", 'ignore = ["T9003"]\n')
    _write(tmp_path / "team" / "t9lint.toml", 'ignore = ["T9002"]\n')
    finder = ConfigFinder(None, tmp_path)
    assert finder.for_file(tmp_path / "a.t9.sh").ignore == ("T9003",)
    assert finder.for_file(tmp_path / "team" / "deep" / "b.t9.sh").ignore == ("T9002",)


def test_pyproject_without_t9lint_table_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "t9lint.toml", 'ignore = ["T9003"]\n')
    _write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    found = ConfigFinder(None, tmp_path).for_file(tmp_path / "sub" / "a.t9.sh")
    assert found.source == tmp_path / "t9lint.toml"


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    _write(
        tmp_path / "pyproject.toml", "[tool.t9lint]\nshellcheck = false\nmax-line-length = 120\n"
    )
    found = ConfigFinder(None, tmp_path).for_file(tmp_path / "a.t9.sh")
    assert (found.shellcheck, found.max_line_length) == (False, 120)


def test_t9lint_toml_beats_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.t9lint]\nignore = ["T9002"]\n')
    _write(tmp_path / "t9lint.toml", 'ignore = ["T9003"]\n')
    assert ConfigFinder(None, tmp_path).for_file(tmp_path / "a.t9.sh").ignore == ("T9003",)


def test_explicit_config_replaces_the_search(tmp_path: Path) -> None:
    _write(tmp_path / "t9lint.toml", 'ignore = ["T9003"]\n')
    explicit = _write(tmp_path / "elsewhere" / "strict.toml", "select = []\n")
    found = ConfigFinder(explicit, tmp_path).for_file(tmp_path / "a.t9.sh")
    assert found.select == ()


def test_no_configuration_gives_defaults(tmp_path: Path) -> None:
    found = ConfigFinder(None, tmp_path).for_file(tmp_path / "a.t9.sh")
    assert found.source is None
    assert (found.select, found.ignore, found.shellcheck) == (None, (), True)


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path / "t9lint.toml", 'selekt = ["T9001"]\n')
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(path) in raised.value.message
    assert "'selekt'" in raised.value.message


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('severity = { T9003 = "fatal" }\n', "severity.T9003"),
        ('shellcheck = "yes"\n', "shellcheck"),
        ("max-line-length = 5\n", "max-line-length"),
        ('extend-data-access = ["not a tag"]\n', "extend-data-access.0"),
        ('per-file-ignores = { "*.t9.sh" = "T9003" }\n', "per-file-ignores.*.t9.sh"),
    ],
)
def test_wrongly_typed_values_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = _write(tmp_path / "t9lint.toml", text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert f"'{key}'" in raised.value.message


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "t9lint.toml", "select = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_unknown_key_exits_two_through_the_cli(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path / "t9lint.toml", "colour = true\n")
    _write(tmp_path / "a.t9.sh", UNUSED_SUPPRESSION)
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert "unknown key 'colour'" in result.stderr
    assert "t9lint.toml" in result.stderr


def test_config_ignore_and_severity_apply_through_the_cli(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path / "a.t9.sh", UNUSED_SUPPRESSION)
    _write(tmp_path / "t9lint.toml", 'select = ["T900"]\nseverity = { T9003 = "error" }\n')
    escalated = run_cli("check", "-f", "concise", cwd=tmp_path)
    assert escalated.exit_code == 1
    assert ": error T9003 " in escalated.stdout
    _write(
        tmp_path / "t9lint.toml", 'select = ["T900"]\nseverity = { unused-suppression = "off" }\n'
    )
    silenced = run_cli("check", "-f", "concise", cwd=tmp_path)
    assert (silenced.exit_code, silenced.stdout) == (0, "")


def test_cli_select_overrides_config_select_and_ignores_add_up(
    run_cli: RunCli, tmp_path: Path
) -> None:
    _write(tmp_path / "a.t9.sh", UNUSED_SUPPRESSION)
    _write(tmp_path / "t9lint.toml", 'select = ["T9001"]\n')
    selected = run_cli("check", "-f", "concise", "--select", "T9003", cwd=tmp_path)
    assert " T9003 " in selected.stdout
    _write(tmp_path / "t9lint.toml", 'ignore = ["T9002"]\n')
    ignored = run_cli(
        "check", "-f", "concise", "--select", "T900", "--ignore", "T9003", cwd=tmp_path
    )
    assert ignored.stdout == ""


def test_per_file_ignores_match_globs_relative_to_the_config(
    run_cli: RunCli, tmp_path: Path
) -> None:
    _write(tmp_path / "legacy" / "old" / "a.t9.sh", UNUSED_SUPPRESSION)
    _write(tmp_path / "current" / "b.t9.sh", UNUSED_SUPPRESSION)
    _write(
        tmp_path / "t9lint.toml",
        'select = ["T900"]\n[per-file-ignores]\n"legacy/**" = ["unused-suppression"]\n',
    )
    result = run_cli("check", "-f", "concise", cwd=tmp_path)
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["current/b.t9.sh"]


def test_unknown_rule_in_config_names_the_file(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path / "t9lint.toml", 'ignore = ["T9ZZZ"]\n')
    _write(tmp_path / "a.t9.sh", UNUSED_SUPPRESSION)
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert "t9lint.toml: ignore: 'T9ZZZ' names no rule" in result.stderr


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("T9003", {"T9003"}),
        ("unused-suppression", {"T9003"}),
        ("t900", {"T9001", "T9002", "T9003", "T9004"}),
        ("T8", set()),
    ],
)
def test_selectors_match_codes_names_and_prefixes(selector: str, expected: set[str]) -> None:
    rules = [rule for rule in all_rules() if rule.code.startswith("T900")]
    assert match_selector(selector, rules) == expected


def test_resolver_builds_settings_from_vocabulary_and_command_line(tmp_path: Path) -> None:
    config = Config(
        source=tmp_path / "t9lint.toml",
        root=tmp_path,
        extend_data_access=("Database",),
        max_line_length=120,
        severity=(("T9003", "error"),),
    )
    resolver = PolicyResolver(list(all_rules()), CommandLineRules(shellcheck=False))
    policy = resolver.for_file(config, tmp_path / "a.t9.sh")
    assert "Database" in policy.settings.data_access_vocabulary
    assert "Logs" in policy.settings.data_access_vocabulary
    assert (policy.settings.shellcheck, policy.settings.max_line_length) == (False, 120)
    assert policy.severity_of("T9003", Severity.WARNING) is Severity.ERROR
    assert policy.severity_of("T9002", Severity.ERROR) is Severity.ERROR


def test_replaced_vocabulary_drops_the_defaults(tmp_path: Path) -> None:
    config = Config(source=None, root=tmp_path, data_access_vocabulary=("Billing",))
    policy = PolicyResolver(list(all_rules()), CommandLineRules()).for_file(config, tmp_path / "a")
    assert policy.settings.data_access_vocabulary == frozenset({"Billing"})


def test_unknown_command_line_rule_is_rejected() -> None:
    with pytest.raises(UnknownRule):
        PolicyResolver(list(all_rules()), CommandLineRules(select=("nope",)))


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("legacy/**", "legacy/a/b.t9.sh", True),
        ("legacy/**", "new/legacy/b.t9.sh", False),
        ("**/k8s/*.t9.kubectl", "a/b/k8s/x.t9.kubectl", True),
        ("**/k8s/*.t9.kubectl", "k8s/x.t9.kubectl", True),
        ("*.t9.sh", "deep/dir/x.t9.sh", True),
        ("*.t9.sh", "deep/dir/x.t9.tf", False),
        ("linux/?.t9.sh", "linux/ab.t9.sh", False),
    ],
)
def test_glob_semantics(pattern: str, path: str, matches: bool) -> None:
    assert glob_matches(pattern, path) is matches


def test_missing_explicit_config_exits_two(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "--config", "absent.toml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "absent.toml: cannot read configuration" in result.stderr


def test_explicit_config_applies_to_every_file(run_cli: RunCli, tmp_path: Path) -> None:
    _write(tmp_path / "deep" / "t9lint.toml", 'select = ["T9001"]\n')
    _write(tmp_path / "deep" / "a.t9.sh", UNUSED_SUPPRESSION)
    _write(tmp_path / "ci.toml", 'select = ["T9003"]\n')
    result = run_cli("check", "-f", "concise", "--config", "ci.toml", cwd=tmp_path)
    assert result.stdout.startswith("deep/a.t9.sh:")
    assert " T9003 " in result.stdout

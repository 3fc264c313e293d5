"""Configuration: finding, validating and resolving ``t9lint.toml`` / ``[tool.t9lint]``.

The closest configuration to each linted file wins (``t9lint.toml`` before a
``pyproject.toml`` with a ``[tool.t9lint]`` table in the same directory); ``--config``
replaces the search. A configuration is validated once, against
``schemas/lint-config.schema.json``, into a frozen :class:`Config`; this module also
owns turning selectors (codes, names, prefixes such as ``T93``) into rule codes and
deciding which rules are active for one file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from cmdlib.model import Severity
from t9lint.errors import ConfigError, UnknownRule
from t9lint.rules.base import Rule, RuleSettings

CONFIG_FILE = "t9lint.toml"
PYPROJECT = "pyproject.toml"
SEVERITY_OFF = "off"


@dataclass(frozen=True)
class Config:
    """One configuration file, validated. ``root`` anchors ``per-file-ignores`` globs."""

    source: Path | None
    root: Path
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    data_access_vocabulary: tuple[str, ...] | None = None
    extend_data_access: tuple[str, ...] = ()
    shellcheck: bool = True
    max_line_length: int | None = None

    @property
    def label(self) -> str:
        return str(self.source) if self.source is not None else "(defaults)"


@dataclass(frozen=True)
class CommandLineRules:
    """What the command line says about rules; it overrides or adds to each Config."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    shellcheck: bool = True


@dataclass(frozen=True)
class FilePolicy:
    """The resolved rules and settings for one file."""

    active: frozenset[str]
    severity: tuple[tuple[str, Severity], ...]
    settings: RuleSettings
    config: Config = field(compare=False)

    def severity_of(self, code: str, default: Severity) -> Severity:
        for overridden, severity in self.severity:
            if overridden == code:
                return severity
        return default


def load_config(path: Path) -> Config:
    """Read and validate one configuration file (``t9lint.toml`` or ``pyproject.toml``)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read configuration: {error.strerror}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    is_pyproject = path.name == PYPROJECT
    table = document.get("tool", {}).get("t9lint", {}) if is_pyproject else document
    return config_from_table(table, path)


def config_from_table(table: Mapping[str, Any], path: Path) -> Config:
    _validate(table, path)
    per_file = tuple(
        (pattern, tuple(codes)) for pattern, codes in table.get("per-file-ignores", {}).items()
    )
    vocabulary = table.get("data-access-vocabulary")
    return Config(
        source=path,
        root=path.parent,
        select=tuple(table["select"]) if "select" in table else None,
        ignore=tuple(table.get("ignore", ())),
        per_file_ignores=per_file,
        severity=tuple(sorted(table.get("severity", {}).items())),
        data_access_vocabulary=tuple(vocabulary) if vocabulary is not None else None,
        extend_data_access=tuple(table.get("extend-data-access", ())),
        shellcheck=bool(table.get("shellcheck", True)),
        max_line_length=table.get("max-line-length"),
    )


@cache
def _config_schema() -> dict[str, Any]:
    from cmdlib.schemas import load_schema

    return load_schema("lint-config")


def _validate(table: Mapping[str, Any], path: Path) -> None:
    import importlib

    # Imported by name: it has no type stubs, and only runs when a config file exists.
    jsonschema: Any = importlib.import_module("jsonschema")
    validator = jsonschema.Draft202012Validator(_config_schema())
    errors = sorted(validator.iter_errors(dict(table)), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    if error.validator == "additionalProperties" and not error.absolute_path:
        unknown = sorted(set(table) - set(_config_schema()["properties"]))
        raise ConfigError(
            f"{path}: unknown key {unknown[0]!r} in t9lint configuration",
            hint="allowed keys: " + ", ".join(sorted(_config_schema()["properties"])),
        )
    where = ".".join(str(part) for part in error.absolute_path) or "(top level)"
    raise ConfigError(f"{path}: key {where!r}: {error.message}")


def has_lint_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml configures t9lint (cheap check before a full parse)."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[tool\.t9lint[\].]", text, re.MULTILINE) is not None


class ConfigFinder:
    """Finds the closest configuration of a directory, caching per directory."""

    def __init__(self, explicit: Path | None, fallback_root: Path) -> None:
        self._explicit = load_config(explicit) if explicit is not None else None
        self._fallback = Config(source=None, root=fallback_root)
        self._by_directory: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}

    def for_file(self, path: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        return self._for_directory(path.parent)

    def _for_directory(self, directory: Path) -> Config:
        known = self._by_directory.get(directory)
        if known is not None:
            return known
        found = self._search(directory)
        self._by_directory[directory] = found
        return found

    def _search(self, directory: Path) -> Config:
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return self._load_once(candidate)
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and has_lint_table(pyproject):
            return self._load_once(pyproject)
        if directory.parent == directory:
            return self._fallback
        return self._for_directory(directory.parent)

    def _load_once(self, path: Path) -> Config:
        if path not in self._by_file:
            self._by_file[path] = load_config(path)
        return self._by_file[path]


def resolve_selectors(
    selectors: Iterable[str], rules: Sequence[Rule], *, origin: str
) -> frozenset[str]:
    """Codes named by selectors: exact codes, rule names, or code prefixes (``T93``)."""
    codes: set[str] = set()
    for selector in selectors:
        matched = match_selector(selector, rules)
        if not matched:
            raise UnknownRule(
                f"{origin}: {selector!r} names no rule",
                hint="`t9lint rules` lists every code and name",
            )
        codes |= matched
    return frozenset(codes)


def match_selector(selector: str, rules: Sequence[Rule]) -> frozenset[str]:
    wanted = selector.strip()
    if not wanted:
        return frozenset()
    upper = wanted.upper()
    return frozenset(
        rule.code for rule in rules if rule.code.startswith(upper) or rule.name == wanted
    )


class PolicyResolver:
    """Turns a file's Config plus the command line into a FilePolicy (cached per config)."""

    def __init__(self, rules: Sequence[Rule], command_line: CommandLineRules) -> None:
        self._rules = tuple(rules)
        self._command_line = command_line
        self._cli_select = (
            resolve_selectors(command_line.select, self._rules, origin="--select")
            if command_line.select
            else None
        )
        self._cli_ignore = resolve_selectors(command_line.ignore, self._rules, origin="--ignore")
        self._base: dict[Config, FilePolicy] = {}

    def for_file(self, config: Config, path: Path) -> FilePolicy:
        base = self._base.get(config)
        if base is None:
            base = self._base_policy(config)
            self._base[config] = base
        ignored = self._per_file_ignored(config, path)
        if not ignored:
            return base
        return replace(base, active=base.active - ignored)

    def _base_policy(self, config: Config) -> FilePolicy:
        origin = config.label
        if self._cli_select is not None:
            active = set(self._cli_select)
        elif config.select is not None:
            active = set(resolve_selectors(config.select, self._rules, origin=f"{origin}: select"))
        else:
            active = {rule.code for rule in self._rules}
        active -= self._cli_ignore
        active -= resolve_selectors(config.ignore, self._rules, origin=f"{origin}: ignore")
        severities: list[tuple[str, Severity]] = []
        for selector, level in config.severity:
            codes = resolve_selectors([selector], self._rules, origin=f"{origin}: severity")
            if level == SEVERITY_OFF:
                active -= codes
            else:
                severities.extend((code, Severity(level)) for code in sorted(codes))
        return FilePolicy(
            active=frozenset(active),
            severity=tuple(severities),
            settings=self._settings(config),
            config=config,
        )

    def _settings(self, config: Config) -> RuleSettings:
        defaults = RuleSettings()
        vocabulary = (
            frozenset(config.data_access_vocabulary)
            if config.data_access_vocabulary is not None
            else defaults.data_access_vocabulary
        )
        return replace(
            defaults,
            data_access_vocabulary=vocabulary | frozenset(config.extend_data_access),
            shellcheck=config.shellcheck and self._command_line.shellcheck,
            max_line_length=config.max_line_length or defaults.max_line_length,
        )

    def _per_file_ignored(self, config: Config, path: Path) -> frozenset[str]:
        if not config.per_file_ignores:
            return frozenset()
        relative = _relative_posix(path, config.root)
        ignored: set[str] = set()
        for pattern, selectors in config.per_file_ignores:
            if glob_matches(pattern, relative):
                origin = f"{config.label}: per-file-ignores {pattern!r}"
                ignored |= resolve_selectors(selectors, self._rules, origin=origin)
        return frozenset(ignored)


def _relative_posix(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts) + r"\Z")


def glob_matches(pattern: str, relative_path: str) -> bool:
    """Glob with ``**``; a pattern without ``/`` also matches the bare file name."""
    if _glob_regex(pattern).match(relative_path):
        return True
    name = PurePosixPath(relative_path).name
    return "/" not in pattern and _glob_regex(pattern).match(name) is not None

"""The content-hash cache of per-file lint results.

An entry is keyed on the SHA-256 of the file's bytes, the file's absolute path (rules
read the file name and its directory), the tool version, the active rule set and a hash
of the rule settings, so any change to one of them is a miss, never a stale hit. The
value is the per-file findings, the suppression directives and the metadata that
cross-file rules need, as JSON. Writes are atomic (temporary file + rename); an entry
that cannot be read or decoded is a miss.

Cache directory: ``.t9lint-cache/`` beside the closest configuration file, else
``$XDG_CACHE_HOME/t9lint`` (``~/.cache/t9lint``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from t9lint import __version__
from t9lint.rules.base import Rule, RuleSettings

CACHE_DIR_NAME = ".t9lint-cache"
_FORMAT = 1


def default_cache_dir(config_source: Path | None, environ: Mapping[str, str]) -> Path | None:
    """Where a file's results are cached; None when there is nowhere to put them."""
    if config_source is not None:
        return config_source.parent / CACHE_DIR_NAME
    base = environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no HOME and no password entry: run without a cache
            return None
    return Path(base) / "t9lint"


def code_fingerprint() -> str:
    """A hash of the size and modification time of every module of t9lint and cmdlib.

    The tool version alone would let an edited rule (an editable install, a patched
    site-packages) answer from results of the old code; stat-ing ~100 files is cheap.
    """
    import cmdlib
    import t9lint

    digest = hashlib.sha256()
    for package in (t9lint, cmdlib):
        for directory in package.__path__:
            for line in sorted(_python_files(directory)):
                digest.update(line.encode())
    return digest.hexdigest()


def _python_files(directory: str) -> list[str]:
    """``path size mtime`` of each module under ``directory`` (templates excluded)."""
    found: list[str] = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in ("__pycache__", "library"):
                    found.extend(_python_files(entry.path))
            elif entry.name.endswith(".py"):
                status = entry.stat()
                found.append(f"{entry.path}\0{status.st_size}\0{status.st_mtime_ns}\n")
    return found


@cache
def settings_fingerprint(settings: RuleSettings) -> str:
    """A hash of the settings (memoised: every file of a directory shares one object)."""
    plain = {
        key: sorted(value) if isinstance(value, frozenset) else value
        for key, value in asdict(settings).items()
    }
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


def entry_key(content_sha256: str, path: Path, active: Iterable[str], settings_hash: str) -> str:
    parts = [
        f"format={_FORMAT}",
        f"version={__version__}",
        f"content={content_sha256}",
        f"path={path}",
        "rules=" + ",".join(sorted(active)),
        f"settings={settings_hash}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class Cache:
    """Reads and writes entries under one directory; every failure is a miss."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _entry_path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self._entry_path(key).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        value = data.get("value")
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: Mapping[str, Any]) -> None:
        import tempfile

        target = self._entry_path(key)
        try:
            self._prepare(target.parent)
            payload = json.dumps({"key": key, "value": value}, separators=(",", ":"))
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(payload)
                Path(temporary).replace(target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return  # a cache that cannot be written only costs time

    def _prepare(self, entry_directory: Path) -> None:
        if not self.directory.is_dir():
            self.directory.mkdir(parents=True, exist_ok=True)
            # Keep the cache out of version control and backups, like other tools do.
            (self.directory / ".gitignore").write_text("*\n", encoding="utf-8")
            (self.directory / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This directory is a cache of t9lint results.\n",
                encoding="utf-8",
            )
        entry_directory.mkdir(exist_ok=True)


# --- JSON forms of what an entry holds --------------------------------------------------


def encode_value(value: object) -> object:
    """An HclValue as JSON; tuples, mappings and expressions are tagged to round-trip."""
    from cmdlib.model import Expression

    if isinstance(value, Expression):
        return {"$expr": value.source}
    if isinstance(value, tuple):
        return {"$list": [encode_value(item) for item in value]}
    if isinstance(value, Mapping):
        return {"$map": {str(k): encode_value(v) for k, v in value.items()}}
    return value


def decode_value(data: object) -> Any:
    from cmdlib.model import Expression

    if isinstance(data, dict):
        if "$expr" in data:
            return Expression(str(data["$expr"]))
        if "$list" in data:
            return tuple(decode_value(item) for item in data["$list"])
        if "$map" in data:
            return {str(k): decode_value(v) for k, v in data["$map"].items()}
        raise ValueError("unknown tagged value")
    if data is None or isinstance(data, str | int | float | bool):
        return data
    raise ValueError("not an HCL value")


# --- The rule manifest: the registry's metadata, so warm runs skip importing rules ------

_MANIFEST = "rules-manifest.json"
_TEXT_FIELDS = ("code", "name", "summary", "rationale", "bad_example", "good_example")


@dataclass(frozen=True)
class ManifestEntry:
    rule: Rule  # metadata only: no check function
    module: str  # the module that registers the real rule


def store_rule_manifest(directory: Path, code_hash: str, rules: Iterable[Rule]) -> None:
    """Record every rule's metadata (not its check) for runs of the same installed code."""
    entries = [
        {
            **{name: getattr(rule, name) for name in _TEXT_FIELDS},
            "family": rule.family,
            "severity": rule.severity.value,
            "suppressible": rule.suppressible,
            "scope": rule.scope,
            "module": _module_of(rule),
        }
        for rule in rules
    ]
    Cache(directory).put(_manifest_key(code_hash), {"rules": entries})


def load_rule_manifest(directory: Path, code_hash: str) -> list[ManifestEntry] | None:
    """The rules as recorded for this exact code; None when there is no usable record."""
    value = Cache(directory).get(_manifest_key(code_hash))
    if value is None:
        return None
    try:
        return [_entry(item) for item in value["rules"]]
    except (KeyError, TypeError, ValueError):
        return None


def _entry(item: Mapping[str, Any]) -> ManifestEntry:
    from typing import get_args

    from cmdlib.model import Severity
    from t9lint.rules.base import Family

    family = str(item["family"])
    if family not in get_args(Family):
        raise ValueError(f"unknown family {family!r}")
    text = {name: str(item[name]) for name in _TEXT_FIELDS}
    rule = Rule(
        code=text["code"],
        name=text["name"],
        family=cast("Family", family),
        severity=Severity(item["severity"]),
        summary=text["summary"],
        rationale=text["rationale"],
        bad_example=text["bad_example"],
        good_example=text["good_example"],
        suppressible=bool(item["suppressible"]),
        scope="tree" if item["scope"] == "tree" else "file",
    )
    return ManifestEntry(rule, str(item["module"]))


def _manifest_key(code_hash: str) -> str:
    return hashlib.sha256(f"{_MANIFEST}\n{__version__}\n{code_hash}".encode()).hexdigest()


def _module_of(rule: Rule) -> str:
    check = rule.check_tree or rule.check_file
    return check.__module__ if check is not None else "t9lint.rules.meta"

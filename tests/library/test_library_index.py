"""Indexing a library directory and rendering the index (without the CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cmdlib.errors import TemplateNotFound
from cmdlib.library_index import LibraryIndex, LibraryMissing, index_library, library_root
from cmdlib.library_render import REPORTERS, render_json, render_text

SCRIPT_WITHOUT_PERMISSIONS = """\
#!/usr/bin/env bash
: <<'TENSOR9'
name        = "uptime"
display     = "Uptime"
description = "Shows how long the host has been up and its load averages. Read-only."
data_access = ["Metrics"]
TENSOR9
set -euo pipefail
uptime
"""


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_library_root_is_the_bundled_directory() -> None:
    root = library_root()
    assert root.name == "library"
    assert root.parent.name == "cmdlib"
    assert (root / "k8s" / "list-pods.t9.kubectl").is_file()


def test_library_root_missing_from_the_install_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cmdlib.library_index.resources.files", lambda _package: tmp_path)
    with pytest.raises(LibraryMissing, match="bundled template library is missing") as raised:
        library_root()
    assert raised.value.hint is not None and "reinstall" in raised.value.hint


def test_index_of_a_directory_lists_undeclared_permissions_as_none(tmp_path: Path) -> None:
    _write(tmp_path, "linux/uptime.tensor9.sh", SCRIPT_WITHOUT_PERMISSIONS)
    (entry,) = index_library(tmp_path).entries
    assert entry.id == "linux-uptime"
    assert entry.permissions is None
    assert entry.effect == "read-only"
    assert entry.path == "linux/uptime.tensor9.sh"
    assert "-  " in render_text(index_library(tmp_path)).splitlines()[1]


def test_index_uses_the_declared_name_for_the_id(tmp_path: Path) -> None:
    _write(tmp_path, "linux/host-uptime.t9.sh", SCRIPT_WITHOUT_PERMISSIONS)
    (entry,) = index_library(tmp_path).entries
    assert (entry.id, entry.name) == ("linux-uptime", "uptime")


def test_index_of_a_missing_directory_raises_template_not_found(tmp_path: Path) -> None:
    with pytest.raises(TemplateNotFound, match="not a directory"):
        index_library(tmp_path / "missing")


def test_index_of_a_file_raises_template_not_found(tmp_path: Path) -> None:
    _write(tmp_path, "x.t9.sh", SCRIPT_WITHOUT_PERMISSIONS)
    with pytest.raises(TemplateNotFound):
        index_library(tmp_path / "x.t9.sh")


def test_index_lists_a_binary_file_with_its_problem(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "blob.t9.sh").write_bytes(b"\x00\x01\x02")
    (entry,) = index_library(tmp_path).entries
    assert entry.problems == ("binary-content",)
    assert entry.id == "bin-blob"


@pytest.mark.parametrize("reporter", sorted(REPORTERS))
def test_every_reporter_renders_the_bundled_library_and_an_empty_one(
    reporter: str, tmp_path: Path
) -> None:
    bundled = REPORTERS[reporter](index_library())
    empty = REPORTERS[reporter](LibraryIndex(tmp_path, ()))
    assert bundled.endswith("\n") and empty.endswith("\n")
    assert "linux-disk-usage" in bundled
    assert "linux-disk-usage" not in empty


def test_text_columns_line_up() -> None:
    lines = render_text(index_library()).splitlines()
    starts = {line.index(" TfFromTmpl") if " TfFromTmpl" in line else None for line in lines}
    starts.discard(None)
    assert len(starts) == 1
    path_column = lines[0].index("PATH")
    assert all(line[path_column - 2 : path_column] == "  " for line in lines)


def test_json_is_stable_and_round_trips() -> None:
    index = index_library()
    assert render_json(index) == render_json(index_library())
    document = json.loads(render_json(index))
    assert [t["id"] for t in document["templates"]] == [e.id for e in index.entries]

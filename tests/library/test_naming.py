"""Registered template ids and template discovery (cmdlib.naming)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdlib.errors import TemplateNotFound
from cmdlib.naming import find_templates, is_valid_name, template_id

LIBRARY = Path(__file__).resolve().parents[2] / "cmdlib" / "library"


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("src/linux/disk-usage.tensor9.tf", "linux-disk-usage"),
        ("src/linux/disk-usage.t9.tf", "linux-disk-usage"),
        ("k8s/list-pods.t9.kubectl", "k8s-list-pods"),
        ("/abs/darwin/disk-usage.t9.sh", "darwin-disk-usage"),
    ],
)
def test_template_id_is_parent_directory_dash_stem(path: str, expected: str) -> None:
    assert template_id(Path(path)) == expected


def test_template_id_prefers_the_declared_name_when_given() -> None:
    assert template_id(Path("linux/old-file-name.t9.sh"), name="disk-usage") == "linux-disk-usage"


def test_template_id_resolves_a_relative_path_against_root(tmp_path: Path) -> None:
    root = tmp_path / "ops"
    assert template_id(Path("top.t9.sh"), root) == "ops-top"
    assert template_id(Path("aws/snap.t9.tf"), root) == "aws-snap"


def test_template_id_of_a_bare_file_name_uses_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "vendor-repo"
    work.mkdir()
    monkeypatch.chdir(work)
    assert template_id(Path("restart.t9.sh")) == "vendor-repo-restart"


def test_both_spellings_of_one_template_get_the_same_id() -> None:
    assert template_id(Path("a/x-y.tensor9.sh")) == template_id(Path("a/x-y.t9.sh"))


@pytest.mark.parametrize("name", ["abc", "disk-usage", "a1-b2", "x" * 64, "rotate-iam-access-key"])
def test_valid_names(name: str) -> None:
    assert is_valid_name(name)


@pytest.mark.parametrize(
    "name",
    ["ab", "x" * 65, "1disk", "-disk", "disk-", "Disk-usage", "disk_usage", "disk usage", ""],
)
def test_invalid_names(name: str) -> None:
    assert not is_valid_name(name)


def test_find_templates_returns_every_spelling_sorted(tmp_path: Path) -> None:
    _touch(tmp_path / "linux" / "b.t9.sh")
    _touch(tmp_path / "linux" / "a.tensor9.tf")
    _touch(tmp_path / "k8s" / "pods.t9.kubectl")
    _touch(tmp_path / "k8s" / "pods.tensor9.kubectl")
    found = [p.relative_to(tmp_path).as_posix() for p in find_templates(tmp_path)]
    assert found == [
        "k8s/pods.t9.kubectl",
        "k8s/pods.tensor9.kubectl",
        "linux/a.tensor9.tf",
        "linux/b.t9.sh",
    ]


def test_find_templates_skips_hidden_directories_and_other_files(tmp_path: Path) -> None:
    _touch(tmp_path / ".git" / "x" / "hidden.t9.sh")
    _touch(tmp_path / "linux" / ".cache" / "cached.t9.tf")
    _touch(tmp_path / "linux" / "main.tf")
    _touch(tmp_path / "linux" / "notes.md")
    _touch(tmp_path / "linux" / ".t9.sh")
    _touch(tmp_path / "linux" / "kept.t9.sh")
    found = [p.relative_to(tmp_path).as_posix() for p in find_templates(tmp_path)]
    assert found == ["linux/kept.t9.sh"]


def test_find_templates_does_not_follow_directory_symlinks(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _touch(outside / "elsewhere.t9.sh")
    root = tmp_path / "root"
    _touch(root / "linux" / "inside.t9.sh")
    (root / "loop").symlink_to(outside, target_is_directory=True)
    assert [p.name for p in find_templates(root)] == ["inside.t9.sh"]


def test_find_templates_on_a_template_file_returns_it(tmp_path: Path) -> None:
    template = _touch(tmp_path / "one.t9.kubectl")
    assert find_templates(template) == [template]


def test_find_templates_on_a_non_template_file_returns_nothing(tmp_path: Path) -> None:
    assert find_templates(_touch(tmp_path / "README.md")) == []


def test_find_templates_on_a_missing_directory_raises_template_not_found(tmp_path: Path) -> None:
    with pytest.raises(TemplateNotFound, match="no such directory"):
        find_templates(tmp_path / "missing")


def test_the_bundled_library_has_unique_ids() -> None:
    paths = find_templates(LIBRARY)
    ids = [template_id(path) for path in paths]
    assert len(paths) >= 24
    assert len(set(ids)) == len(ids)

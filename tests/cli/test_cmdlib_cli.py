"""The ``cmdlib`` command line: ``--version``, ``--help``, ``library path`` and ``library list``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cmdlib
from cmdlib import cli as cli_module
from cmdlib.cli import cli, main
from cmdlib.errors import CmdlibError
from cmdlib.library_index import library_root
from cmdlib.naming import find_templates

LIBRARY = library_root()
LIBRARY_SIZE = len(find_templates(LIBRARY))

GOOD_KUBECTL = """\
: <<'TENSOR9'
name        = "list-pods"
display     = "List pods"
description = "Lists the pods of NAMESPACE with their phase and node. Read-only."
data_access = ["Infrastructure"]
permissions = "ReadOnly"

variable "NAMESPACE" {
  type        = string
  description = "Kubernetes namespace"
  validation {
    condition     = can(regex("^[a-z0-9-]{1,63}$", var.NAMESPACE))
    error_message = "NAMESPACE must be a DNS label."
  }
}
TENSOR9
kubectl get pods -n ${NAMESPACE}
"""


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_prints_the_package_version() -> None:
    code, out, _ = _invoke("--version")
    assert code == 0
    assert out == f"cmdlib, version {cmdlib.__version__}\n"


@pytest.mark.parametrize("args", [["--help"], ["-h"]])
def test_help_lists_the_command_groups(args: list[str]) -> None:
    code, out, _ = _invoke(*args)
    assert code == 0
    assert "library" in out.split()


def test_library_help_lists_its_commands() -> None:
    code, out, _ = _invoke("library", "--help")
    assert code == 0
    assert {"path", "list"} <= set(out.split())


def test_library_path_prints_the_installed_library_directory() -> None:
    code, out, _ = _invoke("library", "path")
    assert code == 0
    printed = Path(out.strip())
    assert printed == LIBRARY
    assert (printed / "linux" / "disk-usage.t9.tf").is_file()


def test_library_list_text_has_a_header_and_one_sorted_line_per_template() -> None:
    code, out, _ = _invoke("library", "list")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "TYPE", "PERMISSIONS", "EFFECT", "PATH"]
    assert len(rows) == LIBRARY_SIZE
    paths = [row.split()[-1] for row in rows]
    assert paths == sorted(paths)
    assert all(row == row.rstrip() for row in rows)


def test_library_list_text_shows_id_type_permissions_and_effect() -> None:
    _, out, _ = _invoke("library", "list")
    rows = {row.split()[0]: row.split() for row in out.splitlines()[1:]}
    assert rows["linux-restart-service"][1:] == [
        "ScriptFromTmpl",
        "ReadWrite",
        "mutating",
        "linux/restart-service.t9.sh",
    ]
    assert rows["k8s-list-pods"][1:] == [
        "KubectlFromTmpl",
        "ReadOnly",
        "read-only",
        "k8s/list-pods.t9.kubectl",
    ]
    assert rows["aws-s3-bucket-info"][1] == "TfFromTmpl"
    assert rows["aws-s3-bucket-info"][3:] == ["read-only", "aws/s3-bucket-info.tensor9.tf"]


def test_library_list_json_describes_every_template() -> None:
    code, out, _ = _invoke("library", "list", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert Path(document["root"]) == LIBRARY
    templates = document["templates"]
    assert len(templates) == LIBRARY_SIZE
    assert [t["path"] for t in templates] == sorted(t["path"] for t in templates)
    by_id = {t["id"]: t for t in templates}
    assert by_id["k8s-cordon-node"] == {
        "id": "k8s-cordon-node",
        "name": "cordon-node",
        "flavor": "kubectl",
        "wire_type": "KubectlFromTmpl",
        "permissions": "ReadWrite",
        "effect": "mutating",
        "side_effects": ["node-cordon"],
        "path": "k8s/cordon-node.t9.kubectl",
        "problems": [],
    }
    assert all(t["problems"] == [] for t in templates)
    assert {t["effect"] for t in templates} == {"read-only", "mutating"}


def test_library_list_of_another_directory(tmp_path: Path) -> None:
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "list-pods.t9.kubectl").write_text(GOOD_KUBECTL, encoding="utf-8")
    (tmp_path / "k8s" / "broken.t9.sh").write_text(": <<'TENSOR9'\nname = \"broken\"\n")
    code, out, _ = _invoke("library", "list", "--root", str(tmp_path), "--format", "json")
    assert code == 0
    templates = json.loads(out)["templates"]
    assert [t["id"] for t in templates] == ["k8s-broken", "k8s-list-pods"]
    assert templates[0]["problems"] == ["metadata-unterminated"]
    assert templates[1]["problems"] == []


def test_library_list_text_marks_a_template_that_does_not_load(tmp_path: Path) -> None:
    (tmp_path / "linux").mkdir()
    (tmp_path / "linux" / "broken.t9.sh").write_text(": <<'TENSOR9'\nname = \"broken\"\n")
    code, out, _ = _invoke("library", "list", "--root", str(tmp_path))
    assert code == 0
    assert out.splitlines()[1].endswith("(does not load: metadata-unterminated)")


def test_library_list_of_an_empty_directory_says_so(tmp_path: Path) -> None:
    code, out, _ = _invoke("library", "list", "--root", str(tmp_path))
    assert code == 0
    assert out == f"no templates under {tmp_path}\n"


def test_library_list_json_of_an_empty_directory_is_an_empty_list(tmp_path: Path) -> None:
    code, out, _ = _invoke("library", "list", "--root", str(tmp_path), "--format", "json")
    assert code == 0
    assert json.loads(out)["templates"] == []


def test_library_list_rejects_an_unknown_format() -> None:
    code, _, err = _invoke("library", "list", "--format", "yaml")
    assert code == 2
    assert "'yaml' is not one of 'json', 'text'" in err


def test_library_list_rejects_a_file_as_root(tmp_path: Path) -> None:
    file = tmp_path / "x.t9.sh"
    file.write_text("")
    code, _, err = _invoke("library", "list", "--root", str(file))
    assert code == 2
    assert "is a file" in err


def test_unknown_command_is_a_usage_error() -> None:
    code, _, err = _invoke("library", "lst")
    assert code == 2
    assert "No such command 'lst'" in err


def test_main_turns_a_missing_root_into_a_message_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["library", "list", "--root", str(tmp_path / "missing")])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err == (
        f"cmdlib: error: {tmp_path / 'missing'}: not a directory\n"
        "hint: give the directory that holds the templates\n"
    )


def test_main_reports_a_usage_error_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "list", "--format", "xml"]) == 2
    assert "Invalid value for '--format'" in capsys.readouterr().err


def test_main_returns_0_for_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert main(["--version"]) == 0
    assert f"version {cmdlib.__version__}" in capsys.readouterr().out


def test_main_passes_on_the_exit_code_of_a_cmdlib_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Broken(CmdlibError):
        exit_code = 1

    def fail(_root: Path | None = None) -> None:
        raise Broken("the library is broken", hint="reinstall")

    monkeypatch.setattr("cmdlib.library_index.index_library", fail)
    assert main(["library", "list"]) == 1
    assert capsys.readouterr().err == "cmdlib: error: the library is broken\nhint: reinstall\n"


def test_main_turns_an_unexpected_error_into_exit_3_please_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(_root: Path | None = None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("cmdlib.library_index.index_library", crash)
    assert main(["library", "list"]) == cli_module.EXIT_INTERNAL_ERROR == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "please report" in err
    assert "Traceback" not in err


def test_main_exits_130_on_ctrl_c(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(_root: Path | None = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("cmdlib.library_index.index_library", interrupted)
    assert main(["library", "list"]) == 130
    assert "interrupted" in capsys.readouterr().err


def _installed_cmdlib() -> str:
    script = Path(sys.executable).parent / "cmdlib"
    assert script.exists(), f"the cmdlib console script is not installed beside {sys.executable}"
    return str(script)


def test_the_installed_script_lists_the_library_as_json(tmp_path: Path) -> None:
    result = subprocess.run(
        [_installed_cmdlib(), "library", "list", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    templates = json.loads(result.stdout)["templates"]
    assert len(templates) == LIBRARY_SIZE >= 24


def test_the_installed_script_exits_2_with_a_message_on_bad_input(tmp_path: Path) -> None:
    result = subprocess.run(
        [_installed_cmdlib(), "library", "list", "--root", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("cmdlib: error: ")
    assert "Traceback" not in result.stderr

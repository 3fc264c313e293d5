"""The bundled library loads cleanly, and loading stays cheap to import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from loader_support import LIBRARY

from cmdlib.loader import is_template_path, load_file
from cmdlib.model import Flavor

LIBRARY_TEMPLATES = sorted(
    path for path in LIBRARY.rglob("*") if path.is_file() and is_template_path(path)
)


def test_the_library_has_at_least_twenty_templates() -> None:
    assert len(LIBRARY_TEMPLATES) >= 20


def test_the_library_has_every_flavor() -> None:
    flavors = {load_file(path).flavor for path in LIBRARY_TEMPLATES}
    assert flavors == set(Flavor)


@pytest.mark.parametrize(
    "path", LIBRARY_TEMPLATES, ids=[str(p.relative_to(LIBRARY)) for p in LIBRARY_TEMPLATES]
)
def test_library_template_loads_with_zero_diagnostics(path: Path) -> None:
    template = load_file(path)
    assert template.diagnostics == ()
    assert template.metadata.text("name") == template.stem
    if template.flavor is not Flavor.TERRAFORM:
        assert template.snippets, "script and kubectl templates always have a body"
    local_execs = template.text.count('provisioner "local-exec"')
    assert len([s for s in template.snippets if s.origin == "local-exec"]) >= local_execs


def test_importing_the_loader_does_not_import_click_or_jsonschema() -> None:
    code = (
        "import sys, cmdlib.loader\n"
        "heavy = sorted(m for m in ('click', 'jsonschema', 'hcl2', 'lark') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_loading_a_template_does_not_import_click_or_jsonschema() -> None:
    path = LIBRARY_TEMPLATES[0]
    code = (
        "import sys\nfrom pathlib import Path\nfrom cmdlib.loader import load_file\n"
        f"load_file(Path({str(path)!r}))\n"
        "print(','.join(sorted(m for m in ('click', 'jsonschema') if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""

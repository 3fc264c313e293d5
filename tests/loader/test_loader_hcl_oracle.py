"""Differential test: every attribute value the loader extracts equals python-hcl2's.

Runs over every Terraform template in the tests and in the bundled library, globbed
at test time. Files python-hcl2 cannot parse are skipped (and only those).
"""

from __future__ import annotations

from pathlib import Path

import hcl2
import pytest
from hcl_oracle import hcl2_attributes, model_attributes

from cmdlib.loader import load_file
from cmdlib.model import Flavor, flavor_of

ROOT = Path(__file__).resolve().parent.parent.parent


def _terraform_templates() -> list[Path]:
    return [
        path
        for folder in (ROOT / "tests", ROOT / "cmdlib" / "library")
        for path in sorted(folder.rglob("*.tf"))
        if flavor_of(path) is Flavor.TERRAFORM
    ]


TERRAFORM_TEMPLATES = _terraform_templates()


def test_the_oracle_has_templates_to_compare() -> None:
    assert len(TERRAFORM_TEMPLATES) >= 5


@pytest.mark.parametrize(
    "path", TERRAFORM_TEMPLATES, ids=[str(p.relative_to(ROOT)) for p in TERRAFORM_TEMPLATES]
)
def test_attribute_values_equal_python_hcl2(path: Path) -> None:
    try:
        expected_tree = hcl2.loads(path.read_text(encoding="utf-8"))
    except Exception:  # the oracle cannot read it: nothing to compare
        pytest.skip("python-hcl2 does not parse this file")
    template = load_file(path)
    expected = hcl2_attributes(expected_tree)
    actual = model_attributes(template.blocks)
    assert actual.keys() == expected.keys()
    for key, value in expected.items():
        assert actual[key] == value, key


def test_the_normaliser_decodes_what_python_hcl2_keeps_raw() -> None:
    from hcl_oracle import from_hcl2

    assert from_hcl2('"a \\"b\\" \\u00e9"') == 'a "b" é'
    assert from_hcl2('"x $${Y}"') == "x ${Y}"
    assert from_hcl2("${var.X}") == ("expr", "var.X")
    assert from_hcl2("string") == ("expr", "string")
    assert from_hcl2('"<<-EOT\n    a\n      b\n  EOT"') == "a\n  b\n"


def test_the_comparison_notices_a_different_value(tmp_path: Path) -> None:
    text = 'resource "tensor9_command" "this" {\n  name = "one"\n}\n'
    changed = tmp_path / "changed.t9.tf"
    changed.write_text(text.replace('"one"', '"two"'), encoding="utf-8")
    expected = hcl2_attributes(hcl2.loads(text))
    actual = model_attributes(load_file(changed).blocks)
    assert actual.keys() == expected.keys()
    assert actual != expected

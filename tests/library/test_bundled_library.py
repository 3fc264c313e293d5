"""The bundled starter library is exemplary: every template passes every check.

The checks live in ``library_checks.py``; ``test_library_checks.py`` shows each one
failing on a crafted bad template.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from library_checks import ALL_CHECKS, VOCABULARY

from cmdlib.library_index import library_root
from cmdlib.loader import load_file
from cmdlib.model import Flavor, Template
from cmdlib.naming import find_templates, template_id_for

LIBRARY = library_root()
PATHS = find_templates(LIBRARY)
IDS = [path.relative_to(LIBRARY).as_posix() for path in PATHS]


@cache
def _load(path: Path) -> Template:
    return load_file(path)


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda check: check.__name__)
@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_bundled_template_passes(path: Path, check: Callable[[Template], list[str]]) -> None:
    assert check(_load(path)) == []


def test_the_library_is_large_enough_and_uses_every_flavor() -> None:
    flavors = Counter(_load(path).flavor for path in PATHS)
    assert len(PATHS) >= 24
    assert flavors[Flavor.SCRIPT] >= 5
    assert flavors[Flavor.KUBECTL] >= 5
    assert flavors[Flavor.TERRAFORM] >= 10


def test_the_library_uses_both_spellings_of_every_flavor() -> None:
    spellings = {
        extension
        for path in PATHS
        for extension in _load(path).flavor.extensions
        if path.name.endswith(extension)
    }
    assert spellings == {ext for flavor in Flavor for ext in flavor.extensions}


def test_registered_ids_are_unique_even_ignoring_case() -> None:
    ids = [template_id_for(_load(path)).lower() for path in PATHS]
    assert sorted(ids) == sorted(set(ids))


def test_the_library_has_read_only_and_mutating_templates() -> None:
    mutating = [path for path in PATHS if _load(path).metadata.tags("side_effects")]
    assert 8 <= len(mutating) <= len(PATHS) - 12


def _terraform_blocks(kind: str) -> list[str]:
    return [
        block.labels[0]
        for path in PATHS
        for block in _load(path).blocks
        if _load(path).flavor is Flavor.TERRAFORM and block.type == kind and block.labels
    ]


def test_both_terraform_shapes_are_present() -> None:
    resources = set(_terraform_blocks("resource"))
    data_sources = set(_terraform_blocks("data"))
    assert {"null_resource", "terraform_data"} <= resources
    assert {"aws_instances", "aws_s3_bucket"} <= data_sources
    assert _terraform_blocks("output")


def _steps_ordered_by_depends_on(template: Template) -> int:
    return sum(
        1
        for block in template.blocks
        if block.type == "resource" and block.attribute("depends_on") is not None
    )


def test_a_multi_step_orchestration_orders_its_steps_with_depends_on() -> None:
    chains = {path.stem: _steps_ordered_by_depends_on(_load(path)) for path in PATHS}
    assert max(chains.values()) >= 3


def test_several_templates_show_example_output() -> None:
    with_example = [path for path in PATHS if _load(path).metadata.text("example_output")]
    assert len(with_example) >= 5


def test_every_validation_idiom_of_the_spec_appears() -> None:
    conditions = " ".join(
        validation.condition
        for path in PATHS
        for variable in _load(path).variables
        for validation in variable.validations
    )
    for idiom in ("can(regex(", "startswith(", "endswith(", "contains([", "length(", '== "" ||'):
        assert idiom in conditions
    assert ">= " in conditions and "<= " in conditions and " || (" in conditions


def test_the_library_uses_the_whole_data_access_vocabulary() -> None:
    used = {tag for path in PATHS for tag in _load(path).metadata.tags("data_access")}
    assert used == VOCABULARY

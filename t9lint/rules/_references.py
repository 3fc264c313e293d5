"""Where a template uses its variables, by flavor, with parser positions.

* Terraform: every ``var.X`` in the HCL (tree-sitter), apart from those inside a
  variable's own ``validation`` block, which constrain a variable rather than use it;
* script: ``$X``/``${X}`` expansions the loader recorded in the script body;
* kubectl: ``${X}`` in the kubectl lines.
A use "reaches the shell" when it sits in a ``local-exec`` command, a script body or a
kubectl argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cmdlib.model import Flavor, Span, Template
from t9lint.rules._util import hcl_facts, span_contains

SHELL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


@dataclass(frozen=True, slots=True)
class VariableUse:
    name: str
    span: Span
    reaches_shell: bool
    in_validation: bool = False


def variable_uses(template: Template) -> list[VariableUse]:
    """Every reference to a (possibly undeclared) variable, in file order."""
    if template.flavor is Flavor.TERRAFORM:
        shell_spans = [s.span for s in template.snippets if s.origin == "local-exec"]
        return [
            VariableUse(
                reference.name,
                reference.span,
                any(span_contains(span, reference.span) for span in shell_spans),
                reference.in_validation,
            )
            for reference in hcl_facts(template).references
            if reference.root == "var" and reference.name
        ]
    uses: list[VariableUse] = []
    if template.flavor is Flavor.SCRIPT and template.script_body is not None:
        interpolations = template.script_body.interpolations
    else:
        interpolations = tuple(i for k in template.kubectl for i in k.interpolations)
    for interpolation in interpolations:
        name = interpolation.variable
        if name is not None and SHELL_NAME.fullmatch(name):
            uses.append(VariableUse(name, interpolation.span, True))
    return uses

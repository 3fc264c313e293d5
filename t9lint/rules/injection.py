"""Injection family (T93xx): a variable's value pasted as text into shell source.

Three ways a value becomes shell source rather than data:
* Terraform ``local-exec``: ``${var.X}`` is substituted into the command text before a
  shell parses it (T9301);
* kubectl lines: ``${X}`` is one whole argument, which is safe, unless that argument is
  a script a shell in the container parses (``kubectl exec ... -- sh -c '...'``) (T9302);
* scripts: variables arrive as environment variables and are never substituted, so only
  a second parse (``eval "$X"``, ``sh -c "... $X"``, ``ssh host "... $X"``) counts (T9303).
In each case the value is safe when the variable is a number or bool, or a validation requires a
fully anchored regex (or a list of values) that admits none of the shell's special
characters. These findings cannot be suppressed.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmdlib.model import (
    Flavor,
    Interpolation,
    Severity,
    ShellSnippet,
    Template,
    Variable,
)
from t9lint.findings import Finding
from t9lint.rules._shellctx import Position, ShellView, interpolation_index
from t9lint.rules._util import hcl_facts, span_contains
from t9lint.rules._validation import unsafe_reason
from t9lint.rules.base import Rule, RuleContext, register

_QUOTING_PHRASES = {
    "single": "inside single quotes; a ' in the value ends the quoting",
    "ansi-c": "inside $'...' quotes; a ' in the value ends the quoting",
    "double": 'inside double quotes; a " in the value ends the quoting and $ ` \\ are interpreted',
    "heredoc": "inside a heredoc; the value becomes input lines of the command",
    "unquoted": "unquoted; spaces and metacharacters in the value split it or start new commands",
}

_QUOTING_WORDS = {
    "double": "inside double quotes",
    "unquoted": "unquoted",
    "heredoc": "inside a heredoc",
    "ansi-c": "inside $'...' quotes",
    "single": "inside single quotes",
}


def _hint(name: str) -> str:
    return (
        "restrict it with an anchored regex of inert characters, e.g."
        f' can(regex("^[A-Za-z0-9._/-]+$", var.{name})), or declare it type = number'
    )


def describe(position: Position) -> str:
    phrase = _QUOTING_PHRASES[position.quoting]
    if position.reparsed_by is not None:
        phrase += f", in a script that {position.reparsed_by} parses again"
    return phrase


def local_variables(template: Template) -> dict[str, set[str]]:
    """For each ``locals`` entry, the variables its value is built from (through chains)."""
    references = hcl_facts(template).references
    direct: dict[str, set[tuple[str, str]]] = {}
    for block in template.blocks:
        if block.type != "locals":
            continue
        for attribute in block.attributes:
            direct[attribute.name] = {
                (r.root, r.name)
                for r in references
                if r.root in ("var", "local") and span_contains(attribute.value_span, r.span)
            }
    resolved: dict[str, set[str]] = {}

    def resolve(name: str, seen: frozenset[str]) -> set[str]:
        if name in resolved:
            return resolved[name]
        found: set[str] = set()
        for root, target in direct.get(name, set()):
            if root == "var":
                found.add(target)
            elif target not in seen:
                found |= resolve(target, seen | {target})
        resolved[name] = found
        return found

    for name in direct:
        resolve(name, frozenset({name}))
    return resolved


def _variables_in(template: Template, interpolation: Interpolation) -> list[Variable]:
    """The declared variables an interpolation's expression reads (``${upper(var.X)}`` too,
    and ``${local.Y}`` where the local is built from ``var.X``)."""
    names: list[str] = []
    if template.flavor is Flavor.TERRAFORM:
        locals_ = local_variables(template)
        for reference in hcl_facts(template).references:
            if not span_contains(interpolation.span, reference.span):
                continue
            if reference.root == "var":
                names.append(reference.name)
            elif reference.root == "local":
                names.extend(sorted(locals_.get(reference.name, ())))
    elif interpolation.variable is not None:
        names.append(interpolation.variable)
    found = (template.variable(name) for name in dict.fromkeys(names))
    return [variable for variable in found if variable is not None]


def _substitutions(
    template: Template, snippet: ShellSnippet, view: ShellView
) -> Iterator[tuple[Interpolation, Variable, Position, str]]:
    for interpolation in snippet.interpolations:
        index = interpolation_index(snippet, interpolation.span.line, interpolation.span.column)
        if index is None:
            continue
        position = view.position(index)
        for variable in _variables_in(template, interpolation):
            reason = unsafe_reason(variable)
            if reason is not None:
                yield interpolation, variable, position, reason


def _check_local_exec(ctx: RuleContext) -> Iterator[Finding]:
    template = ctx.template
    if template.flavor is not Flavor.TERRAFORM:
        return
    for snippet in template.snippets:
        if snippet.origin != "local-exec" or not snippet.interpolations:
            continue
        view = ShellView(snippet)
        for interpolation, variable, position, reason in _substitutions(template, snippet, view):
            yield SHELL_INJECTION.finding(
                ctx,
                interpolation.span,
                f"var.{variable.name} is pasted as text into the local-exec command"
                f" {describe(position)}: {reason}",
                _hint(variable.name),
            )


SHELL_INJECTION = register(
    Rule(
        code="T9301",
        name="shell-injection",
        family="injection",
        severity=Severity.ERROR,
        summary="A variable substituted into a local-exec command must not carry shell syntax.",
        rationale=(
            "OpenTofu substitutes ${var.X} into the command text before the shell parses"
            " it, so the value is shell source: `x'; rm -rf / #` ends the quoting and runs"
            " a second command that no reviewer saw. Single quotes do not help: a ' in the"
            " value ends them, and a script passed on to `sh -c`, `kubectl exec` or ssh is"
            " parsed again, so every shell metacharacter is flagged, not only quotes. A value"
            " is safe when its type is number or a validation requires a regex anchored at"
            " both ends that admits none of whitespace and '\"`$\\;&|<>(){}*?[]!#~."
        ),
        bad_example=(
            'variable "FILE_PATH" {\n  type = string\n}\n'
            'resource "null_resource" "head" {\n'
            '  provisioner "local-exec" { command = "head -c 100 \'${var.FILE_PATH}\'" }\n}\n'
        ),
        good_example=(
            'variable "FILE_PATH" {\n  type = string\n  validation {\n'
            '    condition     = can(regex("^/[A-Za-z0-9._/-]+$", var.FILE_PATH))\n'
            '    error_message = "FILE_PATH must be an absolute path of safe characters"\n'
            "  }\n}\n"
            'resource "null_resource" "head" {\n'
            '  provisioner "local-exec" { command = "head -c 100 \'${var.FILE_PATH}\'" }\n}\n'
        ),
        suppressible=False,
        check_file=_check_local_exec,
    )
)


def _check_kubectl(ctx: RuleContext) -> Iterator[Finding]:
    template = ctx.template
    if template.flavor is not Flavor.KUBECTL:
        return
    for snippet in template.snippets:
        if snippet.origin != "kubectl" or not snippet.interpolations:
            continue
        view = ShellView(snippet)
        for interpolation, variable, position, reason in _substitutions(template, snippet, view):
            if position.reparsed_by is None:
                continue  # one whole kubectl argument: never parsed as shell
            yield CONTAINER_INJECTION.finding(
                ctx,
                interpolation.span,
                f"${{{variable.name}}} is pasted as text {describe(position)}: {reason}",
                _hint(variable.name),
            )


CONTAINER_INJECTION = register(
    Rule(
        code="T9302",
        name="container-shell-injection",
        family="injection",
        severity=Severity.ERROR,
        summary="A variable pasted into a `sh -c` script run in a container must not carry"
        " shell syntax.",
        rationale=(
            "A kubectl line has no shell: ${X} is one argument. But when that argument is"
            " the script of `kubectl exec ... -- sh -c '...'`, the shell in the container"
            " parses the value as source; a ' ends the quoting and anything after it runs"
            " in the customer's pod."
        ),
        bad_example="kubectl exec ${POD} -n ${NAMESPACE} -- sh -c 'ls -l ${DIR}'\n"
        '# DIR validated by startswith(var.DIR, "/") only\n',
        good_example="kubectl exec ${POD} -n ${NAMESPACE} -- ls -l ${DIR}\n",
        suppressible=False,
        check_file=_check_kubectl,
    )
)


def _reparsed_variables(
    template: Template, name: str, derived: dict[str, frozenset[str]]
) -> Iterator[tuple[Variable, str]]:
    """The template variables whose values reach a re-parsed ``$name``, and how to say so."""
    variable = template.variable(name)
    if variable is not None:
        yield variable, f"${name}"
        return
    for source in sorted(derived.get(name, ())):
        found = template.variable(source)
        if found is not None:
            yield found, f"${name} (built from ${source})"


def _check_script(ctx: RuleContext) -> Iterator[Finding]:
    from cmdlib.shell import span_of
    from t9lint.rules._shellctx import derived_from

    template = ctx.template
    snippet = template.script_body
    if template.flavor is not Flavor.SCRIPT or snippet is None:
        return
    view = ShellView(snippet)
    derived = derived_from(snippet.text, frozenset(v.name for v in template.variables))
    for expansion in view.reparsed_expansions():
        for variable, shown in _reparsed_variables(template, expansion.name, derived):
            reason = unsafe_reason(variable)
            if reason is None:
                continue
            yield REPARSE_INJECTION.finding(
                ctx,
                span_of(snippet, expansion.start, expansion.end),
                f"{shown} is expanded into text that {expansion.reparsed_by} parses"
                f" again as shell ({_QUOTING_WORDS[expansion.quoting]}): {reason}",
                "pass the value as an argument instead"
                f' (sh -c \'... "$1"\' _ "${variable.name}"), or {_hint(variable.name)}',
            )
            break


REPARSE_INJECTION = register(
    Rule(
        code="T9303",
        name="script-reparse-injection",
        family="injection",
        severity=Severity.ERROR,
        summary="A script does not hand a variable's value to a second shell parse.",
        rationale=(
            'Script variables arrive as environment variables and "$X" is always data.'
            ' eval, `sh -c "... $X"` and ssh turn the expanded value back into shell'
            " source, so a value with ; or $( runs commands nobody reviewed."
        ),
        bad_example='#!/usr/bin/env bash\nset -euo pipefail\nbash -c "du -sh $DIRECTORY"\n',
        good_example='#!/usr/bin/env bash\nset -euo pipefail\ndu -sh -- "$DIRECTORY"\n',
        suppressible=False,
        check_file=_check_script,
    )
)

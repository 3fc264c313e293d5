"""Variables family (T92xx): declared and used, named and documented, validated where they
reach a shell, with validations that are anchored, evaluable, satisfied by their own
defaults and usable with the comma ``--vars`` form.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmdlib.model import Flavor, Severity, Template
from t9lint.findings import Finding
from t9lint.rules import variables_validation as _validation_rules  # noqa: F401  (T9206-T9209)
from t9lint.rules._references import UPPER_SNAKE, VariableUse, variable_uses
from t9lint.rules._validation import is_inert_type
from t9lint.rules.base import Rule, RuleContext, register

# Environment a script may read without declaring it: set by the shell, the login or
# the appliance's runtime for every command.
WELL_KNOWN_ENV = frozenset(
    {
        "HOME", "PATH", "USER", "LOGNAME", "PWD", "OLDPWD", "SHELL", "TERM", "LANG",
        "LANGUAGE", "TZ", "TMPDIR", "HOSTNAME", "HOSTTYPE", "OSTYPE", "MACHTYPE", "UID",
        "EUID", "PPID", "RANDOM", "LINENO", "SECONDS", "IFS", "OPTARG", "OPTIND", "OPTERR",
        "PIPESTATUS", "FUNCNAME", "GROUPS", "SHLVL", "MAIL", "EDITOR", "PAGER", "COLUMNS",
        "LINES", "DISPLAY", "REPLY", "EPOCHSECONDS", "EPOCHREALTIME", "SRANDOM", "PS1", "PS4",
        "KUBECONFIG", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "PGHOST", "PGPORT",
        "PGUSER", "PGDATABASE", "CI", "DEBIAN_FRONTEND",
    }
)  # fmt: skip
WELL_KNOWN_PREFIXES = ("BASH", "LC_", "XDG_", "HIST", "COMP_", "READLINE")


def is_environment(name: str) -> bool:
    return name in WELL_KNOWN_ENV or name.startswith(WELL_KNOWN_PREFIXES)


def _script_locals(template: Template) -> frozenset[str]:
    from t9lint.rules._shellctx import assigned_names

    if template.flavor is not Flavor.SCRIPT or template.script_body is None:
        return frozenset()
    return assigned_names(template.script_body.text)


def _undeclared(template: Template) -> Iterator[VariableUse]:
    declared = {v.name for v in template.variables}
    if template.flavor is Flavor.SCRIPT:
        # A script may use its own locals and the environment; an UPPER_SNAKE name that
        # is neither is almost always a template variable someone forgot to declare.
        assigned = _script_locals(template)
        for use in variable_uses(template):
            if (
                use.name not in declared
                and UPPER_SNAKE.fullmatch(use.name)
                and use.name not in assigned
                and not is_environment(use.name)
            ):
                yield use
        return
    for use in variable_uses(template):
        if use.name not in declared:
            yield use


def _check_undeclared(ctx: RuleContext) -> Iterator[Finding]:
    template = ctx.template
    for use in _undeclared(template):
        written = f"var.{use.name}" if template.flavor is Flavor.TERRAFORM else f"${{{use.name}}}"
        yield UNDECLARED.finding(
            ctx,
            use.span,
            f"{written} refers to a variable the template does not declare",
            f'declare it: variable "{use.name}" {{ type = string, description = "..." }}',
        )
    if template.flavor is Flavor.TERRAFORM:
        return  # validation references are among the HCL references above
    from cmdlib.conditions import referenced_variables

    declared = {v.name for v in template.variables}
    for variable in template.variables:
        for validation in variable.validations:
            for name in sorted(referenced_variables(validation.condition) - declared):
                yield UNDECLARED.finding(
                    ctx,
                    validation.condition_span,
                    f"the validation of {variable.name} refers to var.{name}, which is not"
                    " declared",
                    f"refer to var.{variable.name} or declare {name}",
                )


UNDECLARED = register(
    Rule(
        code="T9201",
        name="undeclared-variable",
        family="variables",
        severity=Severity.ERROR,
        summary="Every variable the body references is declared.",
        rationale=(
            "Only declared variables are shown to the reviewer, validated and bound from"
            " --var; an undeclared one is empty at run time (scripts, kubectl) or fails"
            " the run (Terraform), and its value was never reviewed. In scripts, UPPER_SNAKE"
            " names that the script neither assigns nor gets from the standard environment"
            " (HOME, PATH, ...) count as references to template variables."
        ),
        bad_example="kubectl get pods -n ${NAMESPACE} -l app=${APP}\n"
        "# only NAMESPACE is declared\n",
        good_example='variable "APP" { type = string, description = "app label" }\n'
        "kubectl get pods -n ${NAMESPACE} -l app=${APP}\n",
        check_file=_check_undeclared,
    )
)


def _check_unused(ctx: RuleContext) -> Iterator[Finding]:
    used = {use.name for use in variable_uses(ctx.template) if not use.in_validation}
    for variable in ctx.template.variables:
        if variable.name not in used:
            yield UNUSED.finding(
                ctx,
                variable.name_span,
                f"variable {variable.name} is declared but never used",
                "remove it, or use it in the body",
            )


UNUSED = register(
    Rule(
        code="T9202",
        name="unused-variable",
        family="variables",
        severity=Severity.WARNING,
        summary="Every declared variable is used by the body.",
        rationale=(
            "A reviewer reads each variable as something that changes what runs. One the"
            " body never uses asks the customer to choose a value that does nothing, and"
            " often means the body uses a different, misspelt name."
        ),
        bad_example='variable "SERVICE" { type = string }\n# body: systemctl restart nginx\n',
        good_example='variable "SERVICE" { type = string }\n# body: systemctl restart "$SERVICE"\n',
        check_file=_check_unused,
    )
)


def _check_name_case(ctx: RuleContext) -> Iterator[Finding]:
    for variable in ctx.template.variables:
        if not UPPER_SNAKE.fullmatch(variable.name):
            suggestion = "_".join(p for p in variable.name.replace("-", "_").split("_") if p)
            yield NAME_CASE.finding(
                ctx,
                variable.name_span,
                f"variable name {variable.name} is not UPPER_SNAKE_CASE",
                f"rename it to {suggestion.upper() or 'NAME'}",
            )


NAME_CASE = register(
    Rule(
        code="T9203",
        name="variable-name-case",
        family="variables",
        severity=Severity.ERROR,
        summary="Variable names are UPPER_SNAKE_CASE.",
        rationale=(
            "Variables reach scripts as environment variables; UPPER_SNAKE_CASE keeps"
            " them apart from the script's own lowercase locals and makes every place a"
            " reviewed value flows into visible at a glance."
        ),
        bad_example='variable "serviceName" { type = string }\n',
        good_example='variable "SERVICE_NAME" { type = string }\n',
        check_file=_check_name_case,
    )
)


def _check_documented(ctx: RuleContext) -> Iterator[Finding]:
    for variable in ctx.template.variables:
        missing = []
        if not variable.type:
            missing.append("type")
        if variable.description is None or not variable.description.strip():
            missing.append("description")
        if missing:
            yield DOCUMENTED.finding(
                ctx,
                variable.name_span,
                f"variable {variable.name} has no {' and no '.join(missing)}",
                " and ".join(
                    "add type = string (or number)" if m == "type" else 'add description = "..."'
                    for m in missing
                ),
            )


DOCUMENTED = register(
    Rule(
        code="T9204",
        name="variable-documented",
        family="variables",
        severity=Severity.WARNING,
        summary="Every variable has a type and a description.",
        rationale=(
            "The customer chooses or reviews each value from its description; the type"
            " decides how --var values are parsed and whether a value can carry text at"
            " all (a number cannot carry shell metacharacters)."
        ),
        bad_example='variable "NAMESPACE" {}\n',
        good_example='variable "NAMESPACE" {\n  type        = string\n'
        '  description = "Kubernetes namespace"\n}\n',
        check_file=_check_documented,
    )
)


def shell_uses(template: Template) -> dict[str, VariableUse]:
    """The first use that reaches a shell or a kubectl argument, per variable name."""
    first: dict[str, VariableUse] = {}
    for use in variable_uses(template):
        if use.reaches_shell and not use.in_validation:
            first.setdefault(use.name, use)
    return first


def _where(template: Template) -> str:
    return {
        Flavor.TERRAFORM: "a local-exec command",
        Flavor.SCRIPT: "the script",
        Flavor.KUBECTL: "a kubectl argument",
    }[template.flavor]


def _check_shell_validated(ctx: RuleContext) -> Iterator[Finding]:
    uses = shell_uses(ctx.template)
    for variable in ctx.template.variables:
        use = uses.get(variable.name)
        if use is None or is_inert_type(variable) or variable.validations:
            continue
        yield SHELL_VALIDATED.finding(
            ctx,
            variable.name_span,
            f"{variable.name} reaches {_where(ctx.template)} (line {use.span.line}) but has"
            " no validation",
            'add validation { condition = can(regex("^[A-Za-z0-9._-]+$", var.'
            f'{variable.name})) error_message = "..." }}',
        )


SHELL_VALIDATED = register(
    Rule(
        code="T9205",
        name="unvalidated-shell-variable",
        family="variables",
        severity=Severity.ERROR,
        summary="A string variable that reaches a shell or kubectl argument has a validation.",
        rationale=(
            "Whatever the customer or an operator types is what runs. A validation is"
            " the only place the allowed values are written down, checked before"
            " anything runs, and shown to the reviewer."
        ),
        bad_example='variable "SERVICE" {\n  type = string\n  description = "unit"\n}\n',
        good_example='variable "SERVICE" {\n  type = string\n  description = "unit"\n'
        "  validation {\n"
        '    condition     = can(regex("^[A-Za-z0-9@._-]+$", var.SERVICE))\n'
        '    error_message = "SERVICE must be a unit name"\n  }\n}\n',
        check_file=_check_shell_validated,
    )
)

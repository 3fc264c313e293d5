"""The shell-effect classifier: read-only < mutating < destructive (and unknown), per step.

``classify_snippet`` walks every simple command of a ``ShellSnippet`` (pipes, ``&&``,
``||``, ``;``, ``$(...)``, backticks, subshells, function bodies where they are defined,
heredocs given to a command), unwraps wrappers (``sudo``, ``env``, ``xargs``, ``bash -c
'...'``, ``kubectl exec ... --``), resolves variables assigned a literal command prefix
earlier in the same script (``KEXEC="kubectl exec $POD --"; $KEXEC kill -USR1 1``),
classifies redirections (a write to a file is mutating, to a block device destructive)
and asks the catalog about each command. The highest tier wins. Dynamic command words,
unknown commands and unparseable snippets fail closed as UNKNOWN with a reason.

``classify_template`` adds the Terraform view: managed ``resource`` blocks of a provider
are created on each run (mutating), ``data`` sources only read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cmdlib.effects_call import Call
from cmdlib.effects_catalog import judge
from cmdlib.effects_model import (
    PERMISSION_RANKS,
    Nested,
    Tier,
    Unwrap,
    Verdict,
    destructive,
    mutating,
    unknown,
)
from cmdlib.effects_system import is_block_device
from cmdlib.model import Block, ShellSnippet, Span, Template
from cmdlib.shell import (
    Assignment,
    Command,
    Redirect,
    ShellScript,
    Word,
    parse_script,
    parse_snippet,
    span_of,
)

__all__ = [
    "Classification",
    "Step",
    "TemplateEffects",
    "Tier",
    "classify_snippet",
    "classify_template",
    "covers",
    "required_permission",
]

_MAX_NESTING = 5
_WRITE_OPERATORS = frozenset({">", ">>", "&>", "&>>", ">|", "<>", ">&"})
_HARMLESS_TARGETS = frozenset({"/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "-"})
_DESCRIPTOR_PATHS = ("/dev/fd/", "/proc/self/fd/")
_NO_PROVISIONER_EFFECT = frozenset({"null_resource", "terraform_data", "tensor9_command"})
_SHELLS = frozenset({"sh", "bash", "dash", "zsh"})

Locate = Callable[[int, int], Span]


@dataclass(frozen=True, slots=True)
class Step:
    """One classified command (or redirection, or Terraform block) and why."""

    argv0: str
    words: tuple[str, ...]
    tier: Tier
    reason: str
    span: Span
    tag_words: tuple[str, ...] = ()  # destructive: a side_effects tag must contain one
    verb: str | None = None  # the change, in a word a description would use
    origin: str = ""  # "local-exec", "script-body", "kubectl", "terraform"


@dataclass(frozen=True, slots=True)
class Classification:
    tier: Tier
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class TemplateEffects:
    tier: Tier
    steps: tuple[Step, ...]

    def first_changing(self) -> Step | None:
        """The first step that is mutating, destructive or unknown (file order)."""
        return next((step for step in self.steps if step.tier.changes_state), None)


def classify_snippet(snippet: ShellSnippet) -> Classification:
    script = parse_snippet(snippet)

    def locate(start: int, end: int) -> Span:
        return span_of(snippet, start, end)

    steps = [replace(step, origin=snippet.origin) for step in _script_steps(script, locate, 0)]
    if script.problems:
        problem = script.problems[0]
        steps.insert(
            0,
            Step(
                "",
                (),
                Tier.UNKNOWN,
                f"the shell does not parse ({problem.message}); it cannot be classified",
                locate(problem.start, problem.end),
                origin=snippet.origin,
            ),
        )
    steps.sort(key=lambda step: (step.span.line, step.span.column))
    return Classification(Tier.highest([step.tier for step in steps]), tuple(steps))


def classify_template(template: Template) -> TemplateEffects:
    steps: list[Step] = []
    if not template.ok:
        first = next(d for d in template.diagnostics if d.severity.value == "error")
        steps.append(
            Step(
                "",
                (),
                Tier.UNKNOWN,
                "the template does not load; it cannot be classified",
                first.span,
            )
        )
    steps.extend(_terraform_steps(template))
    for snippet in template.snippets:
        steps.extend(classify_snippet(snippet).steps)
    steps.sort(key=lambda step: (step.span.line, step.span.column))
    return TemplateEffects(Tier.highest([step.tier for step in steps]), tuple(steps))


def required_permission(template: Template) -> str:
    """The least permission tier (ReadOnly, ReadWrite, Admin) the template's body needs."""
    return classify_template(template).tier.permission


def covers(granted: str, needed: str) -> bool:
    """Whether permission ``granted`` covers ``needed``; unknown names never do."""
    if granted not in PERMISSION_RANKS or needed not in PERMISSION_RANKS:
        return False
    return PERMISSION_RANKS[granted] >= PERMISSION_RANKS[needed]


def _terraform_steps(template: Template) -> list[Step]:
    steps: list[Step] = []
    for block in template.blocks:
        if not block.labels:
            continue
        kind = block.labels[0]
        span = block.label_spans[0] if block.label_spans else block.span
        if block.type == "data":
            if kind == "external":
                steps.append(
                    _tf_step(kind, Tier.UNKNOWN, "data source `external` runs a program", span)
                )
            else:
                steps.append(
                    _tf_step(kind, Tier.READ_ONLY, f"data source `{kind}` only reads", span)
                )
        elif block.type == "resource":
            if kind in ("local_file", "local_sensitive_file"):
                steps.append(
                    _tf_step(kind, Tier.MUTATING, f"`{kind}` writes a file", span, "write")
                )
            elif kind not in _NO_PROVISIONER_EFFECT:
                reason = f"managed resource `{kind}` is created on each run"
                steps.append(_tf_step(kind, Tier.MUTATING, reason, span, "create"))
            steps.extend(_provisioner_steps(block))
    return steps


def _provisioner_steps(block: Block) -> list[Step]:
    """Provisioners the shell classification does not cover: they fail closed."""
    steps: list[Step] = []
    for provisioner in block.children("provisioner"):
        label = provisioner.labels[0] if provisioner.labels else ""
        if label != "local-exec":
            reason = f"provisioner `{label}` is not classified"
            steps.append(_tf_step(label, Tier.UNKNOWN, reason, provisioner.span))
            continue
        interpreter = provisioner.attribute("interpreter")
        program = _interpreter_program(interpreter.value) if interpreter is not None else "sh"
        if program not in _SHELLS and interpreter is not None:
            reason = f"local-exec runs its command with `{program}`, not a shell"
            steps.append(_tf_step(program, Tier.UNKNOWN, reason, interpreter.span))
    return steps


def _interpreter_program(value: object) -> str:
    if isinstance(value, tuple) and value and isinstance(value[0], str):
        return value[0].rsplit("/", 1)[-1]
    return "an interpreter chosen at run time"


def _tf_step(kind: str, tier: Tier, reason: str, span: Span, verb: str | None = None) -> Step:
    return Step(kind, (), tier, reason, span, verb=verb, origin="terraform")


def _script_steps(script: ShellScript, locate: Locate, depth: int) -> list[Step]:
    variables: dict[str, Assignment] = {}
    steps: list[Step] = []
    for item in script.statements:
        if isinstance(item, Assignment):
            variables[item.name] = item
            continue
        span = locate(item.start, item.end)
        steps.extend(_redirect_steps(item.redirects, locate))
        if item.words:
            scope = _Scope(variables, script.functions, locate, depth)
            steps.extend(_command_steps(item, span, scope))
    return steps


def _redirect_steps(redirects: Sequence[Redirect], locate: Locate) -> list[Step]:
    steps: list[Step] = []
    for redirect in redirects:
        target = redirect.target
        if redirect.operator not in _WRITE_OPERATORS or target is None:
            continue
        verdict = _redirect_verdict(redirect.operator, target)
        if verdict is not None:
            span = locate(redirect.start, redirect.end)
            shown = (target.shown,)
            steps.append(
                Step(redirect.operator, shown, verdict.tier, verdict.reason, span, *_extra(verdict))
            )
    return steps


def _redirect_verdict(operator: str, target: Word) -> Verdict | None:
    """What writing to ``target`` does; None for standard streams and descriptors."""
    value = target.value
    if target.source.startswith((">(", "<(")):
        return None  # a process substitution: its commands are classified themselves
    if value is None:
        return mutating(f"`{operator}` writes to a file chosen at run time ({target.source})")
    if value.isdigit() or value in _HARMLESS_TARGETS or value.startswith(_DESCRIPTOR_PATHS):
        return None
    if is_block_device(value):
        return destructive(
            f"`{operator} {value}` overwrites a block device", ("overwrite", "wipe", "disk")
        )
    return mutating(f"`{operator} {value}` writes a file")


def _extra(verdict: Verdict) -> tuple[tuple[str, ...], str]:
    return verdict.tag_words, verdict.verb or "write"


def _stdin_call(words: tuple[Word, ...], command: Command) -> Call:
    """The call, with the heredoc or here-string its command reads, when there is one."""
    for redirect in command.redirects:
        anchor = (redirect.start, redirect.end)
        if redirect.heredoc is not None:
            start = redirect.heredoc_start
            positions = tuple(range(start, start + len(redirect.heredoc)))
            return Call(words, redirect.heredoc, anchor, positions)
        if redirect.operator == "<<<" and redirect.target is not None:
            target = redirect.target
            return Call(words, target.filled, anchor, target.positions)
    return Call(words)


@dataclass(frozen=True, slots=True)
class _Scope:
    variables: dict[str, Assignment]  # literal assignments seen so far, in order
    functions: frozenset[str]
    locate: Locate
    depth: int


def _command_steps(command: Command, span: Span, scope: _Scope) -> list[Step]:
    words: tuple[Word, ...] = command.words
    vias: list[str] = []
    for _ in range(_MAX_NESTING * 4):
        resolved = _resolve_head(words, scope.variables)
        if isinstance(resolved, Verdict):
            return [_step(words, resolved, span, vias)]
        words = resolved
        if not words:
            return []
        head = words[0].value or ""
        if head in scope.functions:
            verdict = Verdict(
                Tier.READ_ONLY,
                f"calls `{head}`, a function of this script classified where it is defined",
            )
            return [_step(words, verdict, span, vias)]
        judgement = judge(_stdin_call(words, command))
        if isinstance(judgement, Unwrap):
            vias.append(judgement.via)
            words = judgement.words
            continue
        if isinstance(judgement, Nested):
            return _nested_steps(judgement, scope.locate, scope.depth, vias)
        return [_step(words, judgement, span, vias)]
    return [_step(words, unknown("wrappers nested too deeply to classify"), span, vias)]


def _resolve_head(
    words: tuple[Word, ...], variables: dict[str, Assignment]
) -> tuple[Word, ...] | Verdict:
    """Expand a command word that is a variable assigned a literal prefix earlier."""
    for _ in range(_MAX_NESTING):
        if not words:
            return words
        head = words[0]
        if head.value is not None:
            return words
        assigned = variables.get(head.variable or "")
        if assigned is None:
            why = f"`{head.source}` is a command word chosen at run time"
            if head.variable:
                why += f": `{head.variable}` is not assigned a literal command in this script"
            return unknown(why)
        expanded = tuple(replace(word, start=head.start, end=head.end) for word in assigned.value)
        words = expanded + words[1:]
    return unknown("command word expands through too many variables")


def _nested_steps(nested: Nested, locate: Locate, depth: int, vias: list[str]) -> list[Step]:
    anchor_span = locate(*nested.anchor)
    if depth >= _MAX_NESTING:
        return [
            Step(nested.via, (), Tier.UNKNOWN, "scripts nested too deeply to classify", anchor_span)
        ]
    script = parse_script(nested.text, dynamic_ranges=nested.holes, shown_text=nested.written)
    positions = nested.positions

    def inner(start: int, end: int) -> Span:
        if not positions:
            return anchor_span
        last = len(positions) - 1
        return locate(positions[min(start, last)], positions[min(max(start, end - 1), last)] + 1)

    via = " > ".join([*vias, nested.via])
    steps = [
        replace(step, reason=f"{step.reason} (in `{via}`)")
        for step in _script_steps(script, inner, depth + 1)
    ]
    if script.problems:
        problem = script.problems[0]
        steps.insert(
            0,
            Step(
                nested.via,
                (),
                Tier.UNKNOWN,
                f"the script run by `{nested.via}` does not parse ({problem.message})",
                inner(problem.start, problem.end),
            ),
        )
    return steps


def _step(words: tuple[Word, ...], verdict: Verdict, span: Span, vias: list[str]) -> Step:
    reason = verdict.reason
    if vias:
        reason += f" (via {' > '.join(vias)})"
    shown = tuple(word.shown for word in words)
    argv0 = shown[0] if shown else ""
    return Step(argv0, shown, verdict.tier, reason, span, verdict.tag_words, verdict.verb)

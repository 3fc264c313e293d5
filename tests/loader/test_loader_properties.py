"""Property tests: whatever the bytes, the loader returns and every position is in the file."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from loader_support import LIBRARY, TEMPLATES

from cmdlib.loader import is_template_path, load_bytes
from cmdlib.model import Block, ShellSnippet, Span, Template

NAMES = ("p.t9.tf", "p.t9.sh", "p.t9.kubectl")
SEEDS = sorted(
    path
    for folder in (TEMPLATES, LIBRARY)
    for path in folder.rglob("*")
    if path.is_file() and is_template_path(path)
)
SEED_BYTES = [(path.name, path.read_bytes()) for path in SEEDS]
BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spans_in(value: object) -> Iterator[Span]:
    if isinstance(value, Span):
        yield value
    elif isinstance(value, Path | str | bytes | int | float | bool) or value is None:
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from spans_in(getattr(value, field.name))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from spans_in(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from spans_in(item)


def snippets_in(template: Template) -> Iterator[ShellSnippet]:
    yield from template.snippets
    if template.script_body is not None:
        yield template.script_body


def within(template: Template, line: int, column: int) -> bool:
    lines = template.lines or ("",)
    if not 1 <= line <= len(lines):
        return False
    return 1 <= column <= len(lines[line - 1]) + 1


def assert_positions_within_file(template: Template) -> None:
    size = len(template.text.encode("utf-8"))
    for span in spans_in(template):
        assert within(template, span.line, span.column), span
        assert within(template, span.end_line, span.end_column), span
        assert (span.line, span.column) <= (span.end_line, span.end_column), span
        assert 0 <= span.start_byte <= span.end_byte <= size, span
    for snippet in snippets_in(template):
        assert len(snippet.offsets) == len(snippet.text) + 1
        for line, column in snippet.offsets:
            assert within(template, line, column), (line, column)


def assert_loads_cleanly(name: str, data: bytes) -> Template:
    template = load_bytes(Path(name), data)
    assert "loader-internal-error" not in [d.code for d in template.diagnostics]
    assert_positions_within_file(template)
    return template


def test_there_are_real_templates_to_mutate() -> None:
    assert len(SEED_BYTES) >= 20


@BOUNDED
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=2048))
def test_random_bytes_never_raise_and_positions_stay_in_the_file(name: str, data: bytes) -> None:
    assert_loads_cleanly(name, data)


@BOUNDED
@given(
    name=st.sampled_from(NAMES),
    text=st.text(alphabet=st.sampled_from(list("{}[]()\"=\n\\$#:<'|;&` \ta9é\r")), max_size=400),
)
def test_random_syntax_soup_never_raises(name: str, text: str) -> None:
    assert_loads_cleanly(name, text.encode("utf-8"))


TOKENS = (
    ": <<'TENSOR9'\n", "TENSOR9\n", "\n", "kubectl ", "get ", "${X}", "${", "}", "\\\n",
    "#", "'", '"', "|", "$(", "`", "name = ", '"a"', "<<-EOT\n", "EOT\n", "<<EOT\n",
    'variable "X" {', "${var.X}", "é", "\r\n", "\t", 'resource "tensor9_command" "this" {',
    '# t9: permissions = "ReadOnly"\n', 'provisioner "local-exec" {', "command = ", "? ",
    ": ", "$${", '\\"', "\\u00e9", "%{ if x }", "%{ endif }", "\ufeff",
)  # fmt: skip


@BOUNDED
@given(name=st.sampled_from(NAMES), tokens=st.lists(st.sampled_from(TOKENS), max_size=60))
# A line continuation right before an expansion: the expansion's span begins at its "$".
@example(name="p.t9.sh", tokens=['"', "\\\n", "$${"])
@example(name="p.t9.sh", tokens=["kubectl ", "\\\n", "${X}"])
def test_random_template_tokens_never_raise(name: str, tokens: list[str]) -> None:
    template = assert_loads_cleanly(name, "".join(tokens).encode("utf-8"))
    assert_spans_name_what_they_point_at(template)


@st.composite
def mutated_template(draw: st.DrawFn) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(SEED_BYTES))
    buffer = bytearray(data)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        where = draw(st.integers(min_value=0, max_value=len(buffer)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        if kind == "insert":
            buffer[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del buffer[where : where + draw(st.integers(min_value=1, max_value=16))]
        elif kind == "replace" and where < len(buffer):
            buffer[where] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "truncate":
            del buffer[where:]
    return name, bytes(buffer)


@BOUNDED
@given(case=mutated_template())
def test_mutated_real_templates_never_raise(case: tuple[str, bytes]) -> None:
    name, data = case
    assert_loads_cleanly(name, data)


def test_every_seed_template_satisfies_the_position_checks() -> None:
    for name, data in SEED_BYTES:
        assert_loads_cleanly(name, data)


def test_the_position_check_rejects_a_span_outside_the_file() -> None:
    template = load_bytes(Path("x.t9.tf"), b"")
    broken = dataclasses.replace(
        template, diagnostics=(dataclasses.replace(template.diagnostics[0], span=Span(9, 1, 9, 2)),)
    )
    try:
        assert_positions_within_file(broken)
    except AssertionError:
        return
    raise AssertionError("a span on line 9 of an empty file passed the check")


STRING_PIECES = (
    "a",
    " ",
    "\\\\",
    '\\"',
    "\\n",
    "\\t",
    "\\u00e9",
    "$${X}",
    "%%{y}",
    "é",
    "'",
    "$",
    "%",
)


@BOUNDED
@given(pieces=st.lists(st.sampled_from(STRING_PIECES), max_size=20), heredoc=st.booleans())
def test_command_snippet_text_equals_the_attribute_value(pieces: list[str], heredoc: bool) -> None:
    """The positional renderer (snippets) and the fast one (values) agree on every string."""
    content = "".join(pieces)
    if heredoc:
        value = "<<-EOT\n      " + content.replace("\\", "") + "\n    EOT"
    else:
        value = f'"{content}"'
    text = (
        'resource "null_resource" "r" {\n  provisioner "local-exec" {\n'
        f"    command = {value}\n  }}\n}}\n"
    )
    template = load_bytes(Path("r.t9.tf"), text.encode("utf-8"))
    if any(d.code.startswith("hcl-") for d in template.diagnostics):
        return  # e.g. "%%%{y}" is not valid HCL; other tests cover syntax errors
    [snippet] = template.snippets
    [provisioner] = template.blocks[0].blocks
    command = provisioner.attribute("command")
    assert command is not None
    if isinstance(command.value, str):
        assert snippet.text == command.value
    else:  # the parser saw an interpolation or a directive: never a plain string
        assert "${" in snippet.text or "%{" in snippet.text


def text_at(template: Template, span: Span) -> str:
    return template.text.encode("utf-8")[span.start_byte : span.end_byte].decode("utf-8")


def text_between(template: Template, span: Span) -> str:
    """The same text found through line and column, to check both agree."""
    lines = template.lines
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    middle = lines[span.line : span.end_line - 1]
    parts = [lines[span.line - 1][span.column - 1 :], *middle]
    return "\n".join([*parts, lines[span.end_line - 1][: span.end_column - 1]])


def blocks_in(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        yield from blocks_in(block.blocks)


def assert_spans_name_what_they_point_at(template: Template) -> None:
    for span in spans_in(template):
        if span.end_byte:
            assert text_at(template, span) == text_between(template, span), span
    for block in blocks_in(template.blocks):
        assert text_at(template, block.span).startswith(block.type)
        for attribute in block.attributes:
            assert text_at(template, attribute.name_span) == attribute.name
            assert text_at(template, attribute.value_span) == attribute.source
            for interpolation in attribute.interpolations:
                assert text_at(template, interpolation.span).startswith("${")
    for snippet in snippets_in(template):
        for interpolation in snippet.interpolations:
            assert text_at(template, interpolation.span).startswith("$")
    for variable in template.variables:
        assert text_at(template, variable.name_span) == f'"{variable.name}"'


def test_seed_spans_name_what_they_point_at() -> None:
    for name, data in SEED_BYTES:
        assert_spans_name_what_they_point_at(assert_loads_cleanly(name, data))


@BOUNDED
@given(case=mutated_template())
def test_mutated_template_spans_name_what_they_point_at(case: tuple[str, bytes]) -> None:
    name, data = case
    assert_spans_name_what_they_point_at(assert_loads_cleanly(name, data))

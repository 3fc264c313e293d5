"""The ``text`` format: each finding with its source line, a caret under the span, the hint.

```
linux/df.t9.tf:12:15: T9301 error shell-injection: ${var.X} reaches the shell unquoted
   12 |   command = "du -sh ${var.X}"
      |                     ^^^^^^^^
      = hint: pass the value through an environment variable
```
"""

from __future__ import annotations

from t9lint.findings import Finding
from t9lint.reporters import Report
from t9lint.visible import visible_line


def render(report: Report) -> str:
    blocks = [_finding_block(finding, report) for finding in report.result.findings]
    return "\n".join(blocks)


def _finding_block(finding: Finding, report: Report) -> str:
    lines = [
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
        f"{finding.severity.value} {finding.name}: {finding.message}"
    ]
    source = report.result.source_line(finding)
    if source is not None:
        gutter = " " * len(str(finding.line))
        shown, starts = visible_line(source)
        lines.append(f"  {finding.line} | {shown}")
        lines.append(f"  {gutter} | {_caret(finding, starts)}")
        if finding.hint:
            lines.append(f"  {gutter} = hint: {finding.hint}")
    elif finding.hint:
        lines.append(f"  = hint: {finding.hint}")
    return "\n".join(lines) + "\n"


def _caret(finding: Finding, starts: list[int]) -> str:
    """Carets under the span, in display columns (escaped characters are wider)."""
    last = len(starts) - 1
    first = min(max(finding.column - 1, 0), last)
    start = starts[first]
    if finding.span.end_line == finding.line:
        end = starts[min(max(finding.span.end_column - 1, first), last)]
    else:
        end = starts[last]  # a multi-line span: underline to the end of the line
    return " " * start + "^" * max(end - start, 1)

"""Structure, variables, injection, data-access and hazard rules never raise, whatever the
template bytes, and every finding they make points inside the file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rule_checks import DISK_USAGE, kubectl, script

from cmdlib.loader import load_bytes
from t9lint.rules.base import RuleContext, all_rules

FAMILIES = ("T91", "T92", "T93", "T95", "T96")
SEEDS = {
    "linux/disk-usage.t9.tf": DISK_USAGE.encode(),
    "linux/restart-service.t9.sh": script(
        body='CMD="systemctl restart $SERVICE"\neval "$CMD"\nsh -c "echo ${SERVICE}"\n'
    ).encode(),
    "k8s/list-pods.t9.kubectl": kubectl(
        body="kubectl exec web-0 -n ${NAMESPACE} -- sh -c 'ls ${NAMESPACE}'\n"
    ).encode(),
}
# Bytes that tend to break parsers and quoting: delimiters, escapes, controls, UTF-8 pieces.
PIECES = st.sampled_from(
    [b"${", b"}", b'"', b"'", b"\\", b"\n", b";", b"|", b"$(", b"`", b"var.X", b"\t", b"\x1b[",
     b"\xe2\x80\xae", b"\xff", b"<<EOF\n", b"count = data.x.y", b"timestamp()", b"\r"]
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[path])
    for _ in range(draw(st.integers(1, 5))):
        position = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data[position:position] = draw(PIECES)
        else:
            del data[position : position + draw(st.integers(1, 12))]
    return path, bytes(data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_rules_never_raise_and_point_inside_the_file(case: tuple[str, bytes]) -> None:
    path, data = case
    template = load_bytes(Path(path), data)
    line_count = len(template.text.split("\n"))
    for rule in all_rules():
        if not rule.code.startswith(FAMILIES):
            continue
        ctx = RuleContext(template, path)
        if rule.check_file is not None:
            findings = list(rule.check_file(ctx))
        else:
            assert rule.check_tree is not None
            findings = list(rule.check_tree([ctx]))
        for finding in findings:
            assert 1 <= finding.span.line <= finding.span.end_line <= line_count
            assert finding.span.column >= 1

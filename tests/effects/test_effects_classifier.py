"""The classifier walks every command of a snippet; the highest tier wins."""

from __future__ import annotations

import pytest
from effects_support import classify, reasons, tier_of

from cmdlib.effects import Tier

R, M, D, U = Tier.READ_ONLY, Tier.MUTATING, Tier.DESTRUCTIVE, Tier.UNKNOWN


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        # operators: each side is classified, the highest wins
        ("df -h | awk '{print $5}'", R),
        ("df -h | tee /tmp/report", M),
        ("ls /var/log && systemctl restart nginx", M),
        ("systemctl is-active nginx || systemctl start nginx", M),
        ("uptime; free -m; df -h", R),
        ("uptime; rm -rf /var/cache/app; df -h", D),
        ("echo $(systemctl restart nginx)", M),
        ("echo `rm -rf /tmp/x`", D),
        ("echo $(date) `hostname`", R),
        ("(cd /var/log && ls -la)", R),
        ("(cd /var/log && truncate -s 0 app.log)", M),
        ("{ df -h; du -sh /var; }", R),
        ("if [ -f /etc/x ]; then cat /etc/x; else echo none; fi", R),
        ("if [ -f /etc/x ]; then rm /etc/x; fi", D),
        ('for u in a b; do systemctl status "$u"; done', R),
        ('while read -r line; do kill "$line"; done < pids', M),
        ("! grep -q x /etc/hosts", R),
        ("X=$(shutdown -h now)", D),
        ("cat <(journalctl -u x) >/dev/null", R),
    ],
)
def test_operators_and_compound_commands_escalate(script: str, expected: Tier) -> None:
    assert tier_of(script) is expected


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("echo hi > /dev/null", R),
        ("echo hi 2>/dev/null 1>/dev/stderr", R),
        ("ls 2>&1 | head", R),
        ("echo hi >/dev/stdout", R),
        ("echo hi > /tmp/out.txt", M),
        ("echo hi >> /var/log/app.log", M),
        ('echo hi > "$OUT"', M),
        ("ls &> /tmp/all", M),
        ("cat image.raw > /dev/sdb", D),
        ("cat image.raw > /dev/nvme0n1", D),
        ("{ echo a; } > /tmp/x", M),
        ("sort < /etc/passwd", R),
        ("cat <<'EOF' > /etc/motd\nhello\nEOF\n", M),
        ("cat <<'EOF' 2>/dev/null\nhello\nEOF\n", R),
    ],
)
def test_redirections_write_files_or_devices(script: str, expected: Tier) -> None:
    assert tier_of(script) is expected


def test_function_body_is_classified_where_it_is_defined() -> None:
    result = classify("cleanup() { rm -rf /tmp/work; }\necho start\ncleanup\n")
    assert result.tier is D
    deleting = [step for step in result.steps if step.tier is D]
    assert len(deleting) == 1 and deleting[0].span.line == 1


def test_calling_a_defined_function_is_not_an_unknown_command() -> None:
    result = classify("show() { df -h; }\nshow\n")
    assert result.tier is R
    assert all(step.tier is R for step in result.steps)


def test_heredoc_given_to_a_read_only_command_is_data() -> None:
    assert tier_of("cat <<'EOF'\nrm -rf /\nEOF\n") is R


def test_heredoc_given_to_bash_is_classified_as_a_script() -> None:
    assert tier_of("bash <<'EOF'\nrm -rf /srv/data\nEOF\n") is D


def test_heredoc_given_to_psql_is_classified_as_sql() -> None:
    assert tier_of("psql <<'EOF'\nSELECT 1;\nEOF\n") is R
    assert tier_of("psql <<'EOF'\nDROP TABLE users;\nEOF\n") is D


def test_pipeline_inside_heredoc_line_is_still_walked() -> None:
    assert tier_of("cat <<EOF | xargs rm\n/tmp/a\nEOF\n") is D


@pytest.mark.parametrize(
    "script",
    [
        'eval "$X"',
        "eval $(cat cmd)",
        'bash -c "$SCRIPT"',
        "$CMD --force",
        '"$@"',
        '"$CMD" arg',
        'CMD="$1"; $CMD now',
        "${TOOL:-ls} /",
        "frobnicate --all",
        "if [ x ; then",
        "echo 'unterminated",
        "python3 -c 'print(1)'",
        "kubectl exec pod ls",
        "sudo $TOOL",
    ],
)
def test_dynamic_unknown_or_unparseable_fails_closed(script: str) -> None:
    result = classify(script)
    assert result.tier is U
    assert any(step.tier is U and step.reason for step in result.steps)


def test_unknown_never_hides_a_known_destructive_step() -> None:
    assert tier_of('eval "$X"; rm -rf /srv') is D


def test_unknown_outranks_mutating() -> None:
    assert tier_of('systemctl restart x; eval "$X"') is U
    assert U.rank > M.rank and D.rank > U.rank


def test_unparseable_reason_names_the_problem_and_position() -> None:
    result = classify("echo ok\nif [ x ; then\n")
    unknown = [step for step in result.steps if step.tier is U]
    assert unknown and "does not parse" in unknown[0].reason
    assert unknown[0].span.line == 2


def test_literal_variable_command_prefix_is_resolved() -> None:
    result = classify('KEXEC="kubectl exec $POD --"\n$KEXEC kill -USR1 1\n')
    assert result.tier is M
    step = next(step for step in result.steps if step.tier is M)
    assert step.argv0 == "kill"
    assert "kubectl exec" in step.reason
    assert step.span.line == 2


def test_braced_variable_command_prefix_is_resolved() -> None:
    assert tier_of('RM="rm -rf"\n${RM} /tmp/work\n') is D


def test_variable_resolution_follows_assignment_order() -> None:
    assert tier_of('C="ls"\n$C /\nC="rm -rf"\n$C /srv\n') is D
    assert tier_of('C="rm -rf"\nC="ls"\n$C /\n') is R


def test_variable_used_before_assignment_is_unknown() -> None:
    assert tier_of('$C /\nC="ls"\n') is U


def test_quoted_variable_is_not_resplit() -> None:
    # "$C" is one word "ls -la", which is no command: fail closed
    assert tier_of('C="ls -la"\n"$C"\n') is U


def test_variable_assigned_from_substitution_is_unknown() -> None:
    assert tier_of("C=$(which ls)\n$C /\n") is U


def test_empty_variable_prefix_leaves_the_rest_as_command() -> None:
    assert tier_of('SUDO=""\n$SUDO systemctl restart x\n') is M


def test_steps_carry_reasons_and_file_spans() -> None:
    result = classify("uptime\nsystemctl restart nginx\n")
    step = result.steps[-1]
    assert step.reason == "`systemctl restart` restarts a unit"
    assert (step.span.line, step.span.column, step.span.end_column) == (2, 1, 24)
    assert step.words == ("systemctl", "restart", "nginx")


def test_every_step_has_a_reason() -> None:
    script = 'ls | grep x && rm -f y; echo > z; eval "$q"; frob'
    assert all(reasons(script))


def test_empty_snippet_is_read_only_with_no_steps() -> None:
    result = classify("")
    assert result.tier is R and result.steps == ()


def test_comments_only_snippet_is_read_only() -> None:
    assert tier_of("# nothing to do\n") is R


def test_nesting_deeper_than_the_stack_fails_closed() -> None:
    deep = "echo " + "$(" * 3000 + "ls" + ")" * 3000
    result = classify(deep)
    assert result.tier is U
    assert any("nested too deeply" in step.reason for step in result.steps)


def test_moderate_nesting_is_still_classified() -> None:
    nested = "echo " + "$(" * 20 + "rm -rf /x" + ")" * 20
    assert tier_of(nested) is D

"""Wrappers are unwrapped: the command they run is what gets classified."""

from __future__ import annotations

import pytest
from effects_support import classify, tier_of

from cmdlib.effects import Tier

R, M, D, U = Tier.READ_ONLY, Tier.MUTATING, Tier.DESTRUCTIVE, Tier.UNKNOWN


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("sudo systemctl restart nginx", M),
        ("sudo -u postgres -E ls /var/lib", R),
        ("sudo -- rm -rf /srv", D),
        ("sudo -l", R),
        ("env LANG=C ls", R),
        ("env -i PATH=/bin A=1 rm -f /tmp/x", D),
        ("env -u HOME systemctl stop x", M),
        ("env", R),
        ("env -S 'rm -rf /'", U),
        ("timeout 30 journalctl -u x", R),
        ("timeout -s KILL 5s systemctl restart x", M),
        ("timeout --kill-after=5 10 rm -r /tmp/a", D),
        ("nohup kill -HUP 1", M),
        ("nice -n 10 du -sh /var", R),
        ("nice -n 10 tar -xf a.tar", M),
        ("ionice -c 3 du -sh /", R),
        ("stdbuf -oL journalctl -f", R),
        ("stdbuf -o L tee /tmp/x", M),
        ("time df -h", R),
        ("time -p shutdown -r now", D),
        ("find /tmp -name '*.log' | xargs -0 -n 1 rm", D),
        ("ls | xargs -I{} echo {}", R),
        ("ls | xargs", R),
        ("command -v kubectl", R),
        ("command systemctl start x", M),
        ("exec ls", R),
        ("exec -a name rm -rf /x", D),
        ("sudo env A=1 timeout 5 nice ionice -c2 rm -rf /x", D),
        ("chroot /host systemctl restart kubelet", M),
        ("chroot /host", R),
        ("nsenter -t 1 -m -u -n -- df -h", R),
        ("flock -w 10 /run/app.lock rm -rf /srv/tmp", D),
        ("runuser -u postgres -- psql -c 'SELECT 1'", R),
        ("su -c 'systemctl stop app' root", M),
        ("su - postgres", U),
    ],
)
def test_wrapper_runs_the_inner_command(script: str, expected: Tier) -> None:
    assert tier_of(script) is expected


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("bash -c 'ls -la /var/log'", R),
        ("sh -c 'systemctl restart x && echo ok'", M),
        ('bash -c "rm -rf /tmp/$X"', U),  # the script holds an expansion: built at run time
        ("bash -euc 'rm -rf /srv'", D),
        ("bash -c", U),
        ("bash script.sh", U),
        ("sh -c 'if [ ; then'", U),
        ("bash -c 'bash -c \"ls\"'", R),
    ],
)
def test_shell_dash_c_with_a_literal_script_is_parsed(script: str, expected: Tier) -> None:
    assert tier_of(script) is expected


def test_inner_script_step_positions_point_into_the_literal() -> None:
    result = classify("bash -c 'ls; rm -f /x'")
    step = next(step for step in result.steps if step.tier is D)
    assert (step.span.line, step.span.column) == (1, 14)
    assert "bash -c" in step.reason


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("kubectl exec -n prod web-0 -- ls /data", R),
        ("kubectl exec web-0 -c app -- kill -USR1 1", M),
        ("kubectl exec -it web-0 -- rm -rf /data", D),
        ("kubectl exec web-0 -- sh -c 'cat /etc/hosts'", R),
        ("kubectl exec web-0 -- sh -c 'rm -rf /cache'", D),
        ("kubectl exec web-0 --", U),
        ("kubectl exec web-0 ls", U),
        ("docker exec -u root app ls /", R),
        ("docker exec app kill 1", M),
    ],
)
def test_exec_into_a_container_classifies_the_inner_command(script: str, expected: Tier) -> None:
    assert tier_of(script) is expected


def test_wrapper_chain_is_named_in_the_reason() -> None:
    step = classify("sudo timeout 5 systemctl restart x").steps[0]
    assert step.argv0 == "systemctl"
    assert "via sudo > timeout" in step.reason


def test_trap_handler_is_classified() -> None:
    assert tier_of("trap 'rm -f \"$TMP\"' EXIT") is D
    assert tier_of("trap - EXIT") is R
    assert tier_of("trap -p") is R


def test_find_exec_classifies_the_executed_command() -> None:
    assert tier_of(r"find /var/log -name '*.gz' -exec ls -l {} \;") is R
    assert tier_of(r"find /var/log -name '*.gz' -exec rm {} +") is D
    assert tier_of("find /var/log -mtime +7 -delete") is D
    assert tier_of("find /var/log -mtime +7") is R

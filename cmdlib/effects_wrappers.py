"""Wrapper commands: the rest of argv is the command that really runs.

``sudo``, ``env`` (assignments and options skipped), ``timeout DURATION``, ``nohup``,
``nice``, ``ionice``, ``stdbuf``, ``time``, ``xargs``, ``command``, ``exec``, ``watch``,
``setsid``, ``chroot``, ``flock``, ``nsenter``, ``runuser`` and ``su -c``. Each returns an
``Unwrap`` of the inner command or, with no inner command, the wrapper's own verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from cmdlib.effects_call import Call
from cmdlib.effects_model import Judgement, Unwrap, nested_from_word, read_only, unknown
from cmdlib.shell import Word


def _skip_options(
    args: tuple[Word, ...], with_value: Collection[str], stop_at_first_positional: bool = True
) -> tuple[Word, ...] | None:
    """The words after the wrapper's own options; None when an option is dynamic."""
    index = 0
    while index < len(args):
        value = args[index].value
        if value is None:
            return args[index:] if stop_at_first_positional else None
        if value == "--":
            return args[index + 1 :]
        if not value.startswith("-") or value == "-":
            return args[index:]
        if "=" not in value and value in with_value:
            index += 2
            continue
        index += 1
    return ()


def _unwrap(call: Call, inner: tuple[Word, ...] | None, reason_alone: str) -> Judgement:
    if inner is None:
        return unknown(f"`{call.name}` has options chosen at run time")
    if not inner:
        return read_only(reason_alone)
    return Unwrap(inner, call.name)


def _sudo(call: Call) -> Judgement:
    with_value = ("-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "--user", "--group")
    inner = _skip_options(call.args, with_value)
    if inner is not None and any(
        w.value in ("-l", "-v", "-k", "-K", "--list")
        for w in call.args[: len(call.args) - len(inner)]
    ):
        return read_only(f"`{call.name} -l/-v/-k` only checks privileges")
    return _unwrap(call, inner, f"`{call.name}` without a command opens a shell")


def _env(call: Call) -> Judgement:
    args = call.args
    index = 0
    while index < len(args):
        value = args[index].value
        if value is None:
            break
        if value in ("-u", "--unset", "-C", "--chdir"):
            index += 2
            continue
        if value in ("-S", "--split-string") or value.startswith("--split-string="):
            return unknown("`env -S` splits a command string at run time")
        if value == "--":
            index += 1
            break
        if value.startswith("-") or ("=" in value and not value.startswith("=")):
            index += 1
            continue
        break
    return _unwrap(call, args[index:], "`env` without a command only prints the environment")


def _timeout(call: Call) -> Judgement:
    rest = _skip_options(call.args, ("-s", "--signal", "-k", "--kill-after"))
    if rest is None:
        return unknown("`timeout` has options chosen at run time")
    return _unwrap(call, rest[1:], "`timeout` without a command does nothing")


def _simple(with_value: Collection[str]) -> Callable[[Call], Judgement]:
    def judge(call: Call) -> Judgement:
        inner = _skip_options(call.args, with_value)
        return _unwrap(call, inner, f"`{call.name}` without a command only reads")

    return judge


def _xargs(call: Call) -> Judgement:
    with_value = (
        "-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s", "--arg-file", "--delimiter",
        "--max-args", "--max-procs", "--max-lines", "--replace", "--max-chars",
    )  # fmt: skip
    inner = _skip_options(call.args, with_value)
    if inner is not None and not inner:
        return read_only("`xargs` without a command runs `echo`")
    return _unwrap(call, inner, "")


def _command(call: Call) -> Judgement:
    values = [w.value for w in call.args]
    if any(v in ("-v", "-V") for v in values):
        return read_only("`command -v` only looks a command up")
    return _unwrap(call, _skip_options(call.args, ()), "`command` alone does nothing")


def _exec(call: Call) -> Judgement:
    inner = _skip_options(call.args, ("-a",))
    return _unwrap(call, inner, "`exec` without a command only applies its redirections")


def _after_first_operand(with_value: Collection[str]) -> Callable[[Call], Judgement]:
    """``chroot ROOT CMD``, ``flock FILE CMD``: the command follows one operand."""

    def judge(call: Call) -> Judgement:
        rest = _skip_options(call.args, with_value)
        if rest is None:
            return unknown(f"`{call.name}` has options chosen at run time")
        return _unwrap(call, rest[1:], f"`{call.name}` without a command opens a shell")

    return judge


def _su(call: Call) -> Judgement:
    args = call.args
    for index, word in enumerate(args[:-1]):
        if word.value in ("-c", "--command"):
            return nested_from_word(args[index + 1], "su -c")
    return unknown("`su` without -c opens a shell")


WRAPPERS: dict[str, Callable[[Call], Judgement]] = {
    "chroot": _after_first_operand(("--userspec", "--groups")),
    "flock": _after_first_operand(("-w", "--timeout", "-E", "--conflict-exit-code")),
    "nsenter": _simple(("-t", "--target", "-S", "--setuid", "-G", "--setgid", "-w", "-r")),
    "runuser": _simple(("-u", "--user", "-g", "--group", "-G")),
    "su": _su,
    "sudo": _sudo,
    "doas": _sudo,
    "env": _env,
    "timeout": _timeout,
    "nohup": _simple(()),
    "nice": _simple(("-n", "--adjustment")),
    "ionice": _simple(("-c", "-n", "--class", "--classdata")),
    "stdbuf": _simple(("-i", "-o", "-e", "--input", "--output", "--error")),
    "time": _simple(("-f", "--format", "-o", "--output")),
    "xargs": _xargs,
    "command": _command,
    "builtin": _simple(()),
    "exec": _exec,
    "watch": _simple(("-n", "--interval", "-d", "--differences")),
    "setsid": _simple(()),
}

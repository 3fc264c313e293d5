"""Catalog entries for platform tools judged per subcommand: systemctl, journalctl, docker,
helm, terraform, SQL clients, HTTP clients and package managers (kubectl and aws live in
``cmdlib.effects_cloud``)."""

from __future__ import annotations

from collections.abc import Callable

from cmdlib.effects_call import Call, names, positionals
from cmdlib.effects_cloud import aws, kubectl
from cmdlib.effects_model import (
    Judgement,
    Unwrap,
    destructive,
    mutating,
    read_only,
    unknown,
)
from cmdlib.effects_sql import judge_sql
from cmdlib.shell import Word

# --- others -------------------------------------------------------------------------------

_SYSTEMCTL_WITH_VALUE = names(
    """
    -t --type -p --property -n --lines -H --host -M --machine -o --output --state
    """
)
_SYSTEMCTL_READ = names(
    """
    status show cat help is-active is-enabled is-failed is-system-running get-default
    list-units list-unit-files list-sockets list-timers list-jobs list-dependencies
    list-machines show-environment
    """
)
_SYSTEMCTL_DOWN = names(
    """
    poweroff reboot halt kexec suspend hibernate rescue emergency
    """
)


_SYSTEMCTL_WHAT = {
    "restart": "restarts a unit",
    "try-restart": "restarts a unit",
    "reload-or-restart": "reloads or restarts a unit",
    "start": "starts a unit",
    "stop": "stops a unit",
    "reload": "reloads a unit",
    "enable": "enables a unit",
    "disable": "disables a unit",
    "mask": "masks a unit",
    "unmask": "unmasks a unit",
    "kill": "sends a signal to a unit",
    "daemon-reload": "reloads every unit file",
    "reset-failed": "resets the failed state of units",
}


def _dynamic_verb(call: Call, words: list[Word]) -> Judgement:
    shown = " ".join(word.shown for word in words[:1])
    return unknown(f"`{call.name} {shown}`: the subcommand is chosen at run time")


def systemctl(call: Call) -> Judgement:
    words = positionals(call.args, _SYSTEMCTL_WITH_VALUE)
    verb = words[0].value if words else "list-units"
    if verb is None:
        return _dynamic_verb(call, words)
    if verb in _SYSTEMCTL_READ:
        return read_only(f"`systemctl {verb}` only reads unit state")
    if verb in _SYSTEMCTL_DOWN:
        return destructive(
            f"`systemctl {verb}` stops or restarts the host",
            ("shutdown", "reboot", "poweroff"),
            verb,
        )
    what = _SYSTEMCTL_WHAT.get(verb, "changes unit state")
    return mutating(f"`systemctl {verb}` {what}", verb)


def journalctl(call: Call) -> Judgement:
    if call.has_long(
        "--rotate", "--vacuum-size", "--vacuum-time", "--vacuum-files", "--flush", "--sync"
    ):
        return mutating(
            "`journalctl --rotate/--vacuum-*` rotates or removes journal files", "rotate"
        )
    return read_only("`journalctl` only reads the journal")


_DOCKER_READ = names(
    """
    ps logs inspect images stats top version info events port diff history search pods
    inspectp inspecti imagefsinfo
    """
)
_DOCKER_DESTROY = frozenset({"rm", "rmi", "prune", "rmp"})


def docker(call: Call) -> Judgement:
    words = positionals(call.args, ("-H", "--host", "--context", "--config", "-l", "--log-level"))
    verb = words[0].value if words else "help"
    if verb is None:
        return _dynamic_verb(call, words)
    if verb in ("container", "image", "system", "volume", "network") and len(words) > 1:
        verb = words[1].value or ""
        if verb in {"ls", "df"}:
            return read_only(f"`docker ... {verb}` only reads")
    if verb in _DOCKER_READ:
        return read_only(f"`docker {verb}` only reads")
    if verb in _DOCKER_DESTROY:
        return destructive(
            f"`docker {verb}` removes containers, images or data", ("removal", "deletion", "prune")
        )
    if verb == "exec":
        inner = positionals(
            call.args, ("-e", "--env", "-u", "--user", "-w", "--workdir", "--env-file")
        )
        if len(inner) >= 3:
            start = call.args.index(inner[2])
            return Unwrap(call.args[start:], "docker exec")
        return unknown("`docker exec` without a command")
    return mutating(f"`docker {verb}` changes containers or images", verb)


def helm(call: Call) -> Judgement:
    words = positionals(
        call.args, ("-n", "--namespace", "--kube-context", "--kubeconfig", "-o", "--output")
    )
    verb = words[0].value if words else "help"
    if verb in (
        "list",
        "ls",
        "status",
        "get",
        "history",
        "show",
        "search",
        "version",
        "template",
        "env",
        "help",
        "lint",
    ):
        return read_only(f"`helm {verb}` only reads")
    if verb in ("uninstall", "delete", "del"):
        return destructive(
            "`helm uninstall` deletes a release", ("release-deletion", "uninstall"), "uninstall"
        )
    if verb is None:
        return _dynamic_verb(call, words)
    return mutating(f"`helm {verb}` changes releases or repositories", verb)


def terraform(call: Call) -> Judgement:
    words = positionals(call.args, ("-chdir",))
    verb = words[0].value if words else "help"
    if verb == "destroy" or call.has_long("-destroy"):
        return destructive(
            f"`{call.name} destroy` deletes managed infrastructure",
            ("destroy", "teardown", "deletion"),
            "destroy",
        )
    if verb in (
        "plan",
        "show",
        "output",
        "validate",
        "version",
        "providers",
        "graph",
        "fmt",
        "help",
        "console",
    ):
        return read_only(f"`{call.name} {verb}` only reads")
    if verb is None:
        return _dynamic_verb(call, words)
    return mutating(f"`{call.name} {verb}` changes infrastructure or state", verb)


def sql_client(call: Call) -> Judgement:
    flags = ("-c", "--command") if call.name == "psql" else ("-e", "--execute")
    scripts = [call.args[i + 1] for i, w in enumerate(call.args[:-1]) if w.value in flags]
    if (call.has_short("f") and call.name == "psql") or call.has_long("--file"):
        return unknown(f"`{call.name} -f` runs SQL from a file that is not in the template")
    if not scripts:
        if call.stdin is not None:
            return judge_sql(call.name, call.stdin)
        return unknown(f"`{call.name}` reads SQL from standard input")
    if any(word.value is None for word in scripts):
        return unknown(f"`{call.name}` runs SQL built at run time")
    return judge_sql(call.name, "; ".join(word.value or "" for word in scripts))


def curl(call: Call) -> Judgement:
    method = call.option_value("-X", "--request")
    if method is not None and (method.value or "").upper() not in ("GET", "HEAD", "OPTIONS"):
        return mutating(f"`curl -X {method.shown}` sends a changing HTTP request", "send")
    if call.has_long(
        "--data",
        "--data-raw",
        "--data-binary",
        "--data-urlencode",
        "--json",
        "--form",
        "--upload-file",
    ) or call.has_short("dFT"):
        return mutating("`curl` with a request body sends a changing HTTP request", "send")
    output = call.option_value("-o", "--output")
    if (output is not None and output.value not in ("-", "/dev/null")) or call.has_short("O"):
        return mutating("`curl -o/-O` writes the response to a file", "download")
    return read_only("`curl` sends a GET request and prints the response")


def wget(call: Call) -> Judgement:
    if call.has_long("--post-data", "--post-file", "--method"):
        return mutating("`wget --post-data` sends a changing HTTP request", "send")
    output = call.option_value("-O", "--output-document")
    bundled_stdout = any(
        value.startswith("-") and not value.startswith("--") and value.endswith("O-")
        for value in call.literal_args()
    )
    if call.has_long("--spider") or bundled_stdout or (output is not None and output.value == "-"):
        return read_only("`wget -O -` prints the response")
    return mutating("`wget` writes the download to a file", "download")


def package_manager(call: Call) -> Judgement:
    words = positionals(call.args, ("-o", "-c", "-t"))
    verb = words[0].value if words else ""
    if verb in (
        "list",
        "show",
        "search",
        "policy",
        "info",
        "check",
        "depends",
        "rdepends",
        "madison",
    ):
        return read_only(f"`{call.name} {verb}` only reads package data")
    if not words:
        return read_only(f"`{call.name}` without a command prints its usage")
    if verb is None:
        return _dynamic_verb(call, words)
    return mutating(f"`{call.name} {verb}` changes installed packages", verb)


def openssl(call: Call) -> Judgement:
    if call.option_value("-out") is not None:
        return mutating("`openssl ... -out` writes a key, certificate or file", "write")
    words = positionals(call.args, ("-in", "-connect", "-servername", "-CAfile", "-inform"))
    verb = words[0].value if words else "version"
    if verb in (
        "genrsa",
        "genpkey",
        "req",
        "ca",
        "x509",
        "s_client",
        "verify",
        "version",
        "ciphers",
        "crl",
        "pkey",
        "rsa",
        "dgst",
        "rand",
        "enc",
        "base64",
        "list",
        "asn1parse",
    ):
        return read_only(f"`openssl {verb}` without -out only prints")
    return unknown(f"`openssl {verb}` is not in the command catalog")


def dump_tool(call: Call) -> Judgement:
    if call.option_value("-f", "--file", "--result-file", "-r") is not None:
        return mutating(f"`{call.name} -f` writes the dump to a file", "dump")
    return read_only(f"`{call.name}` writes the dump to standard output")


def _interpreter(call: Call) -> Judgement:
    return unknown(
        f"`{call.name}` runs a program whose effects cannot be read from the command line"
    )


TOOLS: dict[str, Callable[[Call], Judgement]] = {
    "kubectl": kubectl,
    "aws": aws,
    "systemctl": systemctl,
    "journalctl": journalctl,
    "docker": docker,
    "podman": docker,
    "nerdctl": docker,
    "crictl": docker,
    "helm": helm,
    "terraform": terraform,
    "tofu": terraform,
    "psql": sql_client,
    "mysql": sql_client,
    "apt-get": package_manager,
    "apt": package_manager,
    "apt-cache": lambda call: read_only("`apt-cache` only reads package data"),
    "yum": package_manager,
    "dnf": package_manager,
    "pip": package_manager,
    "python": _interpreter,
    "python3": _interpreter,
    "perl": _interpreter,
    "ruby": _interpreter,
    "node": _interpreter,
    "ssh": _interpreter,
    "source": _interpreter,
    ".": _interpreter,
    "openssl": openssl,
    "pg_dump": dump_tool,
    "pg_dumpall": dump_tool,
    "mysqldump": dump_tool,
}

"""Catalog entries for platform tools: kubectl, aws, docker, helm, terraform, systemctl,
journalctl, SQL clients, HTTP clients and package managers, judged per subcommand."""

from __future__ import annotations

import re
from collections.abc import Callable

from cmdlib.effects_call import Call, names, positionals
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

_BLOCK_DEVICE = re.compile(
    r"^/dev/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|dm-\d|md\d|loop\d|mapper/|disk/)"
)


def is_block_device(path: str) -> bool:
    return bool(_BLOCK_DEVICE.match(path))


# --- kubectl ------------------------------------------------------------------------------

_KUBECTL_WITH_VALUE = names(
    """
    -n --namespace --context --kubeconfig --cluster --user -s --server --token --as
    --as-group --request-timeout -v --v -l --selector -o --output -c --container -f
    --filename --field-selector --sort-by --since --since-time --tail --timeout
    --template -p --patch --type --replicas --for --grace-period --limit-bytes --max-
    log-requests -L --label-columns --chunk-size --pod-running-timeout -k --kustomize
    """
)
_KUBECTL_READ = names(
    """
    get describe logs top explain api-resources api-versions version cluster-info diff
    wait events kustomize completion plugin proxy port-forward
    """
)
_KUBECTL_WRITE = names(
    """
    apply create patch label annotate scale autoscale cordon uncordon set edit replace
    expose run cp taint certificate debug attach rollout
    """
)
_KUBECTL_ROLLOUT_READ = frozenset({"status", "history"})
_POD_KINDS = frozenset({"pod", "pods", "po"})
_KIND_ALIASES = {
    "ns": "namespace", "namespaces": "namespace", "no": "node", "nodes": "node",
    "deploy": "deployment", "deployments": "deployment", "sts": "statefulset",
    "statefulsets": "statefulset", "ds": "daemonset", "daemonsets": "daemonset",
    "svc": "service", "services": "service", "pvc": "persistentvolumeclaim",
    "persistentvolumeclaims": "persistentvolumeclaim", "pv": "persistentvolume",
    "persistentvolumes": "persistentvolume", "cm": "configmap", "configmaps": "configmap",
    "secrets": "secret", "jobs": "job", "cronjobs": "cronjob", "cj": "cronjob",
    "rs": "replicaset", "replicasets": "replicaset", "ing": "ingress", "ingresses": "ingress",
}  # fmt: skip
_KIND_TAG_WORDS = {
    "namespace": ("namespace", "ns"),
    "node": ("node",),
    "persistentvolumeclaim": ("pvc", "volume-claim", "persistentvolumeclaim"),
    "persistentvolume": ("pv", "volume", "persistentvolume"),
}


def _kubectl_delete(kinds_word: str | None) -> Judgement:
    if kinds_word is None:
        return destructive(
            "`kubectl delete` of a kind chosen at run time", ("deletion", "delete"), "delete"
        )
    kinds = {part.split("/", 1)[0].split(".", 1)[0].lower() for part in kinds_word.split(",")}
    if kinds and kinds <= _POD_KINDS:
        return mutating(
            "`kubectl delete pod` deletes pods, which their controller recreates", "restart"
        )
    others = sorted(_KIND_ALIASES.get(kind, kind) for kind in kinds - _POD_KINDS)
    words: list[str] = []
    for kind in others:
        for stem in _KIND_TAG_WORDS.get(kind, (kind,)):
            words.extend((f"{stem}-deletion", f"{stem}-delete", f"{stem}-removal"))
    return destructive(
        f"`kubectl delete {', '.join(others)}` deletes resources", tuple(words), "delete"
    )


def kubectl(call: Call) -> Judgement:
    args = call.args
    words = positionals(args, _KUBECTL_WITH_VALUE)
    if not words:
        return read_only("`kubectl` without a command prints help")
    verb = words[0].value
    if verb is None:
        return unknown(f"`kubectl {words[0].source}`: the subcommand is chosen at run time")
    second = words[1].value if len(words) > 1 else ""
    if verb == "exec":
        return _kubectl_exec(call)
    if verb == "delete":
        if call.has_short("f") or call.has_long("--filename", "-k", "--kustomize"):
            return destructive(
                "`kubectl delete -f` deletes every resource of a manifest", ("deletion",)
            )
        return _kubectl_delete(second if len(words) > 1 else None)
    if verb == "drain":
        return destructive("`kubectl drain` evicts every pod of a node", ("drain",), "drain")
    if verb == "auth":
        return read_only("`kubectl auth can-i/whoami` only checks access")
    if verb == "config":
        if second in ("view", "get-contexts", "current-context", "get-clusters", "get-users"):
            return read_only(f"`kubectl config {second}` only reads the kubeconfig")
        return mutating(f"`kubectl config {second}` changes the local kubeconfig", "change")
    if verb == "rollout":
        if second in _KUBECTL_ROLLOUT_READ:
            return read_only(f"`kubectl rollout {second}` only reads rollout state")
        return mutating(f"`kubectl rollout {second}` changes a rollout", second or "rollout")
    if verb in _KUBECTL_READ:
        return read_only(f"`kubectl {verb}` only reads")
    if verb in _KUBECTL_WRITE:
        return mutating(f"`kubectl {verb}` changes cluster state", verb)
    return unknown(f"`kubectl {verb}` is not in the command catalog")


def _kubectl_exec(call: Call) -> Judgement:
    args = call.args
    for index, word in enumerate(args):
        if word.value == "--":
            inner = args[index + 1 :]
            if not inner:
                return unknown("`kubectl exec --` without a command")
            return Unwrap(inner, "kubectl exec")
    return unknown("`kubectl exec` without `--`: the in-container command cannot be told apart")


# --- aws ----------------------------------------------------------------------------------

_AWS_WITH_VALUE = names(
    """
    --region --profile --output --query --endpoint-url --cli-read-timeout --cli-connect-
    timeout --color --ca-bundle --cli-binary-format
    """
)
_AWS_READ_PREFIXES = ("describe-", "list-", "get-", "lookup-", "search-", "batch-get-", "head-")
_AWS_READ_OPS = frozenset(
    {"filter-log-events", "tail", "wait", "ls", "presign", "help", "scan", "query"}
)
_AWS_DESTRUCTIVE_PREFIXES = (
    "delete-",
    "terminate-",
    "deregister-",
    "purge-",
    "schedule-key-deletion",
)
_AWS_WRITE_PREFIXES = (
    "create-", "start-", "stop-", "reboot-", "update-", "put-", "modify-", "attach-", "detach-",
    "associate-", "disassociate-", "tag-", "untag-", "enable-", "disable-", "register-", "run-",
    "invoke", "copy-", "restore-", "reset-", "set-", "import-", "authorize-", "revoke-", "cancel-",
    "publish", "rotate-", "send-", "upload-", "add-", "remove-", "replace-", "allocate-",
    "release-", "import-", "export-", "change-", "promote-", "failover-", "reboot", "accept-",
    "reject-", "apply-", "batch-write-", "batch-update-", "execute-", "increase-", "decrease-",
    "assign-", "unassign-", "upgrade-", "sign-", "generate-",
)  # fmt: skip
_AWS_TAG_WORDS = {
    "access-key": ("key-deletion", "key-rotation", "access-key"),
    "instances": ("instance-termination", "termination"),
}


def aws(call: Call) -> Judgement:
    words = positionals(call.args, _AWS_WITH_VALUE)
    if len(words) < 2:
        return read_only("`aws` without an operation prints help")
    service, operation = words[0].value, words[1].value
    if service is None or operation is None:
        return unknown("`aws`: the service or operation is chosen at run time")
    label = f"aws {service} {operation}"
    if service == "s3":
        return _aws_s3(operation, words[2:], label)
    if operation in _AWS_READ_OPS or operation.startswith(_AWS_READ_PREFIXES):
        return read_only(f"`{label}` only reads")
    if operation.startswith(_AWS_DESTRUCTIVE_PREFIXES):
        noun = operation.split("-", 1)[1] if "-" in operation else operation
        last = noun.rsplit("-", 1)[-1]
        tag_words = _AWS_TAG_WORDS.get(noun) or (
            f"{last}-deletion", f"{last}-delete", f"{last}-removal", f"{noun}-deletion",
            f"{last}-termination",
        )  # fmt: skip
        return destructive(f"`{label}` deletes or terminates resources", tag_words, "delete")
    if operation.startswith(_AWS_WRITE_PREFIXES):
        return mutating(f"`{label}` changes resources", operation.split("-", 1)[0])
    return unknown(f"`{label}` is not in the command catalog")


def _aws_s3(operation: str, rest: list[Word], label: str) -> Judgement:
    if operation in ("ls", "presign"):
        return read_only(f"`{label}` only reads")
    if operation in ("cp",) and rest and rest[-1].value == "-":
        return read_only("`aws s3 cp ... -` copies an object to standard output")
    if operation == "rm":
        return destructive("`aws s3 rm` deletes objects", ("object-deletion", "deletion"), "delete")
    if operation == "rb":
        return destructive("`aws s3 rb` deletes a bucket", ("bucket-deletion",), "delete")
    if operation in ("cp", "mv", "sync", "mb", "website"):
        return mutating(f"`{label}` writes objects or buckets", operation)
    return unknown(f"`{label}` is not in the command catalog")


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


def systemctl(call: Call) -> Judgement:
    words = positionals(call.args, _SYSTEMCTL_WITH_VALUE)
    verb = words[0].value if words else "list-units"
    if verb is None:
        return unknown("`systemctl`: the subcommand is chosen at run time")
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
    ps logs inspect images stats top version info events port diff history search
    """
)
_DOCKER_DESTROY = frozenset({"rm", "rmi", "prune"})


def docker(call: Call) -> Judgement:
    words = positionals(call.args, ("-H", "--host", "--context", "--config", "-l", "--log-level"))
    verb = words[0].value if words else "help"
    if verb is None:
        return unknown("`docker`: the subcommand is chosen at run time")
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
        return unknown("`helm`: the subcommand is chosen at run time")
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
        return unknown(f"`{call.name}`: the subcommand is chosen at run time")
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
    if verb is None or verb == "":
        return unknown(f"`{call.name}`: the subcommand is chosen at run time")
    return mutating(f"`{call.name} {verb}` changes installed packages", verb)


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
}

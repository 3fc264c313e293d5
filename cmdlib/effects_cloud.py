"""Catalog entries for the cluster and cloud CLIs: kubectl and aws, per subcommand.

``kubectl delete pod`` only restarts pods (mutating); deleting any other kind, ``drain``
and ``delete -f`` are destructive, each naming the tag words that must describe it.
``kubectl exec ... -- CMD`` unwraps to CMD. ``aws SERVICE OPERATION`` is judged by the
operation's verb prefix (``describe-``/``list-``/``get-`` read, ``delete-``/``terminate-``
destroy, a known set of verbs change), with ``aws s3`` judged per subcommand.
"""

from __future__ import annotations

from cmdlib.effects_call import Call, names, positionals
from cmdlib.effects_model import Judgement, Unwrap, destructive, mutating, read_only, unknown
from cmdlib.shell import Word

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


_AWS_REMOTE_CODE = frozenset(
    {
        ("ssm", "send-command"),
        ("ssm", "start-session"),
        ("lambda", "invoke"),
        ("ecs", "execute-command"),
        ("ecs", "run-task"),
    }
)


def aws(call: Call) -> Judgement:
    words = positionals(call.args, _AWS_WITH_VALUE)
    if len(words) < 2:
        return read_only("`aws` without an operation prints help")
    service, operation = words[0].value, words[1].value
    if service is None or operation is None:
        shown = " ".join(word.shown for word in words[:2])
        return unknown(f"`aws {shown}`: the service or operation is chosen at run time")
    label = f"aws {service} {operation}"
    if service == "s3":
        return _aws_s3(operation, words[2:], label)
    if (service, operation) in _AWS_REMOTE_CODE:
        return unknown(f"`{label}` runs code whose effects cannot be read from the command line")
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

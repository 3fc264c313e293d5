"""The command catalog: what each known command does, per subcommand and option.

``judge(call)`` answers with a ``Verdict``, an ``Unwrap`` (wrappers: ``sudo``, ``env``,
``timeout``, ``xargs``, ...) or a ``Nested`` script (``bash -c '...'``). Anything not in
the catalog is UNKNOWN (fail closed). The platform tools (kubectl, aws, docker, helm,
terraform, systemctl, SQL clients, HTTP clients) live in ``cmdlib.effects_tools``.
"""

from __future__ import annotations

from collections.abc import Callable

from cmdlib import effects_system as system
from cmdlib import effects_tools as tools
from cmdlib.effects_call import Call, names, positionals
from cmdlib.effects_model import (
    Judgement,
    Nested,
    Unwrap,
    Verdict,
    destructive,
    mutating,
    nested_from_word,
    read_only,
    unknown,
)

# Commands that only read and print, whatever their arguments.
READ_ONLY_COMMANDS = names(
    """
    echo printf cat tac head tail grep egrep fgrep zgrep zcat bzcat xzcat
    less more cut sort uniq wc tr column jq nl fold fmt paste join comm rev expand unexpand
    basename dirname realpath readlink printenv sleep seq yes expr bc numfmt tput which
    cal uname whoami id groups users who w last lastlog uptime nproc lscpu
    lsmem lsmod lspci lsusb lsblk blkid findmnt df du stat file ls tree ps pgrep pidof
    pstree pmap top htop atop iotop vmstat iostat mpstat sar pidstat free lsof ss netstat
    ping ping6 traceroute tracepath mtr dig nslookup host getent sha1sum sha256sum sha512sum
    md5sum cksum b2sum base64 xxd od hexdump strings diff cmp sdiff locale getconf ipcs
    sensors nstat ntpq systemd-analyze systemd-cgtop ntpstat systemd-detect-virt lsns lslocks
    lsipc lsattr getfacl namei dmidecode arch pwdx
    pg_isready
    """
)
_PRINT_REASON = "only reads and prints"
# Builtins that change nothing outside the running shell.
SHELL_BUILTINS = names(
    """
    : [ [[ true false test pwd cd pushd popd set shopt ulimit umask read mapfile readarray
    getopts shift exit return break continue wait let local declare typeset export readonly
    unset type hash alias
    """
)


def _rm(call: Call) -> Judgement:
    recursive = call.has_short("rR") or call.has_long("--recursive")
    what = "directory trees" if recursive else "files"
    return destructive(
        f"`rm` deletes {what}", ("deletion", "removal", "delete", "purge"), verb="delete"
    )


def _sed(call: Call) -> Judgement:
    if call.has_long("--in-place") or any(
        value.startswith("-") and not value.startswith("--") and "i" in value[1:]
        for value in call.literal_args()
    ):
        return mutating("`sed -i` edits files in place", verb="edit")
    return read_only("`sed` without -i only prints")


def _awk(call: Call) -> Judgement:
    args = list(call.literal_args())
    for index, value in enumerate(args[:-1]):
        if value == "-i" and args[index + 1] == "inplace":
            return mutating("`awk -i inplace` edits files in place", verb="edit")
    return read_only("`awk` only reads and prints")


def _tee(call: Call) -> Judgement:
    files = positionals(call.args, ())
    harmless = {"/dev/null", "/dev/stdout", "/dev/stderr"}
    if all(word.value in harmless for word in files):
        return read_only("`tee` writes only to standard streams")
    return mutating("`tee` writes files", verb="write")


def _kill(call: Call) -> Judgement:
    values = list(call.literal_args())
    if call.name == "kill" and values and values[0] in ("-0", "-l", "-L", "-s0"):
        return read_only("`kill -0`/`-l` only checks or lists signals")
    return mutating(f"`{call.name}` sends signals to processes", verb="signal")


def _find(call: Call) -> Judgement:
    args = call.args
    for index, word in enumerate(args):
        if word.value == "-delete":
            return destructive(
                "`find -delete` deletes what it matches", ("deletion", "removal", "delete")
            )
        if word.value in ("-exec", "-execdir", "-ok", "-okdir"):
            inner = []
            for following in args[index + 1 :]:
                if following.value in (";", "+"):
                    break
                inner.append(following)
            if not inner:
                return unknown("`find -exec` without a command")
            return Unwrap(tuple(inner), f"find {word.value}")
        if word.value in ("-fprint", "-fprintf", "-fls", "-fprint0"):
            return mutating("`find -fprint` writes a file", verb="write")
    return read_only("`find` only lists what it matches")


def _tar(call: Call) -> Judgement:
    first = call.args[0].value if call.args else ""
    bundle = first or ""
    letters = bundle.lstrip("-") if not bundle.startswith("--") else ""
    if call.has_long("--extract", "--get") or "x" in letters:
        return mutating("`tar -x` extracts files", verb="extract")
    if call.has_long("--create", "--append", "--update") or any(c in letters for c in "cruA"):
        target = call.option_value("-f", "--file")
        if target is not None and target.value == "-":
            return read_only("`tar -c -f -` writes the archive to standard output")
        if "f" in letters and target is None and len(call.args) > 1:
            archive = call.args[1].value
            if archive == "-":
                return read_only("`tar -cf -` writes the archive to standard output")
        return mutating("`tar -c` writes an archive file", verb="archive")
    return read_only("`tar -t` only lists an archive")


def _compressor(call: Call) -> Judgement:
    if call.has_short("lt") or call.has_long("--list", "--test"):
        return read_only(f"`{call.name} -l/-t` only lists or tests")
    if call.has_short("c") or call.has_long("--stdout", "--to-stdout"):
        return read_only(f"`{call.name} -c` writes to standard output")
    if call.name == "gunzip" or call.has_short("d") or call.has_long("--decompress"):
        return mutating(f"`{call.name} -d` replaces files by their decompressed form", "decompress")
    return mutating(f"`{call.name}` replaces files by their compressed form", verb="compress")


def _crontab(call: Call) -> Judgement:
    if call.has_short("l"):
        return read_only("`crontab -l` only lists the table")
    if call.has_short("r"):
        return destructive("`crontab -r` deletes the cron table", ("cron", "deletion"))
    return mutating("`crontab` replaces the cron table", verb="replace")


def _logrotate(call: Call) -> Judgement:
    if call.has_short("d") or call.has_long("--debug"):
        return read_only("`logrotate -d` only simulates")
    return mutating("`logrotate` rotates (renames, compresses, removes) log files", verb="rotate")


def _shell(call: Call) -> Judgement:
    args = call.args
    for index, word in enumerate(args):
        if word.value == "-c" or (
            word.value is not None
            and word.value.startswith("-")
            and not word.value.startswith("--")
            and "c" in word.value[1:]
        ):
            if index + 1 >= len(args):
                return unknown(f"`{call.name} -c` without a script")
            return nested_from_word(args[index + 1], f"{call.name} -c")
        if word.value is None or not word.value.startswith("-"):
            return unknown(f"`{call.name}` runs a script file whose content is not in the template")
    if call.stdin is not None:
        return Nested(call.stdin, f"{call.name} <<heredoc", call.stdin_anchor, call.stdin_positions)
    return unknown(f"`{call.name}` reads its script from standard input")


def _eval(call: Call) -> Judgement:
    if len(call.args) == 1:
        return nested_from_word(call.args[0], "eval")
    return unknown("`eval` runs a command built at run time")


def _trap(call: Call) -> Judgement:
    args = [w for w in call.args if w.value not in ("-p", "-l", "--")]
    if len(args) < 2 or args[0].value == "-":
        return read_only("`trap` without a handler only lists or resets traps")
    return nested_from_word(args[0], "trap")


_SETTING_VERBS = frozenset(
    {"flush-caches", "reset-statistics", "reset-server-features", "makestep", "burst"}
)
_SETTING_PREFIXES = ("set-", "terminate-", "kill-", "lock-", "unlock-", "enable", "disable")


def _settings_tool(call: Call) -> Judgement:
    """``timedatectl``/``hostnamectl``/``loginctl``/...: ``status`` and lists read, ``set-*``
    and the like change the host."""
    words = positionals(call.args, ("-H", "--host", "-M", "--machine", "-p", "--property"))
    verb = words[0].value if words else "status"
    if verb is None:
        return unknown(f"`{call.name} {words[0].source}`: the subcommand is chosen at run time")
    if verb in _SETTING_VERBS or verb.startswith(_SETTING_PREFIXES):
        return mutating(f"`{call.name} {verb}` changes host settings", verb.split("-", 1)[0])
    return read_only(f"`{call.name} {verb}` only reads")


def _curl(call: Call) -> Judgement:
    return tools.curl(call)


MUTATING_COMMANDS: dict[str, tuple[str, str]] = {
    "cp": ("copies files", "copy"),
    "mv": ("moves files", "move"),
    "mkdir": ("creates directories", "create"),
    "rmdir": ("removes empty directories", "remove"),
    "touch": ("creates or touches files", "touch"),
    "chmod": ("changes file modes", "change"),
    "chown": ("changes file owners", "change"),
    "chgrp": ("changes file groups", "change"),
    "ln": ("creates links", "link"),
    "install": ("installs files", "install"),
    "truncate": ("truncates files", "truncate"),
    "mktemp": ("creates a temporary file", "create"),
    "rsync": ("copies files", "copy"),
    "split": ("writes files", "write"),
    "unzip": ("extracts files", "extract"),
    "logger": ("writes to the system log", "log"),
    "swapon": ("enables swap", "enable"),
    "swapoff": ("disables swap", "disable"),
    "useradd": ("creates users", "create"),
    "usermod": ("changes users", "change"),
    "passwd": ("changes passwords", "change"),
    "chpasswd": ("changes passwords", "change"),
    "wall": ("messages every user", "message"),
    "sync": ("flushes file system buffers", "flush"),
    "fstrim": ("discards unused blocks", "trim"),
}

DESTRUCTIVE_COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "userdel": ("deletes users", ("user-deletion", "user-removal")),
    "groupdel": ("deletes groups", ("group-deletion", "group-removal")),
    "blkdiscard": ("discards every block of a device", ("wipe", "discard")),
    "mkswap": ("formats a device as swap", ("format", "swap")),
}

_SPECIAL: dict[str, Callable[[Call], Judgement]] = {
    "rm": _rm,
    "unlink": _rm,
    "shred": system.wipe,
    "wipefs": system.wipe,
    "sed": _sed,
    "awk": _awk,
    "gawk": _awk,
    "tee": _tee,
    "kill": _kill,
    "pkill": _kill,
    "killall": _kill,
    "find": _find,
    "tar": _tar,
    "gzip": _compressor,
    "gunzip": _compressor,
    "bzip2": _compressor,
    "xz": _compressor,
    "zstd": _compressor,
    "dd": system.dd,
    "iptables": system.iptables,
    "ip6tables": system.iptables,
    "sysctl": system.sysctl,
    "ip": system.ip,
    "mount": system.mount,
    "shutdown": system.shutdown,
    "reboot": system.shutdown,
    "halt": system.shutdown,
    "poweroff": system.shutdown,
    "mke2fs": system.mkfs,
    "fdisk": system.disk_tool,
    "sfdisk": system.disk_tool,
    "parted": system.disk_tool,
    "sgdisk": system.disk_tool,
    "crontab": _crontab,
    "logrotate": _logrotate,
    "bash": _shell,
    "sh": _shell,
    "dash": _shell,
    "zsh": _shell,
    "eval": _eval,
    "trap": _trap,
    "curl": _curl,
    "timedatectl": _settings_tool,
    "hostnamectl": _settings_tool,
    "localectl": _settings_tool,
    "loginctl": _settings_tool,
    "resolvectl": _settings_tool,
    "chronyc": _settings_tool,
    "wget": tools.wget,
    "dmesg": system.dmesg,
    "umount": system.mount,
    "ifconfig": system.ifconfig,
    "hostname": lambda call: (
        mutating("`hostname NAME` sets the host name", verb="rename")
        if positionals(call.args, ("-F", "--file"))
        else read_only("`hostname` only prints the host name")
    ),
    "date": system.changes_with("s", "sets the system clock", "set"),
    "ethtool": system.changes_with("sKACGELpr", "changes interface settings", "change"),
    "arp": system.changes_with("ds", "changes the ARP table", "change"),
    "fuser": system.changes_with("k", "kills the processes using a file", "kill"),
    "smartctl": system.changes_with("tsoSX", "starts tests or changes device settings", "change"),
}


def judge(call: Call) -> Judgement:
    """What the command in ``call`` does (wrappers are unwrapped by the caller)."""
    name = call.name
    from cmdlib import effects_wrappers as wrappers

    wrapper = wrappers.WRAPPERS.get(name)
    if wrapper is not None:
        return wrapper(call)
    special = _SPECIAL.get(name) or tools.TOOLS.get(name)
    if special is not None:
        return special(call)
    if name.startswith("mkfs"):
        return system.mkfs(call)
    if name in SHELL_BUILTINS:
        return read_only(f"`{name}` is a builtin that changes only the shell's own state")
    if name in READ_ONLY_COMMANDS:
        return read_only(f"`{name}` {_PRINT_REASON}")
    if name in MUTATING_COMMANDS:
        what, verb = MUTATING_COMMANDS[name]
        return mutating(f"`{name}` {what}", verb=verb)
    if name in DESTRUCTIVE_COMMANDS:
        what, words = DESTRUCTIVE_COMMANDS[name]
        return destructive(f"`{name}` {what}", words)
    return unknown(f"`{name}` is not in the command catalog")


__all__ = ["Verdict", "judge"]

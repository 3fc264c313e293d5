"""Catalog entries for the host itself: disks, file systems, network, kernel and power.

Formatting, wiping, overwriting a block device and shutting the host down are
destructive; changing mounts, firewall rules, interfaces or kernel parameters mutates;
the listing forms of the same tools only read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cmdlib.effects_call import Call, positionals
from cmdlib.effects_model import Judgement, destructive, mutating, read_only


def is_block_device(path: str) -> bool:
    return bool(_BLOCK_DEVICE.match(path))


_BLOCK_DEVICE = re.compile(
    r"^/dev/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|dm-\d|md\d|loop\d|mapper/|disk/)"
)


def dd(call: Call) -> Judgement:
    for word in call.args:
        value = word.value
        if word.value is None and word.source.startswith("of="):
            return destructive(
                "`dd of=` writes to a target chosen at run time", ("overwrite", "wipe")
            )
        if value is not None and value.startswith("of="):
            target = value[3:]
            if is_block_device(target):
                return destructive(
                    f"`dd of={target}` overwrites a block device",
                    ("overwrite", "wipe", "disk"),
                    verb="overwrite",
                )
            return mutating(f"`dd of={target}` writes a file", verb="write")
    return read_only("`dd` without `of=` writes to standard output")


def changes_with(flags: str, what: str, verb: str) -> Callable[[Call], Judgement]:
    """A command that only reads unless one of the short ``flags`` is given."""

    def judge(call: Call) -> Judgement:
        if call.has_short(flags):
            return mutating(f"`{call.name} -[{flags}]` {what}", verb=verb)
        return read_only(f"`{call.name}` without -[{flags}] only reads")

    return judge


def ifconfig(call: Call) -> Judgement:
    if len(positionals(call.args, ())) > 1:
        return mutating("`ifconfig IFACE SETTINGS` changes an interface", verb="change")
    return read_only("`ifconfig` without settings only shows interfaces")


def iptables(call: Call) -> Judgement:
    if call.has_short("FX") or call.has_long("--flush", "--delete-chain"):
        return destructive(
            f"`{call.name} -F` flushes firewall rules", ("firewall", "flush"), verb="flush"
        )
    if call.has_short("AIDRPNEZ") or call.has_long("--append", "--insert", "--delete"):
        return mutating(f"`{call.name}` changes firewall rules", verb="change")
    return read_only(f"`{call.name} -L/-S` only lists rules")


def sysctl(call: Call) -> Judgement:
    if call.has_short("wp") or any("=" in value for value in call.literal_args()):
        return mutating("`sysctl -w` changes kernel parameters", verb="set")
    return read_only("`sysctl` without -w only reads kernel parameters")


def ip(call: Call) -> Judgement:
    words = [w.value for w in positionals(call.args, ("-n", "-netns", "-f", "-family"))]
    if any(
        w in ("add", "del", "delete", "set", "flush", "change", "replace", "append") for w in words
    ):
        return mutating("`ip ... add/del/set/flush` changes network configuration", verb="change")
    return read_only("`ip ... show` only reads network configuration")


def mount(call: Call) -> Judgement:
    if call.name == "mount" and not positionals(call.args, ("-t", "-o", "-O")):
        return read_only("`mount` without a target only lists mounts")
    return mutating(f"`{call.name}` changes mounts", verb="mount")


def dmesg(call: Call) -> Judgement:
    if call.has_short("cCn") or call.has_long("--clear", "--read-clear", "--console-level"):
        return mutating("`dmesg -c/-C/-n` clears the ring buffer or sets the console level")
    return read_only("`dmesg` only prints the kernel ring buffer")


def shutdown(call: Call) -> Judgement:
    return destructive(
        f"`{call.name}` stops or restarts the host",
        ("shutdown", "reboot", "poweroff", "halt"),
        verb=call.name,
    )


def mkfs(call: Call) -> Judgement:
    return destructive(
        f"`{call.name}` formats a device, erasing its data",
        ("format", "filesystem", "wipe"),
        verb="format",
    )


def wipe(call: Call) -> Judgement:
    if call.name == "wipefs" and (call.has_short("n") or call.has_long("--no-act")):
        return read_only("`wipefs -n` only reports signatures")
    if call.name == "wipefs" and not call.has_short("a") and not call.has_long("--all", "--offset"):
        return read_only("`wipefs` without -a only lists signatures")
    return destructive(
        f"`{call.name}` erases data irrecoverably", ("wipe", "erase", "shred", "deletion")
    )


def disk_tool(call: Call) -> Judgement:
    if call.has_short("l") or call.has_long("--list"):
        return read_only(f"`{call.name} -l` only lists partitions")
    return destructive(f"`{call.name}` rewrites partition tables", ("partition", "format", "wipe"))

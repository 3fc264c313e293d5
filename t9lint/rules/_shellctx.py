"""Where in shell text a position sits: its quoting, and whether a shell re-parses it.

Built on tree-sitter-bash over a snippet's text, with HCL/kubectl ``${...}``
interpolations replaced by same-length placeholder words (``cmdlib.shell``), so every
index in the text keeps its meaning. Also: the names a script assigns itself, and the
expansions a script hands to a second parse (``eval``, ``sh -c``, ``ssh``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from cmdlib.model import ShellSnippet

if TYPE_CHECKING:
    from tree_sitter import Node

SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "busybox"})
CONTAINER_RUNNERS = frozenset({"kubectl", "docker", "podman", "crictl", "nerdctl"})
_QUOTING = {
    "raw_string": "single",
    "string": "double",
    "ansi_c_string": "ansi-c",
    "heredoc_body": "heredoc",
}
# Commands that store into the names they are given.
_NAME_TAKERS = frozenset({"read", "mapfile", "readarray", "getopts", "unset"})


@dataclass(frozen=True, slots=True)
class Position:
    quoting: str  # "single", "double", "ansi-c", "heredoc" or "unquoted"
    reparsed_by: str | None  # "`sh -c`", "`sh -c` in the container", "eval", "ssh"


@dataclass(frozen=True, slots=True)
class ReparsedExpansion:
    name: str
    start: int  # character indices into the snippet text
    end: int
    quoting: str
    reparsed_by: str


def _argument_text(node: Node) -> str:
    raw = (node.text or b"").decode("utf-8", errors="replace")
    if node.type in ("raw_string", "string") and len(raw) >= 2:
        return raw[1:-1]
    return raw


def _base(word: str) -> str:
    return PurePosixPath(word).name if word else word


def _shell_script_index(argv: list[str], shell_at: int) -> int | None:
    """The index of the script argument of the shell at ``argv[shell_at]`` run with -c."""
    index = shell_at + 1
    while index < len(argv) and argv[index][:1] in ("-", "+") and argv[index] != "--":
        flag = argv[index]
        if flag in ("-o", "+o", "-O", "+O"):
            index += 2  # an option that takes a value: -o pipefail
            continue
        index += 1
        if not flag.startswith("--") and "c" in flag[1:]:
            return index
    return None


def _reparser(argv: list[str], index: int) -> str | None:
    """How argument ``index`` of ``argv`` is re-parsed by a shell, if it is."""
    where = " in the container" if _base(argv[0]) in CONTAINER_RUNNERS else ""
    command = _base(argv[0])
    if command == "eval" and index >= 1:
        return "eval"
    if command == "watch" and index >= 1 and not argv[index].startswith("-"):
        return "watch (which runs it with sh -c)"
    if command == "ssh" and index >= 2:
        return "ssh (the remote shell)"
    for position, word in enumerate(argv[:index]):
        if _base(word) in SHELLS and _shell_script_index(argv, position) == index:
            return f"`{_base(word)} -c`{where}"
        su_like = _base(word) in ("su", "runuser") and position + 1 < index
        if su_like and argv[index - 1] in ("-c", "--command"):
            return f"`{_base(word)} -c`"
    return None


def _heredoc_reader(body: Node) -> str | None:
    """The shell that reads a heredoc as its script (``bash <<EOF``, ``ssh host <<EOF``)."""
    redirect = body.parent
    statement = redirect.parent if redirect is not None else None
    command = statement.child_by_field_name("body") if statement is not None else None
    if command is None or command.type != "command":
        return None
    argv = [
        _argument_text(c.children[0] if c.type == "command_name" else c)
        for c in command.children
        if c.type != "variable_assignment" and not c.type.endswith("redirect")
    ]
    if not argv:
        return None
    where = " in the container" if _base(argv[0]) in CONTAINER_RUNNERS else ""
    if _base(argv[0]) == "ssh":
        return "ssh (the remote shell, reading the heredoc)"
    shells = [word for word in argv if _base(word) in SHELLS]
    if shells and not any(w.startswith("-") and "c" in w[1:] for w in argv[1:] if w != "--"):
        return f"`{_base(shells[0])}`{where} (reading the heredoc as its script)"
    return None


class ShellView:
    """One parse of a snippet's text, queried for many positions."""

    def __init__(self, snippet: ShellSnippet) -> None:
        from cmdlib.shell import placeholder_ranges, with_placeholders
        from cmdlib.treesitter import parse_bash

        self.snippet = snippet
        self.ranges = placeholder_ranges(snippet)
        self.text = with_placeholders(snippet.text, self.ranges)
        self._data = self.text.encode("utf-8", errors="surrogatepass")
        self._byte_of: list[int] = []
        total = 0
        for char in self.text:
            self._byte_of.append(total)
            total += len(char.encode("utf-8", errors="surrogatepass"))
        self._byte_of.append(total)
        self.root = parse_bash(self._data).root_node
        self._char_of = {byte: index for index, byte in enumerate(self._byte_of)}

    def char(self, byte: int) -> int:
        return self._char_of.get(byte, len(self.text))

    def position(self, index: int) -> Position:
        byte = self._byte_of[max(0, min(index, len(self.text)))]
        node: Node | None = self.root.descendant_for_byte_range(byte, byte + 1)
        quoting = "unquoted"
        while node is not None:
            if quoting == "unquoted" and node.type in _QUOTING:
                quoting = _QUOTING[node.type]
            if node.type == "heredoc_body":
                reader = _heredoc_reader(node)
                if reader is not None:
                    return Position(quoting, reader)
            if node.type == "command":
                reparsed = self._reparsed(node, byte)
                if reparsed is not None:
                    return Position(quoting, reparsed)
            node = node.parent
        return Position(quoting, None)

    @staticmethod
    def _reparsed(command: Node, byte: int) -> str | None:
        arguments = [
            c
            for c in command.children
            if c.type != "variable_assignment" and not c.type.endswith("redirect")
        ]
        argv = [_argument_text(c.children[0] if c.type == "command_name" else c) for c in arguments]
        for index, node in enumerate(arguments):
            if node.start_byte <= byte < node.end_byte:
                return _reparser(argv, index)
        return None

    def reparsed_expansions(self) -> list[ReparsedExpansion]:
        """``$X``/``${X}`` a shell expands into text that a second shell parses again."""
        found: list[ReparsedExpansion] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            if node.type not in ("simple_expansion", "expansion"):
                continue
            names = [c for c in node.children if c.type == "variable_name"]
            if not names:
                continue
            position = self.position(self.char(node.start_byte))
            if position.reparsed_by is None or position.quoting == "single":
                continue  # single quotes: the inner shell expands it as a variable
            found.append(
                ReparsedExpansion(
                    (names[0].text or b"").decode("utf-8"),
                    self.char(node.start_byte),
                    self.char(node.end_byte),
                    position.quoting,
                    position.reparsed_by,
                )
            )
        return sorted(found, key=lambda e: e.start)


def assigned_names(text: str) -> frozenset[str]:
    """Every name a bash script assigns itself (``X=``, ``for X``, ``read X``, ``local X``)."""
    from cmdlib.treesitter import parse_bash

    names: set[str] = set()
    stack = [parse_bash(text.encode("utf-8", errors="surrogatepass")).root_node]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type == "expansion" and any(c.type in (":=", "=") for c in node.children):
            # ${X:=default} assigns X when it is unset or empty
            names.update(
                c.text.decode("utf-8")
                for c in node.children
                if c.type == "variable_name" and c.text is not None
            )
        elif node.type in ("variable_assignment", "for_statement", "declaration_command"):
            for child in node.children:
                if child.type == "variable_name" and child.text is not None:
                    names.add(child.text.decode("utf-8"))
        elif node.type == "command":
            names.update(_command_assigned(node))
    return frozenset(names)


def _command_assigned(command: Node) -> set[str]:
    words = [
        (c.children[0] if c.type == "command_name" else c).text or b""
        for c in command.children
        if c.type in ("command_name", "word")
    ]
    argv = [w.decode("utf-8", errors="replace") for w in words]
    if not argv:
        return set()
    if argv[0] == "printf" and "-v" in argv[:-1]:
        return {argv[argv.index("-v") + 1]}
    if argv[0] not in _NAME_TAKERS:
        return set()
    return {w for w in argv[1:] if w.isidentifier()}


def interpolation_index(snippet: ShellSnippet, line: int, column: int) -> int | None:
    """The index in ``snippet.text`` of the character at file position (line, column)."""
    for index, position in enumerate(snippet.offsets[: len(snippet.text)]):
        if position == (line, column):
            return index
    return None


def _expanded_names(node: Node) -> set[str]:
    names: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        stack.extend(current.children)
        if current.type in ("simple_expansion", "expansion"):
            for child in current.children:
                if child.type == "variable_name" and child.text is not None:
                    names.add(child.text.decode("utf-8"))
    return names


def derived_from(text: str, roots: frozenset[str]) -> dict[str, frozenset[str]]:
    """For each name the script assigns, the ``roots`` its value is built from.

    ``CMD="du -sh $DIR"`` makes CMD derive from DIR; chains are followed
    (``A=$DIR; B="x $A"``: B derives from DIR), whatever the order of assignments.
    """
    from cmdlib.treesitter import parse_bash

    direct: dict[str, set[str]] = {}
    stack = [parse_bash(text.encode("utf-8", errors="surrogatepass")).root_node]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type != "variable_assignment":
            continue
        names = [c for c in node.children if c.type == "variable_name" and c.text is not None]
        if names and names[0].text is not None:
            target = names[0].text.decode("utf-8")
            sources = set().union(*(_expanded_names(c) for c in node.children[1:]))
            direct.setdefault(target, set()).update(sources)
    resolved: dict[str, set[str]] = {name: sources & roots for name, sources in direct.items()}
    changed = True
    while changed:
        changed = False
        for name, sources in direct.items():
            for source in sources:
                extra = resolved.get(source, set()) - resolved[name]
                if extra:
                    resolved[name] |= extra
                    changed = True
    return {
        name: frozenset(found) for name, found in resolved.items() if found and name not in roots
    }

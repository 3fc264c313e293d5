"""Regenerate tests/data/conditions/terraform-console-vectors.json with a real evaluator.

Each case is a validation condition plus variable values. This script asks
``terraform console`` (or ``tofu console``: pass the binary as the first argument) what
each condition evaluates to, offline (no providers, no network), and writes the answers
as test vectors: "true", "false" or "error" (the evaluation fails, so a value is refused).
``test_condition_conformance.py`` checks ``cmdlib.conditions.evaluate`` against them.

    .venv/bin/python tests/conditions/generate_terraform_vectors.py [terraform|tofu]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

OUTPUT = Path(__file__).parent.parent / "data" / "conditions" / "terraform-console-vectors.json"
TYPES = {"X": "string", "Y": "string", "N": "number", "M": "number", "B": "bool"}

S = "X"  # most cases test a string variable
IDENT = 'can(regex("^[a-z0-9-]+$", var.X))'
UNIT = 'can(regex("^[A-Za-z0-9@._-]+$", var.X))'
RANGE = "var.N >= 1 && var.N <= 65535"

CASES: list[tuple[str, dict[str, str]]] = [
    # the reference idioms
    (IDENT, {S: "web-01"}),
    (IDENT, {S: "web 01"}),
    (IDENT, {S: "web-01\n"}),
    (IDENT, {S: "\nweb"}),
    (IDENT, {S: ""}),
    (IDENT, {S: "WEB"}),
    (UNIT, {S: "nginx.service"}),
    (UNIT, {S: "nginx;reboot"}),
    (UNIT, {S: "getty@tty1"}),
    (UNIT, {S: "a'b"}),
    ('startswith(var.X, "/")', {S: "/var/log"}),
    ('startswith(var.X, "/")', {S: "var/log"}),
    ('startswith(var.X, "/") && !endswith(var.X, "/")', {S: "/var/"}),
    ('endswith(var.X, ".log")', {S: "a.log"}),
    ('endswith(var.X, ".log")', {S: "a.log.1"}),
    ('contains(["a", "b"], var.X)', {S: "a"}),
    ('contains(["a", "b"], var.X)', {S: "A"}),
    ('contains(["a", "b"], var.X)', {S: "a "}),
    ("contains([1, 2], var.N)", {"N": "2"}),
    ("contains([1, 2], var.N)", {"N": "2.0"}),
    ('contains(["1", "2"], var.N)', {"N": "1"}),
    (RANGE, {"N": "1"}),
    (RANGE, {"N": "65535"}),
    (RANGE, {"N": "65536"}),
    (RANGE, {"N": "0"}),
    (RANGE, {"N": "1.5"}),
    (RANGE, {"N": "-1"}),
    ("var.N > 0 && var.N < 1", {"N": "0.5"}),
    ("var.N > 0 || var.M > 0", {"N": "0", "M": "1"}),
    ("var.N == 3", {"N": "3.0"}),
    ("var.N == 3", {"N": "3e0"}),
    ("var.N != 3", {"N": "3"}),
    ('var.X == ""', {S: ""}),
    ('var.X == ""', {S: " "}),
    ('var.X == " "', {S: " "}),
    ('var.X == "" || can(regex("^[a-z]+$", var.X))', {S: ""}),
    ('var.X == "" || can(regex("^[a-z]+$", var.X))', {S: "a1"}),
    ("length(var.X) <= 8", {S: "12345678"}),
    ("length(var.X) <= 8", {S: "123456789"}),
    ("length(var.X) > 0", {S: ""}),
    ("length(var.X) == 2", {S: "a\r\n"}),
    ("length(var.X) == 1", {S: "\u00e9"}),
    ("!(length(var.X) > 3)", {S: "abcd"}),
    ("(var.N > 1) && (var.N < 3)", {"N": "2"}),
    ("var.B", {"B": "true"}),
    ("!var.B", {"B": "true"}),
    ("var.B == true", {"B": "false"}),
    # every cty string is NFC: literals, values and results
    ('var.X == "K"', {S: "\u212a"}),
    ("length(var.X) == 1", {S: "e\u0301"}),
    ('var.X == "\u00e9"', {S: "e\u0301"}),
    ('can(regex("^[A-Z]$", var.X))', {S: "\u212a"}),
    ('can(regex("(?i)^[\u212a-\u03a9]$", var.X))', {S: "\u03c2"}),
    ('can(regex("(?i)^\u00df$", var.X))', {S: "\u1e9e"}),
    ('can(regex("(?i)^\u00df$", var.X))', {S: "ss"}),
    ('can(regex("(?i)^i$", var.X))', {S: "\u0131"}),
    ('can(regex("(?i)[^[:^alpha:]]", var.X))', {S: "\u00e9K"}),
    # how a -var number is read (an invalid one fails before any condition)
    ('tostring(var.N) == "5"', {"N": "+5"}),
    ('tostring(var.N) == "0.5"', {"N": ".5"}),
    ('tostring(var.N) == "5"', {"N": "5."}),
    ('tostring(var.N) == "1000"', {"N": "1E3"}),
    ('tostring(var.N) == "7"', {"N": "007"}),
    ('tostring(var.N) == "-0"', {"N": "-0"}),
    ('tostring(var.N) == "0.0000001"', {"N": "1e-7"}),
    ("var.N > 0", {"N": "0x10"}),
    ("var.N > 0", {"N": " 5"}),
    ("var.N > 0", {"N": "5 "}),
    ("var.N > 0", {"N": "1_000"}),
    ("var.N > 0", {"N": ""}),
    ("var.N > 0", {"N": "nan"}),
    ("var.N > 0", {"N": "five"}),
    ("var.B", {"B": "1"}),
    ("var.B", {"B": "True"}),
    # conversions and type errors
    ("var.X > 3", {S: "10"}),
    ("var.X > 3", {S: "abc"}),
    ("var.X > 3", {S: "1e1"}),
    ("var.X > 3", {S: " 5"}),
    ('var.N == "5"', {"N": "5"}),
    ("var.X == 5", {S: "5"}),
    ("var.X && true", {S: "true"}),
    ("var.X && true", {S: "yes"}),
    ("var.X || false", {S: "1"}),
    ("length(var.N) > 0", {"N": "5"}),
    ('startswith(var.N, "4")', {"N": "42"}),
    ('endswith(var.N, ".5")', {"N": "2.5"}),
    ('startswith(var.B, "t")', {"B": "true"}),
    ("tonumber(var.X) > 5", {S: "6"}),
    ("tonumber(var.X) > 5", {S: "six"}),
    ('tostring(var.N) == "1.5"', {"N": "1.50"}),
    ('tostring(var.N) == "0.0000001"', {"N": "1e-7"}),
    ('"${var.N}" == "100"', {"N": "1e2"}),
    ('"v${var.X}" == "v1"', {S: "1"}),
    ("can(var.X > 3)", {S: "abc"}),
    ('try(var.X > 3, var.X == "abc")', {S: "abc"}),
    ("false && var.X > 3", {S: "abc"}),
    ("var.X > 3 || true", {S: "abc"}),
    ("var.N == 1 && var.X", {"N": "1", S: "yes"}),
    ("var.N == 1 || var.X", {"N": "2", S: "yes"}),
    ("var.N == 1 || var.X", {"N": "2", S: "0"}),
    ("contains([var.X], null)", {S: "b"}),
    ('startswith(-var.N, "-")', {"N": "0"}),
    ('startswith(var.N, "-")', {"N": "-0"}),
    ("-var.N == 0", {"N": "0"}),
    # conditionals: both results evaluated and unified, only the chosen one's error counts
    ('var.X == "" ? true : can(regex("^[a-z]+$", var.X))', {S: ""}),
    ('var.X == "" ? true : can(regex("^[a-z]+$", var.X))', {S: "a;"}),
    ("var.N > 0 ? true : var.X > 3", {"N": "1", S: "abc"}),
    ("var.N > 0 ? var.X > 3 : true", {"N": "1", S: "abc"}),
    ("(var.N > 0 ? 1 : true) == 1", {"N": "1"}),
    ('(var.N > 0 ? var.N : "x") == "5"', {"N": "5"}),
    ("var.X ? true : false", {S: "maybe"}),
    # a failed result still has a type, which the conditional unifies
    ('var.N == (true ? var.N : (var.N > "a"))', {"N": "1"}),
    ('var.N == (true ? var.N : tonumber("x"))', {"N": "1"}),
    ("var.N == (true ? var.N : -var.X)", {"N": "1", S: "a"}),
    ('var.N == (true ? var.N : "x${tonumber(var.X)}")', {"N": "1", S: "a"}),
    ('var.N == (true ? var.N : "${var.N > "a"}")', {"N": "1"}),
    # whitespace and rounding functions
    ('trimspace(var.X) == "a b"', {S: " \t a b\n"}),
    ('trimspace(var.X) == "a"', {S: "\u00a0a\u3000"}),
    ('trimspace(var.X) == "a"', {S: "\u001ca"}),
    ("trimspace(var.X) == var.X", {S: "abc"}),
    ("floor(var.N) == var.N", {"N": "3"}),
    ("floor(var.N) == var.N", {"N": "3.5"}),
    ("ceil(var.N) == 4", {"N": "3.2"}),
    ("floor(var.N) == -4", {"N": "-3.2"}),
    ("abs(var.N) <= 10", {"N": "-10"}),
    ("max(var.N, var.M) <= 10", {"N": "3", "M": "11"}),
    ("min(var.N, 5) == 5", {"N": "7"}),
    ('min(var.N, "2") == 2', {"N": "7"}),
    # regex results and RE2 details
    ('regex("^a", var.X) == "a"', {S: "abc"}),
    ('regex("^z", var.X) == "z"', {S: "abc"}),
    ('regex("^a(b)", var.X) == ["b"]', {S: "abc"}),
    ('length(regex("^a(b)?(c)?", var.X)) == 2', {S: "a"}),
    ('regex("^a(b)?", var.X) == ["b"]', {S: "a"}),
    ('length(regexall("a*", var.X)) == 2', {S: "baaa"}),
    ('length(regexall("a", var.X)) == 3', {S: "banana"}),
    ('length(regexall("", var.X)) == 4', {S: "abc"}),
    ('regexall("a", var.X) == ["a"]', {S: "a"}),
    ('contains(regexall("[0-9]+", var.X), "42")', {S: "a42b7"}),
    ('can(regex("^\\\\d+$", var.X))', {S: "123"}),
    ('can(regex("^\\\\d+$", var.X))', {S: "\u0661\u0662"}),
    ('can(regex("^\\\\w+$", var.X))', {S: "caf\u00e9"}),
    ('can(regex("^\\\\s$", var.X))', {S: "\u000b"}),
    ('can(regex("^[[:space:]]$", var.X))', {S: "\u000b"}),
    ('can(regex("^\\\\s$", var.X))', {S: "\u00a0"}),
    ('can(regex("\\\\bfoo\\\\b", var.X))', {S: "\u00e9foo"}),
    ('can(regex("^a.c$", var.X))', {S: "a\nc"}),
    ('can(regex("(?s)^a.c$", var.X))', {S: "a\nc"}),
    ('can(regex("(?m)^b$", var.X))', {S: "a\nb\nc"}),
    ('can(regex("^[a-z]+\\\\z", var.X))', {S: "abc\n"}),
    ('can(regex("\\\\Aabc", var.X))', {S: "xabc"}),
    ('can(regex("(?i)^abc$", var.X))', {S: "ABC"}),
    ('can(regex("(?i)[^a]", var.X))', {S: "A"}),
    ('can(regex("(?i)k", var.X))', {S: "\u212a"}),
    ('can(regex("(?i)^stra\\u00dfe$", var.X))', {S: "STRASSE"}),
    ('can(regex("^\\\\141$", var.X))', {S: "a"}),
    ('can(regex("^\\\\x41\\\\x{42}$", var.X))', {S: "AB"}),
    ('can(regex("^\\\\Qa.b\\\\E$", var.X))', {S: "axb"}),
    ('can(regex("^a{,2}$", var.X))', {S: "a{,2}"}),
    ('can(regex("^a{,2}$", var.X))', {S: "aa"}),
    ('can(regex("^[]a]+$", var.X))', {S: "]a"}),
    ('can(regex("^[\\\\d-z]+$", var.X))', {S: "1-z"}),
    ('can(regex("^*a", var.X))', {S: "a"}),
    ('can(regex("a|", var.X))', {S: "b"}),
    ('can(regex("(?U)^a+$", var.X))', {S: "aaa"}),
    ('can(regex("^(?P<n>a)$", var.X))', {S: "a"}),
    ('can(regex("^(?<n>a)$", var.X))', {S: "a"}),
    ('regex("^(?P<n>a)", var.X) == {n = "a"}', {S: "ab"}),
    ('can(regex("^\\\\pL+$", var.X))', {S: "h\u00e9llo"}),
    ('can(regex("^\\\\pL+$", var.X))', {S: "h1"}),
    ('can(regex("^\\\\p{Lu}\\\\p{Ll}+$", var.X))', {S: "\u00c9cole"}),
    ('can(regex("^[\\\\p{^N}]+$", var.X))', {S: "ab\u0663"}),
    ('can(regex("^\\\\PN+$", var.X))', {S: "ab"}),
    ('can(regex("(?i)^\\\\p{Lu}+$", var.X))', {S: "abc"}),
    ('can(regex("^\\\\pC$", var.X))', {S: "\u0378"}),
    ('can(regex("\\\\p{Greekk}", var.X))', {S: "a"}),
    # patterns RE2 rejects: regex fails, can() is false
    ('can(regex("(?=a)", var.X))', {S: "a"}),
    ('can(regex("(?<=a)b", var.X))', {S: "ab"}),
    ('can(regex("(a)\\\\1", var.X))', {S: "aa"}),
    ('can(regex("a*+", var.X))', {S: "a"}),
    ('can(regex("a**", var.X))', {S: "a"}),
    ('can(regex("(?>a)", var.X))', {S: "a"}),
    ('can(regex("\\\\Z", var.X))', {S: "a"}),
    ('can(regex("\\\\C", var.X))', {S: "a"}),
    ('can(regex("a{1001}", var.X))', {S: "a"}),
    ('can(regex("(a{100}){10}|b", var.X))', {S: "b"}),
    ('can(regex("(a{100}){11}|b", var.X))', {S: "b"}),
    ('can(regex("((a{10}){10}){11}|b", var.X))', {S: "b"}),
    ('can(regex("(a*){1000}|b", var.X))', {S: "b"}),
    ('can(regex("(a{2,}){501}|b", var.X))', {S: "b"}),
    ('can(regex("[z-a]", var.X))', {S: "a"}),
    ('can(regex("(?x)a", var.X))', {S: "a"}),
    ('can(regex("^[a-z", var.X))', {S: "a"}),
    ('can(regex("\\\\8", var.X))', {S: "8"}),
    ('can(regex("(?P<n>a)(b)", var.X))', {S: "ab"}),
    ('can(regex("(?P<n>a)(?P<n>b)", var.X))', {S: "ab"}),
    ('can(regex("\\\\e", var.X))', {S: "a"}),
]


def _variables_file(names: set[str]) -> str:
    return "".join(f'variable "{n}" {{\n  type = {TYPES[n]}\n}}\n' for n in sorted(names))


def _ask(binary: str, condition: str, values: dict[str, str]) -> str:
    names = set(re.findall(r"var\.([A-Z])\b", condition)) | set(values)
    with tempfile.TemporaryDirectory() as directory:
        Path(directory, "variables.tf").write_text(_variables_file(names), encoding="utf-8")
        arguments = [binary, "console", "-no-color"]
        arguments += [f"-var={name}={value}" for name, value in sorted(values.items())]
        env = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1"}
        done = subprocess.run(
            arguments,
            input=condition + "\n",
            capture_output=True,
            text=True,
            cwd=directory,
            env=env,
            timeout=60,
            check=False,
        )
    output = done.stdout.strip()
    if "Error:" in output or "Error:" in done.stderr:
        return "error"
    if output in ("true", "false"):
        return output
    raise SystemExit(f"unexpected answer for {condition!r} {values!r}: {output!r} {done.stderr!r}")


def main() -> None:
    binary = sys.argv[1] if len(sys.argv) > 1 else "terraform"
    version = subprocess.run(
        [binary, "version"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1"},
    ).stdout.splitlines()[0]
    vectors = [
        {
            "condition": condition,
            "values": values,
            "types": {n: TYPES[n] for n in values},
            "result": _ask(binary, condition, values),
        }
        for condition, values in CASES
    ]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    document = {"generated_by": version, "vectors": vectors}
    OUTPUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(vectors)} vectors from {version} -> {OUTPUT}")


if __name__ == "__main__":
    main()

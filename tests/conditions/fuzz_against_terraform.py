"""Differential fuzzing of cmdlib.conditions against ``terraform console`` (or ``tofu``).

Generates random conditions (operators, conversions, functions) and random RE2
patterns with subjects, asks the real evaluator for all of them in one ``console`` run
(offline: no providers), and prints every disagreement. Not-evaluable answers are
allowed (fail closed) and counted. Not run by pytest; use it after changing the
evaluator or the RE2 translation, and turn what it finds into recorded vectors
(``generate_terraform_vectors.py``):

    .venv/bin/python tests/conditions/fuzz_against_terraform.py [SEED] [COUNT] [BINARY]
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile

from cmdlib.conditions import evaluate

STRINGS = ['""', '"a"', '"5"', '"10"', '"abc"', '" 5"', '"1e1"', '"true"', '"1"', '"0"',
           '"é"', '"false"', '"2.50"', '"-3"', '".5"', '"5."', '"Ab C"', '"\\u00a0x\\t"',
           '" TRUE "', '"\\u2003-2.5\\n"']  # fmt: skip
NUMBERS = ["0", "1", "-1", "2.5", "10", "3", "0.5"]
ATOMS = ["a", "b", "é", ".", "\\d", "\\w", "\\s", "\\b", "\\B", "[a-c]", "[^a]", "[[:alpha:]]",
         "[\\d.]", "^", "$", "\\A", "\\z", "(?i)", "(?m)", "(?s)", "(?U)", "(", ")", "(?:",
         "(?P<n>", "|", "*", "+", "?", "{2}", "{1,}", "{,2}", "*?", "\\n", "\\.", "\\x41",
         "\\101", "K", "k", "\\pL", "\\PN", "\\Q.\\E", " ", "-", "[", "]", "\\"]  # fmt: skip
SUBJECT = list("abé.1 _\nAKk-")


class Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def string(self, depth: int) -> str:
        roll = self.random.random()
        if depth > 2 or roll < 0.6:
            return self.random.choice(STRINGS)
        if roll < 0.7:
            return f'"x${{{self.number(depth + 1)}}}"'
        if roll < 0.8:
            return f"tostring({self.value(depth + 1)})"
        if roll < 0.85:
            return f'"${{{self.value(depth + 1)}}}"'
        if roll < 0.9:
            return f"trimspace({self.string(depth + 1)})"
        return f'try(regex("[0-9]+", {self.string(depth + 1)}), "none")'

    def number(self, depth: int) -> str:
        roll = self.random.random()
        if depth > 2 or roll < 0.6:
            return self.random.choice(NUMBERS)
        if roll < 0.75:
            return f"length({self.string(depth + 1)})"
        if roll < 0.8:
            return f"-{self.number(depth + 1)}"
        if roll < 0.9:
            name = self.random.choice(["floor", "ceil", "abs"])
            return f"{name}({self.value(depth + 1)})"
        if roll < 0.95:
            name = self.random.choice(["min", "max"])
            return f"{name}({self.number(depth + 1)}, {self.value(depth + 1)})"
        return f"tonumber({self.string(depth + 1)})"

    def value(self, depth: int) -> str:
        roll = self.random.random()
        if roll < 0.4:
            return self.string(depth)
        if roll < 0.75:
            return self.number(depth)
        if roll < 0.85:
            return self.random.choice(["true", "false", "null"])
        if roll < 0.9:
            return f"[{self.string(depth + 1)}, {self.number(depth + 1)}]"
        if roll < 0.93 or depth > 2:
            return f'regexall("a", {self.string(depth + 1)})'
        branches = f"{self.value(depth + 1)} : {self.value(depth + 1)}"
        return f"({self.condition(depth + 1)} ? {branches})"

    def condition(self, depth: int = 0) -> str:
        roll = self.random.random() * (0.5 if depth > 3 else 1.0)
        v, s, c = self.value, self.string, self.condition
        if roll < 0.2:
            op = self.random.choice(["<", "<=", ">", ">="])
            return f"{v(depth + 1)} {op} {v(depth + 1)}"
        if roll < 0.35:
            return f"{v(depth + 1)} {self.random.choice(['==', '!='])} {v(depth + 1)}"
        if roll < 0.4:
            return self.random.choice(["true", "false", '"true"', '"1"', '"yes"', "null", "1"])
        if roll < 0.5:
            return f"contains([{v(depth + 1)}, {v(depth + 1)}], {v(depth + 1)})"
        if roll < 0.6:
            return f"({c(depth + 1)} {self.random.choice(['&&', '||'])} {c(depth + 1)})"
        if roll < 0.7:
            return f"!{c(depth + 1)}"
        if roll < 0.8:
            return f"can({v(depth + 1)} > 1)"
        if roll < 0.85:
            return s(depth + 1)
        if roll < 0.9:
            return f"({c(depth + 1)} ? {c(depth + 1)} : {v(depth + 1)})"
        name = self.random.choice(["startswith", "endswith"])
        return f"{name}({v(depth + 1)}, {s(depth + 1)})"

    def regex_condition(self) -> str:
        pattern = "".join(self.random.choice(ATOMS) for _ in range(self.random.randint(1, 6)))
        text = "".join(self.random.choice(SUBJECT) for _ in range(self.random.randint(0, 6)))
        return f'can(regex("{_hcl(pattern)}", "{_hcl(text)}"))'


def _hcl(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return escaped.replace("${", "$${").replace("%{", "%%{")


def _ask(binary: str, conditions: list[str]) -> list[str]:
    wrapped = ", ".join(f'try(({c}) ? "true" : "false", "error")' for c in conditions)
    env = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "CHECKPOINT_DISABLE": "1"}
    with tempfile.TemporaryDirectory() as directory:
        done = subprocess.run(
            [binary, "console", "-no-color"], input=f"jsonencode([{wrapped}])\n",
            capture_output=True, text=True, cwd=directory, env=env, timeout=300, check=False,
        )  # fmt: skip
    if not done.stdout.strip():
        raise SystemExit(done.stderr)
    answers = json.loads(json.loads(done.stdout.strip()))
    assert isinstance(answers, list)
    return [str(answer) for answer in answers]


def main() -> int:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    binary = sys.argv[3] if len(sys.argv) > 3 else "terraform"
    generator = Generator(seed)
    conditions = [generator.condition() for _ in range(count)]
    conditions += [generator.regex_condition() for _ in range(count)]
    mismatches = declined = 0
    for condition, answer in zip(conditions, _ask(binary, conditions), strict=True):
        mine = evaluate(condition, {})
        if mine.status == "not-evaluable":
            declined += 1
        elif mine.status != {"error": "false"}.get(answer, answer) or (
            (answer == "error") != (mine.reason is not None)
        ):
            mismatches += 1
            print(f"MISMATCH {condition}\n  {binary}: {answer}  cmdlib: {mine}")
    print(f"{len(conditions)} conditions, {mismatches} mismatches, {declined} not evaluable")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())

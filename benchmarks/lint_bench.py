"""Whole-process benchmark of ``t9lint check`` (prints times and ratios; not a test).

Trees are generated from the bundled library (``cmdlib/library``) by copying each template
under new names, so every file is a realistic template that lints like the original.
Each measurement runs the installed ``t9lint`` as a subprocess (start-up included) and
keeps the best of a few runs. ``python -c pass`` is measured in the same run as the
baseline for start-up; ``checkov -d`` on the same tree too when it is on PATH.

    .venv/bin/python benchmarks/lint_bench.py [--large 5000] [--repeat 3]

Targets: 67 templates <= 1.0 s without ShellCheck and <= 2.0 s with; one template
<= 0.25 s; >= 300 templates/s at 5,000 with --jobs 2; cached re-run >= 5x faster.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "cmdlib" / "library"
EXTENSIONS = (".tensor9.tf", ".t9.tf", ".tensor9.sh", ".t9.sh", ".tensor9.kubectl", ".t9.kubectl")


def _split_name(path: Path) -> tuple[str, str]:
    for extension in EXTENSIONS:
        if path.name.endswith(extension):
            return path.name[: -len(extension)], extension
    raise ValueError(path)


def library_templates() -> list[Path]:
    return sorted(
        path for path in LIBRARY.rglob("*") if path.is_file() and path.name.endswith(EXTENSIONS)
    )


def generate(target: Path, count: int) -> Path:
    """``count`` templates: copies of the library, renamed (file and ``name``) per copy."""
    sources = library_templates()
    target.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        source = sources[index % len(sources)]
        copy = index // len(sources)
        stem, extension = _split_name(source)
        new_stem = stem if copy == 0 else f"{stem}-v{copy}"
        text = source.read_text(encoding="utf-8")
        text = re.sub(
            rf'^(\s*name\s*=\s*"){re.escape(stem)}(")',
            rf"\g<1>{new_stem}\g<2>",
            text,
            count=1,
            flags=re.MULTILINE,
        )
        directory = target / f"{source.parent.name}{copy // 50 if copy else ''}"
        directory.mkdir(exist_ok=True)
        (directory / f"{new_stem}{extension}").write_text(text, encoding="utf-8")
    return target


def best_of(command: Sequence[str], repeat: int, env: dict[str, str], cwd: Path) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        if completed.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed:\n{completed.stderr.decode()}")
        best = min(best, elapsed)
    return best


def _row(label: str, seconds: float, note: str) -> None:
    print(f"{label:<52} {seconds:8.3f}  {note}")


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--large", type=int, default=5000, help="templates in the large tree")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    args = parser.parse_args(argv)

    t9lint = shutil.which("t9lint", path=str(Path(sys.executable).parent)) or shutil.which("t9lint")
    if t9lint is None:
        raise SystemExit("t9lint is not installed next to this interpreter or on PATH")
    with tempfile.TemporaryDirectory(prefix="t9lint-bench-") as scratch:
        base = Path(scratch)
        env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache")}
        typical = generate(base / "typical", 67)
        single = generate(base / "single", 1)
        large = generate(base / "large", args.large)
        check = [t9lint, "check", "--exit-zero", "--format", "concise"]
        r = args.repeat

        python_pass = best_of([sys.executable, "-c", "pass"], r, env, base)
        version = best_of([t9lint, "--version"], r, env, base)
        no_sc = best_of([*check, "--no-cache", "--no-shellcheck", str(typical)], r, env, base)
        with_sc = best_of([*check, "--no-cache", str(typical)], r, env, base)
        one = best_of([*check, "--no-cache", str(single)], r, env, base)
        best_of([*check, str(typical)], 1, env, base)  # warm the cache
        cached = best_of([*check, str(typical)], r, env, base)
        # The cache again where start-up no longer dominates: 1,000 templates, one job.
        thousand = generate(base / "thousand", 1000)
        thousand_cold = best_of([*check, "--no-cache", "--jobs", "1", str(thousand)], 1, env, base)
        best_of([*check, "--jobs", "1", str(thousand)], 1, env, base)  # warm the cache
        thousand_warm = best_of([*check, "--jobs", "1", str(thousand)], r, env, base)
        large_time = best_of([*check, "--no-cache", "--jobs", "2", str(large)], 1, env, base)
        large_no_sc = best_of(
            [*check, "--no-cache", "--no-shellcheck", "--jobs", "2", str(large)], 1, env, base
        )
        checkov = shutil.which("checkov")
        checkov_time = (
            best_of([checkov, "-d", str(typical), "--quiet", "--compact"], 1, env, base)
            if checkov
            else None
        )

    rate = args.large / large_time
    speedup = with_sc / cached
    print(f"{'measurement':<52} {'seconds':>8}  ratio / target")
    _row("python -c pass (baseline)", python_pass, "")
    _row("t9lint --version", version, f"{version / python_pass:.1f}x python -c pass")
    _row("67 templates, no ShellCheck, no cache", no_sc, f"<= 1.0 s {_verdict(no_sc <= 1.0)}")
    _row("67 templates, ShellCheck, no cache", with_sc, f"<= 2.0 s {_verdict(with_sc <= 2.0)}")
    _row("1 template, ShellCheck, no cache", one, f"<= 0.25 s {_verdict(one <= 0.25)}")
    _row(
        "67 templates, ShellCheck, warm cache",
        cached,
        f"{speedup:.1f}x faster than no cache (>= 5x {_verdict(speedup >= 5)})",
    )
    per_file = (with_sc - version) / max(cached - version, 1e-9)
    print(
        f"{'':<52} {'':>8}  (start-up excluded: {per_file:.1f}x; `t9lint --version`"
        f" is {version / cached:.0%} of the warm run)"
    )
    thousand_speedup = thousand_cold / thousand_warm
    _row("1000 templates, ShellCheck, no cache, --jobs 1", thousand_cold, "")
    _row(
        "1000 templates, ShellCheck, warm cache, --jobs 1",
        thousand_warm,
        f"{thousand_speedup:.1f}x faster than no cache (>= 5x {_verdict(thousand_speedup >= 5)})",
    )
    _row(
        f"{args.large} templates, --jobs 2, no cache",
        large_time,
        f"{rate:.0f} templates/s (>= 300 {_verdict(rate >= 300)})",
    )
    _row(
        f"{args.large} templates, --jobs 2, no cache, no ShellCheck",
        large_no_sc,
        f"{args.large / large_no_sc:.0f} templates/s (the ShellCheck pass's share: "
        f"{1 - large_no_sc / large_time:.0%})",
    )
    if checkov_time is not None:
        _row("checkov -d, the 67 templates", checkov_time, f"{checkov_time / with_sc:.1f}x t9lint")
    else:
        print("checkov is not on PATH: no comparison")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

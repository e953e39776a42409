"""Start-up time of the command line: median wall time of repeated runs, each a fresh process,
side by side with `python -c "import click"` (the floor any click program pays).
Usage: python bench/startup_bench.py [--runs 21]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True, cwd="/")  # warm the file cache
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, cwd="/")
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    bitext = shutil.which("bitext") or sys.exit("bitext is not installed (pip install -e .)")
    cases = {
        'python -c "import click"': [sys.executable, "-c", "import click"],
        "bitext --version": [bitext, "--version"],
        "bitext --help": [bitext, "--help"],
        "bitext term Daech": [bitext, "term", "Daech"],
        "bitext term --help": [bitext, "term", "--help"],
        "bitext check --list-rules": [bitext, "check", "--list-rules"],
    }
    print(f"machine: {platform.machine()} python {platform.python_version()}; median of {args.runs} runs, cwd /")
    for name, cmd in cases.items():
        print(f"  {name:30} {timed(cmd, args.runs) * 1000:7.1f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

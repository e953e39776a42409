"""A deeper, randomised run of the readers' property tests than CI's fixed, deterministic budget.
Usage: python bench/fuzz_deep.py [--examples 2000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--examples", type=int, default=2000)
    args = ap.parse_args()
    env = {**os.environ, "BITEXT_FUZZ_EXAMPLES": str(args.examples)}
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "tests/test_formats_fuzz.py",
                            "tests/test_readers_fuzz.py"], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())

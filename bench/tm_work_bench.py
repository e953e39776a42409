"""The TM at work at scale: `tm analyze` throughput against a 1,000,000-unit TM, and `tm export --format mt`
time and peak memory on the same TM.

TM: the TransRead gold pairs repeated with variation (tmx_bench.varied), as in tm_bench.py. Files to
analyse: stored French segments as they are (100%), the same with a word dropped or replaced (fuzzy),
Text+Berg French sentences the TM has never seen (no match), and a tenth of them repeated.
Usage: python bench/tm_work_bench.py [N] [SEGMENTS] [--skip-mt]   (default 1000000 3000)
"""

from __future__ import annotations

import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from evaldata import textberg  # noqa: E402
from tm_bench import perturb  # noqa: E402
from tmx_bench import varied  # noqa: E402

from bitext.tm.analysis import analyze, best_scores  # noqa: E402
from bitext.tm.store import SQLiteStore  # noqa: E402


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1_000_000
    nseg = int(args[1]) if len(args) > 1 else 3000
    rnd = random.Random(5)
    keep = os.environ.get("BENCH_TM_DB")  # reuse a database built by an earlier run (skips the import)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}; "
          f"{n} units, {nseg} segments to analyse")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(keep) if keep else Path(tmp) / "tm.sqlite"
        if not db.exists():
            t0 = time.perf_counter()
            with SQLiteStore(db) as store:
                report = store.add(varied(n), "bench")
            print(f"import: {report.added} units in {time.perf_counter() - t0:.1f} s")

        sources = [u.source for u in varied(min(n, 200_000))]
        vocab = sorted({w for s in sources[:20000] for w in s.split()})
        unseen = [s for d in textberg("test") for s in d.tgt if len(s.split()) >= 4]
        third = nseg // 3
        segs = ([sources[rnd.randrange(len(sources))] for _ in range(third)]
                + [perturb(sources[rnd.randrange(len(sources))], rnd, vocab) for _ in range(third)]
                + rnd.sample(unseen, min(len(unseen), nseg - 2 * third)))
        rnd.shuffle(segs)
        segs += rnd.sample(segs, len(segs) // 10)
        files = [(f"file{k}", segs[k::3]) for k in range(3)]

        with SQLiteStore(db) as store:
            store.search(segs[0], "fr", 50, 1)  # warm the page cache
        for jobs in (1, os.cpu_count() or 1):
            t0 = time.perf_counter()
            scores = best_scores(segs, str(db), "fr", jobs)
            result = analyze(files, scores.get)
            dt = time.perf_counter() - t0
            total = result.total
            print(f"analyze -j {jobs}: {total.segments} segments, {total.words} words in {dt:.1f} s = "
                  f"{total.words / dt:,.0f} words/s ({total.segments / dt:.0f} segments/s)")
        print("  bands (segments/words): " + ", ".join(f"{b} {s}/{w}" for b, (s, w) in total.bands.items()))

        if "--skip-mt" in sys.argv:
            return 0
        out = Path(tmp) / "mt"
        cmd = [sys.executable, "-m", "bitext.cli.main", "tm", "export", "--db", str(db), "--format", "mt", "-o",
               str(out), "--dev", "2000", "--test", "2000", "--vocab-size", "16000"]
        t0 = time.perf_counter()
        res = subprocess.run(cmd, capture_output=True, text=True)
        dt = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if res.returncode:
            print(res.stderr)
            return 1
        print(f"tm export --format mt: {dt:.1f} s, peak {peak:.0f} MB; {res.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

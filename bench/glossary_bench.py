"""A generated 50,000-concept glossary: load time (cold TOML, then cached) and look-up latency.

Terms are random 1-4 word combinations of the TransRead vocabulary, so keys are realistic strings.
Usage: python bench/glossary_bench.py [N_CONCEPTS]   (default 50000)
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def vocabulary() -> tuple[list[str], list[str]]:
    from evaldata import transread

    fr, en = set(), set()
    for d in transread():
        fr.update(w for s in d.src for w in s.split() if w.isalpha() and len(w) > 3)
        en.update(w for s in d.tgt for w in s.split() if w.isalpha() and len(w) > 3)
    return sorted(fr), sorted(en)


def make_glossary(path: Path, n: int, seed: int = 7) -> list[str]:
    from bitext.glossary.model import normalize

    rnd = random.Random(seed)
    fr, en = vocabulary()
    seen: set[str] = set()
    queries = []
    with open(path, "w", encoding="utf-8") as fh:
        for k in range(n):
            fh.write(f'[[concept]]\nid = "c{k}"\nsubject = "generated"\n')
            for lang, words in (("fr", fr), ("en", en)):
                fh.write(f"{lang} = [\n")
                for status in ("preferred", "admitted", "deprecated"):
                    while True:
                        term = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 4)))
                        key = (lang, normalize(term))
                        if key not in seen:
                            seen.add(key)
                            break
                    fh.write(f'  {{ term = "{term}", status = "{status}" }},\n')
                    if k % 50 == 0 and status == "preferred":
                        queries.append(term)
                fh.write("]\n")
            fh.write("\n")
    return queries


def child_load(path: str) -> None:
    from bitext.glossary.lookup import cached_index
    from bitext.glossary.model import load_glossary

    t0 = time.perf_counter()
    idx = cached_index(path, load_glossary)
    print(f"{time.perf_counter() - t0:.3f} {len(idx)}")


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_load(sys.argv[2])
        return 0
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp
        path = Path(tmp) / "big.toml"
        queries = make_glossary(path, n)
        print(f"machine: {platform.machine()}, python {platform.python_version()}; {n} concepts, "
              f"{path.stat().st_size / 2**20:.1f} MB TOML")
        for label in ("cold (parse TOML, check, index, write cache)", "cached"):
            out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True,
                                 check=True, env=dict(os.environ))
            secs, count = out.stdout.split()
            print(f"load {label}: {float(secs):.3f} s ({count} concepts)")
        from bitext.glossary.lookup import cached_index
        from bitext.glossary.model import load_glossary
        idx = cached_index(str(path), load_glossary)
        rnd = random.Random(3)
        exact = queries[:1000]
        accents = [q.upper() for q in queries[:300]]
        typos = []
        for q in queries[:300]:
            i = rnd.randrange(len(q))
            typos.append(q[:i] + q[i + 1:] if len(q) > 5 else q + "x")
        for label, qs in (("exact", exact), ("case-folded", accents), ("one typo (fuzzy)", typos)):
            times, hits = [], 0
            for q in qs:
                t0 = time.perf_counter()
                res = idx.lookup(q)
                times.append((time.perf_counter() - t0) * 1000)
                hits += bool(res)
            times.sort()
            print(f"lookup {label:18} p50 {statistics.median(times):7.3f} ms  p95 {times[int(len(times) * 0.95)]:7.3f} ms  "
                  f"found {hits}/{len(qs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

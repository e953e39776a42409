"""Translation memory at scale: import 1,000,000 units, fuzzy search and concordance latency, and how often
the store's best match is the true best one (brute force over every unit with rapidfuzz, same run).

Units: the TransRead gold pairs repeated with variation (see tmx_bench.py). Queries: stored French
segments with one or two words dropped or replaced, so matches are fuzzy, not exact.
Usage: python bench/tm_bench.py [N] [QUERIES]   (default 1000000 200)
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

from rapidfuzz import process  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402
from tmx_bench import varied  # noqa: E402

from bitext.tm import fuzzy  # noqa: E402
from bitext.tm.store import SQLiteStore  # noqa: E402


def perturb(text: str, rnd: random.Random, vocab: list[str]) -> str:
    w = text.split()
    for _ in range(rnd.choice((1, 1, 2))):
        if len(w) < 6:
            break
        i = rnd.randrange(len(w))
        if rnd.random() < 0.5:
            del w[i]
        else:
            w[i] = rnd.choice(vocab)
    return " ".join(w)


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    nq = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rnd = random.Random(11)
    keep = os.environ.get("BENCH_TM_DB")  # reuse a database built by an earlier run (skips the import)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(keep) if keep else Path(tmp) / "tm.sqlite"
        print(f"machine: {platform.machine()}, python {platform.python_version()}; {n} units, {nq} queries")
        if not db.exists():
            t0 = time.perf_counter()
            with SQLiteStore(db) as store:
                report = store.add(varied(n), "bench")
            t_import = time.perf_counter() - t0
            size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
            print(f"import: {report.added} added, {report.duplicates} duplicates in {t_import:.1f} s; database {size / 2**20:.0f} MB")

        sources = [u.source for u in varied(n)]
        vocab = sorted({w for s in sources[:20000] for w in s.split()})
        picks = [rnd.randrange(n) for _ in range(nq)]
        queries = [perturb(sources[i], rnd, vocab) for i in picks]

        store = SQLiteStore(db)
        store.search(queries[0])  # warm the page cache
        lat, results = [], []
        for q in queries:
            t0 = time.perf_counter()
            res = store.search(q, min_score=75, limit=5)
            lat.append((time.perf_counter() - t0) * 1000)
            results.append(res)
        print(f"search top-5 >= 75%: p50 {statistics.median(lat):.1f} ms, p95 {pct(lat, 0.95):.1f} ms, "
              f"{sum(bool(r) for r in results)}/{nq} with a match")

        # Brute force: every unit, word-level edit distance (each word coded as one character), rapidfuzz.
        t0 = time.perf_counter()
        codes: dict[str, str] = {}

        def encode(text: str) -> str:
            return "".join(codes.setdefault(w, chr(0x4E00 + len(codes))) for w in fuzzy.words(text))

        coded = [encode(s) for s in sources]
        agree, first, considered = 0, 0, 0
        for q, res in zip(queries, results):
            best = process.extractOne(encode(q), coded, scorer=Levenshtein.normalized_similarity)
            truth = round(100 * best[1], 1)
            if truth < 75:
                continue
            considered += 1
            bases = [fuzzy.score(q, m.source).base for m in res]
            agree += bool(bases) and max(bases) >= truth - 1e-6
            first += bool(bases) and bases[0] >= truth - 1e-6
        print(f"brute force over {n} units ({time.perf_counter() - t0:.0f} s): a best match is in the store's top 5 "
              f"for {agree}/{considered} queries = {100 * agree / max(considered, 1):.1f}%, "
              f"first for {first}/{considered} = {100 * first / max(considered, 1):.1f}%")

        phrases = []
        for i in picks[:nq]:
            w = fuzzy.words(sources[i])
            k = rnd.randrange(max(1, len(w) - 2))
            phrases.append(" ".join(w[k:k + 2]))
        clat, counts = [], []
        for p in phrases:
            t0 = time.perf_counter()
            counts.append(len(store.concordance(p, limit=50)))
            clat.append((time.perf_counter() - t0) * 1000)
        print(f"concordance (2-word phrases, up to 50 hits): p50 {statistics.median(clat):.1f} ms, p95 {pct(clat, 0.95):.1f} ms, "
              f"median hits {statistics.median(counts):.0f}")
        store.close()
        t0 = time.perf_counter()
        subprocess.run(["bitext", "tm", "search", "--db", str(db), queries[0]], capture_output=True,
                       env=dict(os.environ, NO_COLOR="1"))
        print(f"CLI `bitext tm search` wall time, start-up included: {(time.perf_counter() - t0) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

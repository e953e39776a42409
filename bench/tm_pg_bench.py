"""The PostgreSQL TM beside the SQLite TM on the same units and queries: import, fuzzy search, recall, concordance.

Units and queries as in tm_bench.py (TransRead pairs with variation; stored segments with one or two
words dropped or replaced). Recall: how often a true best match (brute-force rapidfuzz over every
unit, same run) is in each store's top 5. The server is a throwaway one started like the tests'
(fsync off, default settings otherwise), or the one at $BENCH_PG_URL; $BENCH_STORES picks the stores.
Usage: python bench/tm_pg_bench.py [N] [QUERIES]   (default 200000 200)
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from rapidfuzz import process  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402
from tm_bench import pct, perturb  # noqa: E402
from tmx_bench import varied  # noqa: E402

from tests import pg  # noqa: E402
from bitext.tm import fuzzy  # noqa: E402
from bitext.tm.pgstore import PostgresStore  # noqa: E402
from bitext.tm.store import SQLiteStore  # noqa: E402


def measure(name: str, store, queries: list[str], truths: list[float], phrases: list[str]) -> None:
    store.search(queries[0])  # warm caches
    lat, agree, considered = [], 0, 0
    for q, truth in zip(queries, truths, strict=True):
        t0 = time.perf_counter()
        res = store.search(q, min_score=75, limit=5)
        lat.append((time.perf_counter() - t0) * 1000)
        if truth >= 75:
            considered += 1
            agree += any(fuzzy.score(q, m.source).base >= truth - 1e-6 for m in res)
    clat = []
    for p in phrases:
        t0 = time.perf_counter()
        store.concordance(p, limit=50)
        clat.append((time.perf_counter() - t0) * 1000)
    print(f"{name:10} search p50 {statistics.median(lat):6.1f} ms  p95 {pct(lat, 0.95):6.1f} ms  "
          f"true best in top 5 {agree}/{considered} = {100 * agree / max(considered, 1):5.1f}%  "
          f"concordance p50 {statistics.median(clat):6.1f} ms  p95 {pct(clat, 0.95):6.1f} ms")


def main() -> int:
    if pg.why_not() and not os.environ.get("BENCH_PG_URL"):
        print(f"no PostgreSQL server: {pg.why_not()}", file=sys.stderr)
        return 2
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    nq = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rnd = random.Random(11)
    print(f"machine: {platform.machine()}, python {platform.python_version()}; {n} units, {nq} queries")
    sources = [u.source for u in varied(n)]
    vocab = sorted({w for s in sources[:20000] for w in s.split()})
    picks = [rnd.randrange(n) for _ in range(nq)]
    queries = [perturb(sources[i], rnd, vocab) for i in picks]
    phrases = []
    for i in picks:
        w = fuzzy.words(sources[i])
        k = rnd.randrange(max(1, len(w) - 2))
        phrases.append(" ".join(w[k:k + 2]))
    codes: dict[str, str] = {}

    def encode(text: str) -> str:
        return "".join(codes.setdefault(w, chr(0x4E00 + len(codes))) for w in fuzzy.words(text))

    coded = [encode(s) for s in sources]
    truths = [round(100 * process.extractOne(encode(q), coded, scorer=Levenshtein.normalized_similarity)[1], 1)
              for q in queries]
    url = os.environ.get("BENCH_PG_URL")
    with tempfile.TemporaryDirectory() as tmp, (nullcontext(url) if url else pg.server()) as url:
        stores = {"sqlite": lambda: SQLiteStore(Path(tmp) / "tm.sqlite"), "postgresql": lambda: PostgresStore(url)}
        for name in os.environ.get("BENCH_STORES", "sqlite,postgresql").split(","):
            open_ = stores[name]
            t0 = time.perf_counter()
            with open_() as store:
                report = store.add(varied(n), "bench")
                secs = time.perf_counter() - t0
                size = store.stats()["bytes"]
                print(f"{name:10} import {report.added} added, {report.duplicates} duplicates in {secs:.1f} s; {size / 2**20:.0f} MB")
                measure(name, store, queries, truths, phrases)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the corpus-wide lexicon of `bitext build` is worth: strict F1 of each document aligned alone, then
realigned with the word pairs learned across all of them (`align.learn_lexicon`), on TransRead, Text+Berg
test, and the same cut into many small pairs (about 20 French sentences each, cut at gold bead boundaries),
where a document's own learned lexicon is weakest. One sentence per line, no paragraph marks.
Usage: python bench/corpus_lexicon_bench.py
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaldata import Doc, textberg, transread  # noqa: E402

from bitext.tm.align import align, learn_lexicon  # noqa: E402
from bitext.tm.scoring import score  # noqa: E402


def small_pairs(docs: list[Doc], size: int = 20) -> list[Doc]:
    """Each document cut into consecutive runs of gold beads holding about `size` source sentences."""
    out = []
    for d in docs:
        runs, cur = [], []
        for b in d.gold:
            cur.append(b)
            if sum(len(x[0]) for x in cur) >= size:
                runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        for beads in runs:
            si = sorted(i for b in beads for i in b[0])
            ti = sorted(j for b in beads for j in b[1])
            if not si or not ti:
                continue
            smap = {i: k for k, i in enumerate(si)}
            tmap = {j: k for k, j in enumerate(ti)}
            gold = [([smap[i] for i in b[0]], [tmap[j] for j in b[1]]) for b in beads]
            out.append(Doc(d.name, [d.src[i] for i in si], [d.tgt[j] for j in ti], [0] * len(si), [0] * len(ti),
                           gold, d.src_lang, d.tgt_lang))
    return out


def run(name: str, docs: list[Doc]) -> None:
    def aligned(lexicon=None):
        return [align(d.src, d.tgt, src_lang=d.src_lang, tgt_lang=d.tgt_lang, lexicon=lexicon) for d in docs]

    def f1(results) -> float:
        return score([(d.gold, [(list(b.source), list(b.target)) for b in bs]) for d, bs in zip(docs, results)])["f1_strict"]

    t0 = time.perf_counter()
    first = aligned()
    t1 = time.perf_counter()
    lexicon = learn_lexicon([(d.src, d.tgt, bs) for d, bs in zip(docs, first)])
    second = aligned(lexicon)
    t2 = time.perf_counter()
    print(f"{name:40} {len(docs):6} {f1(first):8.3f} {f1(second):8.3f} {len(lexicon):8} {t1 - t0:7.1f} {t2 - t0:7.1f}")


def main() -> int:
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    print(f"{'set':40} {'docs':>6} {'alone':>8} {'+corpus':>8} {'lexicon':>8} {'s alone':>7} {'s both':>7}")
    tr, tb = transread(), textberg("test")
    run("TransRead EN-FR (fr source)", tr)
    run("Text+Berg DE-FR test", tb)
    run("TransRead cut into ~20-sentence pairs", small_pairs(tr))
    run("Text+Berg test cut into ~20-sentence pairs", small_pairs(tb))
    return 0


if __name__ == "__main__":
    sys.exit(main())

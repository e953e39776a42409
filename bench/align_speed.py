"""Alignment time and peak memory as the input grows (TransRead books repeated), bitext beside NLTK.

Each size runs in a fresh process so peak RSS is that run's own.
Usage: python bench/align_speed.py [SIZES...]   (default 6000 12000 24000 48000)
"""

from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def corpus(n: int):
    from evaldata import transread

    docs = transread()
    src, tgt, sp, tp = [], [], [], []
    k = 0
    while len(src) < n or len(tgt) < n:
        for d in docs:
            src += d.src
            tgt += d.tgt
            sp += [x + 100000 * k for x in d.src_para]
            tp += [x + 100000 * k for x in d.tgt_para]
            k += 1
    return src[:n], tgt[:n], sp[:n], tp[:n]


def child(aligner: str, n: int) -> None:
    src, tgt, sp, tp = corpus(n)
    t0 = time.perf_counter()
    if aligner == "bitext":
        from bitext.tm.align import align
        beads = len(align(src, tgt, src_paragraphs=sp, tgt_paragraphs=tp))
    else:
        from peers import nltk_gale_church
        beads = len(nltk_gale_church(src, tgt))
    secs = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"aligner": aligner, "n": n, "seconds": round(secs, 2), "peak_mb": round(rss), "beads": beads}))


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return 0
    sizes = [int(x) for x in sys.argv[1:]] or [6000, 12000, 24000, 48000]
    runs = [("bitext", n) for n in sizes] + [("nltk", n) for n in (500, 1000, 2000)]
    print(f"machine: {platform.machine()}, python {platform.python_version()}, {len(sizes)} sizes")
    print(f"{'aligner':8} {'sentences':>10} {'seconds':>8} {'peak MB':>8}")
    for aligner, n in runs:
        out = subprocess.run([sys.executable, __file__, "--child", aligner, str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{aligner:8} {n:>5} x {n:<5}{r['seconds']:8.2f} {r['peak_mb']:8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

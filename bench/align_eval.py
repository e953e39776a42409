"""Alignment accuracy of bitext against gold sets, with NLTK's Gale–Church as a peer in the same run.

Strict and lax P/R/F1 as vecalign's score.py defines them, pooled over each set.
Usage: python bench/align_eval.py [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaldata import EVAL, textberg, transread  # noqa: E402
from peers import nltk_gale_church  # noqa: E402

from bitext.tm.align import align  # noqa: E402
from bitext.tm.lexicon import freedict  # noqa: E402
from bitext.tm.scoring import score  # noqa: E402


def bitext_beads(doc, use_freedict: bool = True):
    beads = align(doc.src, doc.tgt, src_paragraphs=doc.src_para, tgt_paragraphs=doc.tgt_para,
                  src_lang=doc.src_lang, tgt_lang=doc.tgt_lang, use_freedict=use_freedict)
    return [(list(b.source), list(b.target)) for b in beads]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", help="write the figures as JSON here")
    args = ap.parse_args()
    if not EVAL.is_dir():
        print(f"eval data not found at {EVAL}", file=sys.stderr)
        return 2
    sets = {"TransRead EN-FR (fr source)": transread(), "Text+Berg DE-FR test": textberg("test"),
            "Text+Berg DE-FR dev": textberg("dev")}
    results = {}
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}; "
          f"FreeDict fr-en entries: {len(freedict('fr', 'en'))}, de-fr: {len(freedict('de', 'fr'))}")
    print(f"{'set':32} {'aligner':22} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} {'F1 lax':>7} {'seconds':>8}")
    for name, docs in sets.items():
        aligners = (("bitext", bitext_beads), ("bitext, no FreeDict", lambda d: bitext_beads(d, False)),
                    ("NLTK Gale-Church", lambda d: nltk_gale_church(d.src, d.tgt)))
        for label, fn in aligners:
            t0 = time.perf_counter()
            pairs = [(d.gold, fn(d)) for d in docs]
            secs = time.perf_counter() - t0
            s = score(pairs)
            results[f"{name} / {label}"] = {**s, "seconds": secs}
            print(f"{name:32} {label:22} {s['precision_strict']:8.3f} {s['recall_strict']:8.3f} "
                  f"{s['f1_strict']:9.3f} {s['f1_lax']:7.3f} {secs:8.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

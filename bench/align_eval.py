"""Alignment accuracy of bitext against gold sets, with hunalign (built from ../shared/peers) and NLTK's
Gale–Church as peers in the same run.

Strict and lax P/R/F1 as vecalign's score.py defines them, pooled over each set. "lines" is the form
hunalign is given: one sentence per line, no paragraph marks; bitext is measured that way too, and
with the paragraph marks the gold files carry.
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
from peers import hunalign, hunalign_binary, nltk_gale_church  # noqa: E402

from bitext.tm.align import align, learn_lexicon  # noqa: E402
from bitext.tm.lexicon import freedict  # noqa: E402
from bitext.tm.scoring import score  # noqa: E402


def bitext_beads(doc, use_freedict: bool = True, paragraphs: bool = True):
    beads = align(doc.src, doc.tgt, src_paragraphs=doc.src_para if paragraphs else None,
                  tgt_paragraphs=doc.tgt_para if paragraphs else None,
                  src_lang=doc.src_lang, tgt_lang=doc.tgt_lang, use_freedict=use_freedict)
    return [(list(b.source), list(b.target)) for b in beads]


def with_corpus_lexicon(docs, paragraphs: bool = False):
    """What `bitext build` does: align each document, learn word pairs across all of them, align again."""
    def run(d, lexicon=None):
        return align(d.src, d.tgt, src_paragraphs=d.src_para if paragraphs else None,
                     tgt_paragraphs=d.tgt_para if paragraphs else None, src_lang=d.src_lang, tgt_lang=d.tgt_lang,
                     lexicon=lexicon)
    first = [run(d) for d in docs]
    lexicon = learn_lexicon([(d.src, d.tgt, b) for d, b in zip(docs, first)])
    return [[(list(b.source), list(b.target)) for b in run(d, lexicon)] for d in docs]


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
    print(f"{'set':32} {'aligner':30} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} {'F1 lax':>7} {'seconds':>8}")
    for name, docs in sets.items():
        aligners = [("bitext, paragraphs", bitext_beads), ("bitext, lines", lambda d: bitext_beads(d, paragraphs=False)),
                    ("bitext, lines, no FreeDict", lambda d: bitext_beads(d, False, False)),
                    ("bitext, lines + corpus lexicon", with_corpus_lexicon)]
        if hunalign_binary() is not None:
            aligners.append(("hunalign, lines", lambda d: hunalign(d.src, d.tgt)[0]))
        aligners.append(("NLTK Gale-Church", lambda d: nltk_gale_church(d.src, d.tgt)))
        for label, fn in aligners:
            t0 = time.perf_counter()
            pairs = [(d.gold, b) for d, b in zip(docs, fn(docs))] if label.endswith("corpus lexicon") \
                else [(d.gold, fn(d)) for d in docs]
            secs = time.perf_counter() - t0
            s = score(pairs)
            results[f"{name} / {label}"] = {**s, "seconds": secs}
            print(f"{name:32} {label:30} {s['precision_strict']:8.3f} {s['recall_strict']:8.3f} "
                  f"{s['f1_strict']:9.3f} {s['f1_lax']:7.3f} {secs:8.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How honest are the review page's flags? Precision (flagged beads that are wrong against gold) and
recall (wrong beads that are flagged) of the low-score flag, with and without the structural
confidence (headings, datelines, labels as whole paragraphs; a 1-1 bead between two sure ones).

A bead is flagged when it pairs sentences with a score below the page's low band (0.4), or leaves a
sentence with letters unpaired. Usage: python bench/review_flags.py
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from evaldata import EVAL, textberg, transread  # noqa: E402

from bitext.tm.align import Params, align  # noqa: E402
from bitext.tm.document import load  # noqa: E402
from bitext.tm.review import LOW  # noqa: E402


def flagged(b, src, tgt) -> bool:
    if b.source and b.target:
        return b.score < LOW
    return any(ch.isalpha() for i in b.source for ch in src[i]) or any(ch.isalpha() for j in b.target for ch in tgt[j])


def run(docs, params):
    tp = fp = fn = 0
    for d in docs:
        gold = {(tuple(s), tuple(t)) for s, t in d.gold}
        for b in align(d.src, d.tgt, src_paragraphs=d.src_para, tgt_paragraphs=d.tgt_para, src_lang=d.src_lang,
                       tgt_lang=d.tgt_lang, params=params):
            wrong = (b.source, b.target) not in gold
            f = flagged(b, d.src, d.tgt)
            tp += f and wrong
            fp += f and not wrong
            fn += wrong and not f
    return tp, fp, fn


def main() -> int:
    variants = {"words only (before)": Params(structure=0, sandwich=0),
                "+ whole-paragraph structure": Params(sandwich=0),
                "+ structure + sandwich (after)": Params()}
    sets = {}
    if EVAL.is_dir():
        sets = {"TransRead EN-FR": transread(), "Text+Berg DE-FR test": textberg("test")}
    print(f"{'set':22} {'variant':32} {'flagged':>8} {'wrong':>6} {'precision':>9} {'recall':>7}")
    for name, docs in sets.items():
        for label, p in variants.items():
            tp, fp, fn = run(docs, p)
            print(f"{name:22} {label:32} {tp + fp:8} {tp + fn:6} {tp / max(1, tp + fp):9.3f} {tp / max(1, tp + fn):7.3f}")
    print("\nseeds (no gold: every flag listed, each a false alarm unless marked):")
    for label, p in variants.items():
        flags = []
        for fr in sorted((ROOT / "seeds" / "fr").glob("*.fr.txt")):
            en = ROOT / "seeds" / "en" / fr.name.replace(".fr.", ".en.")
            s, t = load(fr, "fr"), load(en, "en")
            for b in align(s.sentences, t.sentences, src_paragraphs=s.paragraphs, tgt_paragraphs=t.paragraphs,
                           params=replace(p)):
                if flagged(b, s.sentences, t.sentences):
                    flags.append(f"{b.score:.2f} {' '.join(s.sentences[i] for i in b.source)[:45]!r} / "
                                 f"{' '.join(t.sentences[j] for j in b.target)[:45]!r}")
        print(f"  {label}: {len(flags)} flagged")
        for f in flags:
            print(f"    {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

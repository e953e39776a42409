"""Alignment quality: strict and lax precision, recall and F1 exactly as vecalign's scorer defines them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

Alignment = Sequence[tuple[Sequence[int], Sequence[int]]]


def _counts(gold: Alignment, test: Alignment) -> tuple[int, int, int, int]:
    """(tp strict, fp strict, tp lax, fp lax) of `test` against `gold`; beads empty on both sides ignored."""
    test_set = {(tuple(s), tuple(t)) for s, t in test if len(s) or len(t)}
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if len(s) or len(t)}
    src_to_gold_tgt: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            src_to_gold_tgt[s].update(gt)
    tps = fps = tpl = fpl = 0
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            tps += 1
            tpl += 1
            continue
        fps += 1
        targets = set().union(*(src_to_gold_tgt[s] for s in ts)) if ts else set()
        if targets.intersection(tt):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


def score(pairs: Iterable[tuple[Alignment, Alignment]]) -> dict[str, float]:
    """Pooled scores over (gold, test) alignments of several documents."""
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in pairs:
        for k, v in enumerate(_counts(gold, test)):
            p[k] += v
        test_nd = [(s, t) for s, t in test if len(s) and len(t)]
        gold_nd = [(s, t) for s, t in gold if len(s) and len(t)]
        for k, v in enumerate(_counts(test_nd, gold_nd)):
            r[k] += v

    def ratio(a: int, b: int) -> float:
        return a / (a + b) if a + b else 0.0

    def f1(x: float, y: float) -> float:
        return 2 * x * y / (x + y) if x + y else 0.0

    ps, pl, rs, rl = ratio(p[0], p[1]), ratio(p[2], p[3]), ratio(r[0], r[1]), ratio(r[2], r[3])
    return {"precision_strict": ps, "recall_strict": rs, "f1_strict": f1(ps, rs),
            "precision_lax": pl, "recall_lax": rl, "f1_lax": f1(pl, rl)}

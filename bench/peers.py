"""Peer aligners run in the same process as bitext for side-by-side figures."""

from __future__ import annotations

from collections.abc import Sequence


def nltk_gale_church(src: Sequence[str], tgt: Sequence[str]) -> list[tuple[list[int], list[int]]]:
    """NLTK's Gale–Church over character lengths, its index pairs turned into beads."""
    from nltk.translate import gale_church

    gale_church.MAX_ALIGN_BLOCKS = max(gale_church.MAX_ALIGN_BLOCKS, len(src) + 1, len(tgt) + 1)
    links = gale_church.align_blocks([max(1, len(s)) for s in src], [max(1, len(t)) for t in tgt])
    return links_to_beads(links, len(src), len(tgt))


def links_to_beads(links, n: int, m: int) -> list[tuple[list[int], list[int]]]:
    """Connected components of sentence links, plus unlinked sentences as 1-0 / 0-1 beads."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in links:
        parent[find(("s", i))] = find(("t", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for i in range(n):
        groups.setdefault(find(("s", i)), ([], []))[0].append(i)
    for j in range(m):
        groups.setdefault(find(("t", j)), ([], []))[1].append(j)
    # Scoring compares sets of beads, so a rough document order is enough.
    return sorted(groups.values(), key=lambda b: (b[0] or b[1])[0] / max(n if b[0] else m, 1))

"""Term candidates from aligned pairs: acronyms with their expansions, and bilingual multi-word terms by association.

The output is for a terminologist's review, not for the glossary directly: every candidate keeps
its frequency, its association score and one example pair, and says when the glossary knows it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .model import Glossary, normalize

STOP = {
    "fr": set("le la les l un une des de du d et ou à au aux en dans par pour sur sous avec sans que qui quoi dont où ce cet cette ces "
              "son sa ses leur leurs notre nos votre vos il elle ils elles nous vous on se s ne pas plus est sont a ont été être "
              "qu c n y ainsi aussi comme entre vers chez tout tous toute toutes mais donc car lors".split()),
    "en": set("the a an of and or to in on at by for with from as that which who whom whose this these those its their our "
              "your his her it they we he she is are was were be been has have had not no but so than then also into over "
              "under about such all any each".split()),
}
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+", re.UNICODE)
_ACRONYM = re.compile(r"\(\s*(?:(?:ou|aussi appelée?s?|dit|or|also called|known as)\s+)?([A-Z][A-Z0-9&/-]*(?:\s[A-Z][A-Z0-9&-]*)*)\s*\)")


@dataclass(slots=True)
class Acronym:
    """An acronym, its expansion per language, and how often it was seen."""

    acronym: str
    expansions: dict[str, Counter[str]] = field(default_factory=dict)
    count: int = 0
    example: tuple[str, str] | None = None


@dataclass(slots=True)
class Candidate:
    """A bilingual term candidate."""

    source: str
    target: str
    score: float
    count: int
    source_count: int
    target_count: int
    example: tuple[str, str]
    known: str | None = None
    kind: str = "multiword"


def _expansion_en(words: list[str], acronym: str) -> str | None:
    """Schwartz–Hearst: the shortest run of preceding words whose letters spell the acronym in order."""
    letters = [c.lower() for c in acronym if c.isalnum()]
    if not letters:
        return None
    max_words = min(len(letters) + 5, len(letters) * 2)
    window = words[-max_words:]
    for start in range(len(window) - 1, -1, -1):
        cand = window[start:]
        text = " ".join(cand).lower()
        if cand[0][0].lower() != letters[0]:
            continue
        li, ti = len(letters) - 1, len(text) - 1
        while li >= 0 and ti >= 0:
            if text[ti] == letters[li] and (li > 0 or ti == 0 or not text[ti - 1].isalnum()):
                li -= 1
            ti -= 1
        if li < 0:
            return " ".join(cand)
    return None


def _expansion_other(words: list[str], lang: str) -> str | None:
    """In French the acronym is often English: take the noun phrase before the bracket, after its determiner."""
    stop = STOP.get(lang, set())
    out: list[str] = []
    for w in reversed(words[-10:]):
        if w.lower() in {"le", "la", "les", "un", "une", "l", "the"} or w.endswith((",", ".", ";", ":")):
            break
        out.append(w)
    out.reverse()
    while out and out[-1].lower() in stop:
        out.pop()
    return " ".join(out) if len(out) >= 2 else None


def acronyms(pairs: Sequence[tuple[str, str]], src_lang: str = "fr", tgt_lang: str = "en") -> list[Acronym]:
    """Acronyms defined in brackets on either side, with their expansions in both languages."""
    found: dict[str, Acronym] = {}
    for src, tgt in pairs:
        for text, lang in ((src, src_lang), (tgt, tgt_lang)):
            for m in _ACRONYM.finditer(text):
                acr = m.group(1).strip()
                if len(acr.replace(" ", "")) < 2:
                    continue
                words = text[: m.start()].replace("’", "'").split()
                exp = _expansion_en(words, acr) if lang == "en" else (_expansion_en(words, acr) or _expansion_other(words, lang))
                a = found.setdefault(acr, Acronym(acr))
                a.count += 1
                a.example = a.example or (src, tgt)
                if exp:
                    a.expansions.setdefault(lang, Counter())[exp] += 1
    return sorted(found.values(), key=lambda a: (-a.count, a.acronym))


def _ngrams(text: str, lang: str, max_n: int = 7) -> set[str]:
    words = _WORD.findall(text)
    stop = STOP.get(lang, set())
    out = set()
    for n in range(1, max_n + 1):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            first, last = gram[0].lower().split("'")[-1], gram[-1].lower()
            if first in stop or last in stop or any(w.isdigit() for w in gram):
                continue
            if n == 1 and (len(gram[0]) < 4 or gram[0].lower() in stop):
                continue
            out.add(" ".join(gram))
    return out


def bilingual(pairs: Sequence[tuple[str, str]], src_lang: str = "fr", tgt_lang: str = "en", min_count: int = 2,
              min_score: float = 0.5, limit: int = 200, max_pairs: int = 20_000,
              vocabulary: int = 3000) -> list[Candidate]:
    """Source/target n-gram pairs ranked by Dice over aligned pairs, weighted by log frequency.

    Beyond `max_pairs` pairs an evenly spread sample is read: every pair's n-grams meet every other's,
    so the work grows with the square of a sentence's n-grams, and a sample finds the frequent terms."""
    if len(pairs) > max_pairs:
        step = len(pairs) / max_pairs
        pairs = [pairs[int(k * step)] for k in range(max_pairs)]
    # Two passes over the n-grams rather than every pair's n-gram sets held at once (hundreds of MB on a
    # large build): count first, then pair the frequent ones.
    sc: Counter[str] = Counter()
    tc: Counter[str] = Counter()
    for s, t in pairs:
        sc.update(_ngrams(s, src_lang))
        tc.update(_ngrams(t, tgt_lang))
    # Only each side's `vocabulary` most frequent n-grams are paired: a term worth proposing recurs, and
    # pairing every n-gram of a long sentence with every other costs millions of pairs on a large corpus.
    # Ties broken by the n-gram itself: Counter order follows set order, which changes with the hash seed.
    keep_s = set(sorted((g for g, n in sc.items() if n >= min_count), key=lambda g: (-sc[g], g))[:vocabulary])
    keep_t = set(sorted((g for g, n in tc.items() if n >= min_count), key=lambda g: (-tc[g], g))[:vocabulary])
    both: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], int] = {}
    for k, (s_text, t_text) in enumerate(pairs):
        ss = [g for g in _ngrams(s_text, src_lang) if g in keep_s]
        ts = [g for g in _ngrams(t_text, tgt_lang) if g in keep_t]
        for s in ss:
            for t in ts:
                both[(s, t)] += 1
                example.setdefault((s, t), k)
    cands = []
    for (s, t), c in both.items():
        if c < min_count:
            continue
        dice = 2 * c / (sc[s] + tc[t])
        if dice < min_score:
            continue
        cands.append(Candidate(s, t, dice * math.log2(1 + c) * _length_bonus(s) * _length_bonus(t), c, sc[s], tc[t], pairs[example[(s, t)]]))
    cands.sort(key=lambda c: (-c.score, c.source, c.target))
    # Keep the best target per source, and drop candidates nested in a better one with the same counts.
    best: dict[str, Candidate] = {}
    for c in cands:
        best.setdefault(c.source, c)
    # Best first, each compared with the better ones of the same count only, until `limit` are kept.
    kept: list[Candidate] = []
    by_count: dict[int, list[Candidate]] = {}
    for c in best.values():
        same = by_count.setdefault(c.count, [])
        if not any(c.source in o.source and c.target in o.target for o in same):
            kept.append(c)
            if len(kept) >= limit:
                break
        same.append(c)
    return kept


def _length_bonus(gram: str) -> float:
    """Among equally associated candidates, the longer (more specific) one wins."""
    return 1 + 0.1 * (gram.count(" "))


def mark_known(cands: Sequence[Candidate], glossary: Glossary | None) -> None:
    if glossary is None:
        return
    known = {}
    for c in glossary.concepts:
        for t in c.terms:
            known[normalize(t.text)] = c.id
    for cand in cands:
        cand.known = known.get(normalize(cand.source)) or known.get(normalize(cand.target))


def acronym_candidates(acrs: Sequence[Acronym], src_lang: str, tgt_lang: str) -> list[Candidate]:
    out = []
    for a in acrs:
        exp = {lang: c.most_common(1)[0][0] for lang, c in a.expansions.items() if c}
        out.append(Candidate(exp.get(src_lang, a.acronym), exp.get(tgt_lang, a.acronym), 1.0, a.count, a.count, a.count,
                             a.example or ("", ""), kind=f"acronym {a.acronym}"))
    return out

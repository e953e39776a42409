"""Finding glossary terms in running text: one Aho–Corasick automaton per language, whole words only.

Text is folded (case, accents, apostrophes, punctuation) into a string of the same length, runs of
spaces are squeezed, and an offset map brings every hit back to the original characters. Terms
also match their plural and feminine forms, and near misses of known terms (one edit away) are
found through deletion neighbourhoods of the document's vocabulary, never by a scan per term.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick
import numpy as np
from rapidfuzz.distance import DamerauLevenshtein

from bitext.tm.textnorm import fold_text

from .model import Glossary, Status, Term

_SQUEEZE = re.compile(r" {2,}")

def term_key(text: str) -> str:
    """A term's folded words joined by single spaces."""
    return " ".join(fold_text(text).split())


_FR_ENDINGS = ("s", "e", "es", "x")
_FR_FEMININE = {"ien": ("ienne", "iennes"), "en": ("enne", "ennes"), "el": ("elle", "elles"), "on": ("onne", "onnes")}


def inflections(key: str, lang: str) -> set[str]:
    """The key and its plural (and, in French, feminine) forms: irakien → irakiens, irakienne, irakiennes."""
    words = key.split()
    out = {key}
    if not words or any(w.isdigit() for w in words[-1:]) or all(len(w) <= 3 for w in words):
        return out

    def inflectable(w: str) -> bool:
        return len(w) > 3 and w.isalpha()

    if lang == "fr":
        plural = [w if not inflectable(w) or w.endswith(("s", "x", "z")) else (w[:-2] + "aux" if w.endswith("al") else w + "s")
                  for w in words]
        out.add(" ".join(plural))
        if len(words) == 1:
            w = words[0]
            for end, forms in _FR_FEMININE.items():
                if w.endswith(end):
                    out.update(w[: -len(end)] + f for f in forms)
                    break
            else:
                if inflectable(w) and not w.endswith("e"):
                    out.update({w + "e", w + "es"})
    else:
        last = words[-1]
        if inflectable(last):
            if last.endswith("y") and last[-2:-1] not in "aeiou":
                plural_last = last[:-1] + "ies"
            elif last.endswith(("s", "x", "z", "ch", "sh")):
                plural_last = last + "es"
            else:
                plural_last = last + "s"
            out.add(" ".join(words[:-1] + [plural_last]))
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    """A term (or known misspelling, or near miss) found at [start, end) of the original text."""

    start: int
    end: int
    term: Term
    concept: str
    kind: str  # term, misspelling, near-miss
    surface: str


@dataclass(slots=True)
class _Entry:
    term: Term
    concept: str
    kind: str
    words: int


class TermMatcher:
    """All terms of one language of a glossary, compiled once, matched over many texts."""

    def __init__(self, glossary: Glossary, lang: str):
        self.lang = lang
        self.automaton = ahocorasick.Automaton()
        entries: dict[str, list[_Entry]] = {}
        self.token_index: dict[str, list[tuple[str, int]]] = {}  # deletion variant -> (term key, word position)
        self.keys: dict[str, _Entry] = {}
        for c in glossary.concepts:
            for t in c.terms_in(lang):
                key = term_key(t.text)
                if not key:
                    continue
                for form in inflections(key, lang):
                    entries.setdefault(form, []).append(_Entry(t, c.id, "term", form.count(" ") + 1))
                for miss in t.misspellings:
                    mk = term_key(miss)
                    entries.setdefault(mk, []).append(_Entry(t, c.id, "misspelling", mk.count(" ") + 1))
                self.keys.setdefault(key, _Entry(t, c.id, "term", key.count(" ") + 1))
        for form, es in entries.items():
            # One entry per key: a term beats a misspelling, a better status wins.
            best = min(es, key=lambda e: (e.kind != "term", list(Status).index(e.term.status)))
            self.automaton.add_word(f" {form} ", (form, best))
        for key, e in self.keys.items():
            words = key.split()
            for pos, w in enumerate(words):
                if len(w) >= 4 and not w.isdigit() and (len(words) > 1 or len(w) >= 6):
                    for v in _deletions(w):
                        self.token_index.setdefault(v, []).append((key, pos))
        self.forms = {w for form in entries for w in form.split()}
        # A word one edit from a term word is at most one letter longer than the longest of them.
        self.longest_word = max((len(w) for key in self.keys for w in key.split()), default=0)
        self._suspect_cache: dict[str, list[tuple[str, int]]] = {}
        if len(self.automaton):
            self.automaton.make_automaton()

    def find(self, text: str, near_misses: bool = True) -> list[Hit]:
        """Non-overlapping hits, longest first at each place, in text order."""
        if not len(self.automaton):
            return []
        folded = fold_text(text)
        squeezed, offsets = _squeeze(folded)
        padded = f" {squeezed} "
        raw: list[tuple[int, int, _Entry]] = []
        for end, (form, entry) in self.automaton.iter(padded):
            s = end - len(form) - 1  # `end` is the key's trailing space in `padded`, one ahead of `squeezed`
            raw.append((s, s + len(form), entry))
        hits = _longest_leftmost(raw)
        out = [self._hit(text, offsets, s, e, entry.term, entry.concept, entry.kind)
               for s, e, entry in hits]
        if near_misses:
            starts, ends = [h.start for h in out], [h.end for h in out]  # sorted and disjoint
            out += [h for h in self._near_misses(text, squeezed, offsets) if not _overlaps(h, starts, ends)]
            out.sort(key=lambda h: h.start)
        return out

    def concepts(self, text: str) -> dict[str, str]:
        """Every concept named anywhere in `text`, nested names included (Daesh/ISIS inside the coalition's
        name), each with the first surface form found."""
        out: dict[str, str] = {}
        if not len(self.automaton):
            return out
        padded = " " + " ".join(fold_text(text).split()) + " "
        for _, (form, entry) in self.automaton.iter(padded):
            if entry.kind == "term":
                out.setdefault(entry.concept, entry.term.text)
        return out

    def _hit(self, text, offsets, s, e, term, concept, kind) -> Hit:
        a, b = _orig(s, offsets), _orig(e - 1, offsets) + 1
        return Hit(a, b, term, concept, kind, text[a:b])

    def _near_misses(self, text, squeezed, offsets) -> Iterator[Hit]:
        """Words one edit away from a word of a known term, with the rest of that term around them."""
        if not self.token_index:
            return
        suspects: dict[str, list[tuple[str, int]]] = {}
        for tok in set(squeezed.split()):
            cands = self._suspect_cache.get(tok)
            if cands is None:
                cands = self._suspect_cache[tok] = self._candidates(tok)
            if cands:
                suspects[tok] = cands
        if not suspects:
            return
        # Keep a suspect only where a neighbouring word of its term stands beside it somewhere:
        # every such word pair is looked for in one automaton pass over the text.
        pairs: dict[str, list[tuple[str, str, int]]] = {}
        for tok, cands in suspects.items():
            for key, pos in cands:
                kw = key.split()
                if len(kw) == 1:
                    pairs.setdefault(f" {tok} ", []).append((tok, key, pos))
                if pos > 0:
                    pairs.setdefault(f" {kw[pos - 1]} {tok} ", []).append((tok, key, pos))
                if pos + 1 < len(kw):
                    pairs.setdefault(f" {tok} {kw[pos + 1]} ", []).append((tok, key, pos))
        seen_pairs = ahocorasick.Automaton()
        for pattern in pairs:
            seen_pairs.add_word(pattern, pattern)
        seen_pairs.make_automaton()
        survivors: dict[str, set[tuple[str, int]]] = {}
        for _, pattern in seen_pairs.iter(f" {squeezed} "):
            for tok, key, pos in pairs.pop(pattern, ()):
                survivors.setdefault(tok, set()).add((key, pos))
        suspects = {tok: sorted(c) for tok, c in survivors.items()}
        if not suspects:
            return
        finder = ahocorasick.Automaton()
        for tok in suspects:
            finder.add_word(f" {tok} ", tok)
        finder.make_automaton()
        padded = f" {squeezed} "
        for end, tok in finder.iter(padded):
            start = end - len(tok) - 1  # position of the token in `squeezed`
            stop = start + len(tok)
            for key, pos in suspects[tok]:
                words = key.split()
                head = " ".join(words[:pos]) + " " if pos else ""
                tail = " " + " ".join(words[pos + 1:]) if pos + 1 < len(words) else ""
                s, e = start - len(head), stop + len(tail)
                # The rest of the term must stand around the word, as whole words.
                if s < 0 or not squeezed.startswith(head, s) or not squeezed.startswith(tail, stop):
                    continue
                if (s > 0 and squeezed[s - 1] != " ") or (e < len(squeezed) and squeezed[e] != " "):
                    continue
                entry = self.keys[key]
                yield self._hit(text, offsets, s, e, entry.term, entry.concept, "near-miss")

    def _candidates(self, tok: str) -> list[tuple[str, int]]:
        """(term key, word position) pairs whose word is one edit from `tok` (not an inflection of it)."""
        if len(tok) < 4 or len(tok) > self.longest_word + 1 or tok.isdigit() or tok in self.forms:
            return []  # (a long token never builds its deletion variants: an 80 KB token would cost GBs)
        cands = set()
        for v in _deletions(tok):
            for key, pos in self.token_index.get(v, ()):
                target = key.split()[pos]
                if tok != target and DamerauLevenshtein.distance(tok, target) == 1 and not _is_inflection(tok, target):
                    cands.add((key, pos))
        return sorted(cands)


def _is_inflection(tok: str, target: str) -> bool:
    return tok in (target + "s", target + "e", target + "x") or target in (tok + "s", tok + "e", tok + "x")


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def _squeeze(folded: str) -> tuple[str, np.ndarray | None]:
    """Runs of spaces squeezed to one: (squeezed text, original index of each squeezed character)."""
    squeezed = _SQUEEZE.sub(" ", folded)
    if len(squeezed) == len(folded):
        return folded, None
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    space = codes == 32
    drop = np.zeros(len(codes), dtype=bool)
    drop[1:] = space[1:] & space[:-1]
    return squeezed, np.flatnonzero(~drop)


def _orig(pos: int, offsets: np.ndarray | None) -> int:
    return int(offsets[pos]) if offsets is not None else pos


def _longest_leftmost(raw: list[tuple[int, int, _Entry]]) -> list[tuple[int, int, _Entry]]:
    raw.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out = []
    end = -1
    for s, e, entry in raw:
        if s >= end:
            out.append((s, e, entry))
            end = e
    return out


def _overlaps(h: Hit, starts: list[int], ends: list[int]) -> bool:
    """Does `h` overlap one of the disjoint, sorted spans?"""
    k = bisect.bisect_left(ends, h.start + 1)  # first span ending after h starts
    return k < len(starts) and starts[k] < h.end

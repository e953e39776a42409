"""Term look-ups: case-, accent- and apostrophe-insensitive, acronyms with or without spaces, misspellings and near misses.

The index is flat (parallel lists of strings and small ints) so that its cached form loads fast
even for tens of thousands of concepts.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import STATUS_ORDER, Glossary, Status, normalize

_STATUSES = list(Status)
CACHE_VERSION = 4
_WORDS = re.compile(r"\w+")


def compact(key: str) -> str:
    """A key with spaces, dots, hyphens and slashes removed: FTF WG, F.T.F.-WG and ftfwg meet."""
    return re.sub(r"[\W_]+", "", key)


@dataclass(slots=True)
class FoundTerm:
    text: str
    lang: str
    status: Status


@dataclass(slots=True)
class Match:
    """One concept found for a query, and how."""

    concept: str
    terms: list[FoundTerm]
    note: str
    term: FoundTerm
    kind: str  # exact, compact, misspelling, prefix, word, fuzzy
    score: float
    did_you_mean: str | None = None

    def terms_in(self, lang: str) -> list[FoundTerm]:
        return sorted((t for t in self.terms if t.lang == lang), key=lambda t: STATUS_ORDER[t.status])

    def languages(self) -> list[str]:
        return list(dict.fromkeys(t.lang for t in self.terms))


@dataclass(slots=True)
class LookupIndex:
    """Every term and known misspelling by normalised key; terms of a concept are contiguous."""

    concept_ids: list[str] = field(default_factory=list)
    concept_notes: list[str] = field(default_factory=list)
    concept_start: list[int] = field(default_factory=list)  # first term index of each concept, plus the end
    term_text: list[str] = field(default_factory=list)
    term_lang: list[str] = field(default_factory=list)
    term_status: bytearray = field(default_factory=bytearray)
    term_concept: list[int] = field(default_factory=list)
    exact: dict[str, tuple[int, ...]] = field(default_factory=dict)  # key -> term indices (negative: misspelling)
    packed: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # For fuzzy windows: per language and first (or last) character, keys sorted by length.
    keys_by_end: dict[tuple[str, str, str], tuple[list[int], list[str]]] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    words: dict[str, tuple[int, ...]] = field(default_factory=dict)  # folded word -> terms holding it
    sorted_keys: list[str] = field(default_factory=list)  # term keys in order, for prefix ranges
    sorted_terms: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, g: Glossary) -> LookupIndex:
        idx = cls()
        exact: dict[str, list[int]] = {}
        packed: dict[str, list[int]] = {}
        by_lang: dict[str, set[str]] = {}
        for ci, c in enumerate(g.concepts):
            idx.concept_ids.append(c.id)
            idx.concept_notes.append(c.note or c.definition or "")
            idx.concept_start.append(len(idx.term_text))
            for t in c.terms:
                ti = len(idx.term_text)
                idx.term_text.append(t.text)
                idx.term_lang.append(t.language)
                idx.term_status.append(_STATUSES.index(t.status))
                idx.term_concept.append(ci)
                for text, ref in [(t.text, ti)] + [(m, -ti - 1) for m in t.misspellings]:
                    key = normalize(text)
                    exact.setdefault(key, []).append(ref)
                    packed.setdefault(compact(key), []).append(ti)
                    by_lang.setdefault(t.language, set()).add(key)
        idx.concept_start.append(len(idx.term_text))
        words: dict[str, list[int]] = {}
        keyed = []
        for ti, text in enumerate(idx.term_text):
            key = normalize(text)
            keyed.append((key, ti))
            for w in dict.fromkeys(_WORDS.findall(key)):
                words.setdefault(w, []).append(ti)
        keyed.sort()
        idx.sorted_keys = [k for k, _ in keyed]
        idx.sorted_terms = [t for _, t in keyed]
        idx.words = {w: tuple(v) for w, v in words.items()}
        idx.exact = {k: tuple(v) for k, v in exact.items()}
        idx.packed = {k: tuple(v) for k, v in packed.items()}
        buckets: dict[tuple[str, str, str], list[str]] = {}
        for lang, keys in by_lang.items():
            for k in keys:
                buckets.setdefault((lang, "first", k[0]), []).append(k)
                buckets.setdefault((lang, "last", k[-1]), []).append(k)
        for b, keys in buckets.items():
            keys.sort(key=lambda k: (len(k), k))
            idx.keys_by_end[b] = ([len(k) for k in keys], keys)
        idx.languages = sorted(by_lang)
        return idx

    def __len__(self) -> int:
        return len(self.concept_ids)

    def _term(self, ti: int) -> FoundTerm:
        return FoundTerm(self.term_text[ti], self.term_lang[ti], _STATUSES[self.term_status[ti]])

    def _match(self, ti: int, kind: str, score: float, dym: str | None) -> Match:
        ci = self.term_concept[ti]
        terms = [self._term(k) for k in range(self.concept_start[ci], self.concept_start[ci + 1])]
        return Match(self.concept_ids[ci], terms, self.concept_notes[ci], self._term(ti), kind, score, dym)

    def _fuzzy_keys(self, key: str, lang: str, limit: int, cutoff: float) -> list[tuple[str, float]]:
        """Near keys: those of a similar length (a ratio >= cutoff allows no more) sharing the first or last letter.

        A single typo rarely hits both ends of a term, and the buckets make this a small comparison.
        """
        n = len(key)
        slack = int(n * (100 - cutoff) / cutoff) + 1
        best: dict[str, float] = {}
        for end, ch in (("first", key[0]), ("last", key[-1])):
            lengths, keys = self.keys_by_end.get((lang, end, ch), ([], []))
            lo, hi = bisect.bisect_left(lengths, n - slack), bisect.bisect_right(lengths, n + slack)
            from rapidfuzz import fuzz, process  # only when nothing matched exactly: keeps `bitext term` fast

            for k, score, _ in process.extract(key, keys[lo:hi], scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff):
                best[k] = max(best.get(k, 0.0), float(score))
        return sorted(best.items(), key=lambda kv: -kv[1])[:limit]

    def lookup(self, query: str, lang: str | None = None, limit: int = 10, cutoff: float = 80.0) -> list[Match]:
        """Best concepts first: exact matches, then acronym-style matches, then near misses."""
        key = normalize(query)
        if not key:
            return []
        found: dict[int, Match] = {}

        def add(ti: int, kind: str, score: float, dym: str | None = None) -> None:
            if lang is not None and self.term_lang[ti] != lang:
                return
            ci = self.term_concept[ti]
            old = found.get(ci)
            rank = (score, -self.term_status[ti])
            if old is None or rank > (old.score, -_STATUSES.index(old.term.status)):
                found[ci] = self._match(ti, kind, score, dym)

        for ref in self.exact.get(key, ()):
            if ref >= 0:
                add(ref, "exact", 100.0)
            else:
                add(-ref - 1, "misspelling", 90.0, self.term_text[-ref - 1])
        if not found:
            for ti in self.packed.get(compact(key), ()):
                add(ti, "compact", 95.0)
        if not found:
            self._partial(key, add)
        if not found:
            for lg in ([lang] if lang else self.languages):
                for cand, score in self._fuzzy_keys(key, lg, limit, cutoff):
                    for ref in self.exact[cand]:
                        ti = ref if ref >= 0 else -ref - 1
                        add(ti, "fuzzy", score, self.term_text[ti])
        return sorted(found.values(), key=lambda m: (-m.score, STATUS_ORDER[m.term.status], m.concept))[:limit]

    def _partial(self, key: str, add) -> None:
        """Terms that start with the query (ranked first), then terms holding every word of it."""
        lo = bisect.bisect_left(self.sorted_keys, key)
        hi = bisect.bisect_left(self.sorted_keys, key + "\U0010ffff", lo)
        for k in range(lo, min(hi, lo + 500)):
            extra = len(self.sorted_keys[k]) - len(key)
            add(self.sorted_terms[k], "prefix", 85.0 - min(4.9, extra / 10))
        qwords = list(dict.fromkeys(_WORDS.findall(key)))
        if not qwords:
            return
        postings = sorted((self.words.get(w, ()) for w in qwords), key=len)
        common = set(postings[0]).intersection(*postings[1:]) if postings[0] else set()
        for ti in sorted(common)[:500]:
            extra = len(_WORDS.findall(normalize(self.term_text[ti]))) - len(qwords)
            add(ti, "word", 80.0 - min(4.9, extra * 0.5))

    def closest(self, query: str, lang: str | None = None, n: int = 3) -> list[FoundTerm]:
        """The nearest terms to a query nothing matched, to say what the glossary does hold."""
        key = normalize(query)
        if not key:
            return []
        out: dict[str, FoundTerm] = {}
        for lg in ([lang] if lang else self.languages):
            for cand, _ in self._fuzzy_keys(key, lg, n, 50.0):
                for ref in self.exact[cand]:
                    t = self._term(ref if ref >= 0 else -ref - 1)
                    out.setdefault(t.text, t)
        return list(out.values())[:n]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bitext"


def cached_index(path: str, loader) -> LookupIndex:
    """The look-up index of a glossary file, rebuilt only when the file changes (pickle in the user cache)."""
    st = os.stat(path)
    stamp = (CACHE_VERSION, st.st_mtime_ns, st.st_size)
    cache = _cache_dir() / (hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:24] + ".pickle")
    try:
        with open(cache, "rb") as fh:
            saved_stamp, idx = pickle.load(fh)
        if saved_stamp == stamp:
            return idx
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError, ImportError):
        pass
    idx = LookupIndex.build(loader(path))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((stamp, idx), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home: look-ups still work, just without the cache
    return idx


def match_json(m: Match, langs: tuple[str, ...] = ("fr", "en")) -> dict:
    out: dict = {"concept": m.concept}
    for lg in langs:
        out[lg] = [{"term": t.text, "status": t.status.value} for t in m.terms_in(lg)]
    out["note"] = m.note
    out["matched"] = {"term": m.term.text, "lang": m.term.lang, "status": m.term.status.value, "kind": m.kind,
                      "score": round(m.score, 1)}
    if m.did_you_mean:
        out["did_you_mean"] = m.did_you_mean
    return out

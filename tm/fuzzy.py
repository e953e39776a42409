"""CAT-style fuzzy match scores: word-level edit distance over the longer segment, as a percentage.

100 only for an identical segment. Differences that do not change words still cost a little and
are named: case (1 point), punctuation (1 point per mark, up to 3), so a translator sees why a
match is not 100%.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from .textnorm import fold_text

_TOKEN = re.compile(r"\w+|[^\w\s]")


def words(text: str) -> list[str]:
    """Folded word tokens (case, accents and punctuation removed): what the base score compares."""
    return fold_text(text).split()


@dataclass(slots=True)
class Score:
    value: float
    base: float
    notes: list[str] = field(default_factory=list)


def score(query: str, candidate: str, query_words: list[str] | None = None) -> Score:
    """The match percentage of `candidate` for `query`, with the reasons it is below 100."""
    if query == candidate:
        return Score(100.0, 100.0)
    qw = query_words if query_words is not None else words(query)
    cw = words(candidate)
    longest = max(len(qw), len(cw), 1)
    base = 100.0 * (1 - Levenshtein.distance(qw, cw) / longest)
    notes = _word_notes(qw, cw) if qw != cw else []
    value = base
    q_tok, c_tok = _TOKEN.findall(query), _TOKEN.findall(candidate)
    q_punct = [t for t in q_tok if not t[0].isalnum() and t != "_"]
    c_punct = [t for t in c_tok if not t[0].isalnum() and t != "_"]
    if q_punct != c_punct:
        d = Levenshtein.distance(q_punct, c_punct)
        value -= min(d, 3)
        notes.append(f"punctuation differs ({d})")
    q_words = [t for t in q_tok if t[0].isalnum()]
    c_words = [t for t in c_tok if t[0].isalnum()]
    if qw == cw and q_words != c_words:
        if [w.lower() for w in q_words] == [w.lower() for w in c_words]:
            value -= 1
            notes.append("case differs")
        else:
            value -= 1
            notes.append("accents differ")
    q_nums = [t for t in q_words if t.isdigit()]
    c_nums = [t for t in c_words if t.isdigit()]
    if q_nums != c_nums:
        notes.append("numbers differ: " + " ".join(q_nums) + " ≠ " + " ".join(c_nums))
    return Score(round(max(0.0, min(value, 99.0)), 1), round(base, 1), notes)


def _word_notes(qw: list[str], cw: list[str], most: int = 5) -> list[str]:
    """Which words the match has that the query lacks, lacks that the query has, and has in another form."""
    added: list[str] = []
    missing: list[str] = []
    changed: list[str] = []
    for op in Levenshtein.opcodes(qw, cw):
        q, c = qw[op.src_start:op.src_end], cw[op.dest_start:op.dest_end]
        if op.tag == "insert":
            added += c
        elif op.tag == "delete":
            missing += q
        elif op.tag == "replace":
            changed += [f"{a} → {b}" for a, b in zip(q, c)]
            added += c[len(q):]
            missing += q[len(c):]

    def listed(ws: list[str]) -> str:
        return ", ".join(ws[:most]) + (f" (+{len(ws) - most})" if len(ws) > most else "")

    out = []
    if added:
        out.append(f"words added: {listed(added)}")
    if missing:
        out.append(f"words missing: {listed(missing)}")
    if changed:
        out.append(f"words changed: {listed(changed)}")
    return out


def diff_marks(query: str, candidate: str) -> list[tuple[str, str]]:
    """The candidate cut into (tag, text) pieces: '=' as in the query, '~' differing; spacing kept."""
    q = [fold_text(m.group()).strip() or m.group() for m in _TOKEN.finditer(query)]
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(candidate)]
    c = [fold_text(candidate[a:b]).strip() or candidate[a:b] for a, b in spans]
    differs = [True] * len(c)
    for op in Levenshtein.opcodes(q, c):
        if op.tag == "equal":
            for k in range(op.dest_start, op.dest_end):
                differs[k] = False
    out: list[tuple[str, str]] = []
    pos = 0
    for (a, b), d in zip(spans, differs):
        if a > pos:
            out.append(("=", candidate[pos:a]))
        out.append(("~" if d else "=", candidate[a:b]))
        pos = b
    if pos < len(candidate):
        out.append(("=", candidate[pos:]))
    return out

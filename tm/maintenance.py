"""Keeping a TM clean: which stored units are faulty, and why (`bitext tm clean`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .fuzzy import words
from .langid import segment_contradicts
from .numbers import numbers
from .store import alignment_score
from .units import TranslationUnit

# Each check's id and what a report says of a unit it finds.
CHECKS = {
    "empty": "a side is empty",
    "identical": "the target is the source, untranslated",
    "wrong-language": "a side is in another language",
    "numbers": "the numbers differ",
    "low-score": "the alignment score is below the threshold",
}


@dataclass(frozen=True, slots=True)
class Faulty:
    uid: int
    unit: TranslationUnit
    reasons: tuple[str, ...]  # check ids


def problems(u: TranslationUnit, checks: Iterable[str], min_score: float | None = None) -> list[str]:
    """The checks a unit fails, in CHECKS order."""
    out = []
    wanted = set(checks)
    if "empty" in wanted and (not u.source.strip() or not u.target.strip()):
        return ["empty"]
    if "identical" in wanted:
        sw = words(u.source)
        if sum(any(c.isalpha() for c in w) for w in sw) >= 2 and sw == words(u.target):
            out.append("identical")
    if "wrong-language" in wanted and (segment_contradicts(u.source, u.source_lang)
                                       or segment_contradicts(u.target, u.target_lang)):
        out.append("wrong-language")
    if "numbers" in wanted and numbers(u.source, u.source_lang) != numbers(u.target, u.target_lang):
        out.append("numbers")
    if "low-score" in wanted and min_score is not None:
        score = alignment_score(u.props.get("x-score"))
        if score is not None and score < min_score:
            out.append("low-score")
    return out


def find_faulty(rows: Iterable[tuple[int, TranslationUnit]], checks: Sequence[str],
                min_score: float | None = None) -> Iterator[Faulty]:
    """The units among (id, unit) rows that fail a check."""
    for uid, unit in rows:
        found = problems(unit, checks, min_score)
        if found:
            yield Faulty(uid, unit, tuple(found))

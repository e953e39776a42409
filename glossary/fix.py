"""Safe fixes for `bitext check --fix`: replacements a reviser would accept without reading them.

Only findings whose rule is in SAFE and that carry a suggestion are applied: a deprecated term by the
concept's preferred term (case kept), a double space by one, French spacing by the locale's. Pure:
text and findings in, new text and the fixes applied out; files are read and written in `cli/`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bitext.tm.source import LineIndex

from .check import Finding

SAFE = frozenset({"T102", "M502", "P303", "M504"})


def _keep_case(new: str, old: str) -> str:
    """The replacement in the case of what it replaces: DAESH → DAECH, daesh → Daech stays a name."""
    if len(old) > 1 and old.isupper():
        return new.upper()
    if old[:1].isupper() and new[:1].islower():
        return new[:1].upper() + new[1:]
    return new


def apply_fixes(text: str, findings: Sequence[Finding]) -> tuple[str, list[Finding]]:
    """`text` with every safe fix applied (of two overlapping fixes, the first) and the fixes applied."""
    lines = LineIndex(text)
    edits = []
    for f in findings:
        if f.rule not in SAFE or f.suggestion is None:
            continue
        a, b = lines.offset(f.line, f.column), lines.offset(f.end_line, f.end_column)
        if a is None or b is None or not 0 <= a < b <= len(text):
            continue
        old = text[a:b]
        new = _keep_case(f.suggestion, old) if f.rule == "T102" else f.suggestion
        if f.rule == "T102" and f.term and old.lower() != f.term.lower():
            continue  # the finding no longer describes this text
        if new != old:
            edits.append((a, b, new, f))
    applied: list[Finding] = []
    pieces: list[str] = []
    pos = 0
    for a, b, new, f in sorted(edits, key=lambda e: (e[0], e[1])):
        if a < pos:
            continue  # overlaps a fix already made
        pieces += [text[pos:a], new]
        pos = b
        applied.append(f)
    pieces.append(text[pos:])
    return "".join(pieces), applied  # built once from its pieces: linear however many fixes


def summary(applied: Sequence[Finding]) -> str:
    counts = Counter(f.rule for f in applied)
    return ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items()))

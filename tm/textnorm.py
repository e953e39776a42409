"""Length-preserving text folding: case, accents, apostrophes and punctuation, one character for one.

Because every character maps to exactly one character, an offset in the folded text is the same
offset in the original, which is what highlighting and line:column findings need.
"""

from __future__ import annotations

import unicodedata

_FOLD_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    if ch in "'’ʼ‘":
        return " "
    if not ch.isalnum():
        return " "
    low = ch.lower()
    if len(low) != 1:
        low = ch
    base = unicodedata.normalize("NFKD", low)[0]
    return base if base.isalnum() else low


def fold_text(text: str) -> str:
    """`text` lower-cased, accents and punctuation removed, with exactly one character per input character."""
    table = {}
    for ch in set(text):
        mapped = _FOLD_CACHE.get(ch)
        if mapped is None:
            mapped = _FOLD_CACHE[ch] = _fold_char(ch)
        if mapped != ch:
            table[ord(ch)] = mapped
    return text.translate(table)

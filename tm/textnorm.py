"""Length-preserving text folding: case, accents, apostrophes and punctuation, one character for one.

Because every character maps to exactly one character, an offset in the folded text is the same
offset in the original, which is what highlighting and line:column findings need.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    if ch in "'’ʼ‘":
        return " "
    if not ch.isalnum():
        return " "
    low = ch.lower()
    if len(low) != 1:  # İ lowers to i + a combining dot: the letter is the i
        low = unicodedata.normalize("NFKD", low)[0]
    letters = [c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c)]
    if len(letters) != 1 or not letters[0].isalnum():
        # A ligature or digraph (ﬁ, ǆ, Ĳ) stands for two letters and one character cannot hold them:
        # it stays itself rather than fold to its first letter and match what it is not (ǅ is no d).
        return low
    return letters[0]


def _latin1_table() -> tuple[bytes, frozenset[str]]:
    """A byte table folding every Latin-1 character, and the few whose fold leaves Latin-1 (µ → μ)."""
    table, outside = bytearray(256), set()
    for i in range(256):
        folded = _fold_char(chr(i))
        if ord(folded) < 256:
            table[i] = ord(folded)
        else:
            outside.add(chr(i))
    return bytes(table), frozenset(outside)


_LATIN1, _LATIN1_OUTSIDE = _latin1_table()
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


_PLACEHOLDERS = "\x01\x02\x03\x04\x05\x06\x07\x08"
# The fast table keeps the stand-ins as they are, so they can be swapped back after translation.
_FAST = bytes(i if chr(i) in _PLACEHOLDERS else _LATIN1[i] for i in range(256))


def fold_text(text: str) -> str:
    """`text` lower-cased, accents and punctuation removed, with exactly one character per input character."""
    # Fast path: bytes.translate over Latin-1. Characters beyond it are punctuation (’ « – …), which
    # fold to a space like '?', or a few letters (œ, µ) carried through on control-character stand-ins.
    letters = {ch for ch in set(_BEYOND_LATIN1.findall(text)) if ch.isalnum()}
    letters.update(ch for ch in _LATIN1_OUTSIDE if ch in text)
    if len(letters) > len(_PLACEHOLDERS) or any(p in text for p in _PLACEHOLDERS):
        return _fold_slow(text)
    stand_ins = list(zip(sorted(letters), _PLACEHOLDERS))
    for ch, p in stand_ins:
        text = text.replace(ch, p)
    folded = text.encode("latin-1", "replace").translate(_FAST).decode("latin-1")
    for ch, p in stand_ins:
        folded = folded.replace(p, _fold_char(ch))
    return folded


def _fold_slow(text: str) -> str:
    table = {}
    for ch in set(text):
        mapped = _FOLD_CACHE.get(ch)
        if mapped is None:
            mapped = _FOLD_CACHE[ch] = _fold_char(ch)
        if mapped != ch:
            table[ord(ch)] = mapped
    return text.translate(table)

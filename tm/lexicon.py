"""Bilingual word lexicons for alignment: FreeDict dictionaries (when installed) and ones learned from a bitext.

A lexicon maps a normalised source word to the set of normalised target words it may translate to.
"""

from __future__ import annotations

import gzip
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

Lexicon = dict[str, set[str]]

DICTD_DIRS = tuple(os.environ.get("BITEXT_DICTD_PATH", "/usr/share/dictd:/usr/local/share/dictd").split(":"))
_ISO3 = {"fr": "fra", "en": "eng", "de": "deu", "es": "spa", "it": "ita", "nl": "nld", "pt": "por"}
WORD = re.compile(r"\w+", re.UNICODE)
_SENSE = re.compile(r"^\s*\d+\.\s*")


def fold(word: str) -> str:
    """Lower-case and strip accents: the form words are compared in."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Folded word tokens of a sentence."""
    return [fold(t) for t in WORD.findall(text)]


def _dictd_entries(name: str) -> Iterable[tuple[str, list[str]]]:
    """(headword, translation lines) of each entry of a FreeDict dictd database."""
    for base in DICTD_DIRS:
        path = os.path.join(base, f"freedict-{name}.dict.dz")
        if os.path.exists(path):
            break
    else:
        return
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    # Entries start with a headword line carrying a /pronunciation/ or <pos> mark.
    entries = re.split(r"\n(?=[^\n]+ (?:/[^/\n]*/|<[^>\n]*>)[^\n]*\n)", text)
    for entry in entries:
        lines = entry.strip("\n").split("\n")
        if len(lines) < 2:
            continue
        head = re.split(r" /| <", lines[0], maxsplit=1)[0].strip()
        if not head or head.startswith("00"):
            continue
        translations: list[str] = []
        expect = True  # the line after a headword or a sense number holds translations
        for line in lines[1:]:
            if _SENSE.match(line):
                translations.append(_SENSE.sub("", line))
                expect = False
            elif expect:
                translations.append(line)
                expect = False
        yield head, translations


def _single_words(line: str) -> list[str]:
    out = []
    for part in re.split(r"[,;]", line):
        part = re.sub(r"\([^)]*\)", "", part).strip()
        if part and " " not in part and len(part) < 40:
            out.append(fold(part))
    return out


@lru_cache(maxsize=8)
def freedict(source_lang: str, target_lang: str) -> Lexicon:
    """A source→target lexicon from the installed FreeDict databases (both directions merged); empty if none."""
    src, tgt = _ISO3.get(source_lang[:2].lower()), _ISO3.get(target_lang[:2].lower())
    lex: Lexicon = {}
    if not src or not tgt:
        return lex
    for head, lines in _dictd_entries(f"{src}-{tgt}"):
        if " " in head:
            continue
        words = [w for line in lines for w in _single_words(line)]
        if words:
            lex.setdefault(fold(head), set()).update(words)
    for head, lines in _dictd_entries(f"{tgt}-{src}"):
        if " " in head:
            continue
        for line in lines:
            for w in _single_words(line):
                lex.setdefault(w, set()).add(fold(head))
    return lex


def merge(*lexicons: Lexicon) -> Lexicon:
    """The union of several lexicons."""
    out: Lexicon = {}
    for lex in lexicons:
        for k, v in lex.items():
            out.setdefault(k, set()).update(v)
    return out

"""Spelling through Hunspell (Debian's `hunspell` with `hunspell-fr`, `hunspell-en-ca`, …), one process per
dictionary and one batch per document: the distinct lower-case words are asked once, the answers cached.

Names and acronyms (words with a capital) are not checked by default, elided articles (l', qu') are
taken off, and the glossary's terms and the project's word list count as known words."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

DICTIONARIES = {"fr-CA": "fr_CA", "fr-FR": "fr_FR", "fr-CH": "fr_CH", "fr": "fr_FR",
                "en-CA": "en_CA", "en-US": "en_US", "en-GB": "en_GB", "en": "en_US"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu|quelqu)['’]", re.IGNORECASE)
MAX_WORD = 40
# Hunspell's French suggestions cost ~70 ms a word: a run suggests for this many words, then reports
# the rest without suggestions rather than spend minutes on them.
SUGGESTION_BUDGET = 50


class SpellingUnavailable(Exception):
    """Hunspell or the dictionary for a locale is not installed."""


def dictionary(locale: str) -> str:
    return DICTIONARIES.get(locale) or DICTIONARIES.get(locale.split("-")[0], "en_US")


@lru_cache(maxsize=None)
def _available(dic: str) -> bool:
    if shutil.which("hunspell") is None:
        return False
    res = subprocess.run(["hunspell", "-D"], capture_output=True, text=True, input="")
    return any(line.rstrip().endswith("/" + dic) for line in (res.stderr + res.stdout).splitlines())


class Speller:
    """Which words a Hunspell dictionary does not know, with its suggestions; answers cached per word."""

    def __init__(self, locale: str, known: set[str] | frozenset[str] = frozenset()):
        self.dic = dictionary(locale)
        if not _available(self.dic):
            raise SpellingUnavailable(f"Hunspell dictionary {self.dic} is not installed "
                                      f"(apt-get install hunspell hunspell-{self.dic.split('_')[0]})")
        self.known = {w.lower() for w in known}
        self._bad: dict[str, bool] = {}
        self._suggestions: dict[str, list[str]] = {}
        self.budget = SUGGESTION_BUDGET

    def candidates(self, text: str) -> set[str]:
        """Distinct words of a text worth asking about: lower-case, elision taken off, not known."""
        out = set()
        for w in set(_WORD.findall(text)):
            w = _ELISION.sub("", w)
            if not w or len(w) > MAX_WORD or not w.islower() or w in self.known:
                continue
            if "-" in w and all(part in self.known for part in w.split("-")):
                continue
            out.add(w)
        return out

    def misspelt(self, words: set[str]) -> set[str]:
        ask = sorted(w for w in words if w not in self._bad)
        if ask:
            res = subprocess.run(["hunspell", "-d", self.dic, "-l"], input="\n".join(ask), capture_output=True,
                                 text=True, encoding="utf-8")
            bad = set(res.stdout.split())
            for w in ask:
                self._bad[w] = w in bad
        return {w for w in words if self._bad.get(w)}

    def suggest(self, words: set[str], most: int = 3) -> dict[str, list[str]]:
        ask = sorted(w for w in words if w not in self._suggestions)[: max(0, self.budget)]
        self.budget -= len(ask)
        if ask:
            res = subprocess.run(["hunspell", "-d", self.dic, "-a"], input="\n".join(ask), capture_output=True,
                                 text=True, encoding="utf-8")
            for line in res.stdout.splitlines():
                if line.startswith("& "):
                    head, _, tail = line.partition(": ")
                    self._suggestions[head.split()[1]] = [s.strip() for s in tail.split(",")][:most]
            for w in ask:
                self._suggestions.setdefault(w, [])
        return {w: self._suggestions.get(w, []) for w in words}


def find_misspellings(speller: Speller, text: str):
    """(start, end, word, suggestions) of each misspelt word in the text, in order."""
    bad = speller.misspelt(speller.candidates(text))
    if not bad:
        return []
    hints = speller.suggest(bad)
    # One pass over the text with the misspelt words only (a C-level scan, not a loop over every word).
    alternation = "|".join(re.escape(w) for w in sorted(bad, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
    return [(m.start(), m.end(), m.group(), hints.get(m.group(), [])) for m in pattern.finditer(text)]

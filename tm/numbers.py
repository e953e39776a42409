"""The numbers and dates of a segment in a comparable form, for the checks that want them to survive
translation (`bitext check`'s B402, `bitext tm clean`)."""

from __future__ import annotations

import re
from collections import Counter

from .lexicon import fold

_MONTHS = {
    "fr": ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"],
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
    "de": ["januar", "februar", "marz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
}
_NUM = {
    "fr": re.compile(r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"),
    "en": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
}


def numbers(text: str, lang: str) -> Counter[str]:
    """Numbers and month names of a segment, normalised (2 254 = 2,254 = 2254; février = February = month 2)."""
    base = lang.split("-")[0].lower()
    rx = _NUM.get(base, _NUM["en"])
    out: Counter[str] = Counter()
    for m in rx.finditer(text):
        s = m.group()
        if base == "en":
            s = s.replace(",", "")
        else:
            s = re.sub(r"[ \u00a0\u202f.]", "", s).replace(",", ".")
        out[s] += 1
    months = _MONTHS.get(base)
    if months:
        # A month name counts only beside a number (6 février, February 6): "may" is also a verb.
        plain = fold(text)
        for m in re.finditer(r"(\d+[\s\u00a0]+)?\b(" + "|".join(months) + r")\b(?=([\s\u00a0]+\d+)?)", plain):
            if m.group(1) or m.group(3):
                out[f"month:{months.index(m.group(2)) + 1}"] += 1
    return out

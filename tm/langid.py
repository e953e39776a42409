"""A small stop-word language guesser: enough to catch a French file passed as English."""

from __future__ import annotations

from collections import Counter

from .lexicon import tokens

_STOP = {
    "fr": "le la les de des du un une et est en que qui dans pour sur au aux par pas ne se sont avec ce cette il elle nous ils leur".split(),
    "en": "the of and to in a is that for on with as by it are was be this which from at or an has have their its not".split(),
    "de": "der die das und ist in zu den von mit sich des auf für nicht ein eine dem im auch es an als wir sie".split(),
    "es": "el la los las de y en que por un una con para es del al se su no lo como".split(),
    "it": "il la di e che in un una per con non del della sono gli le si da".split(),
}
_LOOKUP: dict[str, list[str]] = {}
for _lang, _words in _STOP.items():
    for _w in _words:
        _LOOKUP.setdefault(_w, []).append(_lang)


def guess(text: str, sample: int = 20000) -> tuple[str | None, float]:
    """(language, share of stop-word hits it takes); None when there is too little evidence."""
    counts: Counter[str] = Counter()
    for tok in tokens(text[:sample]):
        for lang in _LOOKUP.get(tok, ()):
            counts[lang] += 1
    total = sum(counts.values())
    if total < 8:
        return None, 0.0
    lang, hits = counts.most_common(1)[0]
    return lang, hits / total


def shares(text: str, sample: int = 20000) -> tuple[Counter[str], int]:
    """Stop-word hits per language in the text's first `sample` characters, and their total."""
    counts: Counter[str] = Counter()
    for tok in tokens(text[:sample]):
        for lang in _LOOKUP.get(tok, ()):
            counts[lang] += 1
    return counts, sum(counts.values())


def contradicts(text: str, declared: str) -> str | None:
    """The language the text is clearly in, when that is not `declared` (known languages only).

    Romance languages share many stop words (de, la, en), so a text is judged by its own language's
    share, not by the winner's alone: French given as English is refused, French beside Spanish words
    is not."""
    base = declared.split("-")[0].lower()
    if base not in _STOP:
        return None
    counts, total = shares(text)
    if total < 8:
        return None
    lang, hits = counts.most_common(1)[0]
    if lang != base and hits / total >= 0.4 and counts[base] / total < 0.15 and hits >= 3 * counts[base]:
        return lang
    return None


def segment_contradicts(text: str, declared: str, least: int = 3) -> str | None:
    """`contradicts` for one segment: a sentence holds few stop words, so fewer hits are enough, but the
    other language must take most of them and the declared one almost none."""
    base = declared.split("-")[0].lower()
    if base not in _STOP:
        return None
    counts, total = shares(text)
    if total < least:
        return None
    lang, hits = counts.most_common(1)[0]
    if lang != base and hits / total >= 0.6 and counts[base] <= total // 5 and hits >= 3 * counts[base]:
        return lang
    return None

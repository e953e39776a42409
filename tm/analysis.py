"""CAT-style analysis for quoting: how many segments and words of new files a TM already covers, by
match band, as OmegaT's statistics, Trados' and Rainbow's analyses report them.

Word counting (the rule a quote rests on, the same for every file format):
- words are what white space separates, punctuation alone is not a word ("—", "?");
- a hyphenated compound is one word (cessez-le-feu, well-known);
- a French elided article or pronoun is a word of its own (l'État, qu'il, jusqu'à: two words each),
  an English apostrophe is not ("don't", "Canada's": one word);
- words joined by a slash are separate (and/or: two words);
- a number is one word however it is written (2019, 1 000 000 with no-break spaces, 1,000.5, 3,5 %
  is one word and a sign);
- inline tags and placeholders (XLIFF <x/>, <g>, PO's %s and {0}) are not words: the readers hand
  over the text without its codes, and a placeholder alone counts nothing;
- a segment of no words ("###", a lone placeholder) is not quoted at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

BANDS = ("repetitions", "100", "95-99", "85-94", "75-84", "50-74", "no-match")
_LOWEST = 50.0  # below this a TM match is worth nothing to a quote
_ELIDED = frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu".split())
_PLACEHOLDER = re.compile(r"%(?:\d+\$)?[-+#0]?\d*(?:\.\d+)?[sdifuxXeEgGcp%]|\{\d*\}|\{[A-Za-z_]\w*\}")
_DIGIT_GROUP = re.compile(r"[ \u00a0\u202f](?<=\d[ \u00a0\u202f])(?=\d{3}(?!\d))")


def count_words(text: str) -> int:
    """Words of a segment by the rule in this module's docstring."""
    text = _DIGIT_GROUP.sub("", _PLACEHOLDER.sub(" ", text))
    n = 0
    for token in text.replace("/", " ").split():
        if not any(ch.isalnum() for ch in token):
            continue
        n += 1
        for sep in "'’":
            if sep in token:
                head = token.split(sep, 1)[0].lower()
                if head in _ELIDED:
                    n += 1
                break
    return n


@dataclass(slots=True)
class Tally:
    """Segments and words per band, for one file or the total."""

    segments: int = 0
    words: int = 0
    bands: dict[str, list[int]] = field(default_factory=lambda: {b: [0, 0] for b in BANDS})

    def add(self, band: str, words: int) -> None:
        self.segments += 1
        self.words += words
        self.bands[band][0] += 1
        self.bands[band][1] += words

    def to_json(self) -> dict:
        return {"segments": self.segments, "words": self.words,
                "bands": {b: {"segments": s, "words": w} for b, (s, w) in self.bands.items()}}


@dataclass(slots=True)
class Analysis:
    files: list[tuple[str, Tally]]
    total: Tally

    def to_json(self) -> dict:
        return {"files": [{"path": p, **t.to_json()} for p, t in self.files], "total": self.total.to_json()}


def band(score: float | None) -> str:
    """The band of a best TM match percentage (None: nothing at 50% or more)."""
    if score is None or score < _LOWEST:
        return "no-match"
    if score >= 100:
        return "100"
    for low, name in ((95, "95-99"), (85, "85-94"), (75, "75-84")):
        if score >= low:
            return name
    return "50-74"


def _key(segment: str) -> str:
    return " ".join(segment.split())


def analyze(files: Sequence[tuple[str, Sequence[str]]], best: Callable[[str], float | None] | None,
            progress: Callable[[int], None] | None = None) -> Analysis:
    """Band every segment of the files, given as (path, segments) in reading order.

    `best` gives a segment's best TM match percentage (None for none; no TM: `best` is None). A segment
    seen before, in the same file or an earlier one, is a repetition: it is quoted once, at its best
    band, where it first appears."""
    seen: set[str] = set()
    total, out = Tally(), []
    done = 0
    for path, segments in files:
        tally = Tally()
        for seg in segments:
            key = _key(seg)
            if not key:
                continue
            words = count_words(key)
            if not words:  # nothing to translate ("###", a lone placeholder): not quoted
                continue
            if key in seen:
                name = "repetitions"
            else:
                seen.add(key)
                name = band(best(key) if best else None)
            tally.add(name, words)
            total.add(name, words)
            done += 1
            if progress and done % 100 == 0:
                progress(done)
        out.append((path, tally))
    return Analysis(out, total)


_worker_store = None


def _open_worker(db: str | None, timeout: float) -> None:
    global _worker_store
    from .store import open_store

    _worker_store = open_store(db, create=False, timeout=timeout)


def _best_of(args: tuple[list[str], str]) -> list[float | None]:
    segments, lang = args
    out = []
    for seg in segments:
        found = _worker_store.search(seg, lang, _LOWEST, 1)
        out.append(found[0].score if found else None)
    return out


def best_scores(segments: Sequence[str], db: str | None, lang: str, jobs: int = 1, timeout: float = 60.0,
                progress: Callable[[int], None] | None = None) -> dict[str, float | None]:
    """Each distinct segment's best TM match percentage (None below 50%), looked up in `jobs` processes that
    each open the TM themselves (SQLite and PostgreSQL both serve concurrent readers)."""
    distinct = list(dict.fromkeys(_key(s) for s in segments if _key(s)))
    chunks = [distinct[k:k + 200] for k in range(0, len(distinct), 200)]
    out: dict[str, float | None] = {}
    if jobs <= 1 or len(chunks) <= 1:
        _open_worker(db, timeout)
        results = map(_best_of, ((c, lang) for c in chunks))
    else:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_open_worker, initargs=(db, timeout))
        results = pool.map(_best_of, ((c, lang) for c in chunks))
    try:
        for chunk, scores in zip(chunks, results):
            out.update(zip(chunk, scores))
            if progress:
                progress(len(out))
    finally:
        if jobs > 1 and len(chunks) > 1:
            pool.shutdown()
        elif _worker_store is not None:
            _worker_store.close()
    return out


def to_csv_rows(result: Analysis) -> Iterable[list]:
    """file, band, segments, words: one row per file and band, then the total's rows (file "TOTAL")."""
    yield ["file", "band", "segments", "words"]
    for path, tally in [*result.files, ("TOTAL", result.total)]:
        for name, (s, w) in tally.bands.items():
            yield [path, name, s, w]


def file_segments(path: str, lang: str, input_format: str = "auto") -> list[str]:
    """The segments a CAT tool would quote in a file: a bilingual file's source sides (XLIFF, PO, TMX),
    a document's sentences in any format the readers take."""
    from .document import load
    from .formats import format_of, is_bilingual, read_units

    fmt = format_of(path, input_format)
    if fmt == "po":  # only the sources are quoted: a PO file without a Language header is fine here
        from .formats.po import iter_po
        from .textio import decode, read_bytes

        return [u.source for u in iter_po(path, decode(read_bytes(path), path), target_lang="und")]
    if is_bilingual(path, fmt):
        return [u.source for u in read_units(path, source_lang=lang, input_format=fmt)]
    return load(path, lang, input_format).sentences

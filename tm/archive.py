"""Aligning every pair of a corpus: worker processes, a cache keyed by content, a corpus-wide lexicon.

Pairs are independent, so they are aligned in `jobs` processes and the results put back in corpus
order: the output is the same whatever the number of workers. A first pass aligns each pair alone;
the word pairs learned across all of them (`align.learn_lexicon`) then help a second pass, so that a
short document gains from the long ones. Each pass's beads are cached under a hash of everything
they depend on (both files' bytes, the corrections, the glossary's term pairs, the lexicon, bitext's
aligner code), so a rebuild after one changed file realigns that pair only. The lexicon is relearned
every build but replaces the cached one only when it changed by more than `LEXICON_DRIFT`: one edited
document among many leaves it, and every other pair's cache entry, as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import corrections as corr
from .align import Bead, learn_lexicon
from .bitext import align_with_corrections
from .corpus import DocumentPair
from .document import Document, load
from .textio import atomic_write

LEXICON_DRIFT = 0.05
_MAX_ENTRY = 256 << 20  # bytes: no real pair's beads come near
_CODE_FILES = ("align.py", "lexicon.py", "segment.py", "corrections.py", "bitext.py", "document.py", "source.py")


@dataclass(slots=True)
class PairResult:
    pair: DocumentPair
    src: Document
    tgt: Document
    beads: list[Bead]
    confirmed: set[int] = field(default_factory=set)
    stale: list = field(default_factory=list)
    cached: bool = False  # the final beads came from the cache


@dataclass(slots=True)
class CorpusAlignment:
    results: list[PairResult]
    lexicon_words: int = 0
    aligned: int = 0  # pairs whose final pass ran (the others came from the cache)


def code_version() -> str:
    """bitext's version and a hash of the aligner's own source: a changed aligner never reuses old beads."""
    from . import __version__

    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in _CODE_FILES:
        h.update((here / name).read_bytes())
    for p in sorted((here / "formats").glob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def pair_key(pair: DocumentPair, corrections_root: Path, term_pairs: Sequence[tuple[str, str]], version: str) -> str:
    """What a pair's first-pass beads depend on, hashed."""
    fix = corr.file_of(corrections_root, pair.id)
    parts = [version, pair.id, _file_hash(pair.french), pair.french.suffix, _file_hash(pair.english),
             pair.english.suffix, _file_hash(fix) if fix.is_file() else "-",
             json.dumps(sorted(term_pairs), ensure_ascii=False)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def lexicon_hash(lexicon: dict) -> str:
    return hashlib.sha256(json.dumps({k: sorted(v) for k, v in sorted(lexicon.items())}, ensure_ascii=False)
                          .encode()).hexdigest()[:16]


class Cache:
    """Beads by key as small JSON files (never pickles: a cache folder a repository ships cannot run code)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> tuple[list[Bead], set[int]] | None:
        if self.folder is None:
            return None
        try:
            data = _load(self._path(key))
            beads = [Bead(tuple(int(i) for i in s), tuple(int(j) for j in t), float(score))
                     for s, t, score in data["beads"]]
            return beads, {int(k) for k in data["confirmed"]}
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None  # absent, damaged or hostile: aligned again

    def put(self, key: str, beads: Sequence[Bead], confirmed: set[int]) -> None:
        if self.folder is None:
            return
        data = {"beads": [[list(b.source), list(b.target), b.score] for b in beads], "confirmed": sorted(confirmed)}
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(data, separators=(",", ":")))

    def lexicon(self) -> dict[str, set[str]] | None:
        if self.folder is None:
            return None
        try:
            data = _load(self.folder / "lexicon.json")
            return {str(k): {str(w) for w in v} for k, v in data.items()}
        except (OSError, ValueError, AttributeError, TypeError, RecursionError):
            return None

    def put_lexicon(self, lexicon: dict[str, set[str]]) -> None:
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.folder / "lexicon.json",
                         json.dumps({k: sorted(v) for k, v in sorted(lexicon.items())}, ensure_ascii=False))


def _load(path: Path):
    """A cache file's JSON; a file too large to be ours is treated as damaged (ValueError)."""
    if path.stat().st_size > _MAX_ENTRY:
        raise ValueError("cache entry too large")
    return json.loads(path.read_text(encoding="utf-8"))


def _drift(old: dict[str, set[str]], new: dict[str, set[str]]) -> float:
    """Share of word pairs in one lexicon and not the other."""
    a = {(k, w) for k, v in old.items() for w in v}
    b = {(k, w) for k, v in new.items() for w in v}
    return len(a ^ b) / max(len(a | b), 1)


_SHARED: dict = {}  # what every task of a pass shares, sent to each worker once (not with every task)


def _share(lexicon) -> None:
    _SHARED["lexicon"] = lexicon


def _task(pair: DocumentPair, corrections_root: Path, term_pairs, lexicon, known, docs) -> PairResult:
    """One pair in a worker: read (unless given), then align (unless the cache had the beads)."""
    if lexicon == "shared":
        lexicon = _SHARED.get("lexicon")
    src, tgt = docs if docs else (load(pair.french, "fr"), load(pair.english, "en"))
    if known is not None:
        beads, confirmed = known
        return PairResult(pair, src, tgt, beads, confirmed, [], True)
    fixes = corr.for_document(corrections_root, pair.id)
    res = align_with_corrections(src, tgt, fixes, pair.id, term_pairs, lexicon=lexicon)
    return PairResult(pair, src, tgt, res.beads, set(res.confirmed), list(res.stale), False)


def _run(tasks: list[tuple], jobs: int, progress: Callable[[int], None] | None, lexicon=None) -> list[PairResult]:
    """Tasks in `jobs` processes (in this one for a single job), results in task order."""
    _share(lexicon)
    if jobs <= 1 or len(tasks) <= 1:
        out = []
        for k, t in enumerate(tasks, 1):
            out.append(_task(*t))
            if progress:
                progress(k)
        return out
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_share, initargs=(lexicon,)) as pool:
        futures = [pool.submit(_task, *t) for t in tasks]
        out = []
        for k, f in enumerate(futures, 1):  # in order: what finishes early waits, the output does not depend on timing
            out.append(f.result())
            if progress:
                progress(k)
        return out


def align_corpus(pairs: Sequence[DocumentPair], corrections_root: Path, term_pairs: Sequence[tuple[str, str]] = (),
                 jobs: int = 1, cache_dir: Path | None = None, corpus_lexicon: bool = True,
                 progress: Callable[[int, int], None] | None = None) -> CorpusAlignment:
    """Every pair aligned (twice with the corpus lexicon), with the cache and workers described above."""
    cache = Cache(cache_dir)
    version = code_version()
    terms = sorted(term_pairs)
    keys = [pair_key(p, corrections_root, terms, version) for p in pairs]
    passes = 2 if corpus_lexicon and len(pairs) > 1 else 1
    total = passes * len(pairs)

    def step(offset: int):
        return (lambda k: progress(offset + k, total)) if progress else None

    first = _run([(p, corrections_root, terms, None, cache.get(k), None) for p, k in zip(pairs, keys)],
                 jobs, step(0))
    for r, k in zip(first, keys):
        if not r.cached and not r.stale:
            cache.put(k, r.beads, r.confirmed)
    if passes == 1:
        return CorpusAlignment(first, 0, sum(not r.cached for r in first))
    learned = learn_lexicon([(r.src.sentences, r.tgt.sentences, r.beads) for r in first])
    kept = cache.lexicon()
    lexicon = kept if kept is not None and _drift(kept, learned) <= LEXICON_DRIFT else learned
    if lexicon is not kept:
        cache.put_lexicon(lexicon)
    lex_id = lexicon_hash(lexicon)
    keys2 = [hashlib.sha256(f"{k}\0{lex_id}".encode()).hexdigest() for k in keys]
    known = [cache.get(k) for k in keys2]
    # Cached pairs are settled here; only the others travel to the workers again.
    todo = [k for k, hit in enumerate(known) if hit is None]
    done = _run([(first[k].pair, corrections_root, terms, "shared", None, (first[k].src, first[k].tgt)) for k in todo],
                jobs, (lambda n: progress(len(pairs) + len(pairs) - len(todo) + n, total)) if progress else None, lexicon)
    second: list[PairResult] = []
    fresh = iter(done)
    for k, r in enumerate(first):
        if known[k] is not None:
            beads, confirmed = known[k]
            second.append(PairResult(r.pair, r.src, r.tgt, beads, confirmed, [], True))
        else:
            second.append(next(fresh))
            if not second[-1].stale:
                cache.put(keys2[k], second[-1].beads, second[-1].confirmed)
    # Stale corrections are reported once, from the pass whose beads are kept.
    return CorpusAlignment(second, len(lexicon), sum(not r.cached for r in second))


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1

"""A reviewer's corrections as anchors: the beads a person confirmed are kept exactly, the aligner
works only between them, and a correction whose sentences are gone is stale, never moved.

The corrections file (`seeds/corrections/<document id>.json`) is a contract other tools rely on:
`{"document": id, "corrections": [{"source": [...], "target": [...], "verdict": "confirmed",
"source_ids": [...], "target_ids": [...]}]}`; sentences are named by their text as bitext segments
them, the optional ids tell apart a text that occurs twice, and an empty side means no counterpart.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .align import Bead
from .errors import FormatError

VERDICTS = ("confirmed",)
MAX_CORRECTIONS_BYTES = 64 << 20


@dataclass(slots=True)
class Correction:
    """One reviewed bead, by sentence texts (and, optionally, their indices)."""

    source: list[str]
    target: list[str]
    verdict: str = "confirmed"
    source_ids: list[int] | None = None
    target_ids: list[int] | None = None

    def to_json(self) -> dict:
        out: dict = {"source": self.source, "target": self.target, "verdict": self.verdict}
        if self.source_ids is not None:
            out["source_ids"] = self.source_ids
        if self.target_ids is not None:
            out["target_ids"] = self.target_ids
        return out


@dataclass(slots=True)
class Stale:
    """A correction that no longer fits the text, with why."""

    document: str
    correction: Correction
    reason: str

    def message(self) -> str:
        side = self.correction.source or self.correction.target
        return f"stale correction in {self.document}: {self.reason}: '{side[0] if side else ''}'"


@dataclass(slots=True)
class Anchored:
    """Beads of a document aligned around its corrections."""

    beads: list[Bead]
    confirmed: set[int] = field(default_factory=set)  # indices into beads
    stale: list[Stale] = field(default_factory=list)


# ---------------------------------------------------------------- the file


def parse(text: str, path: str, document: str | None = None) -> list[Correction]:
    """Corrections from the file's JSON; any shape error is a FormatError naming the file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not JSON: {exc.msg}", path, exc.lineno) from exc
    if not isinstance(data, dict) or not isinstance(data.get("corrections"), list):
        raise FormatError('not a corrections file (expected {"document": ..., "corrections": [...]})', path)
    if document is not None and data.get("document") not in (None, document):
        raise FormatError(f"corrections for document {data.get('document')!r}, not {document!r}", path)
    out = []
    for k, c in enumerate(data["corrections"], 1):
        where = f"correction #{k}"
        if not isinstance(c, dict):
            raise FormatError(f"{where} is not an object", path)
        src, tgt = c.get("source", []), c.get("target", [])
        if not _strings(src) or not _strings(tgt):
            raise FormatError(f"{where}: source and target must be lists of sentences", path)
        if not src and not tgt:
            raise FormatError(f"{where}: both sides are empty", path)
        verdict = c.get("verdict", "confirmed")
        if verdict not in VERDICTS:
            raise FormatError(f"{where}: verdict must be one of {', '.join(VERDICTS)}", path)
        ids = []
        for key, side in (("source_ids", src), ("target_ids", tgt)):
            v = c.get(key)
            if v is not None and (not isinstance(v, list) or len(v) != len(side)
                                  or not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in v)):
                raise FormatError(f"{where}: {key} must list one sentence number per sentence", path)
            ids.append(v)
        out.append(Correction(list(src), list(tgt), verdict, ids[0], ids[1]))
    return out


def _strings(v) -> bool:
    return isinstance(v, list) and all(isinstance(s, str) for s in v)


def load(path: str | Path, document: str | None = None) -> list[Correction]:
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            raw = fh.read(MAX_CORRECTIONS_BYTES + 1)
    except OSError as exc:
        raise FormatError(f"cannot read: {exc.strerror}", str(p)) from exc
    if len(raw) > MAX_CORRECTIONS_BYTES:
        raise FormatError(f"larger than {MAX_CORRECTIONS_BYTES >> 20} MiB", str(p))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError("not valid UTF-8", str(p)) from exc
    return parse(text, str(p), document)


def file_of(seeds: Path, document: str) -> Path:
    """Where a corpus keeps a document's corrections: SEEDS/corrections/<document id>.json."""
    return seeds / "corrections" / f"{document}.json"


def for_document(seeds: Path, document: str) -> list[Correction]:
    """The reviewer's corrections of one document of a corpus, if any were saved."""
    path = file_of(seeds, document)
    return load(path, document) if path.is_file() else []


def dumps(document: str, corrections: Sequence[Correction]) -> str:
    return json.dumps({"document": document, "corrections": [c.to_json() for c in corrections]},
                      ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- anchors


def _find(sentences: Sequence[str], index: dict[str, list[int]], wanted: list[str], ids: list[int] | None,
          after: int) -> tuple[int, ...] | None:
    """Consecutive sentence indices holding `wanted`: at `ids` if given and still true, else the first
    occurrence at or after `after`."""
    if ids is not None:
        if ids == list(range(ids[0], ids[0] + len(ids))) and ids[-1] < len(sentences) \
                and [sentences[i] for i in ids] == wanted:
            return tuple(ids)
        return None
    starts = index.get(wanted[0], [])
    k = bisect.bisect_left(starts, after)
    for i in starts[k:]:
        if all(i + j < len(sentences) and sentences[i + j] == w for j, w in enumerate(wanted)):
            return tuple(range(i, i + len(wanted)))
    return None


def resolve(document: str, corrections: Sequence[Correction], src: Sequence[str], tgt: Sequence[str]):
    """Each correction as (source indices, target indices), or a Stale with why; in document order."""
    s_index: dict[str, list[int]] = {}
    t_index: dict[str, list[int]] = {}
    for i, s in enumerate(src):
        s_index.setdefault(s, []).append(i)
    for j, t in enumerate(tgt):
        t_index.setdefault(t, []).append(j)
    anchors: list[tuple[tuple[int, ...], tuple[int, ...], Correction]] = []
    stale: list[Stale] = []
    used_s: set[int] = set()
    used_t: set[int] = set()
    s_after = t_after = 0
    for c in corrections:
        si = _find(src, s_index, c.source, c.source_ids, s_after) if c.source else ()
        ti = _find(tgt, t_index, c.target, c.target_ids, t_after) if c.target else ()
        if si is None and c.source_ids is None and c.source:
            si = _find(src, s_index, c.source, None, 0)  # corrections need not be listed in order
        if ti is None and c.target_ids is None and c.target:
            ti = _find(tgt, t_index, c.target, None, 0)
        if si is None or ti is None:
            which = "source" if si is None else "target"
            stale.append(Stale(document, c, f"{which} sentence not found (the text was edited)"))
            continue
        if used_s & set(si) or used_t & set(ti):
            stale.append(Stale(document, c, "overlaps another correction"))
            continue
        used_s.update(si)
        used_t.update(ti)
        anchors.append((si, ti, c))
        if si:
            s_after = si[-1] + 1
        if ti:
            t_after = ti[-1] + 1
    # Beads with both sides must not cross each other; the later crossing one is stale.
    full = sorted((a for a in anchors if a[0] and a[1]), key=lambda a: a[0][0])
    kept: list = []
    for a in full:
        if kept and a[1][0] < kept[-1][1][-1]:
            stale.append(Stale(document, a[2], "crosses another correction"))
            continue
        kept.append(a)
    singles = [a for a in anchors if not (a[0] and a[1])]
    return kept, singles, stale


AlignFn = Callable[[list[int], list[int]], list[Bead]]


def anchored_align(document: str, corrections: Sequence[Correction], src: Sequence[str], tgt: Sequence[str],
                   align_span: AlignFn) -> Anchored:
    """Beads for the whole document: corrected beads exactly, the stretches between them aligned alone.

    `align_span(source indices, target indices)` aligns a stretch and returns beads over positions in
    those lists; sentences a correction leaves without counterpart are kept out of every stretch.
    """
    full, singles, stale = resolve(document, corrections, src, tgt)
    lone_s = {i for si, ti, _ in singles for i in si}
    lone_t = {j for si, ti, _ in singles for j in ti}
    beads: list[Bead] = []
    confirmed: set[int] = set()
    s_pos = t_pos = 0
    for si, ti, c in [*full, ((len(src),), (len(tgt),), None)]:
        span_s = [i for i in range(s_pos, si[0]) if i not in lone_s]
        span_t = [j for j in range(t_pos, ti[0]) if j not in lone_t]
        if span_s and span_t:
            for b in align_span(span_s, span_t):
                beads.append(Bead(tuple(span_s[i] for i in b.source), tuple(span_t[j] for j in b.target), b.score))
        else:
            beads += [Bead((i,), (), 0.0) for i in span_s] + [Bead((), (j,), 0.0) for j in span_t]
        if c is not None:
            confirmed.add(len(beads))
            beads.append(Bead(tuple(si), tuple(ti), 1.0))
        s_pos, t_pos = si[-1] + 1, ti[-1] + 1
    for si, ti, _ in singles:
        k = _insert_at(beads, si, ti)
        confirmed = {c + 1 if c >= k else c for c in confirmed}
        confirmed.add(k)
        beads.insert(k, Bead(tuple(si), tuple(ti), 1.0))
    return Anchored(beads, confirmed, stale)


def _insert_at(beads: list[Bead], si: tuple[int, ...], ti: tuple[int, ...]) -> int:
    """Where a lone sentence goes: before the first bead that comes after it on its own side."""
    side, pos = (0, si[0]) if si else (1, ti[0])
    for k, b in enumerate(beads):
        ids = b.source if side == 0 else b.target
        if ids and ids[0] > pos:
            return k
    return len(beads)

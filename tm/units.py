"""Translation units with provenance: what alignment produces and what TMX and the TM store carry."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the unit model stays light: readers of TMX, XLIFF and PO never load the aligner
    from .align import Bead
    from .document import Document


@dataclass(slots=True)
class TranslationUnit:
    """A source segment and its translation, with where it came from.

    `props` holds provenance as TMX `x-` properties (document id, paragraph and sentence
    indices, alignment score, English status); `notes` are free-text remarks.
    """

    source: str
    target: str
    source_lang: str = "fr"
    target_lang: str = "en"
    tuid: str | None = None
    props: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    creationdate: str | None = None
    line: int | None = None  # where the unit starts in the file it was read from; never written
    source_markup: str | None = None  # the segment with its inline codes, as TMX seg content (XLIFF input)
    target_markup: str | None = None

    def key(self) -> tuple[str, str, str, str]:
        """Identity for de-duplication: the languages and both texts."""
        return (self.source_lang.lower(), self.target_lang.lower(), self.source, self.target)


def _span(ids: Sequence[int]) -> str:
    return f"{ids[0]}" if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"


def units_from_beads(beads: Sequence[Bead], src: Document, tgt: Document, doc_id: str | None = None,
                     english_status: str | None = None, min_score: float = 0.0,
                     paragraph_units: bool = True, confirmed: set[int] | frozenset[int] = frozenset(),
                     confirmed_only: bool = False) -> Iterator[TranslationUnit]:
    """One unit per bead with both sides (unpaired sentences carry no translation and are left out).

    With `paragraph_units`, each cleanly aligned paragraph of several segments also gets a unit
    holding its original text: CAT tools that segment by paragraph, or that keep a dateline block
    as one segment, then find an exact match too.
    """
    doc = doc_id or src.path
    yield from _sentence_units(beads, src, tgt, doc, english_status, min_score, confirmed, confirmed_only)
    if paragraph_units:
        for u in _paragraph_units(beads, src, tgt, doc, english_status, confirmed):
            if not confirmed_only or u.props["x-review"] == "confirmed":
                yield u


def _sentence_units(beads, src, tgt, doc, english_status, min_score, confirmed, confirmed_only) -> Iterator[TranslationUnit]:
    for n, bead in enumerate(beads):
        if not bead.source or not bead.target or (bead.score < min_score and n not in confirmed):
            continue
        if confirmed_only and n not in confirmed:
            continue
        source = " ".join(src.segments[i].text for i in bead.source)
        target = " ".join(tgt.segments[j].text for j in bead.target)
        first = src.segments[bead.source[0]]
        props = {
            "x-document": doc,
            "x-paragraph": str(first.paragraph),
            "x-source-sentences": _span(bead.source),
            "x-target-sentences": _span(bead.target),
            "x-bead": bead.kind,
            "x-score": f"{bead.score:.4f}",
        }
        props |= _where(src, first.start)
        props["x-review"] = "confirmed" if n in confirmed else "automatic"
        if english_status:
            props["x-english-status"] = english_status
        yield TranslationUnit(source, target, src.lang, tgt.lang, tuid=f"{doc}:{n}", props=props)


def _where(doc: Document, offset: int) -> dict[str, str]:
    """Provenance in the source file: its name and the structural position (line, page, paragraph, element)."""
    out = {"x-file": Path(doc.path).name}
    if doc.source is not None:
        out["x-locator"] = doc.source.locator(offset)
    return out


def _paragraph_units(beads: Sequence[Bead], src: Document, tgt: Document, doc: str,
                     english_status: str | None, confirmed: set[int] | frozenset[int]) -> Iterator[TranslationUnit]:
    """Units for paragraph pairs whose beads map one source paragraph onto one target paragraph and back."""
    src_to_tgt: dict[int, set[int]] = {}
    tgt_to_src: dict[int, set[int]] = {}
    unpaired_src: set[int] = set()
    unpaired_tgt: set[int] = set()
    scores: dict[int, list[float]] = {}
    reviewed: dict[int, bool] = {}
    for n, b in enumerate(beads):
        sp = {src.segments[i].paragraph for i in b.source}
        tp = {tgt.segments[j].paragraph for j in b.target}
        if not b.target:
            unpaired_src |= sp
        if not b.source:
            unpaired_tgt |= tp
        for p in sp:
            src_to_tgt.setdefault(p, set()).update(tp)
            scores.setdefault(p, []).append(b.score)
            reviewed[p] = reviewed.get(p, True) and n in confirmed
        for q in tp:
            tgt_to_src.setdefault(q, set()).update(sp)
    for p, qs in sorted(src_to_tgt.items()):
        if len(qs) != 1 or p in unpaired_src:
            continue
        q = next(iter(qs))
        if tgt_to_src.get(q) != {p} or q in unpaired_tgt:
            continue
        s_segs = [s for s in src.segments if s.paragraph == p]
        t_segs = [t for t in tgt.segments if t.paragraph == q]
        if len(s_segs) < 2 and len(t_segs) < 2:
            continue  # the sentence unit already covers it
        props = {"x-document": doc, "x-paragraph": str(p), "x-unit": "paragraph",
                 "x-score": f"{min(scores[p]):.4f}"} | _where(src, s_segs[0].start)
        props["x-review"] = "confirmed" if reviewed.get(p) else "automatic"
        if english_status:
            props["x-english-status"] = english_status
        yield TranslationUnit(src.text[s_segs[0].start:s_segs[-1].end], tgt.text[t_segs[0].start:t_segs[-1].end],
                              src.lang, tgt.lang, tuid=f"{doc}:p{p}", props=props)

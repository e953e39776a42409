"""Aligning two documents and rendering the beads in the aligner's output formats."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from .align import Bead, align
from .corrections import Anchored, Correction, anchored_align
from .document import Document
from .errors import FormatError
from .textio import read_text
from .units import TranslationUnit


def align_documents(src: Document, tgt: Document, term_pairs: Sequence[tuple[str, str]] = (),
                    progress=None, lexicon=None) -> list[Bead]:
    """Beads between two loaded documents, using paragraph marks, glossary term pairs and a learned lexicon."""
    return align(src.sentences, tgt.sentences, src_paragraphs=src.paragraphs, tgt_paragraphs=tgt.paragraphs,
                 src_lang=src.lang, tgt_lang=tgt.lang, term_pairs=term_pairs, progress=progress, lexicon=lexicon)


def align_with_corrections(src: Document, tgt: Document, corrections: Sequence[Correction], document: str,
                           term_pairs: Sequence[tuple[str, str]] = (), progress=None, lexicon=None) -> Anchored:
    """Beads with a reviewer's corrections kept exactly and the stretches between them aligned alone."""
    if not corrections:
        return Anchored(align_documents(src, tgt, term_pairs, progress, lexicon))
    s_para, t_para = src.paragraphs, tgt.paragraphs

    def span(si: list[int], ti: list[int]) -> list[Bead]:
        return align([src.segments[i].text for i in si], [tgt.segments[j].text for j in ti],
                     src_paragraphs=[s_para[i] for i in si], tgt_paragraphs=[t_para[j] for j in ti],
                     src_lang=src.lang, tgt_lang=tgt.lang, term_pairs=term_pairs, lexicon=lexicon)

    return anchored_align(document, corrections, src.sentences, tgt.sentences, span)


def bead_texts(bead: Bead, src: Sequence[str], tgt: Sequence[str]) -> tuple[list[str], list[str]]:
    return [src[i] for i in bead.source], [tgt[j] for j in bead.target]


def to_json(beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str], confirmed=frozenset()) -> str:
    out = []
    for n, b in enumerate(beads):
        s, t = bead_texts(b, src, tgt)
        out.append({"source": s, "target": t, "source_ids": list(b.source), "target_ids": list(b.target),
                    "score": b.score, "review": "confirmed" if n in confirmed else "automatic"})
    return json.dumps({"beads": out}, ensure_ascii=False, indent=1) + "\n"


def read_json(path: str, source_lang: str = "fr", target_lang: str = "en") -> list[TranslationUnit]:
    """Units of the aligner's JSON, one per bead (empty sides kept), each with the line of its bead."""
    text = read_text(path)
    try:
        beads = json.loads(text)["beads"]
        if not isinstance(beads, list):
            raise TypeError("beads is not a list")
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise FormatError('not the aligner\'s JSON (expected {"beads": [...]})', path) from exc
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r'"source":', text)]
    units = []
    for k, b in enumerate(beads):
        line = lines[k] if k < len(lines) else 1
        if not isinstance(b, dict) or not all(isinstance(b.get(side, []), list) and
                                              all(isinstance(x, str) for x in b.get(side, [])) for side in ("source", "target")):
            raise FormatError(f"bead #{k + 1} is not {{\"source\": [sentences], \"target\": [sentences], ...}}", path, line)
        score = b.get("score")
        units.append(TranslationUnit(" ".join(b.get("source", [])), " ".join(b.get("target", [])), source_lang, target_lang,
                                     props={"x-score": str(score)} if score is not None else {},
                                     line=lines[k] if k < len(lines) else 1))
    return units


def to_tsv(beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> str:
    """source<TAB>target<TAB>score, sentences of one bead joined by a space."""
    lines = []
    for b in beads:
        s, t = bead_texts(b, src, tgt)
        lines.append(f"{_cell(' '.join(s))}\t{_cell(' '.join(t))}\t{b.score:.4f}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


def to_vecalign(beads: Sequence[Bead]) -> str:
    """One bead per line, `[i, j]:[k]`, 0-based, source first."""
    return "".join(f"[{', '.join(map(str, b.source))}]:[{', '.join(map(str, b.target))}]\n" for b in beads)

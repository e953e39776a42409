"""Aligned units for the commands that read them (TMX, XLIFF, PO, the aligner's JSON, TSV/CSV), via tm.formats."""

from __future__ import annotations

from bitext.tm.formats import read_units
from bitext.tm.units import TranslationUnit


def sentence_units(path: str) -> list[TranslationUnit]:
    """Units with both sides, paragraph-level units left out: what term extraction learns from."""
    return [u for u in read_units(path) if u.source and u.target and u.props.get("x-unit") != "paragraph"]


def read_pairs(files) -> tuple[list[tuple[str, str]], str, str]:
    """Sentence pairs of several files and their languages (those of the last TMX, else fr and en)."""
    pairs: list[tuple[str, str]] = []
    src_lang, tgt_lang = "fr", "en"
    for f in files:
        for u in sentence_units(f):
            src_lang, tgt_lang = u.source_lang.split("-")[0].lower(), u.target_lang.split("-")[0].lower()
            pairs.append((u.source, u.target))
    return pairs, src_lang, tgt_lang

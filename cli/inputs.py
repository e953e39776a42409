"""Reading aligned units from what the user has: TMX, the aligner's JSON, or TSV/CSV tables."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tm.bitext import read_json
from tm.errors import FormatError
from tm.tmx import iter_tmx
from tm.tmxops import read_table
from tm.units import TranslationUnit

_TABLES = {".tsv": "\t", ".txt": "\t", ".csv": ","}


def read_units(path: str, source_lang: str = "fr", target_lang: str = "en",
               inline: str = "flatten") -> Iterable[TranslationUnit]:
    """Units of one file, by extension; languages apply to the formats that do not carry them."""
    ext = Path(path).suffix.lower()
    if ext == ".tmx":
        return iter_tmx(path, inline=inline)
    if ext == ".json":
        return read_json(path, source_lang, target_lang)
    if ext in _TABLES:
        return read_table(path, _TABLES[ext], source_lang, target_lang)
    raise FormatError("unknown input (expected .tmx, the aligner's .json, or .tsv/.csv)", path)


def sentence_units(path: str) -> list[TranslationUnit]:
    """Units with both sides, paragraph-level units left out: what the bilingual rules and extraction read."""
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

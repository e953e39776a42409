"""A document loaded for alignment: its text, language and segments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import langid
from .errors import InputError
from .segment import Segment, segment, segment_lines
from .source import SourceText


@dataclass(slots=True)
class Document:
    """One side of a bitext."""

    path: str
    lang: str
    text: str
    segments: list[Segment]
    source: SourceText | None = None  # the file's structure and positions (text is source.text)

    @property
    def sentences(self) -> list[str]:
        return [s.text for s in self.segments]

    @property
    def paragraphs(self) -> list[int]:
        return [s.paragraph for s in self.segments]


def load(path: str | Path, lang: str, input_format: str = "auto", check_language: bool = True) -> Document:
    """Read a document in any supported format and segment it; refuses files clearly not in `lang`.

    Block boundaries (headings, paragraphs, list items, cells) become paragraph marks for the aligner.
    """
    from .formats import read_document

    name = str(path)
    src = read_document(name, "text" if input_format == "lines" else input_format)
    text = src.text
    if check_language:
        other = langid.contradicts(text, lang)
        if other:
            raise InputError(f"looks like '{other}' text, not '{lang}' as given", name)
    segs = segment_lines(text) if input_format == "lines" else segment(text, lang)
    if not segs:
        raise InputError("no sentences found", name)
    return Document(name, lang, text, segs, src)

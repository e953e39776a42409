"""A document loaded for alignment: its text, language and segments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import langid
from .errors import InputError
from .segment import Segment, segment, segment_lines
from .textio import read_text


@dataclass(slots=True)
class Document:
    """One side of a bitext."""

    path: str
    lang: str
    text: str
    segments: list[Segment]

    @property
    def sentences(self) -> list[str]:
        return [s.text for s in self.segments]

    @property
    def paragraphs(self) -> list[int]:
        return [s.paragraph for s in self.segments]


def load(path: str | Path, lang: str, input_format: str = "text", check_language: bool = True) -> Document:
    """Read and segment a document; refuses files that are clearly not in `lang`."""
    name = str(path)
    text = read_text(path)
    if check_language:
        other = langid.contradicts(text, lang)
        if other:
            raise InputError(f"looks like '{other}' text, not '{lang}' as given", name)
    if input_format == "lines":
        segs = segment_lines(text)
    elif input_format == "text":
        segs = segment(text, lang)
    else:
        raise InputError(f"unknown input format {input_format!r}", name)
    if not segs:
        raise InputError("no sentences found", name)
    return Document(name, lang, text, segs)

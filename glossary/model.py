"""The controlled glossary: concepts with per-language terms, each with a status, a type and known misspellings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from bitext.tm.errors import BitextError


class GlossaryError(BitextError):
    """A glossary file with mistakes; `problems` lists every one of them with its line."""

    def __init__(self, path: str, problems: list[tuple[int | None, str]]):
        self.problems = problems
        first_line, first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more, path, first_line)

    def lines(self) -> list[str]:
        return [f"{self.path}:{line or 0}: {msg}" for line, msg in self.problems]


class Status(str, Enum):
    """How a term may be used."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    FORBIDDEN = "forbidden"

    @property
    def approved(self) -> bool:
        return self in (Status.PREFERRED, Status.ADMITTED)


STATUS_ORDER = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2, Status.FORBIDDEN: 3}
TERM_TYPES = ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase")


@dataclass(slots=True)
class Term:
    """One designation of a concept in one language."""

    text: str
    lang: str
    status: Status = Status.PREFERRED
    type: str | None = None
    locale: str | None = None
    misspellings: list[str] = field(default_factory=list)
    note: str | None = None
    source: str | None = None
    expands: str | None = None  # for an acronym or short form: the full form it stands for
    line: int | None = None

    @property
    def language(self) -> str:
        """The primary language subtag (fr for fr-CA)."""
        return self.lang.split("-")[0].lower()


@dataclass(slots=True)
class Concept:
    """A unit of meaning and every term that designates it."""

    id: str
    terms: list[Term] = field(default_factory=list)
    definition: str | None = None
    note: str | None = None
    subject: str | None = None
    sources: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # ids of concepts a translation may legitimately use instead
    line: int | None = None

    def terms_in(self, lang: str) -> list[Term]:
        """Terms of one language, preferred first."""
        base = lang.split("-")[0].lower()
        return sorted((t for t in self.terms if t.language == base), key=lambda t: STATUS_ORDER[t.status])

    def preferred(self, lang: str) -> Term | None:
        terms = [t for t in self.terms_in(lang) if t.status is Status.PREFERRED]
        return terms[0] if terms else None

    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for t in self.terms:
            seen.setdefault(t.language, None)
        return list(seen)


@dataclass(slots=True)
class Glossary:
    """An ordered collection of concepts."""

    concepts: list[Concept] = field(default_factory=list)
    title: str | None = None
    path: str | None = None

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)

    def get(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts if c.id == concept_id), None)

    def approved_pairs(self, src_lang: str, tgt_lang: str) -> Iterator[tuple[Concept, Term, Term]]:
        """(concept, approved source term, preferred target term) for every concept with a preferred target."""
        for c in self.concepts:
            tgt = c.preferred(tgt_lang)
            if tgt is None:
                continue
            for t in c.terms_in(src_lang):
                if t.status.approved:
                    yield c, t, tgt

    def term_pairs(self, src_lang: str, tgt_lang: str) -> list[tuple[str, str]]:
        """(approved source term, preferred target term) pairs: lexical evidence for the aligner."""
        return [(t.text, tgt.text) for _, t, tgt in self.approved_pairs(src_lang, tgt_lang)]


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "\u00a0": " ", "\u202f": " ",
                              "‐": "-", "‑": "-", "–": "-", "—": "-"})


def normalize(text: str) -> str:
    """The matching key of a term or query: case, accents, apostrophes, dashes and spacing folded."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()


def load_glossary(path: str) -> Glossary:
    """Load a glossary in any supported format, chosen by extension (TOML is the source of truth)."""
    from .formats import read_any

    return read_any(path)

"""The seed corpus description (`seeds/corpus.toml`): which French file goes with which English file, and their status."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from .errors import FormatError, InputError

STATUSES = ("official", "reference")


@dataclass(frozen=True, slots=True)
class DocumentPair:
    """One document in two languages."""

    id: str
    french: Path
    english: Path
    english_status: str
    date: date
    title: str = ""
    publisher: str = ""
    source: str = ""

    @property
    def timestamp(self) -> float:
        return datetime(self.date.year, self.date.month, self.date.day, tzinfo=timezone.utc).timestamp()


def load_corpus(seeds: Path) -> list[DocumentPair]:
    """The pairs listed in SEEDS/corpus.toml, with paths resolved and every field checked."""
    path = seeds / "corpus.toml"
    if not path.is_file():
        raise InputError("no corpus.toml here (expected the seeds folder)", str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"invalid TOML: {exc}", str(path)) from exc
    pairs = []
    for k, d in enumerate(data.get("document", []), 1):
        where = f"document #{k}"
        for key in ("id", "french", "english", "english_status", "date"):
            if key not in d:
                raise FormatError(f"{where} has no {key!r}", str(path))
        if d["english_status"] not in STATUSES:
            raise FormatError(f"{where}: english_status must be one of {', '.join(STATUSES)}", str(path))
        when = d["date"] if isinstance(d["date"], date) else date.fromisoformat(str(d["date"]))
        pairs.append(DocumentPair(d["id"], seeds / d["french"], seeds / d["english"], d["english_status"], when,
                                  d.get("title", ""), d.get("publisher", ""), d.get("source", "")))
    if not pairs:
        raise FormatError("no [[document]] entries", str(path))
    return pairs

"""The seed corpus description (`seeds/corpus.toml`): which French file goes with which English file, and their status."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from .errors import FormatError, InputError

STATUSES = ("official", "reference")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z]{2}|-[0-9]{3})?")


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
    french_locale: str = "fr"   # what the TMX says of each side: fr-CA, en-CA, en-US...
    english_locale: str = "en"

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
        locales = []
        for key, base in (("french_locale", "fr"), ("english_locale", "en")):
            code = d.get(key, base)
            if not isinstance(code, str) or not _LOCALE.fullmatch(code) or code.split("-")[0].lower() != base:
                raise FormatError(f"{where}: {key} must be a {base} locale such as {base} or {base}-CA, not {code!r}",
                                  str(path))
            locales.append(code)
        pairs.append(DocumentPair(d["id"], seeds / d["french"], seeds / d["english"], d["english_status"], when,
                                  d.get("title", ""), d.get("publisher", ""), d.get("source", ""), *locales))
    if not pairs:
        raise FormatError("no [[document]] entries", str(path))
    return pairs

"""The seed corpus description (`seeds/corpus.toml`): which French file goes with which English file, and their status."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from .errors import FormatError, InputError

# official: the published English; reference: a translation written for the project, never to be passed off
# as official; unverified: paired automatically from an archive, nobody has said which of the two it is.
STATUSES = ("official", "reference", "unverified")
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


_KEYS = {"id", "french", "english", "english_status", "date", "title", "publisher", "source", "official_english_title",
         "french_locale", "english_locale"}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def load_corpus(seeds: Path, allow_outside: bool = False) -> list[DocumentPair]:
    """The pairs listed in SEEDS/corpus.toml, with paths resolved and every field checked.

    Paths stay inside the corpus folder unless `allow_outside`: a corpus.toml from elsewhere cannot
    make a build read /etc/passwd into a TMX."""
    path = seeds / "corpus.toml"
    if not path.is_file():
        raise InputError("no corpus.toml here (expected the seeds folder)", str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"invalid TOML: {exc}", str(path)) from exc
    docs = data.get("document", [])
    if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
        raise FormatError("document must be an array of tables ([[document]])", str(path))
    unknown = set(data) - {"document"}
    if unknown:
        raise FormatError(f"unknown top-level key {sorted(unknown)[0]!r} (only [[document]] tables)", str(path))
    root = seeds.resolve()
    pairs: list[DocumentPair] = []
    seen: set[str] = set()
    for k, d in enumerate(docs, 1):
        where = f"document #{k}"
        for key in ("id", "french", "english", "english_status", "date"):
            if key not in d:
                raise FormatError(f"{where} has no {key!r}", str(path))
        extra = set(d) - _KEYS
        if extra:
            raise FormatError(f"{where}: unknown key {sorted(extra)[0]!r}", str(path))
        for key in _KEYS - {"date"}:
            if key in d and not isinstance(d[key], str):
                raise FormatError(f"{where}: {key} must be a string, not {type(d[key]).__name__}", str(path))
        if not _ID.fullmatch(d["id"]):
            raise FormatError(f"{where}: id {d['id']!r} must be letters, digits, '.', '_' or '-' (it names files)",
                              str(path))
        if d["id"] in seen:
            raise FormatError(f"{where}: id {d['id']!r} is used twice", str(path))
        seen.add(d["id"])
        if d["english_status"] not in STATUSES:
            raise FormatError(f"{where}: english_status must be one of {', '.join(STATUSES)}", str(path))
        try:
            when = d["date"] if isinstance(d["date"], date) else date.fromisoformat(str(d["date"]))
        except ValueError:
            raise FormatError(f"{where}: date must be YYYY-MM-DD, not {d['date']!r}", str(path)) from None
        files = []
        for key in ("french", "english"):
            f = (seeds / d[key])
            if not allow_outside and not f.resolve().is_relative_to(root):
                raise FormatError(f"{where}: {key} = {d[key]!r} is outside the corpus folder", str(path))
            files.append(f)
        locales = []
        for key, base in (("french_locale", "fr"), ("english_locale", "en")):
            code = d.get(key, base)
            if not _LOCALE.fullmatch(code) or code.split("-")[0].lower() != base:
                raise FormatError(f"{where}: {key} must be a {base} locale such as {base} or {base}-CA, not {code!r}",
                                  str(path))
            locales.append(code)
        pairs.append(DocumentPair(d["id"], files[0], files[1], d["english_status"], when,
                                  d.get("title", ""), d.get("publisher", ""), d.get("source", ""), *locales))
    if not pairs:
        raise FormatError("no [[document]] entries", str(path))
    return pairs


def corpus_from_folder(root: Path) -> tuple[list[DocumentPair], list[Path]]:
    """Pairs found in an archive folder without a corpus.toml (`tm.pairing`), and the orphans.

    Their English status is "unverified" and their date the French file's (SOURCE_DATE_EPOCH when set,
    for reproducible builds); `bitext pair --format toml` writes them out to be checked and frozen."""
    import os

    from .pairing import find_pairs

    found = find_pairs(root)
    if not found.pairs:
        raise InputError("no corpus.toml and no French–English pairs found in this folder "
                         "(see `bitext pair` for the naming conventions it understands)", str(root))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    pairs = []
    for p in found.pairs:
        stamp = int(epoch) if epoch and epoch.isdigit() else int(p.french.stat().st_mtime)
        pairs.append(DocumentPair(p.id, p.french, p.english, "unverified",
                                  datetime.fromtimestamp(stamp, timezone.utc).date()))
    return pairs, found.orphans

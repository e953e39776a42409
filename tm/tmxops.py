"""Whole-file TMX operations: merge with de-duplication, statistics, and conversion to and from TSV/CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import os
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from .errors import FormatError
from .textio import atomic_file, cell_in, cell_out, read_text
from .tmx import iter_tmx, read_header
from .units import TranslationUnit


@dataclass(slots=True)
class MergeReport:
    """What a merge did, per input file and in total."""

    read: Counter[str] = field(default_factory=Counter)
    kept: int = 0
    duplicates: int = 0
    skipped_empty: int = 0


def _digest(*parts: str) -> bytes:
    """16 bytes standing for a pair, so de-duplication holds digests, not units (constant memory per unit)."""
    return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _pair_key(u: TranslationUnit) -> bytes:
    return _digest(u.source_lang.lower().split("-")[0], u.target_lang.lower().split("-")[0], u.source, u.target)


def merge(paths: Sequence[str | os.PathLike[str]], report: MergeReport, source_lang: str | None = None,
          target_lang: str | None = None) -> Iterator[TranslationUnit]:
    """Units of several TMX files, identical pairs once; a kept unit lists the other documents that had it.

    Two streaming passes: the first finds each pair's first occurrence and where else it is, the
    second writes the kept units out. Memory holds a digest per distinct pair, never the units;
    `report` is complete before the first unit comes out.
    """
    first_at: dict[bytes, int] = {}
    doc_ids: dict[str, int] = {}  # documents by number, so each unit costs four bytes in `doc_of`
    doc_of = array("I")
    elsewhere: dict[int, list[int]] = {}  # first occurrence -> the other documents holding the pair
    for n, path, u in _numbered(paths, source_lang, target_lang):
        report.read[str(path)] += 1
        doc = doc_ids.setdefault(u.props.get("x-document") or str(path), len(doc_ids))
        doc_of.append(doc)
        if not u.source.strip() or not u.target.strip():
            report.skipped_empty += 1
            continue
        first = first_at.setdefault(_pair_key(u), n)
        if first != n:
            report.duplicates += 1
            if doc != doc_of[first]:
                elsewhere.setdefault(first, []).append(doc)
    report.kept = len(first_at)
    doc_names = list(doc_ids)
    for n, _, u in _numbered(paths, source_lang, target_lang):
        if not u.source.strip() or not u.target.strip() or first_at.get(_pair_key(u)) != n:
            continue
        if n in elsewhere:
            also = [d for d in u.props.get("x-also-in", "").split(" ") if d]
            for doc in (doc_names[i] for i in elsewhere[n]):
                if doc not in also:
                    also.append(doc)
            u.props["x-also-in"] = " ".join(also)
        yield u


def _numbered(paths, source_lang, target_lang) -> Iterator[tuple[int, str | os.PathLike[str], TranslationUnit]]:
    n = 0
    for path in paths:
        for u in iter_tmx(path, source_lang, target_lang):
            yield n, path, u
            n += 1


def stats(path: str | os.PathLike[str]) -> dict:
    """Counts a translator wants before importing a TMX: units, languages, duplicates, empty segments."""
    header = read_header(path)
    langs: Counter[str] = Counter()
    seen: set[bytes] = set()
    n = empty = 0
    for u in iter_tmx(path):
        n += 1
        langs[u.source_lang] += 1
        langs[u.target_lang] += 1
        if not u.source or not u.target:
            empty += 1
        seen.add(_digest(u.source, u.target))
    return {"path": str(path), "units": n, "srclang": header.srclang, "languages": dict(sorted(langs.items())),
            "duplicates": n - len(seen), "empty_segments": empty, "creationtool": header.creationtool}


def write_table(out: TextIO, units: Iterable[TranslationUnit], delimiter: str = "\t") -> int:
    """Units as TSV (plain tab-separated lines) or CSV (RFC 4180 quoting), streaming, with a language-code header row."""
    it = iter(units)
    first = next(it, None)
    head = [first.source_lang, first.target_lang] if first else ["source", "target"]
    rows = itertools.chain([first] if first else [], it)
    count = 0
    if delimiter == "\t":
        out.write(f"{head[0]}\t{head[1]}\n")
        for u in rows:
            out.write(f"{_one_line(u.source)}\t{_one_line(u.target)}\n")
            count += 1
        return count
    w = csv.writer(out, lineterminator="\n")
    w.writerow(head)
    for u in rows:
        w.writerow([cell_out(u.source), cell_out(u.target)])
        count += 1
    return count


def write_table_file(path: str | os.PathLike[str], units: Iterable[TranslationUnit], delimiter: str = "\t") -> int:
    """`write_table` into a file that appears only once complete, or to stdout for '-'; returns the unit count."""
    if str(path) == "-":
        count = write_table(sys.stdout, units, delimiter)
        sys.stdout.flush()
        return count
    with atomic_file(path) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        count = write_table(text, units, delimiter)
        text.flush()
        text.detach()
        return count


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


def read_table(path: str, delimiter: str, source_lang: str, target_lang: str) -> list[TranslationUnit]:
    """Units from a TSV/CSV file: source, target and an optional score column; a language-code header row is skipped."""
    text = read_text(path)
    if delimiter == "\t":
        reader: Iterable[list[str]] = (line.split("\t") for line in text.splitlines())
    else:
        reader = ([cell_in(c) for c in row] for row in csv.reader(io.StringIO(text), strict=True))
    out = []
    try:
        rows = list(enumerate(reader, 1))
    except csv.Error as exc:
        raise FormatError(f"not a valid CSV file: {exc}", path) from exc
    for lineno, row in rows:
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2:
            raise FormatError(f"expected at least 2 columns, found {len(row)}", path, lineno)
        if lineno == 1 and row[0].strip().lower() in {source_lang.lower(), "source", "src"}:
            continue
        props = {"x-origin": os.path.basename(path)}
        if len(row) > 2 and row[2].strip():
            props["x-score"] = row[2].strip()
        out.append(TranslationUnit(row[0].strip(), row[1].strip(), source_lang, target_lang,
                                   tuid=f"{os.path.basename(path)}:{lineno}", props=props, line=lineno))
    return out

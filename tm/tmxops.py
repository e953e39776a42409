"""Whole-file TMX operations: merge with de-duplication, statistics, and conversion to and from TSV/CSV."""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .errors import FormatError
from .textio import read_text
from .tmx import iter_tmx, read_header
from .units import TranslationUnit


@dataclass(slots=True)
class MergeReport:
    """What a merge did, per input file and in total."""

    read: Counter[str] = field(default_factory=Counter)
    kept: int = 0
    duplicates: int = 0
    skipped_empty: int = 0


def merge(paths: Sequence[str | os.PathLike[str]], report: MergeReport, source_lang: str | None = None,
          target_lang: str | None = None) -> Iterator[TranslationUnit]:
    """Units of several TMX files, identical pairs once; a kept unit lists the other documents that had it."""
    seen: dict[tuple[str, str, str, str], TranslationUnit] = {}
    order: list[tuple[str, str, str, str]] = []
    for path in paths:
        for u in iter_tmx(path, source_lang, target_lang):
            report.read[str(path)] += 1
            if not u.source.strip() or not u.target.strip():
                report.skipped_empty += 1
                continue
            key = (u.source_lang.lower().split("-")[0], u.target_lang.lower().split("-")[0], u.source, u.target)
            first = seen.get(key)
            if first is None:
                seen[key] = u
                order.append(key)
                continue
            report.duplicates += 1
            doc = u.props.get("x-document") or str(path)
            also = [d for d in first.props.get("x-also-in", "").split(" ") if d]
            if doc != first.props.get("x-document") and doc not in also:
                first.props["x-also-in"] = " ".join([*also, doc])
    report.kept = len(order)
    for key in order:
        yield seen[key]


def stats(path: str | os.PathLike[str]) -> dict:
    """Counts a translator wants before importing a TMX: units, languages, duplicates, empty segments."""
    header = read_header(path)
    langs: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    n = empty = 0
    for u in iter_tmx(path):
        n += 1
        langs[u.source_lang] += 1
        langs[u.target_lang] += 1
        if not u.source or not u.target:
            empty += 1
        pairs[(u.source, u.target)] += 1
    dupes = sum(c - 1 for c in pairs.values() if c > 1)
    return {"path": str(path), "units": n, "srclang": header.srclang, "languages": dict(sorted(langs.items())),
            "duplicates": dupes, "empty_segments": empty, "creationtool": header.creationtool}


def table_text(units: Iterable[TranslationUnit], delimiter: str = "\t") -> str:
    """Units as TSV (plain tab-separated lines) or CSV (RFC 4180 quoting), with a language-code header row."""
    rows = list(units)
    head = [rows[0].source_lang, rows[0].target_lang] if rows else ["source", "target"]
    if delimiter == "\t":
        flat = [head] + [[_one_line(u.source), _one_line(u.target)] for u in rows]
        return "".join(f"{a}\t{b}\n" for a, b in flat)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    w.writerows([u.source, u.target] for u in rows)
    return buf.getvalue()


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


def read_table(path: str, delimiter: str, source_lang: str, target_lang: str) -> list[TranslationUnit]:
    """Units from a TSV/CSV file: source, target and an optional score column; a language-code header row is skipped."""
    text = read_text(path)
    if delimiter == "\t":
        reader: Iterable[list[str]] = (line.split("\t") for line in text.splitlines())
    else:
        reader = csv.reader(io.StringIO(text))
    out = []
    for lineno, row in enumerate(reader, 1):
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

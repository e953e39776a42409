"""The translation memory store: an embedded SQLite file (WAL, FTS5) behind a small interface.

Callers use `TMStore` through `open_store`; `SQLiteStore` is the embedded implementation and
`tm.pgstore.PostgresStore` the shared server one (chosen by a postgresql:// URL).
Fuzzy search is candidate retrieval (the query's rarest words through the full-text index,
ranked by BM25) followed by exact CAT-style re-scoring of those candidates.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

from . import fuzzy
from .errors import InputError
from .textio import note_input
from .textnorm import fold_text
from .units import TranslationUnit

APPLICATION_ID = 0x42545854  # "BTXT"
SCHEMA_VERSION = 2
DEFAULT_DB = Path(".bitext") / "tm.sqlite"

_MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE units (
             id INTEGER PRIMARY KEY,
             src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL,
             source TEXT NOT NULL, target TEXT NOT NULL,
             origin TEXT, document TEXT, score REAL, status TEXT,
             created TEXT, usage_count INTEGER NOT NULL DEFAULT 1,
             UNIQUE (src_lang, tgt_lang, source, target))""",
        """CREATE VIRTUAL TABLE units_fts USING fts5(
             source_norm, target_norm, content='', tokenize='unicode61')""",
        "CREATE VIRTUAL TABLE units_vocab USING fts5vocab(units_fts, 'col')",
        "CREATE TABLE langs (src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL, PRIMARY KEY (src_lang, tgt_lang))",
    ],
    # Whether a person confirmed the pair (x-review): exports and clean-ups filter on it.
    2: ["ALTER TABLE units ADD COLUMN review TEXT"],
}
# The columns a stored unit is read back with (unit_from_row's arguments), the same in both stores.
UNIT_COLUMNS = "id, src_lang, tgt_lang, source, target, origin, document, score, status, created, usage_count, review"


@dataclass(slots=True)
class ImportReport:
    added: int = 0
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


@dataclass(slots=True)
class FuzzyMatch:
    source: str
    target: str
    score: float
    origin: str
    notes: list[str]
    unit_id: int


@dataclass(slots=True)
class ConcordanceHit:
    source: str
    target: str
    spans: list[tuple[int, int]]  # of the phrase, in the searched side
    side: str
    origin: str
    unit_id: int


class TMStore(Protocol):
    """What bitext needs from a translation memory backend."""

    def add(self, units: Iterable[TranslationUnit], origin: str, progress: Callable[[int], None] | None = None) -> ImportReport: ...
    def search(self, text: str, from_lang: str = "fr", min_score: float = 75, limit: int = 5) -> list[FuzzyMatch]: ...
    def concordance(self, phrase: str, from_lang: str = "fr", limit: int = 50) -> list[ConcordanceHit]: ...
    def stats(self) -> dict: ...
    def units(self, where: UnitFilter | None = None) -> Iterator[TranslationUnit]: ...
    def rows(self, where: UnitFilter | None = None) -> Iterator[tuple[int, TranslationUnit]]: ...
    def delete(self, ids: Iterable[int]) -> int: ...
    def edit(self, uid: int, source: str | None = None, target: str | None = None) -> int: ...
    def close(self) -> None: ...
    def __enter__(self) -> TMStore: ...
    def __exit__(self, *exc) -> None: ...


def primary_lang(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def importable(units: Iterable[TranslationUnit], origin: str, report: ImportReport) -> Iterator[tuple]:
    """(position, languages, texts, origin, document, score, status, date, review) of each unit a TM keeps;
    the others (an empty side, paragraph-level units) are counted in `report` with why."""
    for seen, u in enumerate(units, 1):
        if not u.source.strip() or not u.target.strip():
            report.skip("empty segment")
            continue
        if u.props.get("x-unit") == "paragraph":
            report.skip("paragraph-level unit")
            continue
        if not _storable(u.source) or not _storable(u.target):
            report.skip("text no database can store (NUL or lone surrogate)")
            continue
        yield (seen, primary_lang(u.source_lang), primary_lang(u.target_lang), u.source, u.target, origin,
               u.props.get("x-document"), alignment_score(u.props.get("x-score")), u.props.get("x-english-status"),
               u.creationdate, u.props.get("x-review"))


def _storable(text: str) -> bool:
    """Text both stores accept: PostgreSQL refuses NUL, and neither encodes a lone surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def alignment_score(value) -> float | None:
    """An alignment score as a number, or none when the file's is not one ("high", "nan", "")."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def units_seen(report: ImportReport) -> int:
    """How many units an import has gone through so far, kept or not (for its progress bar)."""
    return report.added + report.duplicates + sum(report.skipped.values())


def _lookup_words(qwords: list[str]) -> list[str]:
    """The query words worth an index look-up: three letters or more, or numbers (all of them if none is)."""
    return sorted({w for w in qwords if len(w) >= 3 or w.isdigit()} or set(qwords))


def _rarest(df: dict[str, int], budget: int) -> list[str]:
    """The query words to look candidates up by: rarest first, at least two, at most six, about `budget` postings."""
    chosen, total = [], 0
    for t in sorted((t for t in df if df[t]), key=lambda t: (df[t], t)):
        if len(chosen) >= 2 and (total > budget or len(chosen) >= 6):
            break
        chosen.append(t)
        total += df[t]
    return chosen


def _rescore(found: dict[int, FuzzyMatch], text: str, qwords: list[str], rows: Iterable[tuple], min_score: float) -> None:
    """Exact CAT-style scores of candidate rows (id, segment, translation, origin); the best per unit goes in `found`."""
    for uid, seg, tr, origin in rows:
        s = fuzzy.score(text, seg, qwords)
        if s.value >= min_score and (uid not in found or found[uid].score < s.value):
            found[uid] = FuzzyMatch(seg, tr, s.value, origin or "", s.notes, uid)


def _best_first(found: dict[int, FuzzyMatch], limit: int) -> list[FuzzyMatch]:
    return sorted(found.values(), key=lambda m: (-m.score, len(m.source), m.unit_id))[:limit]


def _phrase_pattern(words: list[str]) -> re.Pattern:
    """The phrase in folded text: its words in order, any spacing between them, whole words only."""
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


@dataclass(frozen=True, slots=True)
class UnitFilter:
    """Which stored units an export, a listing or a clean-up takes; every field left empty takes all."""

    origin: str | None = None  # an origin or document name; a trailing * takes every name it starts
    since: str | None = None  # YYYY-MM-DD, against the unit's creation date (units without one are left out)
    until: str | None = None
    review: str | None = None  # confirmed, automatic, or none (imported without a review status)
    min_score: float | None = None  # alignment score; units without one are left out
    max_score: float | None = None
    ids: tuple[int, ...] | None = None

    def sql(self, mark: str = "?") -> tuple[str, list]:
        """A WHERE clause (with its parameters) in the store's placeholder style."""
        clauses, params = [], []
        if self.origin:
            if self.origin.endswith("*"):
                clauses.append(f"(substr(origin, 1, {len(self.origin) - 1}) = {mark} OR "
                               f"substr(coalesce(document, ''), 1, {len(self.origin) - 1}) = {mark})")
                params += [self.origin[:-1]] * 2
            else:
                clauses.append(f"(origin = {mark} OR document = {mark})")
                params += [self.origin] * 2
        for bound, op in ((self.since, ">="), (self.until, "<=")):
            if bound:
                clauses.append(f"substr(created, 1, 8) {op} {mark}")
                params.append(bound.replace("-", ""))
        if self.review == "none":
            clauses.append("review IS NULL")
        elif self.review:
            clauses.append(f"review = {mark}")
            params.append(self.review)
        if self.min_score is not None:
            clauses.append(f"score >= {mark}")
            params.append(self.min_score)
        if self.max_score is not None:
            clauses.append(f"score < {mark}")
            params.append(self.max_score)
        if self.ids is not None:
            clauses.append(f"id IN ({', '.join([mark] * len(self.ids))})" if self.ids else "0 = 1")
            params += list(self.ids)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _edited(new: str | None, old: str) -> str:
    """The text an edit leaves: the new one when given, which must hold something storable."""
    if new is None:
        return old
    if not new.strip():
        raise InputError("an edited side cannot be empty (delete the unit instead)", "--source/--target")
    if not _storable(new):
        raise InputError("the edited text holds a NUL or a lone surrogate", "--source/--target")
    return new


class Side(NamedTuple):
    """One orientation of the stored pairs: where its words are indexed, its text, its translation, its language."""

    index: str
    text: str
    translation: str
    lang_col: str


class StoreBase:
    """What every store shares: the query front (folding, empty queries, re-scoring, locating the phrase)
    and the connection's lifetime. A store supplies its orientations and its index look-ups."""

    conn: object
    candidates = 200  # units re-scored per orientation
    budget = 20_000  # postings the candidate look-up may rank

    def _sides(self, lang: str) -> list[Side]:
        """The orientations holding `lang` on their searched side."""
        raise NotImplementedError

    def _doc_freqs(self, side: Side, terms: list[str]) -> dict[str, int]:
        """How many units of that orientation hold each term."""
        raise NotImplementedError

    def _candidate_rows(self, side: Side, chosen: list[str], lang: str) -> Iterable[tuple]:
        """(id, text, translation, origin) of the units that best share the chosen words, at most `candidates`."""
        raise NotImplementedError

    def _phrase_rows(self, side: Side, words: list[str], lang: str, limit: int) -> Iterable[tuple]:
        """(id, text, translation, origin) of units holding every word, in import order."""
        raise NotImplementedError

    def _errors(self):
        """Where a backend turns its own failures into bitext errors."""
        return nullcontext()

    table = "units"
    mark = "?"

    def _select(self, sql: str, params: list) -> Iterable[tuple]:
        """Rows of a query, streamed."""
        raise NotImplementedError

    def rows(self, where: UnitFilter | None = None) -> Iterator[tuple[int, TranslationUnit]]:
        """(id, unit) of the stored units the filter takes, in import order."""
        clause, params = (where or UnitFilter()).sql(self.mark)
        with self._errors():
            for row in self._select(f"SELECT {UNIT_COLUMNS} FROM {self.table}{clause} ORDER BY id", params):
                yield row[0], unit_from_row(*row)

    def units(self, where: UnitFilter | None = None) -> Iterator[TranslationUnit]:
        for _, unit in self.rows(where):
            yield unit

    def _exact_rows(self, text: str, lang: str) -> Iterable[tuple]:
        """(id, text, translation, origin) of units whose `lang` side is exactly `text`; a backend without an
        index for it returns nothing and search finds them the fuzzy way."""
        return ()

    def search(self, text: str, from_lang: str = "fr", min_score: float = 75, limit: int = 5) -> list[FuzzyMatch]:
        """Fuzzy matches best first: candidates by rare shared words, then exact CAT-style scores."""
        qwords = fuzzy.words(text)
        if not qwords:
            return []
        lang = primary_lang(from_lang)
        found: dict[int, FuzzyMatch] = {}
        with self._errors():
            if limit == 1:  # the best match only (an analysis): an identical segment ends the search
                for uid, seg, tr, origin in self._exact_rows(text, lang):
                    return [FuzzyMatch(seg, tr, 100.0, origin or "", [], uid)]
            for side in self._sides(lang):
                chosen = _rarest(self._doc_freqs(side, _lookup_words(qwords)), self.budget)
                if chosen:
                    _rescore(found, text, qwords, self._candidate_rows(side, chosen, lang), min_score)
        return _best_first(found, limit)

    def concordance(self, phrase: str, from_lang: str = "fr", limit: int = 50) -> list[ConcordanceHit]:
        """Units containing the phrase (case- and accent-insensitive), the phrase located in each."""
        words = fuzzy.words(phrase)
        if not words:
            return []
        lang = primary_lang(from_lang)
        pattern = _phrase_pattern(words)
        out: list[ConcordanceHit] = []
        with self._errors():
            for side in self._sides(lang):
                for uid, seg, tr, origin in self._phrase_rows(side, words, lang, limit):
                    spans = [m.span() for m in pattern.finditer(fold_text(seg))]
                    if spans:
                        out.append(ConcordanceHit(seg, tr, spans, side.text, origin or "", uid))
                        if len(out) >= limit:
                            return out
        return out

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SQLiteStore(StoreBase):
    """One SQLite file; created on first use, refused if it is not a bitext TM, migrated forward."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True, timeout: float = 60.0):
        self.path = str(path)
        p = Path(self.path)
        if p.is_dir():
            raise InputError("is a directory, not a TM file (give a file name such as tm.sqlite)", self.path)
        if p.exists() and p.stat().st_size > 0:
            with open(p, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise InputError("not a bitext translation memory (not an SQLite file)", self.path)
        elif not create:
            raise InputError("no translation memory here (import something first)", self.path)
        else:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"cannot make the TM's folder: {exc.strerror}", self.path) from exc
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise InputError(f"cannot open the TM: {exc}", self.path) from exc
        note_input(self.path)  # no output of this command may replace the TM
        try:
            app = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise InputError(f"not a bitext translation memory ({exc})", self.path) from exc
        if app != APPLICATION_ID and (app != 0 or tables):
            self.conn.close()
            raise InputError("not a bitext translation memory (another application's SQLite file)", self.path)
        if version > SCHEMA_VERSION:
            self.conn.close()
            raise InputError(f"made by a newer bitext (schema {version}, this one reads {SCHEMA_VERSION})", self.path)
        self._df_cache: dict[tuple[str, str], int] = {}
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self._migrate(version)

    def _migrate(self, version: int) -> None:
        if version == SCHEMA_VERSION:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            current = self.conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have done it
            for v in range(current + 1, SCHEMA_VERSION + 1):
                for sql in _MIGRATIONS[v]:
                    self.conn.execute(sql)
            self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ writing

    def add(self, units: Iterable[TranslationUnit], origin: str, progress: Callable[[int], None] | None = None,
            batch: int = 5000) -> ImportReport:
        """Add units in one transaction: an interrupted import leaves the store as it was."""
        report = ImportReport()
        with self._writing() as cur:
            rows: list[tuple] = []
            for row in importable(units, origin, report):
                rows.append(row[1:])
                if len(rows) >= batch:
                    self._insert(cur, rows, report)
                    rows = []
                    if progress:
                        progress(units_seen(report))
            self._insert(cur, rows, report)
            if progress:
                progress(units_seen(report))
        return report

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Cursor]:
        """One write transaction: committed whole, or rolled back whole (an interrupt included)."""
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        finally:
            self._df_cache.clear()

    def _insert(self, cur: sqlite3.Cursor, rows: list[tuple], report: ImportReport) -> None:
        if not rows:
            return
        cur.executemany("""INSERT INTO units (src_lang, tgt_lang, source, target, origin, document, score, status, created,
                                             review)
                           VALUES (?,?,?,?,?,?,?,?,?,?)
                           ON CONFLICT (src_lang, tgt_lang, source, target) DO UPDATE SET usage_count = usage_count + 1""",
                        rows)
        # Rows that were new get a full-text entry; duplicates only bumped their usage count.
        new = cur.execute("""SELECT id, source, target FROM units WHERE id > coalesce((SELECT max(rowid) FROM units_fts_docsize), 0)
                             ORDER BY id""").fetchall()
        cur.executemany("INSERT INTO units_fts (rowid, source_norm, target_norm) VALUES (?,?,?)",
                        [(i, fold_text(s), fold_text(t)) for i, s, t in new])
        cur.executemany("INSERT OR IGNORE INTO langs VALUES (?, ?)", {(r[0], r[1]) for r in rows})
        report.added += len(new)
        report.duplicates += len(rows) - len(new)

    # ------------------------------------------------------------ reading

    def _sides(self, lang: str) -> list[Side]:
        pairs = self.conn.execute("SELECT src_lang, tgt_lang FROM langs").fetchall()
        out = []
        if any(s == lang for s, _ in pairs):
            out.append(Side("source_norm", "source", "target", "src_lang"))
        if any(t == lang for _, t in pairs):
            out.append(Side("target_norm", "target", "source", "tgt_lang"))
        return out

    def _doc_freqs(self, side: Side, terms: list[str]) -> dict[str, int]:
        # One index seek per term, cached until the next import (an IN list makes fts5vocab scan everything).
        out = {}
        for term in terms:
            key = (side.index, term)
            n = self._df_cache.get(key)
            if n is None:
                row = self.conn.execute("SELECT doc FROM units_vocab WHERE col = ? AND term = ?", key).fetchone()
                n = self._df_cache[key] = row[0] if row else 0
            out[term] = n
        return out

    def _candidate_rows(self, side: Side, chosen: list[str], lang: str) -> list[tuple]:
        match = f"{{{side.index}}} : (" + " OR ".join(f'"{t}"' for t in chosen) + ")"
        ids = [r[0] for r in self.conn.execute(
            "SELECT rowid FROM units_fts WHERE units_fts MATCH ? ORDER BY rank LIMIT ?", (match, self.candidates))]
        if not ids:
            return []
        # `+` keeps the planner on the rowid list instead of the (src_lang, ...) unique index.
        return self.conn.execute(
            f"SELECT id, {side.text}, {side.translation}, coalesce(document, origin) FROM units "
            f"WHERE +{side.lang_col} = ? AND id IN ({','.join('?' * len(ids))})", [lang, *ids]).fetchall()

    def _exact_rows(self, text: str, lang: str) -> list[tuple]:
        # The unique (src_lang, tgt_lang, source, target) index answers this with one seek per target language.
        return self.conn.execute(
            "SELECT u.id, u.source, u.target, coalesce(u.document, u.origin) FROM langs l CROSS JOIN units u "
            "ON u.src_lang = l.src_lang AND u.tgt_lang = l.tgt_lang AND u.source = ? WHERE l.src_lang = ? "
            "ORDER BY u.id LIMIT 1", (text, lang)).fetchall()

    def _phrase_rows(self, side: Side, words: list[str], lang: str, limit: int) -> list[tuple]:
        quoted = '"' + " ".join(words) + '"'
        return self.conn.execute(
            f"SELECT u.id, u.{side.text}, u.{side.translation}, coalesce(u.document, u.origin) "
            f"FROM units_fts f JOIN units u ON u.id = f.rowid "
            f"WHERE units_fts MATCH ? AND +u.{side.lang_col} = ? ORDER BY u.id LIMIT ?",
            (f"{{{side.index}}} : {quoted}", lang, limit)).fetchall()

    def stats(self) -> dict:
        total = self.conn.execute("SELECT count(*), coalesce(sum(usage_count), 0) FROM units").fetchone()
        pairs = self.conn.execute("SELECT src_lang || '-' || tgt_lang, count(*) FROM units GROUP BY 1 ORDER BY 2 DESC").fetchall()
        origins = self.conn.execute("SELECT coalesce(document, origin), count(*) FROM units GROUP BY 1 ORDER BY 2 DESC LIMIT 20").fetchall()
        statuses = self.conn.execute("SELECT coalesce(status, '-'), count(*) FROM units GROUP BY 1 ORDER BY 2 DESC").fetchall()
        reviews = self.conn.execute("SELECT coalesce(review, '-'), count(*) FROM units GROUP BY 1 ORDER BY 2 DESC").fetchall()
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        return {"path": self.path, "units": total[0], "imports_seen": total[1], "language_pairs": dict(pairs),
                "by_origin": dict(origins), "by_status": dict(statuses), "by_review": dict(reviews), "bytes": size,
                "schema": SCHEMA_VERSION}

    def _select(self, sql: str, params: list) -> Iterable[tuple]:
        return self.conn.execute(sql, params)

    # ------------------------------------------------------------ maintenance

    def delete(self, ids: Iterable[int]) -> int:
        """Remove units by id, their index entries with them, in one transaction; the number removed."""
        with self._writing() as cur:
            return self._delete(cur, list(ids))

    def _delete(self, cur: sqlite3.Cursor, ids: list[int]) -> int:
        n = 0
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            marks = ",".join("?" * len(chunk))
            rows = cur.execute(f"SELECT id, source, target FROM units WHERE id IN ({marks})", chunk).fetchall()
            # A contentless full-text table forgets a row only when told the values it indexed.
            cur.executemany("INSERT INTO units_fts (units_fts, rowid, source_norm, target_norm) VALUES ('delete', ?, ?, ?)",
                            [(i, fold_text(src), fold_text(tgt)) for i, src, tgt in rows])
            cur.execute(f"DELETE FROM units WHERE id IN ({marks})", chunk)
            n += len(rows)
        return n

    def edit(self, uid: int, source: str | None = None, target: str | None = None) -> int:
        """Correct a unit's text; the unit becomes confirmed. When the corrected pair is already stored the two
        merge (usage counts added) and that unit's id is returned."""
        with self._writing() as cur:
            row = cur.execute("SELECT src_lang, tgt_lang, source, target, usage_count FROM units WHERE id = ?",
                              (uid,)).fetchone()
            if row is None:
                raise InputError(f"no unit {uid}", self.path)
            sl, tl, old_s, old_t, usage = row
            new_s, new_t = _edited(source, old_s), _edited(target, old_t)
            other = cur.execute("SELECT id FROM units WHERE src_lang = ? AND tgt_lang = ? AND source = ? AND target = ? "
                                "AND id != ?", (sl, tl, new_s, new_t, uid)).fetchone()
            if other:
                cur.execute("UPDATE units SET usage_count = usage_count + ?, review = 'confirmed' WHERE id = ?",
                            (usage, other[0]))
                self._delete(cur, [uid])
                uid = other[0]
            else:
                cur.execute("INSERT INTO units_fts (units_fts, rowid, source_norm, target_norm) VALUES ('delete', ?, ?, ?)",
                            (uid, fold_text(old_s), fold_text(old_t)))
                cur.execute("UPDATE units SET source = ?, target = ?, review = 'confirmed' WHERE id = ?",
                            (new_s, new_t, uid))
                cur.execute("INSERT INTO units_fts (rowid, source_norm, target_norm) VALUES (?, ?, ?)",
                            (uid, fold_text(new_s), fold_text(new_t)))
        return uid


def unit_from_row(uid: int, sl: str, tl: str, s: str, t: str, origin: str | None, doc: str | None,
                  score: float | None, status: str | None, created: str | None, usage: int,
                  review: str | None = None) -> TranslationUnit:
    """A stored unit as a TranslationUnit, its provenance and usage count as x- props (what `tm export` writes)."""
    props = {"x-origin": origin or ""}
    if doc:
        props["x-document"] = doc
    if score is not None:
        props["x-score"] = f"{score:.4f}"
    if status:
        props["x-english-status"] = status
    props["x-usage-count"] = str(usage)
    if review:
        props["x-review"] = review
    return TranslationUnit(s, t, sl, tl, tuid=str(uid), props=props, creationdate=created)


def open_store(db: str | None, create: bool = True, timeout: float = 60.0) -> TMStore:
    """--db, else $BITEXT_DB, else .bitext/tm.sqlite under the current directory; a postgresql:// URL is a shared server TM."""
    where = str(db or os.environ.get("BITEXT_DB") or DEFAULT_DB)
    if where.startswith(("postgresql://", "postgres://")):
        from .pgstore import PostgresStore

        return PostgresStore(where, create=create, timeout=timeout)
    return SQLiteStore(where, create=create, timeout=timeout)

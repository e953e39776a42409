"""A translation memory on a PostgreSQL server, for a team that shares one: the `TMStore` methods.

Same behaviour and same retrieval as `SQLiteStore`: one transaction per import, identical pairs
counted once with a usage count, both directions searchable; candidates are the units sharing the
query's rarest folded words (a GIN index over each unit's word set, document frequencies kept in
a table), re-scored exactly with `tm.fuzzy`. Everything lives in the `bitext` schema, so the
database can hold other things too; no extension is needed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from . import fuzzy
from .errors import InputError
from .store import (
    ImportReport,
    Side,
    StoreBase,
    importable,
    _edited,
    units_seen,
)
from .units import TranslationUnit

SCHEMA_VERSION = 2
APPLICATION = "bitext translation memory"
_LOCK = 0x42545854  # advisory lock key: imports and migrations take turns

_MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE SCHEMA IF NOT EXISTS bitext",
        "CREATE TABLE bitext.meta (application text NOT NULL, schema_version integer NOT NULL)",
        f"INSERT INTO bitext.meta VALUES ('{APPLICATION}', 0)",
        """CREATE TABLE bitext.units (
             id bigserial PRIMARY KEY,
             src_lang text NOT NULL, tgt_lang text NOT NULL,
             source text NOT NULL, target text NOT NULL,
             source_terms text[] NOT NULL, target_terms text[] NOT NULL,
             origin text, document text, score double precision, status text, created text,
             usage_count integer NOT NULL DEFAULT 1,
             pair_key bytea NOT NULL UNIQUE)""",
        "CREATE INDEX units_source_terms ON bitext.units USING gin (source_terms)",
        "CREATE INDEX units_target_terms ON bitext.units USING gin (target_terms)",
        # How many units hold each folded word, per side: search starts from the query's rarest words.
        "CREATE TABLE bitext.terms (side text NOT NULL, term text NOT NULL, df integer NOT NULL, PRIMARY KEY (side, term))",
        "CREATE TABLE bitext.langs (src_lang text NOT NULL, tgt_lang text NOT NULL, PRIMARY KEY (src_lang, tgt_lang))",
    ],
    2: ["ALTER TABLE bitext.units ADD COLUMN IF NOT EXISTS review text"],
}
MAX_INDEXED_WORD = 512  # bytes
_COLUMNS = ("seq", "src_lang", "tgt_lang", "source", "target", "origin", "document", "score", "status", "created",
            "review", "source_terms", "target_terms", "pair_key")


def _pair_key(src_lang: str, tgt_lang: str, source: str, target: str) -> bytes:
    """The identity of a pair, hashed: a unique index over the texts themselves would overflow on long segments."""
    return hashlib.sha256("\x00".join((src_lang, tgt_lang, source, target)).encode("utf-8")).digest()


class PostgresStore(StoreBase):
    """A TM in the `bitext` schema of a PostgreSQL database; created on first use, refused if the schema is not ours."""

    budget = 10_000  # ranking happens outside the index here: a smaller budget keeps p95 down (bench/RESULTS.md)

    def __init__(self, dsn: str, create: bool = True, timeout: float = 60.0):
        try:
            import psycopg
        except ImportError as exc:
            raise InputError("a PostgreSQL TM needs psycopg: pip install 'psycopg[binary]'", _redact(dsn)) from exc
        self.dsn = dsn
        self._db_error = psycopg.Error
        try:
            self.conn = psycopg.connect(dsn, autocommit=True)
            # Waits for another import's advisory lock (or any lock) end after --timeout, with a message.
            self.conn.execute(f"SET lock_timeout = {max(1, int(timeout * 1000))}")
        except psycopg.Error as exc:
            raise InputError(f"cannot connect to PostgreSQL ({_first_line(exc)})", _redact(dsn)) from exc
        try:
            self._open(create)
        except BaseException:
            self.conn.close()
            raise

    def _open(self, create: bool) -> None:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise InputError(f"made by a newer bitext (schema {version}, this one reads {SCHEMA_VERSION})", _redact(self.dsn))
        if version < SCHEMA_VERSION:
            if version == 0 and not create:
                raise InputError("no translation memory here (import something first)", _redact(self.dsn))
            self._migrate()

    def _version(self) -> int:
        """The schema version found, 0 for none; refuses a `bitext` schema some other program made."""
        with self.conn.transaction():
            has_schema = self.conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'bitext'").fetchone()
            has_meta = self.conn.execute("SELECT to_regclass('bitext.meta')").fetchone()[0]
            if not has_schema:
                return 0
            if not has_meta:
                tables = self.conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'bitext'").fetchone()[0]
                if tables:
                    raise InputError("not a bitext translation memory (schema 'bitext' holds other tables)", _redact(self.dsn))
                return 0
            row = self.conn.execute("SELECT application, schema_version FROM bitext.meta").fetchone()
        if not row or row[0] != APPLICATION:
            raise InputError("not a bitext translation memory (schema 'bitext' belongs to another application)", _redact(self.dsn))
        return row[1]

    def _migrate(self) -> None:
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
                has_meta = self.conn.execute("SELECT to_regclass('bitext.meta')").fetchone()[0]
                current = self.conn.execute("SELECT schema_version FROM bitext.meta").fetchone()[0] if has_meta else 0
                for v in range(current + 1, SCHEMA_VERSION + 1):
                    for sql in _MIGRATIONS[v]:
                        self.conn.execute(sql)
                self.conn.execute("UPDATE bitext.meta SET schema_version = %s", (SCHEMA_VERSION,))
        except self._db_error as exc:
            raise InputError(f"cannot create the TM schema ({_first_line(exc)})", _redact(self.dsn)) from exc

    @contextmanager
    def _server_errors(self) -> Iterator[None]:
        """A failure on the server (connection lost, permission denied…) as one line naming the database."""
        try:
            yield
        except self._db_error as exc:
            hint = " (another import holds the TM: try again, or wait longer with --timeout)" \
                if "lock timeout" in str(exc) else ""
            raise InputError(f"PostgreSQL: {_first_line(exc)}{hint}", _redact(self.dsn)) from exc

    # ------------------------------------------------------------ writing

    def add(self, units: Iterable[TranslationUnit], origin: str, progress: Callable[[int], None] | None = None,
            batch: int = 20000) -> ImportReport:
        """Add units in one transaction (imports take turns): an interrupted import leaves the store as it was."""
        report = ImportReport()
        with self._server_errors(), self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            self.conn.execute("""CREATE TEMP TABLE incoming (
                                   seq bigint, src_lang text, tgt_lang text, source text, target text,
                                   origin text, document text, score double precision, status text, created text,
                                   review text, source_terms text[], target_terms text[], pair_key bytea)
                                   ON COMMIT DROP""")
            rows: list[tuple] = []
            for row in importable(units, origin, report):
                sl, tl, source, target = row[1:5]
                rows.append((*row, _terms(source), _terms(target), _pair_key(sl, tl, source, target)))
                if len(rows) >= batch:
                    self._insert(rows, report)
                    rows = []
                    if progress:
                        progress(units_seen(report))
            self._insert(rows, report)
            if progress:
                progress(units_seen(report))
        return report

    def _insert(self, rows: list[tuple], report: ImportReport) -> None:
        if not rows:
            return
        cur = self.conn.cursor()
        cur.execute("TRUNCATE incoming")
        with cur.copy(f"COPY incoming ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # One row per pair, in input order, carrying how often it came; a pair already stored counts up.
        # The words of new units add to the document frequencies.
        cols = ", ".join(_COLUMNS[1:])
        cur.execute(f"""
            WITH firsts AS (
              SELECT DISTINCT ON (pair_key) {cols}, seq, count(*) OVER (PARTITION BY pair_key) AS n
              FROM incoming ORDER BY pair_key, seq),
            written AS (
              INSERT INTO bitext.units ({cols}, usage_count)
              SELECT {cols}, n FROM firsts ORDER BY seq
              ON CONFLICT (pair_key) DO UPDATE SET usage_count = bitext.units.usage_count + excluded.usage_count
              RETURNING (xmax = 0) AS new, source_terms, target_terms),
            counted AS (
              INSERT INTO bitext.terms (side, term, df)
              SELECT side, term, count(*) FROM (
                SELECT 's' AS side, unnest(source_terms) AS term FROM written WHERE new
                UNION ALL SELECT 't', unnest(target_terms) FROM written WHERE new) w
              GROUP BY side, term
              ON CONFLICT (side, term) DO UPDATE SET df = bitext.terms.df + excluded.df)
            SELECT count(*) FILTER (WHERE new) FROM written""")
        added = cur.fetchone()[0]
        cur.execute("INSERT INTO bitext.langs SELECT DISTINCT src_lang, tgt_lang FROM incoming ON CONFLICT DO NOTHING")
        report.added += added
        report.duplicates += len(rows) - added

    # ------------------------------------------------------------ reading

    def _errors(self):
        return self._server_errors()

    def _sides(self, lang: str) -> list[Side]:
        row = self.conn.execute("SELECT coalesce(bool_or(src_lang = %s), false), coalesce(bool_or(tgt_lang = %s), false) "
                                "FROM bitext.langs", (lang, lang)).fetchone()
        out = []
        if row[0]:
            out.append(Side("source_terms", "source", "target", "src_lang"))
        if row[1]:
            out.append(Side("target_terms", "target", "source", "tgt_lang"))
        return out

    def _doc_freqs(self, side: Side, terms: list[str]) -> dict[str, int]:
        return dict(self.conn.execute("SELECT term, df FROM bitext.terms WHERE side = %s AND term = ANY(%s)",
                                      ("s" if side.text == "source" else "t", terms)).fetchall())

    def _candidate_rows(self, side: Side, chosen: list[str], lang: str) -> list[tuple]:
        shared = " + ".join(f"({side.index} @> ARRAY[%s])::int" for _ in chosen)  # how many chosen words a unit holds
        return self.conn.execute(
            f"SELECT id, {side.text}, {side.translation}, coalesce(document, origin) FROM bitext.units "
            f"WHERE {side.index} && %s::text[] AND {side.lang_col} = %s ORDER BY {shared} DESC, id LIMIT %s",
            (chosen, lang, *chosen, self.candidates)).fetchall()

    def _phrase_rows(self, side: Side, words: list[str], lang: str, limit: int) -> Iterator[tuple]:
        # A page at a time: the caller stops once enough units hold the phrase itself.
        with self.conn.transaction(), self.conn.cursor(name="bitext_concordance") as cur:
            self.conn.execute("SET LOCAL cursor_tuple_fraction = 0.01")  # the first rows matter, not all of them
            cur.itersize = max(limit, 100)
            cur.execute(f"SELECT id, {side.text}, {side.translation}, coalesce(document, origin) FROM bitext.units "
                        f"WHERE {side.index} @> %s::text[] AND {side.lang_col} = %s ORDER BY id", (sorted(set(words)), lang))
            yield from cur

    def stats(self) -> dict:
        with self._server_errors():
            return self._stats()

    def _stats(self) -> dict:
        c = self.conn
        total = c.execute("SELECT count(*), coalesce(sum(usage_count), 0) FROM bitext.units").fetchone()
        pairs = c.execute("SELECT src_lang || '-' || tgt_lang, count(*) FROM bitext.units GROUP BY 1 ORDER BY 2 DESC").fetchall()
        origins = c.execute("SELECT coalesce(document, origin), count(*) FROM bitext.units GROUP BY 1 ORDER BY 2 DESC LIMIT 20").fetchall()
        statuses = c.execute("SELECT coalesce(status, '-'), count(*) FROM bitext.units GROUP BY 1 ORDER BY 2 DESC").fetchall()
        reviews = c.execute("SELECT coalesce(review, '-'), count(*) FROM bitext.units GROUP BY 1 ORDER BY 2 DESC").fetchall()
        size = c.execute("SELECT pg_total_relation_size('bitext.units') + pg_total_relation_size('bitext.terms')").fetchone()[0]
        return {"path": _redact(self.dsn), "units": total[0], "imports_seen": int(total[1]), "language_pairs": dict(pairs),
                "by_origin": dict(origins), "by_status": dict(statuses), "by_review": dict(reviews),
                "bytes": size, "schema": SCHEMA_VERSION}

    table = "bitext.units"
    mark = "%s"

    def _select(self, sql: str, params: list) -> Iterator[tuple]:
        """Rows streamed through a server-side cursor."""
        with self.conn.transaction(), self.conn.cursor(name="bitext_rows") as cur:
            cur.execute(sql, params)
            yield from cur

    # ------------------------------------------------------------ maintenance

    def delete(self, ids: Iterable[int]) -> int:
        """Remove units by id in one transaction; their words leave the document frequencies."""
        with self._server_errors(), self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            return self._delete(list(ids))

    def _delete(self, ids: list[int]) -> int:
        row = self.conn.execute("""
            WITH gone AS (DELETE FROM bitext.units WHERE id = ANY(%s) RETURNING source_terms, target_terms),
            words AS (SELECT 's' AS side, unnest(source_terms) AS term FROM gone
                      UNION ALL SELECT 't', unnest(target_terms) FROM gone),
            counted AS (UPDATE bitext.terms t SET df = t.df - w.n
                        FROM (SELECT side, term, count(*) AS n FROM words GROUP BY side, term) w
                        WHERE t.side = w.side AND t.term = w.term)
            SELECT count(*) FROM gone""", (ids,)).fetchone()
        return row[0]

    def edit(self, uid: int, source: str | None = None, target: str | None = None) -> int:
        """Correct a unit's text (it becomes confirmed); merges into an identical stored pair if there is one."""
        with self._server_errors(), self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            row = self.conn.execute("SELECT src_lang, tgt_lang, source, target, usage_count FROM bitext.units "
                                    "WHERE id = %s", (uid,)).fetchone()
            if row is None:
                raise InputError(f"no unit {uid}", _redact(self.dsn))
            sl, tl, old_s, old_t, usage = row
            new_s, new_t = _edited(source, old_s), _edited(target, old_t)
            key = _pair_key(sl, tl, new_s, new_t)
            other = self.conn.execute("SELECT id FROM bitext.units WHERE pair_key = %s AND id != %s", (key, uid)).fetchone()
            if other:
                self.conn.execute("UPDATE bitext.units SET usage_count = usage_count + %s, review = 'confirmed' "
                                  "WHERE id = %s", (usage, other[0]))
                self._delete([uid])
                return other[0]
            old_terms = (_terms(old_s), _terms(old_t))
            new_terms = (_terms(new_s), _terms(new_t))
            self.conn.execute("UPDATE bitext.units SET source = %s, target = %s, source_terms = %s, target_terms = %s, "
                              "pair_key = %s, review = 'confirmed' WHERE id = %s",
                              (new_s, new_t, *new_terms, key, uid))
            for side, k in (("s", 0), ("t", 1)):
                old, new = set(old_terms[k]), set(new_terms[k])
                for term in old - new:
                    self.conn.execute("UPDATE bitext.terms SET df = df - 1 WHERE side = %s AND term = %s", (side, term))
                for term in new - old:
                    self.conn.execute("INSERT INTO bitext.terms VALUES (%s, %s, 1) ON CONFLICT (side, term) "
                                      "DO UPDATE SET df = bitext.terms.df + 1", (side, term))
            return uid


def _terms(text: str) -> list[str]:
    """The distinct folded words of a segment, as search and concordance look them up."""
    # A btree/GIN entry holds at most ~2.7 KB: a longer "word" (a hash, base64) is not worth indexing anyway.
    return sorted({w for w in fuzzy.words(text) if len(w.encode("utf-8")) <= MAX_INDEXED_WORD})


def _redact(dsn: str) -> str:
    """The connection string without its password, for messages (a password may hold '@' itself: the
    user part ends at the last '@' before the host)."""
    dsn = re.sub(r"(password=)[^&\s]+", r"\1***", dsn)
    head, sep, rest = dsn.partition("://")
    if not sep:
        return dsn
    netloc, slash, tail = rest.partition("/")
    user, at, host = netloc.rpartition("@")
    if at and ":" in user:
        user = user.split(":", 1)[0] + ":***"
    return f"{head}://{user}{at}{host}{slash}{tail}"


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]

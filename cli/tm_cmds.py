"""`bitext tm …`: a local translation memory: import, fuzzy search, concordance, stats, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bitext.tm.fuzzy import diff_marks
from bitext.tm.store import open_store
from bitext.tm.tmx import TmxHeader, write_tmx

from bitext.tm.errors import UsageError, shown
from bitext.tm.store import UnitFilter

from .inputs import read_units
from .progress import progress_callback, style

def _finite(value: float, bounds: str = " from 0 to 100") -> float:
    if value != value:  # NaN passes every range comparison
        raise click.BadParameter(f"must be a number{bounds}")
    return value


_DB_OPTION = click.option("--db", default=None,
                          help="TM file, or a postgresql:// URL (default: $BITEXT_DB, else .bitext/tm.sqlite).")
_TIMEOUT = click.option("--timeout", type=click.FloatRange(0, 86400), default=60.0, show_default=True,
                        help="Seconds to wait for another process holding the TM (SQLite).")


def _DB(fn):
    return _DB_OPTION(_TIMEOUT(fn))
_FMT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


@click.group("tm")
def tm_group() -> None:
    """A local translation memory (SQLite): import, search, concordance, stats, export.

    \b
    Examples:
      bitext tm import exports/coalition.fr-en.tmx
      bitext tm search "Mais notre travail n'est pas encore terminé."
    """


@tm_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_DB
def import_cmd(files: tuple[str, ...], db: str | None, timeout: float) -> None:
    """Import TMX, aligner JSON or TSV files (each file in one transaction).

    \b
    Example:
      bitext tm import exports/coalition.fr-en.tmx project.xlf messages.fr.po
    """
    with open_store(db, timeout=timeout) as store:
        for f in files:
            with progress_callback(f"importing {shown(Path(f).name)}") as cb:
                step = None
                if cb:  # on a terminal: a TMX's units are counted first so that the bar knows its end
                    from bitext.tm.tmx import count_units

                    total = count_units(f) if f.lower().endswith(".tmx") else None
                    step = (lambda n, total=total: cb(n, max(total or 0, n, 1)))
                report = store.add(read_units(f), shown(Path(f).name), progress=step)
            skipped = ", ".join(f"{n} {why}" for why, n in report.skipped.items()) or "none"
            click.echo(f"{shown(f)}: {report.added} added, {report.duplicates} duplicates, skipped: {skipped}")


@tm_group.command("search")
@click.argument("text", nargs=-1, required=True)
@_DB
@click.option("--min", "min_score", type=click.FloatRange(0, 100), default=75.0, show_default=True,
              callback=lambda ctx, param, v: _finite(v), help="Lowest match percentage.")
@click.option("--limit", type=click.IntRange(1, 1000), default=5, show_default=True)
@click.option("--from", "from_lang", default="fr", show_default=True)
@_FMT
def search_cmd(text, db, timeout, min_score, limit, from_lang, fmt) -> None:
    """CAT-style fuzzy matches for TEXT, best first. Exit 1 when nothing reaches --min.

    \b
    Example:
      bitext tm search --min 70 "Les ministres ont convenu de la nécessité"
    """
    query = " ".join(text)
    from bitext.tm.fuzzy import words

    if not words(query):
        raise UsageError("nothing to search: the query has no words (only spaces or punctuation)")
    with open_store(db, create=False, timeout=timeout) as store:
        matches = store.search(query, from_lang, min_score, limit)
    if fmt == "json":
        click.echo(json.dumps({"matches": [{"id": m.unit_id, "source": m.source, "target": m.target, "score": m.score,
                                            "origin": m.origin, "notes": m.notes} for m in matches]},
                              ensure_ascii=False, indent=1))
    else:
        for m in matches:
            marked = "".join(style(shown(seg), fg="red", bold=True) if tag != "=" else shown(seg)
                             for tag, seg in diff_marks(query, m.source))
            click.echo(f"{m.score:5.1f}%  {marked}")
            click.echo(f"        → {shown(m.target)}")
            extra = "; ".join(m.notes)
            click.echo(style(shown(f"        #{m.unit_id} {m.origin}{' · ' + extra if extra else ''}"), dim=True))
    if not matches:
        sys.exit(1)


@tm_group.command("concordance")
@click.argument("phrase", nargs=-1, required=True)
@_DB
@click.option("--from", "from_lang", default="fr", show_default=True)
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@_FMT
def concordance_cmd(phrase, db, timeout, from_lang, limit, fmt) -> None:
    """Every unit containing PHRASE (case- and accent-insensitive), with the phrase marked.

    \b
    Example:
      bitext tm concordance "etat islamique"
    """
    with open_store(db, create=False, timeout=timeout) as store:
        hits = store.concordance(" ".join(phrase), from_lang, limit)
    if fmt == "json":
        click.echo(json.dumps({"hits": [{"id": h.unit_id, "source": h.source, "target": h.target, "spans": h.spans,
                                         "origin": h.origin} for h in hits]}, ensure_ascii=False, indent=1))
    else:
        for h in hits:
            seg, pos, parts = h.source, 0, []
            for s, e in h.spans:
                parts += [shown(seg[pos:s]), style(shown(seg[s:e]), fg="yellow", bold=True)]
                pos = e
            parts.append(shown(seg[pos:]))
            click.echo("".join(parts))
            click.echo(f"  → {shown(h.target)}  " + style(f"#{h.unit_id}", dim=True))
    if not hits:
        sys.exit(1)


@tm_group.command("stats")
@_DB
@_FMT
def stats_cmd(db, timeout, fmt) -> None:
    """Units, language pairs, origins and size of the TM.

    \b
    Example:
      bitext tm stats --format json
    """
    with open_store(db, create=False, timeout=timeout) as store:
        s = store.stats()
    if fmt == "json":
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    click.echo(f"{s['path']}: {s['units']} units ({s['imports_seen']} imported in all), {s['bytes'] / 1024:.0f} KiB, schema {s['schema']}")
    click.echo("pairs: " + ", ".join(f"{k} {v}" for k, v in s["language_pairs"].items()))
    click.echo("origins: " + ", ".join(f"{k} {v}" for k, v in s["by_origin"].items()))


def _filters(fn):
    """The options that choose stored units: origin, dates, review status, score."""
    for opt in reversed([
        click.option("--origin", default=None, help="Units from this origin or document (a trailing * takes a prefix)."),
        click.option("--since", default=None, callback=_date, help="Units created on or after YYYY-MM-DD."),
        click.option("--until", default=None, callback=_date, help="Units created on or before YYYY-MM-DD."),
        click.option("--review", type=click.Choice(["confirmed", "automatic", "none"]), default=None,
                     help="Units a person confirmed, the aligner's only, or those without a status."),
        click.option("--min-score", type=click.FloatRange(-1e9, 1e9), default=None,
                     callback=lambda ctx, param, v: v if v is None else _finite(v, ""),
                     help="Units whose alignment score is at least this."),
    ]):
        fn = opt(fn)
    return fn


def _date(ctx, param, value: str | None) -> str | None:
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _where(origin, since, until, review, min_score, ids=None) -> UnitFilter:
    return UnitFilter(origin=origin, since=since, until=until, review=review, min_score=min_score,
                      ids=tuple(ids) if ids else None)


@tm_group.command("export")
@_DB
@click.option("-o", "--output", required=True, help="TMX file to write (a folder for --format mt).")
@click.option("--format", "fmt", type=click.Choice(["tmx", "mt"]), default="tmx", show_default=True,
              help="tmx: the units as TMX 1.4b; mt: MT training data (train/dev/test, SentencePiece model).")
@_filters
@click.option("--dev", type=click.IntRange(0, 10_000_000), default=1000, show_default=True, help="mt: dev pairs.")
@click.option("--test", type=click.IntRange(0, 10_000_000), default=1000, show_default=True, help="mt: test pairs.")
@click.option("--vocab-size", type=click.IntRange(100, 1_000_000), default=8000, show_default=True,
              help="mt: SentencePiece vocabulary (an upper bound when the data is small).")
@click.option("--max-ratio", type=click.FloatRange(1, 100), default=3.0, show_default=True,
              help="mt: drop pairs whose longer side has more than this many times the characters of the shorter.")
@click.option("--reviewed-only", is_flag=True, help="mt: confirmed units only (same as --review confirmed).")
@click.option("--from", "from_lang", default="fr", show_default=True, help="mt: the source language.")
@click.option("--to", "to_lang", default="en", show_default=True, help="mt: the target language.")
def export_cmd(db, timeout, output, fmt, origin, since, until, review, min_score, dev, test, vocab_size, max_ratio,
               reviewed_only, from_lang, to_lang) -> None:
    """Write the TM (or the units the filters take) as TMX 1.4b, or as MT training data.

    \b
    Examples:
      bitext tm export -o tm.tmx --review confirmed --since 2020-01-01
      bitext tm export --format mt -o mt/ --dev 2000 --test 2000 --vocab-size 16000
    """
    where = _where(origin, since, until, review, min_score)
    if fmt == "mt":
        from bitext.tm import __version__
        from bitext.tm.mtexport import MtOptions, export_mt

        opts = MtOptions(source_lang=from_lang, target_lang=to_lang, dev=dev, test=test, vocab_size=vocab_size,
                         max_ratio=max_ratio, min_score=min_score, reviewed_only=reviewed_only)
        with open_store(db, create=False, timeout=timeout) as store, progress_callback("reading the TM") as cb:
            total = store.stats()["units"] if cb else 0
            manifest = export_mt(store.units(where), output, opts, __version__,
                                 progress=(lambda n: cb(n, max(n, total))) if cb else None)
        c = manifest["counts"]
        dropped = ", ".join(f"{n} {why}" for why, n in c["dropped"].items()) or "none"
        click.echo(f"{output}: {c['train']} train, {c['dev']} dev, {c['test']} test pairs from {c['read']} units "
                   f"(dropped: {dropped}); SentencePiece vocabulary {manifest['sentencepiece']['vocab_size']}")
        return
    with open_store(db, create=False, timeout=timeout) as store:
        first = next(store.units(where), None)
        n = write_tmx(output, store.units(where), TmxHeader(srclang=first.source_lang if first else "fr",
                                                             notes=["Exported from a bitext translation memory."]))
    click.echo(f"{n} units written to {output}", err=output == "-")


@tm_group.command("list")
@_DB
@_filters
@click.option("--limit", type=click.IntRange(1, 10_000_000), default=50, show_default=True)
@_FMT
def list_cmd(db, timeout, origin, since, until, review, min_score, limit, fmt) -> None:
    """Stored units with their ids (for edit and delete), as the filters choose them.

    \b
    Example:
      bitext tm list --review automatic --min-score 0 --limit 20
    """
    import itertools

    with open_store(db, create=False, timeout=timeout) as store:
        rows = list(itertools.islice(store.rows(_where(origin, since, until, review, min_score)), limit))
    if fmt == "json":
        click.echo(json.dumps({"units": [_unit_json(uid, u) for uid, u in rows]}, ensure_ascii=False, indent=1))
        return
    for uid, u in rows:
        _echo_unit(uid, u)


def _unit_json(uid: int, u) -> dict:
    return {"id": uid, "source": u.source, "target": u.target, "source_lang": u.source_lang,
            "target_lang": u.target_lang, "origin": u.props.get("x-document") or u.props.get("x-origin", ""),
            "score": u.props.get("x-score"), "review": u.props.get("x-review"), "created": u.creationdate}


def _echo_unit(uid: int, u, why: str = "") -> None:
    click.echo(style(f"#{uid}", bold=True) + f"  {shown(u.source)}")
    click.echo(f"        → {shown(u.target)}")
    origin = u.props.get("x-document") or u.props.get("x-origin", "")
    extra = [x for x in (origin, u.props.get("x-review"), why) if x]
    click.echo(style(shown("        " + " · ".join(extra)), dim=True))


@tm_group.command("delete")
@click.argument("ids", nargs=-1, type=click.IntRange(1))
@_DB
@_filters
@click.option("--dry-run", is_flag=True, help="List what would be deleted, delete nothing.")
def delete_cmd(ids, db, timeout, origin, since, until, review, min_score, dry_run) -> None:
    """Delete units by id, or every unit the filters take (at least one of the two is needed).

    \b
    Examples:
      bitext tm delete 42 43
      bitext tm delete --origin old-import.tmx --dry-run
    """
    filtered = any(v is not None for v in (origin, since, until, review, min_score))
    if not ids and not filtered:
        raise UsageError("name the units to delete: ids, or filters such as --origin (the whole TM is never implied)")
    with open_store(db, create=False, timeout=timeout) as store:
        chosen = [uid for uid, _ in store.rows(_where(origin, since, until, review, min_score, ids))]
        missing = sorted(set(ids) - set(chosen))
        if missing and not filtered:
            raise UsageError(f"no unit {', '.join(map(str, missing))} in the TM")
        n = len(chosen) if dry_run else store.delete(chosen)
    click.echo(f"{n} unit(s) {'would be ' if dry_run else ''}deleted")


@tm_group.command("edit")
@click.argument("uid", type=click.IntRange(1))
@_DB
@click.option("--source", default=None, help="The corrected source text.")
@click.option("--target", default=None, help="The corrected target text.")
def edit_cmd(uid, db, timeout, source, target) -> None:
    """Correct a unit's source or target; an edited unit counts as confirmed by a person.

    \b
    Example:
      bitext tm edit 42 --target "Foreign Terrorist Fighters Working Group"
    """
    if source is None and target is None:
        raise UsageError("nothing to change: give --source, --target or both")
    with open_store(db, create=False, timeout=timeout) as store:
        new = store.edit(uid, source, target)
    click.echo(f"unit {uid} edited" if new == uid else f"unit {uid} edited into the identical unit {new} (merged)")


@tm_group.command("clean")
@_DB
@click.option("--check", "checks", multiple=True, type=click.Choice(["empty", "identical", "wrong-language", "numbers",
                                                                     "low-score"]),
              help="Checks to run (repeatable; default: all, low-score when --below is given).")
@click.option("--below", type=click.FloatRange(-1e9, 1e9), default=None,
              callback=lambda ctx, param, v: v if v is None else _finite(v, ""),
              help="low-score: units whose alignment score is below this.")
@_filters
@click.option("--dry-run", is_flag=True, help="Report what would be removed, remove nothing.")
@_FMT
def clean_cmd(db, timeout, checks, below, origin, since, until, review, min_score, dry_run, fmt) -> None:
    """Remove faulty units: an empty side, an untranslated target, the wrong language, numbers that differ,
    a low alignment score. Units a person confirmed are kept unless --review confirmed asks for them.

    \b
    Examples:
      bitext tm clean --dry-run
      bitext tm clean --check numbers --check identical --below 0.2
    """
    from bitext.tm.maintenance import CHECKS, find_faulty

    chosen = list(checks) or [c for c in CHECKS if c != "low-score" or below is not None]
    if "low-score" in chosen and below is None:
        raise UsageError("--check low-score needs --below SCORE")
    where = _where(origin, since, until, review, min_score)
    with open_store(db, create=False, timeout=timeout) as store:
        rows = store.rows(where)
        if review is None:  # a person's confirmation outranks a heuristic
            rows = ((uid, u) for uid, u in rows if u.props.get("x-review") != "confirmed")
        faulty = list(find_faulty(rows, chosen, below))
        removed = 0 if dry_run else store.delete([f.uid for f in faulty])
    counts = {c: sum(c in f.reasons for f in faulty) for c in chosen}
    if fmt == "json":
        click.echo(json.dumps({"dry_run": dry_run, "removed": removed, "counts": counts,
                               "units": [{**_unit_json(f.uid, f.unit), "reasons": list(f.reasons)} for f in faulty]},
                              ensure_ascii=False, indent=1))
        return
    for f in faulty:
        _echo_unit(f.uid, f.unit, ", ".join(CHECKS[r] for r in f.reasons))
    summary = ", ".join(f"{n} {c}" for c, n in counts.items())
    click.echo(f"{len(faulty)} faulty unit(s) ({summary}); "
               + ("nothing removed (dry run)" if dry_run else f"{removed} removed"))


@tm_group.command("analyze")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--db", default=None, help="TM to match against (default: $BITEXT_DB, else .bitext/tm.sqlite "
                                         "when it exists; without a TM only repetitions are found).")
@_TIMEOUT
@click.option("--from", "from_lang", default="fr", show_default=True, help="The files' language.")
@click.option("--input-format", default="auto", show_default=True, help="Force a reader (html, docx, pdf, xliff…).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(1, 512), default=None,
              help="Processes looking segments up in the TM (default: the cores).")
def analyze_cmd(files, db, timeout, from_lang, input_format, fmt, jobs) -> None:
    """Segments and words per match band, per file and in total, as CAT tools quote them.

    Bands: repetitions, 100, 95-99, 85-94, 75-84, 50-74, no-match. A segment repeated inside or
    across the files counts once at its best band, then as repetitions.

    \b
    Examples:
      bitext tm analyze new/*.docx --db tm.sqlite
      bitext tm analyze project.xlf --format json
    """
    import os

    from bitext.tm.analysis import analyze, best_scores, file_segments, to_csv_rows

    docs = [(f, file_segments(f, from_lang, input_format)) for f in files]
    where = db or os.environ.get("BITEXT_DB")
    best = None
    if where or Path(".bitext/tm.sqlite").exists():
        from bitext.tm.archive import default_jobs

        segments = [s for _, segs in docs for s in segs]
        open_store(where, create=False, timeout=timeout).close()  # a missing or foreign TM: one clear error first
        with progress_callback("matching") as cb:
            scores = best_scores(segments, where, from_lang, jobs or default_jobs(), timeout,
                                 (lambda n: cb(n, len(set(segments)))) if cb else None)
        best = scores.get
    else:
        click.echo("no TM (give --db): repetitions only", err=True)
    result = analyze(docs, best)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        import csv

        from bitext.tm.textio import cell_out

        w = csv.writer(click.get_text_stream("stdout"), lineterminator="\n")
        for row in to_csv_rows(result):
            w.writerow([cell_out(c) if isinstance(c, str) else c for c in row])
    else:
        for path, tally in [*result.files, ("total", result.total)]:
            _echo_tally(shown(path), tally)


def _echo_tally(name: str, tally) -> None:
    click.echo(style(name, bold=True) + f": {tally.segments} segments, {tally.words} words")
    click.echo(style(f"  {'band':<12} {'segments':>8} {'words':>10} {'words':>7}", dim=True))
    for band, (segs, words) in tally.bands.items():
        share = 100 * words / tally.words if tally.words else 0.0
        click.echo(f"  {band:<12} {segs:>8} {words:>10} {share:6.1f}%")

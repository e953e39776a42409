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

from .inputs import read_units
from .progress import progress_callback, style

def _finite(value: float) -> float:
    if value != value:  # NaN passes every range comparison
        raise click.BadParameter("must be a number from 0 to 100")
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
        click.echo(json.dumps({"matches": [{"source": m.source, "target": m.target, "score": m.score, "origin": m.origin,
                                            "notes": m.notes} for m in matches]}, ensure_ascii=False, indent=1))
    else:
        for m in matches:
            marked = "".join(style(shown(seg), fg="red", bold=True) if tag != "=" else shown(seg)
                             for tag, seg in diff_marks(query, m.source))
            click.echo(f"{m.score:5.1f}%  {marked}")
            click.echo(f"        → {shown(m.target)}")
            extra = "; ".join(m.notes)
            click.echo(style(shown(f"        {m.origin}{' · ' + extra if extra else ''}"), dim=True))
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
        click.echo(json.dumps({"hits": [{"source": h.source, "target": h.target, "spans": h.spans, "origin": h.origin}
                                        for h in hits]}, ensure_ascii=False, indent=1))
    else:
        for h in hits:
            seg, pos, parts = h.source, 0, []
            for s, e in h.spans:
                parts += [shown(seg[pos:s]), style(shown(seg[s:e]), fg="yellow", bold=True)]
                pos = e
            parts.append(shown(seg[pos:]))
            click.echo("".join(parts))
            click.echo(f"  → {shown(h.target)}")
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


@tm_group.command("export")
@_DB
@click.option("-o", "--output", required=True, help="TMX file to write.")
def export_cmd(db, timeout, output) -> None:
    """Write the whole TM as TMX 1.4b.

    \b
    Example:
      bitext tm export -o tm.tmx
    """
    with open_store(db, create=False, timeout=timeout) as store:
        first = next(store.units(), None)
        n = write_tmx(output, store.units(), TmxHeader(srclang=first.source_lang if first else "fr",
                                                        notes=["Exported from a bitext translation memory."]))
    click.echo(f"{n} units written to {output}", err=output == "-")

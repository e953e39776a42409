"""`bitext tmx …`: merge, validate, stats and convert translation memory files."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from bitext.tm.errors import UsageError
from bitext.tm.tmx import TmxHeader, read_header, validate, write_tmx
from bitext.tm.tmxops import MergeReport, merge, stats, write_table_file
from bitext.tm.units import TranslationUnit

from .inputs import read_units


@click.group("tmx")
def tmx_group() -> None:
    """Work with TMX 1.4b translation memory files.

    \b
    Example:
      bitext tmx validate exports/coalition.fr-en.tmx
    """


@tmx_group.command("merge")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, help="Merged TMX file ('-' for stdout).")
@click.option("--source-lang", default=None, help="Source language (default: each file's srclang).")
@click.option("--target-lang", default=None)
def merge_cmd(files: tuple[str, ...], output: str, source_lang: str | None, target_lang: str | None) -> None:
    """Merge TMX files, keeping identical pairs once (with the documents they came from).

    \b
    Example:
      bitext tmx merge a.tmx b.tmx -o all.tmx
    """
    report = MergeReport()
    first = read_header(files[0])
    header = TmxHeader(srclang=source_lang or first.srclang or "fr",
                       notes=[f"Merged by bitext from {len(files)} files"] + first.notes)
    write_tmx(output, merge(files, report, source_lang, target_lang), header)
    to_stdout = output == "-"  # a summary goes to stdout unless the TMX itself does
    for f in files:
        click.echo(f"{f}: {report.read[f]} units", err=to_stdout)
    click.echo(f"kept {report.kept}, duplicates dropped {report.duplicates}, empty skipped {report.skipped_empty}",
               err=to_stdout)


@tmx_group.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def validate_cmd(files: tuple[str, ...], fmt: str) -> None:
    """Check TMX files against the TMX 1.4b DTD and the rules a DTD cannot express. Exit 1 on problems.

    \b
    Example:
      bitext tmx validate exports/coalition.fr-en.tmx
    """
    found = {f: validate(f) for f in files}
    if fmt == "json":
        click.echo(json.dumps({f: [{"line": p.line, "message": p.message} for p in ps] for f, ps in found.items()}, indent=1))
    else:
        for f, ps in found.items():
            for p in ps:
                click.echo(f"{f}:{p.line or 0}: {p.message}")
            if not ps:
                click.echo(f"{f}: valid TMX 1.4b")
    if any(found.values()):
        raise SystemExit(1)


@tmx_group.command("stats")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def stats_cmd(file: str, fmt: str) -> None:
    """Units, languages, duplicates and empty segments of a TMX file.

    \b
    Example:
      bitext tmx stats all.tmx
    """
    s = stats(file)
    if fmt == "json":
        click.echo(json.dumps(s, indent=1, ensure_ascii=False))
        return
    click.echo(f"{s['path']}: {s['units']} units, srclang {s['srclang']}, created by {s['creationtool'] or '?'}")
    click.echo("languages: " + ", ".join(f"{k} {v}" for k, v in s["languages"].items()))
    click.echo(f"duplicates: {s['duplicates']}, empty segments: {s['empty_segments']}")


@tmx_group.command("convert")
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=False))
@click.argument("output")
@click.option("--to", "to", type=click.Choice(["tmx", "tsv", "csv"]), default=None, help="Output format (default: from OUTPUT's extension).")
@click.option("--source-lang", default="fr", show_default=True, help="For TSV/CSV/JSON input.")
@click.option("--target-lang", default="en", show_default=True, help="For TSV/CSV/JSON input.")
@click.option("--inline", type=click.Choice(["flatten", "keep"]), default="flatten", show_default=True,
              help="TMX inline codes (bpt, ept, ph, it, hi): dropped, or kept as XML in the text.")
def convert_cmd(source: str, output: str, to: str | None, source_lang: str, target_lang: str, inline: str) -> None:
    """Convert between TMX, TSV/CSV (source, target columns), and from XLIFF, PO or the aligner's JSON.

    \b
    Examples:
      bitext tmx convert all.tmx all.tsv
      bitext tmx convert project.xlf project.tmx
    """
    to = to or Path(output).suffix.lower().lstrip(".")
    if to not in {"tmx", "tsv", "csv"}:
        raise UsageError("cannot tell the output format from its name; give --to tmx|tsv|csv")
    left_out = Counter()

    def paired(units: Iterable[TranslationUnit]) -> Iterator[TranslationUnit]:
        for u in units:
            if u.source.strip() and u.target.strip():
                yield u
            else:
                left_out["empty"] += 1  # unpaired beads have nothing to exchange

    units = paired(read_units(source, source_lang, target_lang, inline))
    if to == "tmx":
        first = next(units, None)
        src = first.source_lang if first else source_lang
        count = write_tmx(output, itertools.chain([first] if first else [], units), TmxHeader(srclang=src))
    else:
        count = write_table_file(output, units, "\t" if to == "tsv" else ",")
    empty = left_out["empty"]
    click.echo(f"{count} units written to {output}" + (f", {empty} with an empty side left out" if empty else ""),
               err=output == "-")

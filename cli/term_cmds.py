"""`bitext term …`: look terms up, export and import the glossary, extract term candidates."""

from __future__ import annotations

import json
import sys

import click

from bitext.glossary.lookup import Match, cached_index, match_json
from bitext.glossary.model import Status, load_glossary
from bitext.tm.errors import UsageError, shown
from bitext.tm.textio import atomic_write

from .config import glossary_path
from .progress import style


class DefaultToLookup(click.Group):
    """`bitext term QUERY` is a look-up; known words (export, import, extract, lookup) are sub-commands."""

    def parse_args(self, ctx, args):
        # Before the group reads options of its own: `bitext term --from en ISIS` is a look-up too.
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["lookup", *args]
        return super().parse_args(ctx, args)


@click.group("term", cls=DefaultToLookup)
def term_group() -> None:
    """Look up approved terms (bitext term QUERY), export, import or extract terms.

    \b
    Examples:
      bitext term Daech
      bitext term export --format tbx -o glossary.tbx
    """


_MARK = {Status.PREFERRED: "★", Status.ADMITTED: " ", Status.DEPRECATED: "!", Status.FORBIDDEN: "✗"}


@term_group.command("lookup")
@click.argument("query", nargs=-1, required=True)
@click.option("--from", "--lang", "lang", type=click.Choice(["fr", "en", "auto"]), default="auto", show_default=True,
              help="Language of the query (auto: both).")
@click.option("--glossary", "glossary", default=None, help="Glossary file (default: configured, or seeds/glossary.toml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--limit", type=click.IntRange(1, 1000), default=5, show_default=True)
def lookup_cmd(query: tuple[str, ...], lang: str, glossary: str | None, fmt: str, limit: int) -> None:
    """Find the concept of QUERY and its approved terms in both languages. Exit 1 when nothing matches.

    Whole terms match first (case, accents and apostrophes folded), then terms that start with QUERY,
    then terms holding every word of it, then near misses.

    \b
    Examples:
      bitext term etat islamique
      bitext term "Nations Unies"
      bitext term --lang en ISIS --format json
    """
    path = glossary_path(glossary)
    idx = cached_index(path, load_glossary)
    matches = idx.lookup(" ".join(query), None if lang == "auto" else lang, limit=limit)
    if fmt == "json":
        click.echo(json.dumps({"matches": [match_json(m) for m in matches]}, ensure_ascii=False, indent=1))
    else:
        for m in matches:
            _print_match(m)
    if not matches:
        if fmt == "text":
            near = idx.closest(" ".join(query), None if lang == "auto" else lang)
            hint = ("; closest: " + ", ".join(f"{t.text} ({t.lang})" for t in near)) if near else \
                "; try a shorter query or one word of the term"
            click.echo(f"no term matches {' '.join(query)!r}{hint}", err=True)
        sys.exit(1)


def _print_match(m: Match) -> None:
    head = style(shown(m.concept), bold=True)
    if m.did_you_mean:
        click.echo(f"{head}  did you mean {style(shown(m.did_you_mean), bold=True)}? ({m.kind})")
    else:
        click.echo(f"{head}  matched {shown(m.term.text)} ({m.term.lang}, {m.term.status.value})")
    width = max((len(t.text) for t in m.terms), default=10)
    for lang in m.languages():
        for k, t in enumerate(m.terms_in(lang)):
            label = lang if k == 0 else ""
            status = t.status.value
            if t.status is Status.FORBIDDEN:
                status = style("FORBIDDEN", fg="red", bold=True)
            elif t.status is Status.DEPRECATED:
                status = style("deprecated", fg="yellow")
            click.echo(f"  {label:3} {_MARK[t.status]} {shown(t.text):<{width}}  {status}")
    if m.note:
        click.echo(f"  note: {shown(m.note)}")


@term_group.command("export")
@click.option("--glossary", "glossary", default=None)
@click.option("--format", "fmt", type=click.Choice(["tbx", "tbx2", "tbx2-full", "omegat", "csv", "csv-wide", "toml"]),
              default="tbx", show_default=True,
              help="tbx: TBX-Basic v3 (everything); tbx2: martif for CAT tools (approved targets only, statuses in "
                   "words); tbx2-full: martif with everything; omegat: .utf8 glossary; csv: a row per term; "
                   "csv-wide: a row per concept, a column per language and status; toml.")
@click.option("-o", "--output", default="-", show_default=True)
@click.option("--source-lang", default="fr", show_default=True)
@click.option("--target-lang", default="en", show_default=True)
def export_cmd(glossary: str | None, fmt: str, output: str, source_lang: str, target_lang: str) -> None:
    """Write the glossary in an exchange format.

    \b
    Example:
      bitext term export --format omegat -o glossary.utf8
    """
    from bitext.glossary import formats
    from bitext.glossary.toml_io import dumps

    g = load_glossary(glossary_path(glossary))
    data = {"tbx": lambda: formats.to_tbx3(g), "tbx2": lambda: formats.to_tbx2_cat(g, source_lang, target_lang),
            "tbx2-full": lambda: formats.to_tbx2(g),
            "omegat": lambda: formats.to_omegat(g, source_lang, target_lang), "csv": lambda: formats.to_csv(g),
            "csv-wide": lambda: formats.to_csv(g, wide=True),
            "toml": lambda: dumps(g)}[fmt]()
    atomic_write(output, data)


@term_group.command("import")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="-", show_default=True, help="TOML glossary to write.")
def import_cmd(source: str, output: str) -> None:
    """Read a CSV or TBX (v2 or v3) glossary and write it as bitext TOML.

    \b
    Example:
      bitext term import old-glossary.csv -o glossary.toml
    """
    from bitext.glossary.toml_io import dumps, loads

    g = load_glossary(source)
    text = dumps(g)
    loads(text, output)  # the TOML we write must load back cleanly (duplicates, empty concepts ...)
    atomic_write(output, text)
    click.echo(f"{len(g)} concepts, {sum(len(c.terms) for c in g)} terms", err=output == "-")


@term_group.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--glossary", "glossary", default=None, help="Mark candidates the glossary already knows.")
@click.option("--format", "fmt", type=click.Choice(["tsv", "json"]), default="tsv", show_default=True)
@click.option("-o", "--output", default="-", show_default=True)
@click.option("--min-count", default=2, show_default=True)
def extract_cmd(files: tuple[str, ...], glossary: str | None, fmt: str, output: str, min_count: int) -> None:
    """Propose term candidates from aligned pairs (TMX files or the aligner's JSON), for review.

    \b
    Example:
      bitext term extract exports/coalition.fr-en.tmx --format tsv -o candidates.tsv
    """
    from bitext.glossary.extract import acronym_candidates, acronyms, bilingual, mark_known

    from .inputs import read_pairs

    pairs, src_lang, tgt_lang = read_pairs(files)
    cands = acronym_candidates(acronyms(pairs, src_lang, tgt_lang), src_lang, tgt_lang)
    cands += bilingual(pairs, src_lang, tgt_lang, min_count=min_count)
    try:
        path = glossary_path(glossary)
    except UsageError:
        path = None  # marking known terms is a bonus; no glossary configured is fine
    mark_known(cands, load_glossary(path) if path else None)
    atomic_write(output, candidates_text(cands, fmt, src_lang, tgt_lang))


def candidates_text(cands, fmt: str, src_lang: str, tgt_lang: str) -> str:
    rows = [{"kind": c.kind, src_lang: c.source, tgt_lang: c.target, "score": round(c.score, 3), "count": c.count,
             "known": c.known or "", "example_" + src_lang: c.example[0], "example_" + tgt_lang: c.example[1]} for c in cands]
    if fmt == "json":
        return json.dumps({"candidates": rows}, ensure_ascii=False, indent=1) + "\n"
    head = list(rows[0]) if rows else ["kind", src_lang, tgt_lang, "score", "count", "known"]
    lines = ["\t".join(head)] + ["\t".join(" ".join(str(r[k]).split()) for k in head) for r in rows]
    return "\n".join(lines) + "\n"

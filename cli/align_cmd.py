"""`bitext align SOURCE TARGET`: two documents in any format to beads (JSON, TSV, vecalign or TMX)."""

from __future__ import annotations

from pathlib import Path

import click

from bitext.tm.textio import atomic_write

from .progress import progress_callback


@click.command("align")
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--input-format", type=click.Choice(["auto", "text", "lines", "html", "docx", "odt", "pdf", "markdown"]),
              default="auto", show_default=True,
              help="auto: by content and extension; text: plain text segmented by bitext; "
                   "lines: one sentence per line, blank line = paragraph; or a document format.")
@click.option("--format", "fmt", type=click.Choice(["json", "tsv", "vecalign", "tmx"]), default="json", show_default=True)
@click.option("-o", "--output", default="-", help="Output file ('-' for stdout).", show_default=True)
@click.option("--source-lang", default="fr", show_default=True)
@click.option("--target-lang", default="en", show_default=True)
@click.option("--glossary", type=click.Path(dir_okay=False), default=None, help="Glossary whose term pairs count as lexical evidence.")
@click.option("--corrections", type=click.Path(dir_okay=False), default=None,
              help="A reviewer's corrections (JSON, as `bitext review` saves them): kept exactly, the rest aligned around them.")
def align_cmd(source: str, target: str, input_format: str, fmt: str, output: str, source_lang: str,
              target_lang: str, glossary: str | None, corrections: str | None) -> None:
    """Align the sentences of SOURCE with those of TARGET.

    \b
    Examples:
      bitext align page.fr.html page.en.html --format tmx -o page.tmx
      bitext align fr.txt en.txt --corrections seeds/corrections/doc.json --format tsv
    """
    from bitext.tm import bitext
    from bitext.tm import corrections as corr
    from bitext.tm.document import load

    if source == "-" and target == "-":
        raise click.UsageError("only one of SOURCE and TARGET can be '-'")
    if source != "-" and target != "-" and Path(source).exists() and Path(target).exists() \
            and Path(source).resolve() == Path(target).resolve():
        raise click.UsageError("SOURCE and TARGET are the same file: give the French and its English counterpart")
    src = load(source, source_lang, input_format)
    tgt = load(target, target_lang, input_format)
    pairs = _glossary_pairs(glossary, source_lang, target_lang)
    doc_id = Path(source).name.split(".")[0]
    fixes = corr.load(corrections) if corrections else []
    with progress_callback("aligning") as cb:
        result = bitext.align_with_corrections(src, tgt, fixes, doc_id, pairs, progress=cb)
    for s in result.stale:
        click.echo(f"bitext: {s.message()}", err=True)
    beads = result.beads
    if fmt == "json":
        out = bitext.to_json(beads, src.sentences, tgt.sentences, result.confirmed)
    elif fmt == "tsv":
        out = bitext.to_tsv(beads, src.sentences, tgt.sentences)
    elif fmt == "vecalign":
        out = bitext.to_vecalign(beads)
    else:
        from bitext.tm.tmx import TmxHeader, tmx_bytes
        from bitext.tm.units import units_from_beads
        out = tmx_bytes(units_from_beads(beads, src, tgt, doc_id=doc_id, confirmed=result.confirmed),
                        TmxHeader(srclang=source_lang))
    atomic_write(output, out)


def _glossary_pairs(path: str | None, src_lang: str, tgt_lang: str) -> list[tuple[str, str]]:
    if not path:
        return []
    from bitext.glossary.model import load_glossary
    return load_glossary(path).term_pairs(src_lang, tgt_lang)

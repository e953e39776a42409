"""`bitext pair DIR`: the document pairs of an archive folder, to review and freeze into corpus.toml."""

from __future__ import annotations

import json
from pathlib import Path

import click

from bitext.tm.errors import shown


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


@click.command("pair")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["tsv", "json", "toml"]), default="tsv", show_default=True,
              help="toml: [[document]] tables to paste into corpus.toml.")
@click.option("--no-content", is_flag=True, help="Pair by names and links only, never by content.")
def pair_cmd(folder: str, fmt: str, no_content: bool) -> None:
    """Find the French–English document pairs of FOLDER and list the files left alone.

    In order: mirrored fr/ and en/ folders; language markers in names (name.fr.html / name.en.html,
    name-fr, name_fr, the Government of Canada's name_f / name_e and name-fra / name-eng); HTML pages
    that point at each other (hreflang alternates, language toggles); then, for the rest, content
    (shared numbers and names, lengths), with a confidence below 1. Orphans go to stderr (tsv) or
    under "orphans" (json).

    \b
    Examples:
      bitext pair archive/
      bitext pair archive/ --format toml >> archive/corpus.toml
    """
    from bitext.tm.pairing import find_pairs

    root = Path(folder)
    found = find_pairs(root, by_content=not no_content)
    rows = [p.to_json(root) for p in found.pairs]
    orphans = [str(o.relative_to(root)).replace("\\", "/") for o in found.orphans]
    if fmt == "json":
        click.echo(json.dumps({"pairs": rows, "orphans": orphans}, ensure_ascii=False, indent=1))
    elif fmt == "toml":
        click.echo("# Found by `bitext pair`: check each pair, its english_status and its date before relying on it.")
        for r in rows:
            click.echo(f"\n[[document]]\nid = {_toml_string(r['id'])}\nfrench = {_toml_string(r['french'])}\n"
                       f"english = {_toml_string(r['english'])}\nenglish_status = \"unverified\"\n"
                       f"date = \"{_date(root / r['french'])}\"  # the French file's; set the publication date\n"
                       f"# paired by {r['method']}, confidence {r['confidence']}")
    else:
        click.echo("id\tfrench\tenglish\tmethod\tconfidence")
        for r in rows:
            click.echo("\t".join(shown(str(r[k])) for k in ("id", "french", "english", "method", "confidence")))
    if orphans and fmt != "json":
        for o in orphans:
            click.echo(f"bitext pair: no counterpart: {shown(o)}", err=True)
    click.echo(f"bitext pair: {len(rows)} pairs, {len(orphans)} orphans", err=True)


def _date(path: Path) -> str:
    import datetime

    return datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.timezone.utc).date().isoformat()

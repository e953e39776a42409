"""`bitext config`: which glossary and settings are in force, and where each came from."""

from __future__ import annotations

import json

import click

DEFAULTS = {"lang": "auto", "fail-on": "error", "select": "(rules on by default)", "ignore": "[]",
            "include": "(documents and bilingual files of every supported format)", "exclude": "[]",
            "confirmed-only": "false"}


@click.command("config")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config_cmd(fmt: str) -> None:
    """Show the glossary and settings in force here, and where each comes from.

    \b
    Example:
      bitext config --format json
    """
    from .config import find, resolve_glossary

    cfg = find()
    glossary, origin = resolve_glossary(None, cfg)
    where = str(cfg.source) if cfg.source else "default"
    rows = {"config file": (str(cfg.source) if cfg.source else "none (no bitext.toml or [tool.bitext] found)", ""),
            "glossary": (glossary, origin)}
    for key, default in DEFAULTS.items():
        rows[key] = (json.dumps(cfg.values[key], ensure_ascii=False), where) if key in cfg.values else (default, "default")
    if fmt == "json":
        click.echo(json.dumps({k: {"value": v, "from": f} for k, (v, f) in rows.items()}, ensure_ascii=False, indent=1))
        return
    for key, (value, origin) in rows.items():
        click.echo(f"{key:15} {value}" + (f"   ({origin})" if origin else ""))

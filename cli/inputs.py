"""Reading aligned pairs from what the user has: TMX files or the aligner's JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tm.errors import FormatError
from tm.textio import read_text
from tm.tmx import iter_tmx


def read_pairs(files) -> tuple[list[tuple[str, str]], str, str]:
    """Sentence pairs (paragraph-level units skipped) and their languages."""
    pairs: list[tuple[str, str]] = []
    src_lang, tgt_lang = "fr", "en"
    for f in files:
        if Path(f).suffix.lower() == ".json":
            try:
                data = json.loads(read_text(f))
                beads = data["beads"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise FormatError(f"not the aligner's JSON ({exc.__class__.__name__})", f) from exc
            pairs += [(" ".join(b["source"]), " ".join(b["target"])) for b in beads if b.get("source") and b.get("target")]
        else:
            for u in iter_tmx(f):
                if u.props.get("x-unit") == "paragraph":
                    continue
                src_lang, tgt_lang = u.source_lang.split("-")[0].lower(), u.target_lang.split("-")[0].lower()
                pairs.append((u.source, u.target))
    return pairs, src_lang, tgt_lang

"""gettext PO files: msgid (the source, English by gettext convention) and msgstr, with their lines.

polib (MIT, maintained) parses; fuzzy, obsolete and untranslated entries come out with an empty
target so that importers count them as skipped rather than trusting them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..errors import FormatError
from ..units import TranslationUnit


def iter_po(path: str, text: str, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[TranslationUnit]:
    """Units of a PO file's text; source language from X-Source-Language (else en), target from Language."""
    import polib

    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, IndexError, KeyError, UnicodeError) as exc:
        raise FormatError(f"not a valid PO file: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", path) from exc
    meta = po.metadata or {}
    src = source_lang or meta.get("X-Source-Language") or "en"
    tgt = target_lang or meta.get("Language") or ""
    if not tgt:
        raise FormatError("no Language in the PO header; give --target-lang", path)
    src, tgt = src.replace("_", "-"), tgt.replace("_", "-")
    name = os.path.basename(path)
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        trusted = "fuzzy" not in entry.flags
        ctx = {"x-context": entry.msgctxt} if entry.msgctxt else {}
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            forms = entry.msgstr_plural or {}
            pairs = [(entry.msgid, forms.get(0, "")), (entry.msgid_plural, forms.get(1, ""))]
        for k, (source, target) in enumerate(pairs):
            props = {"x-file": name, "x-locator": f"line {entry.linenum}"} | ctx
            if k:
                props["x-plural"] = "1"
            yield TranslationUnit(source, target if trusted else "", src, tgt, props=props, line=entry.linenum)

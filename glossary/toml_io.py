"""The glossary's source of truth: a TOML file a terminologist edits in a pull request.

Loading reports every mistake at once, each with its line, so one review round fixes them all.
"""

from __future__ import annotations

import re
import tomllib
from bitext.tm.textio import read_text

from .model import TERM_TYPES, Concept, Glossary, GlossaryError, Status, Term, normalize

_LANG_KEY = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")
_CONCEPT_KEYS = {"id", "subject", "definition", "note", "sources", "related"}
_TERM_KEYS = {"term", "status", "type", "misspellings", "note", "source", "expands", "locale"}


def _line_map(text: str) -> list[tuple[int, int]]:
    """(first line, last line) of each [[concept]] table, 1-based."""
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if re.match(r"\s*\[\[\s*concept\s*\]\]", line)]
    total = text.count("\n") + 1
    return [(s, (starts[k + 1] - 1) if k + 1 < len(starts) else total) for k, s in enumerate(starts)]


def _find_line(lines: list[str], span: tuple[int, int] | None, needle: str) -> int | None:
    if span is None:
        return None
    for n in range(span[0], min(span[1], len(lines)) + 1):  # a term written with escapes is not on a line as is
        if needle in lines[n - 1]:
            return n
    return span[0]


def loads(text: str, path: str = "<glossary>") -> Glossary:
    """Parse and check a TOML glossary; raises GlossaryError listing every problem with its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise GlossaryError(path, [(int(m.group(1)) if m else None, f"invalid TOML: {exc}")]) from exc
    lines = text.splitlines()
    spans = _line_map(text)
    problems: list[tuple[int | None, str]] = []
    concepts: list[Concept] = []
    raw = data.get("concept", [])
    if not isinstance(raw, list):
        raise GlossaryError(path, [(None, "'concept' must be an array of tables: write [[concept]]")])
    seen_ids: dict[str, int | None] = {}
    seen_terms: dict[tuple[str, str], tuple[str, int | None]] = {}
    for k, entry in enumerate(raw):
        span = spans[k] if k < len(spans) else None
        line = span[0] if span else None
        if not isinstance(entry, dict):
            problems.append((line, f"concept #{k + 1} must be a table: write [[concept]] with id = ... under it"))
            continue
        for key in ("definition", "note", "subject"):
            if key in entry and not _clean_str(entry[key]):
                problems.append((_find_line(lines, span, key), f"concept #{k + 1}: {key} must be text without control characters"))
                entry = {**entry, key: None}
        cid = entry.get("id")
        if not isinstance(cid, str) or not cid.strip():
            problems.append((line, "concept has no id"))
            cid = f"#{k + 1}"
        elif cid in seen_ids:
            problems.append((_find_line(lines, span, "id"), f"duplicate concept id {cid!r} (first at line {seen_ids[cid]})"))
        else:
            seen_ids[cid] = line
        lists = {}
        for key in ("sources", "related"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append((_find_line(lines, span, key), f"concept {cid!r}: {key} must be a list of strings"))
                value = []
            lists[key] = value
        concept = Concept(cid, definition=entry.get("definition"), note=entry.get("note"), subject=entry.get("subject"),
                          sources=lists["sources"], related=lists["related"], line=line)
        for key, value in entry.items():
            if key in _CONCEPT_KEYS:
                continue
            if not _LANG_KEY.match(key):
                problems.append((_find_line(lines, span, key), f"concept {cid!r}: unknown field {key!r}"))
                continue
            if not isinstance(value, list):
                problems.append((_find_line(lines, span, key), f"concept {cid!r}: {key} must be a list of terms"))
                continue
            for item in value:
                term = _term(item, key, cid, lines, span, problems)
                if term is None:
                    continue
                ident = (term.language, normalize(term.text))
                if ident in seen_terms and seen_terms[ident][0] != cid:
                    other, other_line = seen_terms[ident]
                    problems.append((term.line, f"term {term.text!r} ({term.lang}) is in concept {cid!r} and in {other!r} (line {other_line})"))
                seen_terms.setdefault(ident, (cid, term.line))
                concept.terms.append(term)
        if not concept.terms:
            problems.append((line, f"concept {cid!r} has no terms"))
        concepts.append(concept)
    for c in concepts:
        for r in c.related:
            if r not in seen_ids:
                problems.append((_find_line(lines, _span_of(spans, c), "related"), f"concept {c.id!r}: related concept {r!r} does not exist"))
    if problems:
        raise GlossaryError(path, problems)
    meta = data.get("meta", {})
    return Glossary(concepts, title=meta.get("title") if isinstance(meta, dict) else None, path=path)


def _span_of(spans: list[tuple[int, int]], c: Concept) -> tuple[int, int] | None:
    return next((sp for sp in spans if sp[0] == c.line), None)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean_str(value) -> bool:
    """Text a glossary may hold: a string with no control character (TOML, TBX and terminals choke on them)."""
    return isinstance(value, str) and not _CONTROL.search(value)


def _term(item, key: str, cid: str, lines, span, problems) -> Term | None:
    if not isinstance(item, dict) or not isinstance(item.get("term"), str) or not item["term"].strip():
        problems.append((_find_line(lines, span, key), f"concept {cid!r}: a {key} entry has no 'term'"))
        return None
    text = item["term"].strip()
    line = _find_line(lines, span, text)
    for extra in set(item) - _TERM_KEYS:
        problems.append((line, f"term {text!r}: unknown field {extra!r}"))
    if not _clean_str(text):
        problems.append((line, f"term {text!r}: a control character in the term"))
        return None
    for field in ("note", "source", "expands", "locale", "type", "status"):
        if field in item and not _clean_str(item[field]):
            problems.append((line, f"term {text!r}: {field} must be text without control characters"))
            return None
    try:
        status = Status(item.get("status", "preferred"))
    except ValueError:
        problems.append((line, f"term {text!r}: unknown status {item.get('status')!r} (preferred, admitted, deprecated, forbidden)"))
        status = Status.ADMITTED
    ttype = item.get("type")
    if ttype is not None and ttype not in TERM_TYPES:
        problems.append((line, f"term {text!r}: unknown type {ttype!r} ({', '.join(TERM_TYPES)})"))
    lang = key.split("-")[0]
    locale = item.get("locale") or (key if "-" in key else None)
    miss = item.get("misspellings", [])
    if not isinstance(miss, list) or not all(isinstance(m, str) and m.strip() and _clean_str(m) for m in miss):
        problems.append((line, f"term {text!r}: misspellings must be a list of non-empty strings"))
        miss = []
    return Term(text, lang, status, ttype, locale, list(miss), item.get("note"), item.get("source"), item.get("expands"), line)


def load(path: str) -> Glossary:
    return loads(read_text(path), path)


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dumps(glossary: Glossary) -> str:
    """The TOML text of a glossary, in the layout `loads` reads (one inline table per term)."""
    out = []
    if glossary.title:
        out += ["[meta]", f"title = {_q(glossary.title)}", ""]
    for c in glossary.concepts:
        out.append("[[concept]]")
        out.append(f"id = {_q(c.id)}")
        for key in ("subject", "definition", "note"):
            v = getattr(c, key)
            if v:
                out.append(f"{key} = {_q(v)}")
        if c.sources:
            out.append("sources = [" + ", ".join(_q(s) for s in c.sources) + "]")
        if c.related:
            out.append("related = [" + ", ".join(_q(r) for r in c.related) + "]")
        for lang in c.languages():
            out.append(f"{lang} = [")
            for t in c.terms_in(lang):
                out.append("  " + _inline(t) + ",")
            out.append("]")
        out.append("")
    return "\n".join(out)


def _inline(t: Term) -> str:
    parts = [f"term = {_q(t.text)}", f"status = {_q(t.status.value)}"]
    for key in ("type", "locale", "expands", "note", "source"):
        v = getattr(t, key)
        if v:
            parts.append(f"{key} = {_q(v)}")
    if t.misspellings:
        parts.append("misspellings = [" + ", ".join(_q(m) for m in t.misspellings) + "]")
    return "{ " + ", ".join(parts) + " }"

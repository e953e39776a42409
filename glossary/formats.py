"""Glossary exchange formats: TBX-Basic v3 (ISO 30042:2019), TBX v2 (martif), OmegaT glossary and CSV.

TBX-Basic has no "forbidden" status and no misspelling: bitext writes those as a deprecated
term with a `bitext:` note, so a round trip through TBX loses nothing.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from bitext.tm.errors import FormatError, InputError
from bitext.tm.textio import cell_in, cell_out, read_text

from .model import Concept, Glossary, Status, Term
from .toml_io import load as load_toml

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ADMN = {Status.PREFERRED: "preferredTerm-admn-sts", Status.ADMITTED: "admittedTerm-admn-sts",
         Status.DEPRECATED: "deprecatedTerm-admn-sts", Status.FORBIDDEN: "deprecatedTerm-admn-sts"}
_ADMN_BACK = {"preferredTerm-admn-sts": Status.PREFERRED, "admittedTerm-admn-sts": Status.ADMITTED,
              "deprecatedTerm-admn-sts": Status.DEPRECATED, "supersededTerm-admn-sts": Status.DEPRECATED}
_MARK = "bitext:"


def _markers(t: Term) -> list[str]:
    """bitext-specific facts TBX-Basic cannot hold, as notes."""
    out = []
    if t.status is Status.FORBIDDEN:
        out.append(f"{_MARK}status=forbidden")
    out += [f"{_MARK}misspelling={m}" for m in t.misspellings]
    if t.expands:
        out.append(f"{_MARK}expands={t.expands}")
    if t.locale:
        out.append(f"{_MARK}locale={t.locale}")
    return out


def _sub(parent, tag, text=None, **attrs):
    el = etree.SubElement(parent, tag, {k.replace("_", "-") if k != "lang" else XML_LANG: v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _concept_descrips(parent, c: Concept, ns: str = "") -> None:
    if c.subject:
        _sub(parent, f"{ns}descrip", c.subject, type="subjectField")
    if c.definition:
        _sub(parent, f"{ns}descrip", c.definition, type="definition")
    if c.note:
        _sub(parent, f"{ns}note", c.note)
    for s in c.sources:
        _sub(parent, f"{ns}admin", s, type="source")
    for r in c.related:
        _sub(parent, f"{ns}ref", r, type="crossReference", target=r)


def _term_body(parent, t: Term, ns: str = "") -> None:
    _sub(parent, f"{ns}term", t.text)
    if t.type:
        _sub(parent, f"{ns}termNote", t.type, type="termType")
    _sub(parent, f"{ns}termNote", _ADMN[t.status], type="administrativeStatus")
    if t.note:
        _sub(parent, f"{ns}note", t.note)
    for m in _markers(t):
        _sub(parent, f"{ns}note", m)
    if t.source:
        _sub(parent, f"{ns}admin", t.source, type="source")


def to_tbx3(g: Glossary) -> bytes:
    """TBX-Basic v3, DCA style: conceptEntry / langSec / termSec."""
    ns = f"{{{TBX3_NS}}}"
    root = etree.Element(f"{ns}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"}, nsmap={None: TBX3_NS})
    header = _sub(root, f"{ns}tbxHeader")
    fd = _sub(header, f"{ns}fileDesc")
    _sub(_sub(fd, f"{ns}sourceDesc"), f"{ns}p", g.title or "bitext glossary")
    body = _sub(_sub(root, f"{ns}text"), f"{ns}body")
    for c in g.concepts:
        ce = _sub(body, f"{ns}conceptEntry", id=c.id)
        _concept_descrips(ce, c, ns)
        for lang in c.languages():
            ls = _sub(ce, f"{ns}langSec", lang=lang)
            for t in c.terms_in(lang):
                _term_body(_sub(ls, f"{ns}termSec"), t, ns)
    # No xml-model schema reference: the TBX-Basic RNG has no stable address to point at.
    doc = etree.ElementTree(root)
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def to_tbx2(g: Glossary) -> bytes:
    """The older TBX (martif / termEntry / langSet / tig) that OmegaT and translate-toolkit read."""
    root = etree.Element("martif", {"type": "TBX", XML_LANG: "en"})
    _sub(_sub(_sub(_sub(root, "martifHeader"), "fileDesc"), "sourceDesc"), "p", g.title or "bitext glossary")
    body = _sub(_sub(root, "text"), "body")
    for c in g.concepts:
        te = _sub(body, "termEntry", id=c.id)
        _concept_descrips(te, c)
        for lang in c.languages():
            ls = _sub(te, "langSet", lang=lang)
            for t in c.terms_in(lang):
                _term_body(_sub(ls, "tig"), t)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_LANG_NAMES = {"fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian"}


def _status_words(t: Term, c: Concept, lang: str) -> str:
    """A term's status as a translator reads it in a CAT tool's glossary pane."""
    pref = c.preferred(lang)
    name = _LANG_NAMES.get(lang, lang)
    if t.status is Status.PREFERRED:
        return "preferred"
    if t.status is Status.ADMITTED:
        return f"admitted (preferred: {pref.text})" if pref else "admitted"
    use = f"; write {pref.text}" if pref else ""
    if t.status is Status.FORBIDDEN:
        return f"FORBIDDEN in {name}: never use{use}"
    return f"DEPRECATED in {name}{use}"


def cat_pairs(g: Glossary, src: str, tgt: str) -> Iterator[tuple[Concept, Term, Term]]:
    """What a CAT tool may offer: every source term (deprecated and forbidden ones too, so that the tool
    flags them in the source) with the preferred target term; a deprecated target is never offered."""
    for c in g.concepts:
        pref = c.preferred(tgt)
        if pref is None:
            continue
        for t in c.terms_in(src):
            yield c, t, pref


def to_omegat(g: Glossary, src: str = "fr", tgt: str = "en") -> str:
    """OmegaT glossary lines: source term, preferred target term, the status in words and the note.

    Deprecated and forbidden source terms are listed too, with a warning, so OmegaT shows the
    approved translation where the source uses a term it should not."""
    lines = []
    for c, t, pref in cat_pairs(g, src, tgt):
        comment = [_status_words(t, c, src)]
        forbidden = [x.text for x in c.terms_in(tgt) if not x.status.approved]
        if forbidden:
            comment.append(f"not in {_LANG_NAMES.get(tgt, tgt)}: " + ", ".join(forbidden))
        if c.note:
            comment.append(c.note)
        lines.append("\t".join(_flat(x) for x in (t.text, pref.text, " | ".join(comment))))
    return "\n".join(lines) + "\n"


def to_tbx2_cat(g: Glossary, src: str = "fr", tgt: str = "en") -> bytes:
    """TBX v2 for CAT tools (OmegaT pairs every source term of an entry with every target term): source
    terms of every status, target terms approved only, statuses in words. Lossy by design; TBX v3 is the
    exchange format that keeps everything."""
    root = etree.Element("martif", {"type": "TBX", XML_LANG: src})
    _sub(_sub(_sub(_sub(root, "martifHeader"), "fileDesc"), "sourceDesc"), "p",
         (g.title or "bitext glossary") + f" ({src} to {tgt}, for CAT tools)")
    body = _sub(_sub(root, "text"), "body")
    for c in g.concepts:
        targets = [t for t in c.terms_in(tgt) if t.status.approved]
        if not targets:
            continue
        te = _sub(body, "termEntry", id=c.id)
        if c.note:
            _sub(te, "descrip", c.note, type="definition")
        for lang, terms in ((src, c.terms_in(src)), (tgt, targets)):
            ls = _sub(te, "langSet", lang=lang)
            for t in terms:
                tig = _sub(ls, "tig")
                _sub(tig, "term", t.text)
                _sub(tig, "note", _status_words(t, c, lang))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


CSV_COLUMNS = ["concept", "lang", "term", "status", "type", "locale", "misspellings", "expands", "note", "source",
               "subject", "definition", "concept_note"]


def to_csv(g: Glossary, wide: bool = False) -> str:
    """A UTF-8 CSV with a byte-order mark (so Excel reads the accents): one row per term, concept fields
    repeated so a spreadsheet can sort and filter; `wide`: one row per concept, a column per language
    and status."""
    if wide:
        return "\ufeff" + _csv_wide(g)
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for c in g.concepts:
        for lang in c.languages():
            for t in c.terms_in(lang):
                w.writerow([cell_out(x) for x in (
                    c.id, t.lang, t.text, t.status.value, t.type or "", t.locale or "", "|".join(t.misspellings),
                    t.expands or "", t.note or "", t.source or "", c.subject or "", c.definition or "", c.note or "")])
    return buf.getvalue()


def _csv_wide(g: Glossary) -> str:
    langs = list(dict.fromkeys(lang for c in g.concepts for lang in c.languages()))
    statuses = [Status.PREFERRED, Status.ADMITTED, Status.DEPRECATED, Status.FORBIDDEN]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["concept", *[f"{lang} {s.value}" for lang in langs for s in statuses], "subject", "note"])
    for c in g.concepts:
        cells = [" | ".join(t.text for t in c.terms_in(lang) if t.status is s) for lang in langs for s in statuses]
        w.writerow([cell_out(x) for x in (c.id, *cells, c.subject or "", c.note or "")])
    return buf.getvalue()


# ---------------------------------------------------------------- reading


MAX_CSV_FIELD = 64 << 10
_CONTROL = frozenset(chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)])


def from_csv(path: str) -> Glossary:
    """A glossary from CSV (one row per term); every mistake is reported with its row."""
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text), strict=True)
    rows = []
    last = 1  # the row an error is in starts after the last one read
    try:
        for r in reader:
            if None in r or None in r.values():
                got = sum(1 for k, v in r.items() if k is not None and v is not None) + len(r.get(None) or [])
                raise FormatError(f"{got} fields, expected {len(reader.fieldnames or [])} "
                                  f"({', '.join(reader.fieldnames or [])})", path, reader.line_num)
            for v in r.values():
                if len(v) > MAX_CSV_FIELD:
                    raise FormatError(f"a field longer than {MAX_CSV_FIELD >> 10} KiB", path, reader.line_num)
            rows.append(({k: cell_in(v) for k, v in r.items()}, reader.line_num))
            last = reader.line_num
    except csv.Error as exc:
        raise FormatError(f"not a valid CSV file: {exc}", path, last + 1) from exc
    if not rows or not {"concept", "lang", "term"} <= set(rows[0][0]):
        raise FormatError("CSV glossary needs the columns concept, lang, term", path, 1)
    concepts: dict[str, Concept] = {}
    for r, n in rows:
        try:
            status = Status(r.get("status") or "preferred")
        except ValueError as exc:
            raise FormatError(f"unknown status {r.get('status')!r}", path, n) from exc
        for key in ("concept", "lang", "term"):
            if not r[key].strip():
                raise FormatError(f"empty {key}", path, n)
        for key, value in r.items():
            if any(ch in _CONTROL for ch in value if ch not in "\t"):
                raise FormatError(f"a control character in {key}", path, n)
        c = concepts.setdefault(r["concept"], Concept(r["concept"], subject=r.get("subject") or None,
                                                        definition=r.get("definition") or None, note=r.get("concept_note") or None))
        c.terms.append(Term(r["term"], r["lang"].split("-")[0], status, r.get("type") or None, r.get("locale") or None,
                            [m for m in (r.get("misspellings") or "").split("|") if m], r.get("note") or None,
                            r.get("source") or None, r.get("expands") or None, n))
    return Glossary(list(concepts.values()), path=path)


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def from_tbx(path: str) -> Glossary:
    """Read TBX v2 (martif) or v3 (tbx) into the model, restoring bitext's markers."""
    if not os.path.exists(path):
        raise InputError("no such file", path)
    try:
        tree = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"malformed XML: {exc.msg}", path, exc.lineno) from exc
    root = tree.getroot()
    if _local(root) not in {"tbx", "martif"}:
        raise FormatError(f"not a TBX file (root element <{_local(root)}>)", path, root.sourceline)
    title = next((p.text for p in root.iter() if _local(p) == "p"), None)
    concepts = []
    for entry in (e for e in root.iter() if _local(e) in {"conceptEntry", "termEntry"}):
        c = Concept(entry.get("id") or f"c{len(concepts) + 1}", line=entry.sourceline)
        for child in entry:
            name, typ = _local(child), child.get("type")
            if name == "descrip" and typ == "subjectField":
                c.subject = child.text
            elif name == "descrip" and typ == "definition":
                c.definition = child.text
            elif name == "note":
                c.note = child.text
            elif name == "admin" and typ == "source":
                c.sources.append(child.text or "")
            elif name == "ref" and typ == "crossReference":
                c.related.append(child.get("target") or child.text or "")
            elif name in {"langSec", "langSet"}:
                lang = child.get(XML_LANG) or child.get("lang") or ""
                for ts in (x for x in child if _local(x) in {"termSec", "tig", "ntig"}):
                    c.terms.append(_term_from(ts, lang))
        concepts.append(c)
    return Glossary(concepts, title=title, path=path)


def _term_from(ts, lang: str) -> Term:
    t = Term("", lang.split("-")[0].lower(), line=ts.sourceline)
    notes = []
    for el in ts.iter():
        name, typ = _local(el), el.get("type")
        if name == "term":
            t.text = "".join(el.itertext()).strip()
        elif name == "termNote" and typ == "termType":
            t.type = el.text
        elif name == "termNote" and typ == "administrativeStatus":
            t.status = _ADMN_BACK.get(el.text or "", Status.ADMITTED)
        elif name == "note" and el.text:
            if el.text.startswith(_MARK):
                key, _, value = el.text[len(_MARK):].partition("=")
                if key == "status" and value == "forbidden":
                    t.status = Status.FORBIDDEN
                elif key == "misspelling":
                    t.misspellings.append(value)
                elif key == "expands":
                    t.expands = value
                elif key == "locale":
                    t.locale = value
            else:
                notes.append(el.text)
        elif name == "admin" and typ == "source":
            t.source = el.text
    t.note = "\n".join(notes) or None
    return t


def read_any(path: str) -> Glossary:
    """A glossary from TOML, TBX (v2 or v3) or CSV, by extension."""
    ext = Path(path).suffix.lower()
    if ext == ".toml":
        return load_toml(path)
    if ext in {".tbx", ".xml"}:
        return from_tbx(path)
    if ext == ".csv":
        return from_csv(path)
    if not os.path.exists(path):
        raise InputError("no such file", path)
    raise InputError(f"unknown glossary format {ext or '(no extension)'!r}: use .toml, .tbx or .csv", path)

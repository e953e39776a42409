"""Word (DOCX) and OpenDocument (ODT) files: body paragraphs, headings, tables, footnotes and endnotes.

Read straight from the package XML with lxml: python-docx reads neither footnotes nor runs inside
tracked insertions, and both matter here. Running headers and footers live in parts of their own
and are never read; tracked changes read as accepted (insertions kept, deletions dropped).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from ..errors import FormatError, InputError
from ..source import SourceText, TextBuilder

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"

MAX_PART_BYTES = 256 << 20   # one XML part, uncompressed
MAX_RATIO = 200              # compression ratio past which a large member is a zip bomb
_HEADING_STYLE = re.compile(r"(?i)^(heading|titre|berschrift|title|subtitle)")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FormatError(f"corrupt document: not a readable zip package ({exc})", name) from exc


def _part(z: zipfile.ZipFile, member: str, name: str, required: bool = True) -> etree._Element | None:
    try:
        info = z.getinfo(member)
    except KeyError:
        if required:
            raise FormatError(f"corrupt document: no {member} in the package", name) from None
        return None
    if info.file_size > MAX_PART_BYTES or (info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(1, info.compress_size)):
        raise InputError(f"refused: {member} unpacks to {info.file_size >> 20} MiB "
                         f"(limit {MAX_PART_BYTES >> 20} MiB, ratio {MAX_RATIO}:1): a zip bomb?", name)
    try:
        with z.open(info) as fh:
            raw = fh.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as exc:
        raise FormatError(f"corrupt document: cannot unpack {member} ({exc})", name) from exc
    if len(raw) > MAX_PART_BYTES:
        raise InputError(f"refused: {member} unpacks past {MAX_PART_BYTES >> 20} MiB", name)
    if b"<!ENTITY" in raw[:4096]:
        raise FormatError(f"{member} declares entities, which bitext refuses", name)
    try:
        return etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"corrupt document: {member}: {exc.msg}", name, exc.lineno) from exc


def _elements(root: etree._Element, enter) -> Iterator[etree._Element]:
    """Elements below `root` in document order, going inside those `enter(tag)` accepts; no recursion,
    so a hostile nesting depth cannot exhaust the stack."""
    stack = [iter(root)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        yield el
        if enter(el.tag):
            stack.append(iter(el))


# ---------------------------------------------------------------- DOCX

_BLOCK_HOLDERS = frozenset(f"{W}{t}" for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins", "moveTo")) \
    | {f"{MC}AlternateContent", f"{MC}Choice"}
_RUN_HOLDERS = frozenset(f"{W}{t}" for t in ("r", "ins", "moveTo", "hyperlink", "smartTag", "sdt", "sdtContent",
                                              "fldSimple", "customXml", "bdo", "dir")) \
    | {f"{MC}AlternateContent", f"{MC}Choice"}


def read_docx(data: bytes, name: str) -> SourceText:
    """The body of a Word document; 'line' numbers count its paragraphs (tables' and notes' included)."""
    z = _open_zip(data, name)
    with z:
        doc = _part(z, "word/document.xml", name)
        styles = _part(z, "word/styles.xml", name, required=False)
        notes = [(kind, _part(z, f"word/{kind}s.xml", name, required=False)) for kind in ("footnote", "endnote")]
    headings, lang = _docx_styles(styles)
    body = doc.find(f"{W}body")
    if body is None:
        raise FormatError("corrupt document: word/document.xml has no body", name)
    out = TextBuilder(name, "docx", line_unit="paragraph")
    counter = [0]
    _docx_blocks(body, out, headings, counter, "")
    for kind, root in notes:
        if root is None:
            continue
        for note in root.findall(f"{W}{kind}"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            _docx_blocks(note, out, headings, counter, f"{kind} {note.get(f'{W}id')}, ")
    result = out.result(lang)
    if not result.text.strip():
        raise InputError("no text in this document", name)
    return result


def _docx_styles(styles: etree._Element | None) -> tuple[set[str], str | None]:
    """Style ids that are headings (by name or outline level), and the document's default language."""
    headings: set[str] = set()
    lang = None
    if styles is None:
        return headings, lang
    for st in styles.iter(f"{W}style"):
        sid = st.get(f"{W}styleId") or ""
        nm = st.find(f"{W}name")
        label = nm.get(f"{W}val") if nm is not None else ""
        if _HEADING_STYLE.match(sid) or _HEADING_STYLE.match(label or "") or st.find(f"{W}pPr/{W}outlineLvl") is not None:
            headings.add(sid)
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if default is not None:
        lang = default.get(f"{W}val")
    return headings, lang


def _docx_blocks(container: etree._Element, out: TextBuilder, headings: set[str], counter: list[int], prefix: str) -> None:
    """Paragraphs of the container in document order, tables cell by cell (w:del, w:moveFrom, mc:Fallback
    and section properties are never entered)."""
    for el in _elements(container, _BLOCK_HOLDERS.__contains__):
        if el.tag == f"{W}p":
            counter[0] += 1
            _docx_paragraph(el, out, headings, counter[0], prefix, in_table=_in_cell(el))


def _in_cell(p: etree._Element) -> bool:
    parent = p.getparent()
    return parent is not None and parent.tag == f"{W}tc"


def _docx_paragraph(p: etree._Element, out: TextBuilder, headings: set[str], number: int, prefix: str,
                    in_table: bool) -> None:
    style = p.find(f"{W}pPr/{W}pStyle")
    sid = style.get(f"{W}val") if style is not None else ""
    kind = "heading" if sid in headings or p.find(f"{W}pPr/{W}outlineLvl") is not None else ("cell" if in_table else "paragraph")
    out.open(kind, f"{prefix}paragraph {number}")
    first = True
    # w:del / w:delText (rejected text), w:instrText (field codes), properties and drawings are skipped.
    for el in _elements(p, _RUN_HOLDERS.__contains__):
        tag = el.tag
        if tag == f"{W}t":
            if el.text:
                out.add(el.text, number if first else None, 1)
                first = False
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.add(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            out.newline()
        elif tag == f"{W}noBreakHyphen":
            out.add("-")
    out.close()


# ---------------------------------------------------------------- ODT


def read_odt(data: bytes, name: str) -> SourceText:
    """The body of an OpenDocument text: paragraphs, headings, tables, notes; tracked deletions left out."""
    z = _open_zip(data, name)
    with z:
        content = _part(z, "content.xml", name)
        styles = _part(z, "styles.xml", name, required=False)
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise FormatError("corrupt document: content.xml has no office:text body", name)
    out = TextBuilder(name, "odt", line_unit="paragraph")
    notes: list[etree._Element] = []
    number = 0
    skipped = {f"{TEXT}p", f"{TEXT}h", f"{TEXT}tracked-changes", f"{TEXT}table-of-content", f"{OFFICE}forms"}
    for el in _elements(body, lambda tag: tag not in skipped):
        if el.tag in (f"{TEXT}p", f"{TEXT}h"):
            number += 1
            kind = "heading" if el.tag == f"{TEXT}h" else _odt_kind(el)
            out.open(kind, f"paragraph {number}")
            _odt_inline(el, out, number, notes)
            out.close()
    for note in notes:
        for p in note.iter(f"{TEXT}p"):
            number += 1
            out.open("footnote", f"note, paragraph {number}")
            _odt_inline(p, out, number, [])
            out.close()
    result = out.result(_odt_lang(styles))
    if not result.text.strip():
        raise InputError("no text in this document", name)
    return result


def _odt_lang(styles: etree._Element | None) -> str | None:
    """The default language of an ODT's styles (fo:language and fo:country)."""
    if styles is None:
        return None
    for props in styles.iter(f"{STYLE}text-properties"):
        lang, country = props.get(f"{FO}language"), props.get(f"{FO}country")
        if lang and lang != "zxx":
            return f"{lang}-{country}" if country and country != "none" else lang
    return None


def _odt_kind(el: etree._Element) -> str:
    parent = el.getparent()
    tag = parent.tag if parent is not None else ""
    return {f"{TABLE}table-cell": "cell", f"{TEXT}list-item": "item"}.get(tag, "paragraph")


def _odt_inline(p: etree._Element, out: TextBuilder, number: int, notes: list[etree._Element]) -> None:
    out.add(p.text or "", number, 1)
    stack = [(c, False) for c in reversed(p)]
    while stack:
        el, done = stack.pop()
        tag = el.tag
        if not done and tag == f"{TEXT}note":
            body = el.find(f"{TEXT}note-body")
            if body is not None:
                notes.append(body)
        elif not done and tag in (f"{TEXT}s", f"{TEXT}tab"):
            out.add(" ")
        elif not done and tag == f"{TEXT}line-break":
            out.newline()
        elif not done and isinstance(tag, str) and tag not in (f"{TEXT}change-start", f"{TEXT}change-end",
                                                                f"{TEXT}change", f"{OFFICE}annotation"):
            out.add(el.text or "")
            stack.append((el, True))
            stack.extend((c, False) for c in reversed(el))
            continue
        out.add(el.tail or "")

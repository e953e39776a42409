"""TMX 1.4b: a streaming writer, a streaming reader that tolerates other tools' TMX 1.1–1.4, and validation.

CAT tools are picky: OmegaT silently drops a TMX without `srclang`, and treats props named
file/id/prev/next/path as context, so provenance goes in `x-` props only.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from typing import BinaryIO

from lxml import etree

from . import __version__
from .errors import FormatError, InputError
from .textio import atomic_file
from .units import TranslationUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INLINE_CODE = {"bpt", "ept", "ph", "it", "ut"}
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DATE = re.compile(r"^\d{8}T\d{6}Z$")
RESERVED_PROPS = {"file", "id", "prev", "next", "path"}


@dataclass(slots=True)
class TmxHeader:
    """The header attributes, notes and props of a TMX document."""

    srclang: str = "fr"
    adminlang: str = "en"
    creationdate: str | None = None
    segtype: str = "sentence"
    datatype: str = "plaintext"
    o_tmf: str = "bitext"
    creationtool: str = "bitext"
    creationtoolversion: str = __version__
    notes: list[str] = field(default_factory=list)
    props: dict[str, str] = field(default_factory=dict)


def tmx_date(when: datetime | float | None = None) -> str:
    """A TMX date, `YYYYMMDDThhmmssZ`; by default SOURCE_DATE_EPOCH or now, so rebuilds can be reproducible."""
    if when is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = float(epoch) if epoch and epoch.isdigit() else time.time()
    if not isinstance(when, datetime):
        when = datetime.fromtimestamp(when, tz=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _clean(text: str) -> str:
    """Trimmed, with characters XML cannot carry removed."""
    return _BAD_XML_CHARS.sub("", text).strip()


# ---------------------------------------------------------------- writing


def _write(out: BinaryIO, units: Iterable[TranslationUnit], header: TmxHeader) -> int:
    count = 0
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            h = etree.Element("header", {
                "creationtool": header.creationtool, "creationtoolversion": header.creationtoolversion,
                "segtype": header.segtype, "o-tmf": header.o_tmf, "adminlang": header.adminlang,
                "srclang": header.srclang, "datatype": header.datatype,
                "creationdate": header.creationdate or tmx_date()})
            for note in header.notes:
                etree.SubElement(h, "note").text = _clean(note)
            for k, v in header.props.items():
                etree.SubElement(h, "prop", type=k).text = _clean(v)
            xf.write(h, pretty_print=True)
            with xf.element("body"):
                xf.write("\n")
                for u in units:
                    xf.write(_tu_element(u), pretty_print=True)
                    count += 1
            xf.write("\n")
    return count


def _tu_element(u: TranslationUnit) -> etree._Element:
    attrs = {"tuid": u.tuid} if u.tuid else {}
    if u.creationdate:
        attrs["creationdate"] = u.creationdate
    tu = etree.Element("tu", attrs)
    for note in u.notes:
        etree.SubElement(tu, "note").text = _clean(note)
    for k, v in u.props.items():
        if k in RESERVED_PROPS:
            k = f"x-{k}"
        etree.SubElement(tu, "prop", type=k).text = _clean(str(v))
    for lang, text in ((u.source_lang, u.source), (u.target_lang, u.target)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = _clean(text)
    return tu


def tmx_bytes(units: Iterable[TranslationUnit], header: TmxHeader | None = None) -> bytes:
    """A whole TMX document in memory (for small outputs and stdout)."""
    buf = io.BytesIO()
    _write(buf, units, header or TmxHeader())
    return buf.getvalue()


def write_tmx(path: str | os.PathLike[str], units: Iterable[TranslationUnit], header: TmxHeader | None = None) -> int:
    """Stream units into a TMX file (which appears only once complete); returns the unit count."""
    with atomic_file(path) as fh:
        return _write(fh, units, header or TmxHeader())


# ---------------------------------------------------------------- reading


def lang_matches(code: str | None, wanted: str | None) -> bool:
    """fr, fr-FR, fr_CA and FR-ca all match `fr`; a regional `wanted` must match exactly (case-insensitive)."""
    if not code or not wanted:
        return False
    c, w = code.lower().replace("_", "-"), wanted.lower().replace("_", "-")
    return c == w or ("-" not in w and c.split("-")[0] == w)


def _seg_text(seg: etree._Element, inline: str) -> str:
    """The text of a seg: inline codes dropped ("flatten") or kept as XML ("keep")."""
    if inline == "keep":
        inner = (seg.text and _escape(seg.text) or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in seg)
        return inner.strip()
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag not in INLINE_CODE and tag != "sub":
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(seg)
    return "".join(parts).strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _refuse_entities(path: str) -> None:
    """TMX never needs entity declarations; refusing them up front stops expansion bombs and external fetches."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    probe = head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            probe = head.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            probe = head
    if b"<!ENTITY" in probe:
        line = probe[: probe.index(b"<!ENTITY")].count(b"\n") + 1
        raise FormatError("entity declarations are not allowed in TMX (refused before parsing)", path, line)


def _parser_args() -> dict:
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
            "huge_tree": False, "remove_comments": True}


def read_header(path: str | os.PathLike[str]) -> TmxHeader:
    """The header of a TMX file, read without going through the body."""
    for kind, value in _events(str(path), header_only=True):
        if kind == "header":
            return value
    raise FormatError("no <header> element", str(path))


def iter_tmx(path: str | os.PathLike[str], source_lang: str | None = None, target_lang: str | None = None,
             inline: str = "flatten") -> Iterator[TranslationUnit]:
    """Stream the units of a TMX file in constant memory.

    The source language is `source_lang`, else the header's srclang (or the tu's own); the target
    is `target_lang`, else the first other language of each tu. Units without both are skipped.
    """
    header_src = source_lang
    matches: dict[tuple[str, str | None], bool] = {}

    def match(code: str, wanted: str | None) -> bool:
        key = (code, wanted)
        if key not in matches:
            matches[key] = lang_matches(code, wanted)
        return matches[key]

    for kind, value in _fast_events(str(path), inline):
        if kind == "header":
            if not header_src and value.srclang and value.srclang != "*all*":
                header_src = value.srclang
            continue
        tu_attrs, props, notes, variants = value
        if not variants:
            continue
        src_code = header_src or tu_attrs.get("srclang")
        if not src_code or src_code == "*all*":
            src_code = variants[0][0]
        src = tgt = None
        for lang, text in variants:
            if src is None and match(lang, src_code):
                src = (lang, text)
            elif tgt is None and (target_lang is None or match(lang, target_lang)):
                tgt = (lang, text)
        if src is None or tgt is None or tgt[0] == src[0]:
            continue
        yield TranslationUnit(src[1], tgt[1], src[0], tgt[0], tuid=tu_attrs.get("tuid"), props=props, notes=notes,
                              creationdate=tu_attrs.get("creationdate") or tu_attrs.get("changedate"), line=tu_attrs["line"])


# A unit as bitext (and most tools) write it: attributes, props and notes, two plain segments.
# Anything else (inline codes, comments, CDATA, other encodings) goes through lxml.
_ATTRS = r'(?:\s+[\w:.-]+="[^"<&]*")*'
_FAST_TU = re.compile(
    r'\s*<tu(' + _ATTRS + r')\s*>\s*'
    r'((?:(?:<prop' + _ATTRS + r'\s*>[^<]*</prop>|<note' + _ATTRS + r'\s*>[^<]*</note>)\s*)*)'
    r'<tuv\s+xml:lang="([^"<&]*)"\s*>\s*<seg>([^<]*)</seg>\s*</tuv>\s*'
    r'<tuv\s+xml:lang="([^"<&]*)"\s*>\s*<seg>([^<]*)</seg>\s*</tuv>\s*</tu>')
_FAST_ATTR = re.compile(r'([\w:.-]+)="([^"]*)"')
# The usual <prop type="..."> first; props and notes with other attributes take the second branch.
_FAST_PROP = re.compile(r'<prop\s+type="([^"]*)"\s*>([^<]*)</prop>|<(prop|note)(' + _ATTRS + r')\s*>([^<]*)</(?:prop|note)>')
_FAST_END = re.compile(r'\s*</body>\s*</tmx>\s*\Z')
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class _NotSimple(Exception):
    """The fast path met something it does not handle; lxml takes over from the same unit."""


def _entity(m: re.Match) -> str:
    if m.group(1):
        return _NAMED[m.group(1)]
    return chr(int(m.group(2)) if m.group(2) else int(m.group(3), 16))


def _text(raw: str) -> str:
    if "&" not in raw:
        return raw.strip()
    if "&" in _ENTITY.sub("", raw):
        raise _NotSimple  # an entity XML does not define: lxml will say so, with the line
    return _ENTITY.sub(_entity, raw).strip()


def _fast_events(path: str, inline: str):
    """Like `_events`, but plain UTF-8 units are cut out with one regular expression per unit.

    Most TMX files are a flat list of such units; this reads them several times faster than
    building elements. The first unit it cannot take (or a file it cannot start) hands the rest
    of the file to lxml, so odd files are read, and malformed ones refused, exactly as before.
    """
    if not os.path.exists(path):
        raise InputError("no such file", path)
    if os.path.getsize(path) == 0:
        raise InputError("file is empty", path)
    _refuse_entities(path)
    with open(path, "rb") as fh:
        raw = fh.read(1 << 20)
        start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        decl = re.match(rb'<\?xml[^>]*encoding=["\']([\w.-]+)', raw[start:])
        body = raw.find(b"<body>")
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (decl and decl.group(1).lower() not in (b"utf-8", b"utf8")) \
                or body < 0:
            yield from _events(path, inline)
            return
        try:
            root = etree.fromstring(raw[start:body] + b"<body/></tmx>", etree.XMLParser(**_parser_args()))
        except etree.XMLSyntaxError:
            yield from _events(path, inline)  # lxml reports the problem with its line
            return
        if root.tag != "tmx" or root.find("header") is None:
            yield from _events(path, inline)
            return
        yield "header", _header_from(root.find("header"))
        decoder = codecs.getincrementaldecoder("utf-8")()
        head = raw[body + len(b"<body>"):]
        line = raw.count(b"\n", 0, body) + 1
        try:
            buf = decoder.decode(head)
        except UnicodeDecodeError:
            buf = None
        pos, eof = 0, False
        clean = buf is not None and not _BAD_XML_CHARS.search(buf)
        consumed = body + len(b"<body>")  # bytes of the file before buf[0], to resume in lxml
        while True:
            m = _FAST_TU.match(buf, pos) if clean else None
            if m is None and clean and not eof and buf.find("</tu>", pos) < 0:
                more = fh.read(1 << 22)
                eof = not more
                consumed += len(buf[:pos].encode("utf-8"))
                buf, pos = buf[pos:], 0
                try:
                    buf += decoder.decode(more, final=eof)
                except UnicodeDecodeError:
                    clean = False  # lxml takes over from here and reports where
                    continue
                clean = not _BAD_XML_CHARS.search(buf)
                continue
            try:
                if m is None:
                    raise _NotSimple
                tu_line = line + buf.count("\n", pos, m.start(1))
                attrs: dict = dict(_FAST_ATTR.findall(m.group(1)))
                attrs["line"] = tu_line
                props: dict[str, str] = {}
                notes: list[str] = []
                if m.group(2):
                    for ptype, ptext, tag, pattrs, other in _FAST_PROP.findall(m.group(2)):
                        if not tag:
                            props[ptype] = _text(ptext)
                        elif tag == "prop":
                            props[dict(_FAST_ATTR.findall(pattrs)).get("type", "")] = _text(other)
                        else:
                            notes.append(_text(other))
                variants = [(m.group(3), _text(m.group(4))), (m.group(5), _text(m.group(6)))]
            except _NotSimple:
                if buf is not None and _FAST_END.match(buf, pos) and (eof or not fh.read(1)):
                    return
                fh.seek(consumed + (len(buf[:pos].encode("utf-8")) if buf is not None else 0))
                yield from _rest_with_lxml(path, fh, line - 1, inline)
                return
            line = tu_line + buf.count("\n", m.start(1), m.end())
            pos = m.end()
            yield "tu", (attrs, props, notes, variants)


class _Chain(io.RawIOBase):
    """A readable stream of a few bytes (a synthetic opening) followed by the rest of an open file."""

    def __init__(self, head: bytes, fh):
        self.head, self.fh = head, fh

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self.head:
            n = min(len(b), len(self.head))
            b[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.fh.read(len(b))
        b[: len(data)] = data
        return len(data)


def _rest_with_lxml(path: str, fh, line_offset: int, inline: str):
    """Units from the file's current position (a unit boundary) onwards, through lxml, with the original line numbers."""
    stream = io.BufferedReader(_Chain(b'<tmx version="1.4"><body>', fh))
    for kind, value in _events(path, inline, source=stream, line_offset=line_offset):
        if kind == "tu":
            yield kind, value


def _events(path: str, inline: str = "flatten", header_only: bool = False, source=None, line_offset: int = 0):
    """("header", TmxHeader) then ("tu", (attrs, props, notes, variants)) for each unit, streaming."""
    if source is None:
        if not os.path.exists(path):
            raise InputError("no such file", path)
        if os.path.getsize(path) == 0:
            raise InputError("file is empty", path)
        _refuse_entities(path)
        _check_root(path)
    try:
        for _, el in etree.iterparse(source or path, events=("end",), tag=("header", "tu"), **_parser_args()):
            if el.tag == "header":
                yield "header", _header_from(el)
                if header_only:
                    return
                continue
            props: dict[str, str] = {}
            notes: list[str] = []
            variants: list[tuple[str, str]] = []
            for child in el:
                ctag = child.tag
                if ctag == "tuv":
                    lang = child.get(XML_LANG) or child.get("lang")
                    seg = child.find("seg")
                    if lang and seg is not None:
                        text = (seg.text or "").strip() if len(seg) == 0 else _seg_text(seg, inline)
                        variants.append((lang, text))
                elif ctag == "prop":
                    props[child.get("type", "")] = (child.text or "").strip()
                elif ctag == "note":
                    notes.append((child.text or "").strip())
            yield "tu", ({**el.attrib, "line": el.sourceline + line_offset}, props, notes, variants)
            el.clear(keep_tail=False)
            parent = el.getparent()
            while el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"malformed XML: {_xml_message(exc)}", path, (exc.lineno + line_offset) if exc.lineno else None) from exc


def _xml_message(exc: etree.XMLSyntaxError) -> str:
    return str(exc.msg if getattr(exc, "msg", None) else exc).split(", line")[0]


def _check_root(path: str) -> None:
    """Refuse a file whose root element is not <tmx>, before reading the body."""
    try:
        for _, el in etree.iterparse(path, events=("start",), **_parser_args()):
            if el.tag != "tmx":
                raise FormatError(f"not a TMX file (root element <{el.tag}>)", path, el.sourceline)
            return
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"malformed XML: {_xml_message(exc)}", path, exc.lineno or None) from exc


def _header_from(el: etree._Element) -> TmxHeader:
    return TmxHeader(
        srclang=el.get("srclang", ""), adminlang=el.get("adminlang", ""), creationdate=el.get("creationdate"),
        segtype=el.get("segtype", ""), datatype=el.get("datatype", ""), o_tmf=el.get("o-tmf", ""),
        creationtool=el.get("creationtool", ""), creationtoolversion=el.get("creationtoolversion", ""),
        notes=[(n.text or "").strip() for n in el.findall("note")],
        props={p.get("type", ""): (p.text or "").strip() for p in el.findall("prop")})


# ---------------------------------------------------------------- validation


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem, with the line where it is."""

    line: int | None
    message: str


def _dtd() -> etree.DTD:
    with resources.files("tm").joinpath("data/tmx14b.dtd").open("rb") as fh:
        return etree.DTD(fh)


def validate(path: str | os.PathLike[str], max_problems: int = 50) -> list[Problem]:
    """Problems against the TMX 1.4b DTD plus what a DTD cannot say (srclang, dates, source variants)."""
    name = str(path)
    if not os.path.exists(name):
        raise InputError("no such file", name)
    _refuse_entities(name)
    try:
        tree = etree.parse(name, etree.XMLParser(**_parser_args()))
    except etree.XMLSyntaxError as exc:
        return [Problem(exc.lineno, f"malformed XML: {exc.msg}")]
    problems: list[Problem] = []
    root = tree.getroot()
    if root.tag != "tmx":
        return [Problem(root.sourceline, f"root element is <{root.tag}>, not <tmx>")]
    if root.get("version") != "1.4":
        problems.append(Problem(root.sourceline, f"version is {root.get('version')!r}, expected '1.4'"))
    dtd = _dtd()
    if not dtd.validate(tree):
        for err in dtd.error_log.filter_from_errors()[:max_problems]:
            problems.append(Problem(err.line, err.message))
    header = root.find("header")
    srclang = header.get("srclang") if header is not None else None
    if header is not None:
        if not srclang:
            problems.append(Problem(header.sourceline, "header has no srclang (OmegaT drops such a file silently)"))
        for attr in ("creationdate", "changedate"):
            v = header.get(attr)
            if v and not _DATE.match(v):
                problems.append(Problem(header.sourceline, f"header {attr} {v!r} is not YYYYMMDDThhmmssZ"))
    body = root.find("body")
    langs_seen: set[str] = set()
    for tu in (body.iter("tu") if body is not None else ()):
        if len(problems) >= max_problems:
            break
        langs = [(tuv.get(XML_LANG) or tuv.get("lang") or "") for tuv in tu.findall("tuv")]
        langs_seen.update(l.lower() for l in langs)
        for attr in ("creationdate", "changedate", "lastusagedate"):
            v = tu.get(attr)
            if v and not _DATE.match(v):
                problems.append(Problem(tu.sourceline, f"tu {attr} {v!r} is not YYYYMMDDThhmmssZ"))
        src = tu.get("srclang") or srclang
        if src and src != "*all*" and not any(lang_matches(l, src) for l in langs):
            problems.append(Problem(tu.sourceline, f"tu has no variant in the source language {src!r}"))
        for prop in tu.findall("prop"):
            if prop.get("type") in RESERVED_PROPS:
                problems.append(Problem(prop.sourceline, f"prop type {prop.get('type')!r} is read as context by OmegaT; use an x- name"))
    if srclang and srclang != "*all*" and langs_seen and not any(lang_matches(l, srclang) for l in langs_seen):
        problems.append(Problem(header.sourceline if header is not None else None,
                                f"srclang {srclang!r} matches no tuv language ({', '.join(sorted(langs_seen))})"))
    return problems[:max_problems]

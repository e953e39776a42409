"""TMX 1.4b: a streaming writer, a streaming reader that tolerates other tools' TMX 1.1–1.4, and validation.

CAT tools are picky: OmegaT silently drops a TMX without `srclang`, and treats props named
file/id/prev/next/path as context, so provenance goes in `x-` props only.
"""

from __future__ import annotations

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
    for kind, value in _events(str(path), inline=inline):
        if kind == "header":
            if not header_src and value.srclang and value.srclang != "*all*":
                header_src = value.srclang
            continue
        tu_attrs, props, notes, variants = value
        src_code = header_src or tu_attrs.get("srclang")
        if not variants:
            continue
        if not src_code or src_code == "*all*":
            src_code = variants[0][0]
        src = next(((l, t) for l, t in variants if lang_matches(l, src_code)), None)
        if src is None:
            continue
        tgt = next(((l, t) for l, t in variants if l != src[0] and (target_lang is None or lang_matches(l, target_lang))), None)
        if tgt is None:
            continue
        yield TranslationUnit(src[1], tgt[1], src[0], tgt[0], tuid=tu_attrs.get("tuid"), props=props, notes=notes,
                              creationdate=tu_attrs.get("creationdate") or tu_attrs.get("changedate"), line=tu_attrs["line"])


def _events(path: str, inline: str = "flatten", header_only: bool = False):
    """("header", TmxHeader) then ("tu", (attrs, props, notes, variants)) for each unit, streaming."""
    if not os.path.exists(path):
        raise InputError("no such file", path)
    if os.path.getsize(path) == 0:
        raise InputError("file is empty", path)
    _refuse_entities(path)
    _check_root(path)
    try:
        for _, el in etree.iterparse(path, events=("end",), tag=("header", "tu"), **_parser_args()):
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
            yield "tu", ({**el.attrib, "line": el.sourceline}, props, notes, variants)
            el.clear(keep_tail=False)
            parent = el.getparent()
            while el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"malformed XML: {_xml_message(exc)}", path, exc.lineno or None) from exc


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

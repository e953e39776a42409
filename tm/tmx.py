"""TMX 1.4b: a streaming writer, a streaming reader that tolerates other tools' TMX 1.1–1.4, and validation.

CAT tools are picky: OmegaT silently drops a TMX without `srclang`, and treats props named
file/id/prev/next/path as context, so provenance goes in `x-` props only.
"""

from __future__ import annotations

import codecs
import copy
import io
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from typing import BinaryIO

from lxml import etree

from . import __version__
from .errors import FormatError, InputError
from .textio import atomic_file, note_input
from .units import TranslationUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INLINE_CODE = {"bpt", "ept", "ph", "it", "ut"}
_XML_CTRL = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"  # characters XML 1.0 does not allow
_BAD_XML_CHARS = re.compile(f"[{_XML_CTRL}]")
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
    """Trimmed, with characters XML cannot carry removed (a lone surrogate, from a file name that is not
    UTF-8, becomes U+FFFD)."""
    text = _BAD_XML_CHARS.sub("", text).strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


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
    attrs = {"tuid": _clean(u.tuid)} if u.tuid else {}
    if u.creationdate:
        attrs["creationdate"] = u.creationdate
    tu = etree.Element("tu", attrs)
    for note in u.notes:
        etree.SubElement(tu, "note").text = _clean(note)
    for k, v in u.props.items():
        if k in RESERVED_PROPS:
            k = f"x-{k}"
        etree.SubElement(tu, "prop", type=k).text = _clean(str(v))
    for lang, text, markup in ((u.source_lang, u.source, u.source_markup), (u.target_lang, u.target, u.target_markup)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        if markup:
            tuv.append(_seg_with_codes(markup))
        else:
            etree.SubElement(tuv, "seg").text = _clean(text)
    return tu


def _seg_with_codes(markup: str) -> etree._Element:
    """A seg from TMX inline markup made by bitext's own readers (bpt, ept, ph, it)."""
    try:
        return etree.fromstring(f"<seg>{_BAD_XML_CHARS.sub('', markup).strip()}</seg>")
    except etree.XMLSyntaxError as exc:  # a reader's bug, never user input
        raise FormatError(f"inline codes do not make a TMX segment: {exc.msg}") from exc


def tmx_bytes(units: Iterable[TranslationUnit], header: TmxHeader | None = None) -> bytes:
    """A whole TMX document in memory (for small outputs and stdout)."""
    buf = io.BytesIO()
    _write(buf, units, header or TmxHeader())
    return buf.getvalue()


def write_tmx(path: str | os.PathLike[str], units: Iterable[TranslationUnit], header: TmxHeader | None = None) -> int:
    """Stream units into a TMX file (which appears only once complete), or to stdout for '-'; returns the unit count."""
    if str(path) == "-":
        count = _write(sys.stdout.buffer, units, header or TmxHeader())
        sys.stdout.buffer.flush()
        return count
    with atomic_file(path) as fh:
        return _write(fh, units, header or TmxHeader())


# ---------------------------------------------------------------- reading


_TU_BYTES = re.compile(rb"<tu[ \t\r\n>]")


def count_units(path: str | os.PathLike[str], chunk: int = 1 << 20) -> int | None:
    """About how many units a TMX file holds (its `<tu` tags, UTF-8 or Latin-1 only), read once and fast:
    what a progress bar needs to know its end. None for a stream or a file it cannot read."""
    if str(path) == "-":
        return None
    n, tail = 0, b""
    try:
        with open(path, "rb") as fh:
            while block := fh.read(chunk):
                data = tail + block
                n += len(_TU_BYTES.findall(data))
                tail = data[-4:]
                n -= len(_TU_BYTES.findall(tail))  # counted again with the next block
    except OSError:
        return None
    return n + len(_TU_BYTES.findall(tail))


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

    The source language is `source_lang`, else the tu's srclang, else the header's; the target
    is `target_lang`, else the first other language of each tu. Units without both are skipped.
    """
    note_input(path)
    return _Reader(str(path), source_lang, target_lang, inline).units()


class _Reader:
    """Turns the raw pieces of each `<tu>` into a TranslationUnit, choosing source and target variants."""

    def __init__(self, path: str, source_lang: str | None, target_lang: str | None, inline: str):
        self.path, self.source_lang, self.target_lang, self.inline = path, source_lang, target_lang, inline
        self.header_src = source_lang
        self._picks: dict[tuple, tuple[int, int] | None] = {}

    def header(self, header: TmxHeader) -> None:
        if not self.header_src and header.srclang and header.srclang != "*all*":
            self.header_src = header.srclang

    def pick(self, src_code: str | None, langs: tuple[str, ...]) -> tuple[int, int] | None:
        """Indexes of the source and target variants among `langs`, or None; cached per language combination."""
        key = (src_code, langs)
        if key in self._picks:
            return self._picks[key]
        code = src_code if src_code and src_code != "*all*" else langs[0]
        src = tgt = None
        for i, lang in enumerate(langs):
            if src is None and lang_matches(lang, code):
                src = i
            elif tgt is None and (self.target_lang is None or lang_matches(lang, self.target_lang)):
                tgt = i
        found = (src, tgt) if src is not None and tgt is not None and langs[src] != langs[tgt] else None
        self._picks[key] = found
        return found

    def unit(self, attrs: dict, props: dict[str, str], notes: list[str],
             variants: list[tuple[str, str]]) -> TranslationUnit | None:
        src_code = self.source_lang or attrs.get("srclang") or self.header_src
        found = self.pick(src_code, tuple(lang for lang, _ in variants)) if variants else None
        if found is None:
            # No pair of variants (one <tuv>, none, or languages that do not fit): an empty side, so that
            # importers count the unit as skipped instead of losing it without a word.
            lone = next(((lang, text) for lang, text in variants if lang_matches(lang, src_code)), None)
            sl, st = lone if lone else (src_code or "", "")
            return TranslationUnit(st, "", sl, self.target_lang or "", attrs.get("tuid"), props, notes,
                                   attrs.get("creationdate") or attrs.get("changedate"), attrs["line"])
        (sl, st), (tl, tt) = variants[found[0]], variants[found[1]]
        return TranslationUnit(st, tt, sl, tl, attrs.get("tuid"), props, notes,
                               attrs.get("creationdate") or attrs.get("changedate"), attrs["line"])

    def units(self) -> Iterator[TranslationUnit]:
        return _read_units(self)

    def from_events(self, events: Iterable[tuple[str, object]]) -> Iterator[TranslationUnit]:
        """Units from lxml's ("header", TmxHeader) and ("tu", pieces) events."""
        for kind, value in events:
            if kind == "header":
                self.header(value)
            else:
                u = self.unit(*value)
                if u is not None:
                    yield u


# A unit as bitext, OmegaT and most tools write it: attributes, props and notes, two variants of
# plain text. Each match also takes the whitespace and comments up to the next unit.
_WS = "[ \t\r\n]"
_VALUE = f'"[^"<&{_XML_CTRL}]*"'
_ATTRS = f"(?:{_WS}+[\\w:.-]+={_VALUE})*"
_TEXT = f"[^<{_XML_CTRL}]*"
_META = f"(?:(?:<prop{_ATTRS}{_WS}*>{_TEXT}</prop>|<note{_ATTRS}{_WS}*>{_TEXT}</note>){_WS}*)*"
_GAP = f"(?:{_WS}|<!--(?:[^-{_XML_CTRL}]|-[^-{_XML_CTRL}])*-->)*"
# Inline codes (dropped with their content when flattening) and <hi> (unwrapped), as CAT tools write
# them; a segment holding anything else, such as <sub>, goes through lxml.
_CODES = "|".join(f"<{t}{_ATTRS}{_WS}*(?:/>|>[^<]*</{t}>)" for t in ("bpt", "ept", "ph", "it", "ut"))
_HI = f"<hi{_ATTRS}{_WS}*/?>|</hi{_WS}*>"
_SEG = f"([^<]*(?:(?:{_CODES}|{_HI})[^<]*)*)"
_TUV = (f"<tuv(?:{_WS}+[\\w:.-]+={_VALUE})*?{_WS}+(?:xml:)?lang=\"([^\"<&{_XML_CTRL}]*)\"{_ATTRS}{_WS}*>{_WS}*"
        f"{_META}<seg>{_SEG}</seg>{_WS}*</tuv>{_WS}*")  # the text is checked for forbidden characters apart
_SIMPLE_PROPS = f'(?:<prop type="[^"<&{_XML_CTRL}]*">[^<&{_XML_CTRL}]*</prop>{_WS}*)*'
_FAST_TU = re.compile(f"<tu(?:{_WS}+tuid=\"([^\"<&{_XML_CTRL}]*)\")?({_ATTRS}){_WS}*>{_WS}*"
                      f"((?>{_SIMPLE_PROPS}))((?>{_META})){_TUV}{_TUV}</tu>{_GAP}")
# (?>...): the props a simple reading takes are never handed back to the general one when the unit
# fails to match (a third <tuv>, say): without it, 16,000 props cost 40 s of backtracking.
_FAST_GAP = re.compile(_GAP)
_FAST_INLINE = re.compile(f"{_CODES}|{_HI}")
_FAST_HI = re.compile(f"<hi{_ATTRS}{_WS}*(/?)>|(</hi)")
_FAST_ATTR = re.compile(r'([\w:.-]+)="([^"]*)"')
_FAST_PROP = re.compile(r'<prop type="([^"]*)">([^<]*)</prop>')
_FAST_META = re.compile(f'<(prop|note)({_ATTRS}){_WS}*>({_TEXT})</(?:prop|note)>')
_FAST_END = re.compile(f"</body>{_WS}*</tmx>{_GAP}\\Z")
_TU_START = re.compile("<tu[ \t\r\n>]")
_DECL = re.compile(r"<\?xml[^>]*\?>")
_DECL_ENCODING = re.compile(rb"<\?xml[^>]*encoding=[\"']([\w.-]+)")
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_REF = re.compile(r"&[^\W\d][\w.-]*;")
_BAD_REF = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_HEAD = 1 << 20  # the first read, which must hold the header
_CHUNK = 1 << 18  # later reads: small enough to stay in the CPU cache
_MAX_UNIT = 1 << 24  # characters of one unfinished unit before lxml, which streams, takes over
_ODD_RUN = 16  # after this many units in a row that need lxml, lxml reads the rest (faster for such files)


class _NotSimple(Exception):
    """The fast path met something it does not handle; lxml reads that unit (or the rest of the file)."""


class _UnknownEntity(_NotSimple):
    """An entity reference XML does not predefine (TMX declares none)."""

    def __init__(self, ref: str):
        super().__init__(ref)
        self.ref = ref


def _entity(m: re.Match) -> str:
    if m.group(1):
        return _NAMED[m.group(1)]
    code = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
        return chr(code)
    raise _NotSimple  # a character XML forbids: lxml reports it


def _check_refs(raw: str) -> None:
    """Raise for a reference XML would refuse: an unknown entity, a bare "&", a forbidden character."""
    bad = _BAD_REF.search(raw)
    if bad:
        ref = _REF.match(raw, bad.start())
        if ref:
            raise _UnknownEntity(ref.group(0))
        raise _NotSimple  # a bare "&": lxml says what is wrong, with the line
    if "&#" in raw:
        _ENTITY.sub(_entity, raw)


def _text(raw: str) -> str:
    """The text of escaped XML character data, trimmed."""
    if "&" not in raw:
        return raw.strip()
    _check_refs(raw)
    if "&#" in raw:
        return _ENTITY.sub(_entity, raw).strip()
    return raw.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'") \
        .replace("&amp;", "&").strip()


def _balanced(seg: str) -> bool:
    """Whether the <hi> tags of a segment open and close in order (the pattern alone cannot tell)."""
    depth = 0
    for m in _FAST_HI.finditer(seg):
        if m.group(2):
            depth -= 1
            if depth < 0:
                return False
        elif not m.group(1):
            depth += 1
    return depth == 0


def _meta(block: str) -> tuple[dict[str, str], list[str]]:
    """The props and notes of a unit, when they are not all plain <prop type="..."> elements."""
    props: dict[str, str] = {}
    notes: list[str] = []
    for tag, attrs, text in _FAST_META.findall(block):
        if tag == "prop":
            props[dict(_FAST_ATTR.findall(attrs)).get("type", "")] = _text(text)
        else:
            notes.append(_text(text))
    return props, notes


def _codec(head: bytes) -> tuple[str | None, int]:
    """The Python codec for a file starting with `head`, and how many BOM bytes to skip; None leaves it to lxml."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    decl = _DECL_ENCODING.match(head)
    if not decl:
        return "utf-8", 0
    try:
        name = codecs.lookup(decl.group(1).decode("ascii")).name
    except LookupError:
        return None, 0
    return (None, 0) if name.startswith(("utf-16", "utf-32")) else (name, 0)


def _read_units(reader: _Reader) -> Iterator[TranslationUnit]:
    """The units of the reader's file, each plain one cut out by a regular expression, the rest parsed by lxml.

    Most TMX files are a flat list of plain units; one regular expression per unit reads them
    several times faster than building elements; inline codes are dropped and <hi> unwrapped as
    lxml's reading does. A unit it does not take (codes kept as XML, more than two variants,
    CDATA, entities in attributes) goes through lxml on its own; a long run of such
    units, or anything else that is odd, hands the rest of the file to lxml, which reads it, or
    refuses it with its line.
    """
    path, inline = reader.path, reader.inline
    if not os.path.exists(path):
        raise InputError("no such file", path)
    if os.path.getsize(path) == 0:
        raise InputError("file is empty", path)
    _refuse_entities(path)
    with open(path, "rb") as fh:
        raw = fh.read(_HEAD)
        codec, skip = _codec(raw)
        if codec is None:
            yield from reader.from_events(_events(path, inline))
            return
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        try:
            buf = decoder.decode(raw[skip:], final=len(raw) < _HEAD)
        except UnicodeDecodeError as exc:
            raise _decode_error(path, codec, exc, 1 + raw.count(b"\n", 0, skip + exc.start)) from exc
        body = buf.find("<body>")
        decl = _DECL.match(buf)
        head = buf[:body] if not decl else " " * decl.end() + buf[decl.end():body]
        try:
            root = etree.fromstring((head + "<body/></tmx>").encode("utf-8"), etree.XMLParser(**_parser_args()))
        except (etree.XMLSyntaxError, ValueError):
            root = None
        if body < 0 or root is None or root.tag != "tmx" or len(root.findall("header")) != 1:
            yield from reader.from_events(_events(path, inline))  # lxml reports the problem with its line
            return
        reader.header(_header_from(root.find("header")))
        parser = etree.XMLParser(**_parser_args())
        line = buf.count("\n", 0, body) + 1
        pos = _FAST_GAP.match(buf, body + len("<body>")).end()
        line += buf.count("\n", body, pos)
        eof = len(raw) < _HEAD
        header_src, source_lang = reader.header_src, reader.source_lang
        orders: dict[tuple[str, str, str | None], int] = {}  # which variant is the source: 0, 1, or 2 for neither
        tu_unit = TranslationUnit
        count = str.count
        find = str.find
        findall_props = _FAST_PROP.findall
        match_tu = _FAST_TU.match
        odd_run = 0  # units in a row that were not plain
        waiting = False  # the buffer ends inside a unit: more must be read before it can match
        while True:
            # While a unit is still being read, the unit regex waits for its "</tu>": tried after every
            # refill, it would rescan the unit from its start (quadratic in the unit's length).
            while (not waiting or find(buf, "</tu>", pos) >= 0) and (m := match_tu(buf, pos)) is not None:
                waiting = False
                tuid, attrs_raw, simple, block, l1, s1, l2, s2 = m.groups()
                end = m.end()
                cdate = tu_src = None
                if attrs_raw:
                    attrs = dict(_FAST_ATTR.findall(attrs_raw))
                    tuid = tuid or attrs.get("tuid")
                    cdate = attrs.get("creationdate") or attrs.get("changedate")
                    tu_src = attrs.get("srclang")
                if not s1.isprintable() and _BAD_XML_CHARS.search(s1) or \
                        not s2.isprintable() and _BAD_XML_CHARS.search(s2):
                    break  # lxml reports the character, with its line
                try:
                    if "<" in s1 or "<" in s2:
                        if inline == "keep" or ("<hi" in s1 and not _balanced(s1)) or ("<hi" in s2 and not _balanced(s2)):
                            break  # lxml serialises the kept codes, or says what is wrong
                        if "&" in s1:
                            _check_refs(s1)  # references inside the codes must be sound too
                        if "&" in s2:
                            _check_refs(s2)
                        s1, s2 = _FAST_INLINE.sub("", s1), _FAST_INLINE.sub("", s2)
                    if find(buf, "&", pos, end) < 0:
                        s1, s2 = s1.strip(), s2.strip()
                    else:
                        s1, s2 = _text(s1), _text(s2)
                    if block:
                        props, notes = _meta(simple + block)
                    else:
                        props, notes = dict(findall_props(simple)), []
                except _UnknownEntity as exc:
                    at = find(buf, exc.ref, pos, end)
                    raise FormatError(f"unknown entity {exc.ref} (TMX has only &amp; &lt; &gt; &quot; &apos; "
                                      "and character references)", path, line + count(buf, "\n", pos, at)) from None
                except _NotSimple:
                    break  # the same unit goes through lxml below, which reads it or says what is wrong
                order = orders.get((l1, l2, tu_src))
                if order is None:
                    found = reader.pick(source_lang or tu_src or header_src, (l1, l2))
                    order = orders[(l1, l2, tu_src)] = 2 if found is None else found[0]
                if order == 0:
                    yield tu_unit(s1, s2, l1, l2, tuid, props, notes, cdate, line)
                elif order == 1:
                    yield tu_unit(s2, s1, l2, l1, tuid, props, notes, cdate, line)
                line += count(buf, "\n", pos, end)
                pos = end
                odd_run = 0
            # Not a plain unit at `pos`: the end, a unit lxml reads, or more of the file to read.
            close = find(buf, "</tu>", pos)
            if close < 0 and not eof and len(buf) - pos <= _MAX_UNIT:
                waiting = True
                more = fh.read(_CHUNK)
                eof = not more
                try:
                    buf = buf[pos:] + decoder.decode(more, final=eof)
                except UnicodeDecodeError as exc:
                    where = line + buf.count("\n", pos) + more.count(b"\n", 0, max(exc.start, 0))
                    raise _decode_error(path, codec, exc, where) from exc
                pos = _FAST_GAP.match(buf).end()  # the whitespace after the last unit may have been cut
                line += count(buf, "\n", 0, pos)
                continue
            if _FAST_END.match(buf, pos) and eof:
                return
            odd_run += 1
            if close >= 0 and odd_run <= _ODD_RUN and _TU_START.match(buf, pos):
                stop = close + len("</tu>")
                try:
                    el = etree.fromstring(buf[pos:stop].encode("utf-8"), parser)
                except etree.XMLSyntaxError:
                    el = None
                if el is not None:
                    u = reader.unit(*_tu_pieces(el, line - 1, inline))
                    if u is not None:
                        yield u
                    gap = _FAST_GAP.match(buf, stop).end()
                    line += count(buf, "\n", pos, gap)
                    pos = gap
                    continue
            yield from reader.from_events(_rest_with_lxml(path, buf[pos:], None if eof else (fh, decoder, codec), line, inline))
            return


def _rest_with_lxml(path: str, text: str, more, line: int, inline: str):
    """The units from `text` (starting at a unit boundary on `line`) and what `more` still decodes, through lxml."""

    def chunks():
        yield b'<tmx version="1.4"><body>'
        yield text.encode("utf-8")
        if more is not None:
            fh, decoder, codec = more
            where = line + text.count("\n")
            while True:
                data = fh.read(_CHUNK)
                try:
                    piece = decoder.decode(data, final=not data)
                except UnicodeDecodeError as exc:
                    raise _decode_error(path, codec, exc, where + data.count(b"\n", 0, max(exc.start, 0))) from exc
                where += piece.count("\n")
                yield piece.encode("utf-8")
                if not data:
                    return

    stream = io.BufferedReader(_ChunkStream(chunks()))
    for kind, value in _events(path, inline, source=stream, line_offset=line - 1, headers_seen=1):
        if kind == "tu":
            yield kind, value


def _decode_error(path: str, codec: str, exc: UnicodeDecodeError, line: int) -> FormatError:
    bad = exc.object[exc.start:exc.start + 4].hex(" ").upper() if isinstance(exc.object, bytes) else "?"
    return FormatError(f"not valid {codec} text (bytes {bad}): {exc.reason}", path, line)


class _ChunkStream(io.RawIOBase):
    """A readable byte stream over an iterator of byte strings."""

    def __init__(self, chunks: Iterator[bytes]):
        self.chunks, self.pending = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self.pending:
            self.pending = next(self.chunks, None)
            if self.pending is None:
                self.pending = b""
                return 0
        n = min(len(b), len(self.pending))
        b[:n], self.pending = self.pending[:n], self.pending[n:]
        return n


def _events(path: str, inline: str = "flatten", header_only: bool = False, source=None, line_offset: int = 0,
            headers_seen: int = 0):
    """("header", TmxHeader) then ("tu", (attrs, props, notes, variants)) for each unit, streaming."""
    if source is None:
        if not os.path.exists(path):
            raise InputError("no such file", path)
        if os.path.getsize(path) == 0:
            raise InputError("file is empty", path)
        _refuse_entities(path)
        _check_root(path)
    headers = headers_seen  # resumed mid-body, the file's header is already behind
    try:
        for _, el in etree.iterparse(source or path, events=("end",), tag=("header", "tu"), **_parser_args()):
            if el.tag == "header":
                headers += 1
                if headers > 1:  # which header's srclang holds would be a guess: say so instead
                    raise FormatError("a second <header>: a TMX has one", path, (el.sourceline or 0) + line_offset)
                yield "header", _header_from(el)
                if header_only:
                    return
                continue
            yield "tu", _tu_pieces(el, line_offset, inline)
            el.clear(keep_tail=False)
            parent = el.getparent()
            while el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        message = _xml_message(exc)
        if line_offset:  # lxml names lines of the stream it was given; say the file's
            message = re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + line_offset}", message)
        raise FormatError(f"malformed XML: {message}", path, (exc.lineno + line_offset) if exc.lineno else None) from exc



def _tu_pieces(el: etree._Element, line_offset: int, inline: str) -> tuple[dict, dict[str, str], list[str], list[tuple[str, str]]]:
    """The attributes (with "line"), props, notes and (language, text) variants of a parsed <tu>."""
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
    return {**el.attrib, "line": el.sourceline + line_offset}, props, notes, variants

def _xml_message(exc: etree.XMLSyntaxError) -> str:
    text = str(exc.msg if getattr(exc, "msg", None) else exc).split(", line")[0]
    if "huge" in text.lower() or "too long" in text.lower() or "excessive depth" in text.lower():
        return "a segment longer than 10 MB or nested deeper than 256 elements: bitext refuses that size"
    return text


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
    with resources.files(__package__).joinpath("data/tmx14b.dtd").open("rb") as fh:
        return etree.DTD(fh)


def validate(path: str | os.PathLike[str], max_problems: int = 50) -> list[Problem]:
    """Problems against the TMX 1.4b DTD plus what a DTD cannot say (srclang, dates, source variants).

    Streams: the header and each unit are checked against the DTD as they are read, and the
    structure around them by hand, so a file of any size validates in constant memory.
    """
    name = str(path)
    if not os.path.exists(name):
        raise InputError("no such file", name)
    _refuse_entities(name)
    dtd = _dtd()
    check = _Validation(max_problems)
    try:
        check.run(etree.iterparse(name, events=("start", "end"), **_parser_args()), dtd)
    except etree.XMLSyntaxError as exc:
        check.add(exc.lineno, f"malformed XML: {_xml_message(exc)}")
    except _Enough:
        pass
    return check.problems[:max_problems]


class _Enough(Exception):
    """As many problems as were asked for: stop reading."""


class _Validation:
    """The state of one streaming validation."""

    def __init__(self, max_problems: int):
        self.max_problems = max_problems
        self.problems: list[Problem] = []
        self.langs_seen: set[str] = set()
        self.srclang: str | None = None
        self.header_line: int | None = None

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(line, message))
        if len(self.problems) >= self.max_problems:
            raise _Enough

    def run(self, events, dtd: etree.DTD) -> None:
        depth = 0
        top: list[str] = []  # the children of <tmx>, in order
        for event, el in events:
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                depth += 1
                if depth == 1:
                    if tag != "tmx":
                        self.add(el.sourceline, f"root element is <{tag}>, not <tmx>")
                        return
                    if el.get("version") != "1.4":
                        self.add(el.sourceline, f"version is {el.get('version')!r}, expected '1.4'")
                elif depth == 2:
                    top.append(tag)
                elif depth == 3 and top[-1] == "body" and tag != "tu":
                    self.add(el.sourceline, f"<{tag}> in <body>: only <tu> elements belong there")
                continue
            depth -= 1
            if depth == 1 and tag == "header":
                self._dtd(dtd, el)
                self.header(el)
            elif depth == 2 and tag == "tu" and top[-1] == "body":
                self._dtd(dtd, el)
                self.unit(el)
                el.clear(keep_tail=False)
                parent = el.getparent()
                while el.getprevious() is not None:
                    del parent[0]
            elif depth == 0:
                if top[:2] != ["header", "body"] or len(top) != 2:
                    self.add(el.sourceline, f"<tmx> holds {', '.join(f'<{t}>' for t in top) or 'nothing'}; expected <header> then <body>")
                self.end()

    def _dtd(self, dtd: etree.DTD, el: etree._Element) -> None:
        # A copy stands alone: validated in place, the element drags the document's namespace
        # declarations along and the DTD reports them as undeclared attributes.
        if not dtd.validate(copy.deepcopy(el)):
            for err in dtd.error_log.filter_from_errors():
                self.add(err.line, err.message)

    def header(self, header: etree._Element) -> None:
        self.header_line = header.sourceline
        self.srclang = header.get("srclang")
        if not self.srclang:
            self.add(header.sourceline, "header has no srclang (OmegaT drops such a file silently)")
        for attr in ("creationdate", "changedate"):
            v = header.get(attr)
            if v and not _DATE.match(v):
                self.add(header.sourceline, f"header {attr} {v!r} is not YYYYMMDDThhmmssZ")

    def unit(self, tu: etree._Element) -> None:
        langs = [(tuv.get(XML_LANG) or tuv.get("lang") or "") for tuv in tu.iterchildren("tuv")]
        self.langs_seen.update(lang.lower() for lang in langs)
        for attr in ("creationdate", "changedate", "lastusagedate"):
            v = tu.get(attr)
            if v and not _DATE.match(v):
                self.add(tu.sourceline, f"tu {attr} {v!r} is not YYYYMMDDThhmmssZ")
        src = tu.get("srclang") or self.srclang
        if src and src != "*all*" and not any(lang_matches(lang, src) for lang in langs):
            self.add(tu.sourceline, f"tu has no variant in the source language {src!r}")
        for prop in tu.iterchildren("prop"):
            if prop.get("type") in RESERVED_PROPS:
                self.add(prop.sourceline, f"prop type {prop.get('type')!r} is read as context by OmegaT; use an x- name")

    def end(self) -> None:
        src = self.srclang
        if src and src != "*all*" and self.langs_seen and not any(lang_matches(lang, src) for lang in self.langs_seen):
            self.add(self.header_line, f"srclang {src!r} matches no tuv language ({', '.join(sorted(self.langs_seen))})")

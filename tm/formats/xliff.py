"""Bilingual XLIFF 1.2 and 2.0/2.1 files, as CAT tools hand them over: one unit per segment with both sides.

Inline codes stay codes: the plain text drops them (for matching and checks) and the unit keeps a
TMX rendering (`<bpt>`, `<ept>`, `<ph>`, `<it>`) that the TMX writer puts in the segment.
Untranslated segments come out with an empty target, so importers count them as skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from lxml import etree

from ..errors import FormatError
from ..units import TranslationUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr_esc(text: str) -> str:
    return _esc(text).replace('"', "&quot;")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _native(el: etree._Element, closing: bool = False) -> str:
    """How an XLIFF placeholder element looked, as the native code a TMX code element carries."""
    name = _local(el.tag)
    if closing:
        return f"</{name}>"
    attrs = "".join(f' {_local(k)}="{v}"' for k, v in el.attrib.items())
    return f"<{name}{attrs}{'/' if len(el) == 0 and not el.text and name not in ('g', 'pc') else ''}>"


class _Codes:
    """Numbers TMX `i`/`x` attributes per segment, pairing openings with their closings."""

    def __init__(self):
        self.ids: dict[str, int] = {}

    def __call__(self, key: str | None) -> int:
        k = key or f"anon{len(self.ids)}"
        return self.ids.setdefault(k, len(self.ids) + 1)


def inline(el: etree._Element) -> tuple[str, str]:
    """(plain text, TMX segment markup) of an XLIFF source or target element, without recursion."""
    plain: list[str] = []
    markup: list[str] = []
    num = _Codes()
    has_codes = False

    def text(s: str | None) -> None:
        if s:
            plain.append(s)
            markup.append(_esc(s))

    text(el.text)
    stack: list[tuple[etree._Element, bool]] = [(c, False) for c in reversed(el)]
    while stack:
        child, done = stack.pop()
        name = _local(child.tag)
        if done:
            if name in ("g", "pc"):
                key = child.get("id")
                markup.append(f'<ept i="{num(key)}">{_esc(_native(child, closing=True))}</ept>')
            text(child.tail)
            continue
        if name in ("g", "pc"):
            has_codes = True
            markup.append(f'<bpt i="{num(child.get("id"))}">{_esc(_native(child))}</bpt>')
            text(child.text)
            stack.append((child, True))
            stack.extend((c, False) for c in reversed(child))
            continue
        if name in ("mrk",):
            text(child.text)
            stack.append((child, True))
            stack.extend((c, False) for c in reversed(child))
            continue
        if name == "cp":
            try:
                ch = chr(int(child.get("hex") or "", 16))
                if ch.isprintable():
                    text(ch)
            except (ValueError, OverflowError):
                pass
        elif name in ("x", "ph"):
            has_codes = True
            content = child.text if name == "ph" and child.text else _native(child)
            markup.append(f'<ph x="{num(child.get("id"))}">{_esc(content)}</ph>')
        elif name in ("bx", "sc", "bpt"):
            has_codes = True
            content = child.xpath("string()") if name == "bpt" else _native(child)
            markup.append(f'<bpt i="{num(child.get("rid") or child.get("id"))}">{_esc(content)}</bpt>')
        elif name in ("ex", "ec", "ept"):
            has_codes = True
            content = child.xpath("string()") if name == "ept" else _native(child)
            markup.append(f'<ept i="{num(child.get("rid") or child.get("startRef") or child.get("id"))}">{_esc(content)}</ept>')
        elif name == "it":
            has_codes = True
            pos = "end" if child.get("pos") == "close" else "begin"
            markup.append(f'<it pos="{pos}">{_esc(child.xpath("string()"))}</it>')
        # sm, em (annotation markers), sub and anything unknown: no text of the segment's own
        text(child.tail)
    return "".join(plain).strip(), ("".join(markup).strip() if has_codes else "")


def _parse(path: str):
    try:
        return etree.iterparse(path, events=("start", "end"), resolve_entities=False, no_network=True,
                               load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
    except OSError as exc:
        raise FormatError(f"cannot read: {exc}", path) from exc


def iter_xliff(path: str, source_lang: str | None = None, target_lang: str | None = None) -> Iterator[TranslationUnit]:
    """Units of an XLIFF 1.2 or 2.x file, streamed; languages from the file unless given."""
    name = os.path.basename(path)
    version = None
    ns = ""
    src_lang, tgt_lang = source_lang, target_lang
    try:
        for event, el in _parse(path):
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                if version is None:
                    if _local(tag) != "xliff":
                        raise FormatError("not an XLIFF file (root element is not xliff)", path, el.sourceline)
                    ns = tag[:tag.index("}") + 1] if tag.startswith("{") else ""
                    declared = (el.get("version") or "").strip()
                    version = "2" if ns.startswith("{urn:oasis:names:tc:xliff:document:2") or declared.startswith("2") else "1.2"
                    if version == "2":
                        src_lang = source_lang or el.get("srcLang")
                        tgt_lang = target_lang or el.get("trgLang")
                elif version == "1.2" and _local(tag) == "file":
                    src_lang = source_lang or el.get("source-language")
                    tgt_lang = target_lang or el.get("target-language")
                continue
            local = _local(tag)
            if version == "1.2" and local == "trans-unit":
                yield from _unit12(el, ns, name, src_lang, tgt_lang)
                _release(el)
            elif version == "2" and local == "unit":
                yield from _unit20(el, ns, name, src_lang, tgt_lang)
                _release(el)
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"not well-formed XML: {exc.msg}", path, exc.lineno) from exc
    if version is None:
        raise FormatError("not an XLIFF file (no xliff element)", path)


def _release(el: etree._Element) -> None:
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _unit(source_el, target_el, name, src_lang, tgt_lang, uid, line) -> TranslationUnit:
    src, src_markup = inline(source_el)
    tgt, tgt_markup = inline(target_el) if target_el is not None else ("", "")
    if not src_lang or not tgt_lang:
        raise FormatError("no source or target language in the file; give --source-lang and --target-lang", name, line)
    return TranslationUnit(src, tgt, src_lang, tgt_lang, tuid=uid or None,
                           props={"x-file": name, "x-locator": f"unit {uid}" if uid else f"line {line}"},
                           line=line, source_markup=src_markup or None, target_markup=tgt_markup or None)


def _unit12(tu: etree._Element, ns: str, name: str, src_lang, tgt_lang) -> Iterator[TranslationUnit]:
    """XLIFF 1.0, 1.1 and 1.2 trans-units (segmented ones through seg-source mrk elements)."""
    if tu.get("translate") == "no":
        return
    source, target = tu.find(f"{ns}source"), tu.find(f"{ns}target")
    if source is None:
        return
    tgt_lang = (target.get(XML_LANG) if target is not None else None) or tgt_lang
    segs = tu.find(f"{ns}seg-source")
    if segs is not None and target is not None:
        src_mrks = {m.get("mid"): m for m in segs.iter(f"{ns}mrk") if m.get("mtype") == "seg"}
        tgt_mrks = {m.get("mid"): m for m in target.iter(f"{ns}mrk") if m.get("mtype") == "seg"}
        if src_mrks:
            for mid, m in src_mrks.items():
                yield _unit(m, tgt_mrks.get(mid), name, src_lang, tgt_lang, f"{tu.get('id')}:{mid}", m.sourceline)
            return
    yield _unit(source, target, name, src_lang, tgt_lang, tu.get("id") or "", tu.sourceline)


def _unit20(unit: etree._Element, ns: str, name: str, src_lang, tgt_lang) -> Iterator[TranslationUnit]:
    if unit.get("translate") == "no":
        return
    segments = unit.findall(f"{ns}segment")
    for k, seg in enumerate(segments, 1):
        source = seg.find(f"{ns}source")
        if source is None:
            continue
        uid = unit.get("id") or ""
        if len(segments) > 1:
            uid = f"{uid}:{seg.get('id') or k}"
        yield _unit(source, seg.find(f"{ns}target"), name, src_lang, tgt_lang, uid, seg.sourceline)

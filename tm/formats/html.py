"""HTML and XHTML pages: the main content as blocks (headings, paragraphs, list items, cells), site chrome left out.

Institutional pages mark their content well (`<main>`, `role="main"`, `<article>`) and their chrome
too (`<nav>`, `<header>`, `<footer>`, ARIA roles, Canada.ca's `pagedetails` section), so semantic
rules on lxml keep every heading and cell that generic extractors drop; bench/formats_bench.py
measures the difference.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from ..errors import FormatError, InputError
from ..source import SourceText, TextBuilder

_HEADINGS = {f"h{k}" for k in range(1, 7)}
_LEAF_BLOCKS = {
    **{h: "heading" for h in _HEADINGS},
    "p": "paragraph", "li": "item", "td": "cell", "th": "cell", "dt": "term", "dd": "paragraph",
    "caption": "caption", "figcaption": "caption", "blockquote": "quote", "pre": "paragraph",
    "address": "paragraph", "summary": "heading", "legend": "heading",
}
# Elements that break the flow of text without being a block of their own.
_CONTAINERS = {"html", "body", "main", "article", "section", "div", "ul", "ol", "dl", "table", "thead", "tbody",
               "tfoot", "tr", "header", "hgroup", "figure", "details", "center", "fieldset", "menu"}
_NEVER = {"head", "title", "script", "style", "noscript", "template", "nav", "aside", "iframe", "svg", "math",
          "button", "select", "option", "textarea", "input", "object", "embed", "canvas", "audio", "video",
          "map", "dialog", "footer", "form", "meta", "link", "base"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar",
                 "dialog", "alertdialog", "tablist"}
# class or id words that mark chrome, matched inside a token ("gc-breadcrumbs", "wb-share").
_CHROME_PARTS = ("breadcrumb", "cookie", "consent", "gdpr", "pagedetails", "page-details", "sidebar", "newsletter",
                 "share", "social", "skip-link", "skiplink", "feedback", "pagination", "related-links",
                 "site-header", "site-footer", "site-nav")
# whole tokens that mark chrome or hidden text
_CHROME_TOKENS = {"hidden", "wb-inv", "sr-only", "visually-hidden", "screen-reader-text", "skip", "menu", "navbar",
                  "nav", "banner", "toolbar", "related", "footer", "header-nav", "pager"}
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]{0,200}\?>")
_MAX_DEPTH = 512


def decode_page(data: bytes, name: str) -> str:
    """The page's text, by BOM, then a charset declared in its first 4 KB, then UTF-8, then windows-1252."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {codec.upper()}", name) from exc
    m = _CHARSET.search(data[:4096])
    declared = None
    if m:
        try:
            declared = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            declared = None
    for codec in filter(None, (declared, "utf-8")):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("windows-1252", errors="replace")


def _tokens(el: etree._Element) -> list[str]:
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()


def _is_chrome(el: etree._Element, tag: str) -> bool:
    if tag in _NEVER:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    role = (el.get("role") or "").lower()
    if role in _CHROME_ROLES:
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if tag == "header" and (el.find(".//nav") is not None or el.find(".//form") is not None):
        return True
    for tok in _tokens(el):
        if tok in _CHROME_TOKENS or any(part in tok for part in _CHROME_PARTS):
            return True
    return False


def _main(root: etree._Element) -> etree._Element:
    """The element holding the page's own content: <main>, role=main, a single <article>, else <body>."""
    for xpath in ("//main", "//*[@role='main']"):
        found = [e for e in root.xpath(xpath) if not _is_chrome(e, "main") and e.xpath("string()").strip()]
        if found:
            return max(found, key=lambda e: len(e.xpath("string()")))
    articles = [e for e in root.xpath("//article") if e.xpath("string()").strip()]
    if len(articles) == 1:
        return articles[0]
    body = root.find("body")
    return body if body is not None else root


def _tag(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def read_html(data: bytes, name: str) -> SourceText:
    """The main content of an HTML or XHTML page as a SourceText; raises InputError when there is none."""
    text = _XML_DECL.sub("", decode_page(data, name), count=1)
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, default_doctype=False)
    try:
        root = etree.fromstring(text, parser) if text.strip() else None
    except (etree.ParserError, ValueError) as exc:
        raise FormatError(f"not an HTML page: {exc}", name) from exc
    if root is None:
        raise InputError("file is empty", name)
    lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    body = root.find("body")
    for top in dict.fromkeys([_main(root), body if body is not None else root]):  # the body when <main> holds only chrome
        out = TextBuilder(name, "html")
        _walk(top, out)
        result = out.result(lang.strip() if lang else None)
        if result.text.strip():
            return result
    raise InputError("no main text in this page (only navigation, scripts or markup)", name)


def _walk(top: etree._Element, out: TextBuilder) -> None:
    """Depth-first over the content, without recursion: a hostile page cannot exhaust the stack."""
    contexts: list[tuple[int, str, str]] = [(0, "paragraph", "")]
    current = -1  # the context whose block is open in `out`
    serial = 0

    def emit(text: str | None, line: int | None) -> None:
        nonlocal current
        if not text:
            return
        ctx_id, kind, locator = contexts[-1]
        if current != ctx_id:
            if not text.strip():
                return
            out.open(kind, locator)
            current = ctx_id
        out.add(text, line)

    stack: list[tuple[etree._Element, bool, int]] = [(top, False, 0)]
    while stack:
        el, done, depth = stack.pop()
        tag = _tag(el)
        if done:
            if tag in _LEAF_BLOCKS or tag in _CONTAINERS:
                contexts.pop()
            if el is not top:
                emit(el.tail, el.sourceline)
            continue
        if el is not top and (not tag or _is_chrome(el, tag) or depth > _MAX_DEPTH):
            emit(el.tail, el.sourceline)
            continue
        if tag == "br":
            if current == contexts[-1][0]:
                out.newline()
            emit(el.tail, el.sourceline)
            continue
        if tag in _LEAF_BLOCKS or tag in _CONTAINERS:
            serial += 1
            locator = f"{tag}, line {el.sourceline}" if el.sourceline else tag
            if tag in _LEAF_BLOCKS:
                kind = _LEAF_BLOCKS[tag]
            elif contexts[-1][1] in ("item", "cell", "quote"):
                kind, locator = contexts[-1][1], contexts[-1][2]  # a <div> inside a list item stays an item
            else:
                kind = "paragraph"
            contexts.append((serial, kind, locator))
        emit(el.text, el.sourceline)
        stack.append((el, True, depth))
        for child in reversed(el):
            stack.append((child, False, depth + 1))

"""Markdown: the prose only. Code (fenced, indented, inline), URLs, link targets, HTML and front matter
are never aligned or checked. markdown-it-py parses (CommonMark, with tables) and gives block lines.
"""

from __future__ import annotations

from ..errors import InputError
from ..source import SourceText, TextBuilder

_KINDS = {"heading_open": "heading", "paragraph_open": "paragraph", "th_open": "cell", "td_open": "cell"}
_URL_STARTS = ("http://", "https://", "ftp://", "www.", "mailto:")


def _front_matter(text: str) -> str:
    """The text with a leading YAML (---) or TOML (+++) front matter blanked, line count kept."""
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence, len(fence))
            if end != -1:
                close = text.find("\n", end + 1)
                close = len(text) if close == -1 else close
                return "\n" * text.count("\n", 0, close) + text[close:]
    return text


def _without_urls(text: str) -> str:
    """Bare URLs dropped from a run of prose (they are neither translated nor checked)."""
    if "://" not in text and "www." not in text and "mailto:" not in text:
        return text
    return " ".join(w for w in text.split(" ") if not w.lower().lstrip("(<[").startswith(_URL_STARTS))


def read_markdown(text: str, name: str) -> SourceText:
    """Blocks of a Markdown document with their source lines; 'line' numbers are the file's."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")  # the preset's nesting limit (20) keeps links linear
    tokens = md.parse(_front_matter(text))
    out = TextBuilder(name, "markdown")
    kind_stack: list[tuple[str, str]] = []
    in_item = 0
    for tok in tokens:
        if tok.type == "list_item_open":
            in_item += 1
        elif tok.type == "list_item_close":
            in_item -= 1
        elif tok.type in _KINDS:
            kind = _KINDS[tok.type]
            if kind == "paragraph" and in_item:
                kind = "item"
            line = tok.map[0] + 1 if tok.map else 0
            kind_stack.append((kind, f"line {line}" if line else ""))
            out.open(kind, kind_stack[-1][1])
        elif tok.type.endswith("_close") and tok.type.replace("_close", "_open") in _KINDS:
            out.close()
            if kind_stack:
                kind_stack.pop()
        elif tok.type == "inline" and kind_stack:
            _inline(tok, out, tok.map[0] + 1 if tok.map else 1)
    result = out.result(None)
    if not result.text.strip():
        raise InputError("no prose in this Markdown file (only code, links or markup)", name)
    return result


def _inline(tok, out: TextBuilder, line: int) -> None:
    """Text children of an inline token; code, HTML, images and autolinks are left out."""
    skip = 0  # inside an autolink, whose text is its URL
    for child in tok.children or ():
        t = child.type
        if t == "link_open" and child.markup == "autolink":
            skip += 1
        elif t == "link_close" and skip:
            skip -= 1
        elif skip:
            continue
        elif t == "text":
            out.add(_without_urls(child.content), line, 1)
        elif t == "softbreak":  # a wrapped line: a space in the prose, the next line in the file
            out.add(" ")
            line += 1
        elif t == "hardbreak":
            out.newline()
            line += 1
        # code_inline, html_inline, image: not prose

"""PDF files: lines in reading order (columns included), running headers, footers and page numbers
removed, end-of-line hyphenation undone where the joined word is a word, paragraphs rebuilt.

pdfminer.six (MIT) does the character layout; pypdfium2 was measured too and returns the glyph
runs of Chromium's justified print one character per line (bench/RESULTS.md). Everything after
the lines -- columns, repeated margins, hyphens, paragraphs -- is geometry and counting here.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import FormatError, InputError
from ..source import SourceText, TextBuilder

MARGIN = 0.09          # top and bottom share of a page where running headers and footers live
WORD_LISTS = {"fr": ("french",), "en": ("american-english", "british-english"), "de": ("ngerman",)}
DICT_DIR = Path("/usr/share/dict")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
_PAGE_NUMBER = re.compile(r"(?i)^(?:page\s*)?[-–—(\[]?\s*\d{1,5}\s*(?:(?:/|of|sur|de|von)\s*\d{1,5})?\s*[-–—)\]]?$")
_DIGITS = re.compile(r"\d+")
# What a print adds in a margin even on a single page: an address, a date or time stamp.
_MARGIN_STAMP = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]{0,15}://\S+|[\d/.:, -]+(?:[ap]\.?m\.?)?)$")
_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_HYPHENS = ("-", "\u2010", "\u00ad", "\u2011")
_TERMINAL = (".", "!", "?", ":", "»", "”", "\"", ")", ";")


@dataclass(slots=True)
class Line:
    page: int
    x0: float
    x1: float
    y0: float
    y1: float
    text: str
    right: float = 0.0  # the right edge of the column the line stands in

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def read_pdf(data: bytes, name: str) -> SourceText:
    """The prose of a PDF; 'line' numbers are page numbers. Image-only and encrypted files are refused."""
    pages = _pages(data, name)
    if not any(lines for lines, _, _ in pages):
        raise InputError("no text layer in this PDF (a scan or images only?): run OCR first, e.g. ocrmypdf", name)
    body = _strip_margins(pages)
    ordered: list[Line] = []
    for lines, width, _ in body:
        ordered += _reading_order(lines, width)
    if not ordered:
        raise InputError("no text in this PDF besides running headers and footers", name)
    return _paragraphs(ordered, name)


def _pages(data: bytes, name: str) -> list[tuple[list[Line], float, float]]:
    """Text lines of each page, with the page's width and height."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise InputError("reading PDF needs pdfminer.six (pip install pdfminer.six)", name) from exc
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise FormatError("not a PDF file (no %PDF header)", name)
    out: list[tuple[list[Line], float, float]] = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.3)), 1):
            x0, y0, x1, y1 = page.bbox
            lines: list[Line] = []
            stack = list(page)
            while stack:
                item = stack.pop()
                if isinstance(item, LTTextLine):
                    text = _line_text(item, LTChar).translate(_LIGATURES).strip()
                    if text:
                        lines.append(Line(number, item.x0, item.x1, item.y0, item.y1, text))
                elif isinstance(item, LTTextContainer):
                    stack.extend(item)
            out.append((lines, x1 - x0, y1 - y0))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputError("encrypted PDF: bitext cannot read it without its password (save an unprotected copy)", name) from exc
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files
        raise FormatError(f"cannot read this PDF ({type(exc).__name__}: {exc})"[:300], name) from exc
    return out


def _line_text(line, char_type) -> str:
    """A line's text without zero-width space glyphs (Chromium prints one at every soft hyphen)."""
    objs = list(line)
    out = []
    for k, o in enumerate(objs):
        t = o.get_text()
        if t == " " and isinstance(o, char_type) and k + 1 < len(objs):
            nxt = objs[k + 1]
            if isinstance(nxt, char_type) and nxt.x0 < o.x0 + 0.5 * max(0.01, o.x1 - o.x0):
                continue
        if t == " " and out and out[-1] in ("\u00a0", "\u202f"):
            continue  # a no-break space already separates the words
        out.append(t)
    return "".join(out)


def _key(text: str) -> str:
    return _DIGITS.sub("#", text.lower())


def _strip_margins(pages: list[tuple[list[Line], float, float]]) -> list[tuple[list[Line], float, float]]:
    """Lines in the top and bottom margins that repeat on many pages (digits aside), and page numbers, go."""
    seen: Counter[str] = Counter()
    for lines, _, height in pages:
        seen.update({_key(ln.text) for ln in lines if _in_margin(ln, height)})
    repeated = max(2, (len(pages) + 1) // 2)
    out = []
    for lines, width, height in pages:
        keep = [ln for ln in lines if not (_in_margin(ln, height) and (
            (len(pages) > 1 and seen[_key(ln.text)] >= repeated) or _PAGE_NUMBER.match(ln.text)
            or _MARGIN_STAMP.match(ln.text)))]
        out.append((keep, width, height))
    return out


def _in_margin(ln: Line, height: float) -> bool:
    return ln.y0 >= height * (1 - MARGIN) or ln.y1 <= height * MARGIN


def _reading_order(lines: list[Line], width: float) -> list[Line]:
    """One page's lines, fragments on one baseline joined, a two-column page read column by column."""
    if not lines:
        return []
    split = _column_gap(lines, width)
    if split is None:
        return _column(lines)
    left = [ln for ln in lines if ln.x1 <= split]
    right = [ln for ln in lines if ln.x0 >= split]
    spanning = [ln for ln in lines if ln.x0 < split < ln.x1]
    top = max((ln.y1 for ln in left + right), default=0)
    above = [ln for ln in spanning if ln.y0 >= top - 1]
    below = [ln for ln in spanning if ln.y0 < top - 1]
    return _column(above) + _column(left) + _column(right) + _column(below)


def _column(lines: list[Line]) -> list[Line]:
    merged = _merge(lines)
    edge = max((ln.x1 for ln in merged), default=0.0)
    for ln in merged:
        ln.right = edge
    return merged


def _column_gap(lines: list[Line], width: float) -> float | None:
    """The x of an empty vertical strip in the middle third that splits the page's lines in two, if any."""
    bins = max(1, int(width))
    cover = [0] * (bins + 1)
    for ln in lines:
        a, b = max(0, int(ln.x0)), min(bins, int(ln.x1) + 1)
        cover[a] += 1
        cover[b] -= 1
    run, best, best_len, start = 0, None, 0, None
    level = 0
    for x in range(bins + 1):
        level += cover[x]
        inside = width * 0.3 <= x <= width * 0.7
        if level == 0 and inside:
            if start is None:
                start = x
            run = x - start + 1
            if run > best_len:
                best, best_len = (start + x) / 2, run
        else:
            start = None
    if best is None or best_len < 8:
        return None
    left = sum(1 for ln in lines if ln.x1 <= best)
    right = sum(1 for ln in lines if ln.x0 >= best)
    return best if left >= 3 and right >= 3 else None


def _merge(lines: list[Line]) -> list[Line]:
    """Fragments on the same baseline (justified text comes in pieces) become one line, top to bottom."""
    out: list[Line] = []
    for ln in sorted(lines, key=lambda l: (-round(l.y0, 0), l.x0)):
        prev = out[-1] if out else None
        if prev is not None and abs(prev.y0 - ln.y0) < 0.5 * max(1.0, min(prev.height, ln.height)):
            out[-1] = Line(prev.page, prev.x0, max(prev.x1, ln.x1), min(prev.y0, ln.y0), max(prev.y1, ln.y1),
                           f"{prev.text} {ln.text}")
        else:
            out.append(ln)
    return out


def _paragraphs(lines: list[Line], name: str) -> SourceText:
    heights = [round(ln.height, 1) for ln in lines]
    body = statistics.median(heights)
    steps = [a.y0 - b.y0 for a, b in zip(lines, lines[1:])
             if a.page == b.page and 0 < a.y0 - b.y0 < 3 * body and abs(a.height - b.height) < 0.15 * body]
    # The line pitch inside paragraphs is the smallest common step; the median would be a paragraph
    # gap in a document of one-line paragraphs.
    leading = sorted(steps)[len(steps) // 4] if steps else body * 1.2
    vocab = _vocabulary(lines)
    out = TextBuilder(name, "pdf", line_unit="page")
    prev: Line | None = None
    pending = ""
    for ln in lines:
        heading = ln.height > 1.15 * body
        if prev is None or _breaks(prev, ln, body, leading):
            out.open("heading" if heading else "paragraph", f"page {ln.page}")
            pending = ""
        text = ln.text
        if pending:
            text = _dehyphenate(pending, text, vocab)
        pending = ""
        if text[-1:] in _HYPHENS and len(text) > 1 and text[-2].isalpha():
            pending = text  # held until the next line tells whether the hyphen is a line break
            prev = ln
            continue
        out.add(" " + text, ln.page, 1)
        prev = ln
    if pending:
        out.add(" " + pending, prev.page if prev else 1, 1)
    return out.result(None)


def _breaks(prev: Line, ln: Line, body: float, leading: float) -> bool:
    """Whether `ln` starts a new paragraph after `prev`: a change of size, a wider gap, or a short last line."""
    if abs(prev.height - ln.height) > 0.15 * body:
        return True
    short = prev.x1 < prev.right - 0.12 * (prev.right - prev.x0) and prev.text.endswith(_TERMINAL)
    if prev.page != ln.page or ln.y0 > prev.y0:  # new page or new column
        return short
    scale = max(1.0, ln.height / body)  # a heading's lines stand further apart than the body's
    return (prev.y0 - ln.y0) > 1.35 * leading * scale or short


def _dehyphenate(held: str, text: str, vocab: frozenset[str]) -> str:
    """Join a line ending in a hyphen with the next: without the hyphen when the joined word is a word."""
    head, mark = held[:-1], held[-1]
    i = len(head)
    while i > 0 and head[i - 1].isalpha():
        i -= 1
    j = 0
    while j < len(text) and text[j].isalpha():
        j += 1
    if i == len(head) or j == 0 or not text[0].islower():
        return f"{held} {text}" if mark == "\u00ad" else f"{held}{text}"
    joined = (head[i:] + text[:j]).lower()
    if mark == "\u00ad" or joined in vocab or joined in _word_list():
        return head + text
    return held + text  # a real compound ("porte-parole") or an unknown word: the hyphen stays


def _vocabulary(lines: list[Line]) -> frozenset[str]:
    """Words of the document that are not split at a line end: its own evidence for joining."""
    words: set[str] = set()
    for ln in lines:
        words.update(w.lower() for w in _WORD.findall(ln.text[:-1] if ln.text.endswith(_HYPHENS) else ln.text))
    return frozenset(words)


@lru_cache(maxsize=1)
def _word_list() -> frozenset[str]:
    """The system's word lists (Debian wfrench, wamerican, wbritish, wngerman) when installed."""
    words: set[str] = set()
    for names in WORD_LISTS.values():
        for n in names:
            p = DICT_DIR / n
            try:
                words.update(w.strip().lower() for w in p.read_text(encoding="utf-8", errors="replace").splitlines())
            except OSError:
                continue
    return frozenset(words)

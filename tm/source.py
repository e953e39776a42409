"""Text extracted from a file of any format: the prose, its block structure, and the way back to the file.

Readers in `tm.formats` build a `SourceText`; segmentation, alignment and checks read only it,
so a finding in a web page or a Word file still points at a place a person can find.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# Breakable white space of every kind; not the no-break spaces (U+00A0, U+2007, U+202F), which French
# typography and CAT tools need.
_WS = " \t\n\r\f\v\x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
_WS_RUN = re.compile(f"[{_WS}]+")
_EDGE = _WS + "\u00a0\u2007\u202f"
# Control characters carry no prose (and XML, TMX and terminals choke on them); soft hyphens only say
# where a word may break.
_DROP = dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0), 0xAD])


class LineIndex:
    """Turns character offsets into 1-based (line, column) pairs, and back."""

    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def offset(self, line: int, column: int) -> int | None:
        """The offset of a 1-based (line, column), or None past the last line."""
        if not 1 <= line <= len(self._starts):
            return None
        return self._starts[line - 1] + column - 1


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of the document (heading, paragraph, list item, table cell, footnote...)."""

    start: int  # offsets into SourceText.text
    end: int
    kind: str
    locator: str  # where it is in the file, for people: "line 12", "h2", "page 3", "paragraph 14", "unit 7"


@dataclass(slots=True)
class SourceText:
    """The prose of one file, blocks separated by blank lines (paragraph marks for the aligner).

    `anchors` are sorted (text offset, line, column) triples into the original file; with none,
    the text *is* the file's and offsets map to lines directly. Formats without lines (DOCX, PDF)
    set `line_unit` to what their "line" numbers count ("paragraph", "page").
    """

    path: str
    format: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    lang: str | None = None
    anchors: list[tuple[int, int, int]] = field(default_factory=list)
    line_unit: str = "line"
    _lines: LineIndex | None = field(default=None, repr=False)
    _anchor_offsets: list[int] | None = field(default=None, repr=False)
    _block_starts: list[int] | None = field(default=None, repr=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset in the original file (or its paragraph/page)."""
        if not self.anchors:
            if self._lines is None:
                self._lines = LineIndex(self.text)
            return self._lines.position(offset)
        if self._anchor_offsets is None:
            self._anchor_offsets = [a[0] for a in self.anchors]
        k = max(0, bisect.bisect_right(self._anchor_offsets, offset) - 1)
        at, line, column = self.anchors[k]
        return line, column + max(0, offset - at)

    def block_at(self, offset: int) -> Block | None:
        """The block holding `offset`, if any."""
        if self._block_starts is None:
            self._block_starts = [b.start for b in self.blocks]
        k = bisect.bisect_right(self._block_starts, offset) - 1
        if k >= 0 and self.blocks[k].start <= offset <= self.blocks[k].end:
            return self.blocks[k]
        return None

    def locator(self, offset: int) -> str:
        block = self.block_at(offset)
        if block is not None and block.locator:
            return block.locator
        line, _ = self.position(offset)
        return f"{self.line_unit} {line}"


class TextBuilder:
    """Collects blocks of text with their source positions, collapsing white space as it goes (linear)."""

    def __init__(self, path: str, fmt: str, line_unit: str = "line"):
        self.path, self.format, self.line_unit = path, fmt, line_unit
        self._parts: list[str] = []
        self._len = 0
        self._blocks: list[Block] = []
        self._anchors: list[tuple[int, int, int]] = []
        self._open: tuple[int, str, str] | None = None
        self._pending_space = False

    def open(self, kind: str, locator: str) -> None:
        """Start a block (closing any open one)."""
        self.close()
        if self._blocks:
            self._emit("\n\n")
        self._open = (self._len, kind, locator)
        self._pending_space = False

    def add(self, text: str, line: int | None = None, column: int = 1) -> None:
        """Append text to the open block; runs of white space become one space (no-break spaces are kept)."""
        if not text:
            return
        if self._open is None:
            self.open("paragraph", "")
        if text[0] in _WS:
            self._pending_space = True
        text = text.translate(_DROP)
        if not text:
            return
        piece = _WS_RUN.sub(" ", text).strip(_WS)
        if not piece:
            return
        if self._open is not None and self._len == self._open[0]:
            piece = piece.lstrip(_EDGE)  # a block never starts with white space, no-break or not
            if not piece:
                return
        elif self._pending_space and not self._space_at_end():
            self._emit(" ")
        if line is not None:
            self._anchors.append((self._len, line, column))
        self._emit(piece)
        self._pending_space = text[-1] in _WS

    def newline(self) -> None:
        """A line break inside the block (<br>, a soft line break kept for headings and datelines)."""
        if self._open is not None and self._len > self._open[0] and not self._ends_with("\n"):
            self._emit("\n")
            self._pending_space = False

    def close(self) -> None:
        if self._open is None:
            return
        start, kind, locator = self._open
        self._open = None
        self._pending_space = False
        # Trailing white space of the block, no-break spaces included, is dropped.
        while self._len > start and self._parts:
            last = self._parts[-1]
            trimmed = last.rstrip(_EDGE)
            if trimmed == last:
                break
            self._len -= len(last) - len(trimmed)
            if trimmed:
                self._parts[-1] = trimmed
            else:
                self._parts.pop()
        if self._len <= start:
            # An empty block leaves nothing behind, not even its separator.
            if self._blocks and self._parts and self._parts[-1] == "\n\n":
                self._parts.pop()
                self._len -= 2
            while self._anchors and self._anchors[-1][0] >= self._len:  # appended in order: pop, never filter
                self._anchors.pop()
            return
        self._blocks.append(Block(start, self._len, kind, locator))

    def result(self, lang: str | None = None) -> SourceText:
        self.close()
        text = "".join(self._parts)
        anchors = sorted({a[0]: a for a in self._anchors}.values())
        return SourceText(self.path, self.format, text, self._blocks, lang, anchors, self.line_unit)

    def _emit(self, s: str) -> None:
        self._parts.append(s)
        self._len += len(s)

    def _ends_with(self, s: str) -> bool:
        return bool(self._parts) and self._parts[-1].endswith(s)

    def _space_at_end(self) -> bool:
        if self._open is None or self._len <= self._open[0]:
            return True
        return self._parts[-1][-1:] in (" ", "\n")

"""Paragraph and sentence segmentation for French and English, keeping offsets into the original text.

Offsets let findings point back at line:column in the file a user edits, so every segment
records where it starts and ends in the untouched input string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence (or boilerplate line) of a document."""

    text: str
    start: int
    end: int
    paragraph: int
    index: int


# Abbreviations that never end a sentence, on top of sacremoses' non-breaking prefixes.
_EXTRA_ABBREVIATIONS = {
    "fr": {"M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Pr", "Dr", "St", "Ste", "art", "arts",
           "p", "pp", "ex", "cf", "vol", "no", "No", "nos", "Nos", "n", "chap", "fig", "env", "av",
           "U.S", "U.K", "U.N", "É.-U", "op", "cit", "ibid", "éd", "sq", "sqq", "min", "max"},
    "en": {"Mr", "Mrs", "Ms", "Dr", "St", "No", "Nos", "Art", "art", "p", "pp", "e.g", "i.e", "cf",
           "vs", "U.S", "U.K", "U.N", "Jr", "Sr", "Prof", "Gen", "Gov", "Sen", "Rep", "approx",
           "est", "vol", "fig", "Fig", "ch", "sec", "para", "paras", "Mt", "ft"},
}
# Prefixes that break nothing only when a number follows ("No. 5", "art. 2").
_NUMERIC_ONLY = {"No", "no", "Nos", "nos", "Art", "art", "arts", "p", "pp", "n", "vol", "para", "sec", "ch"}


@lru_cache(maxsize=None)
def abbreviations(lang: str) -> frozenset[str]:
    """Words that, followed by a full stop, do not end a sentence in `lang`."""
    from sacremoses.corpus import NonbreakingPrefixes  # here, not at the top: importing sacremoses costs 0.25 s

    base = lang.split("-")[0].lower()
    words: set[str] = set()
    try:
        for w in NonbreakingPrefixes().words(lang=base):
            if "#NUMERIC_ONLY#" in w:
                continue
            w = w.strip()
            # Single lowercase letters and "etc" end sentences often enough in real prose.
            if (len(w) == 1 and w.islower()) or w == "etc":
                continue
            words.add(w)
    except (KeyError, OSError, LookupError):
        pass
    words |= _EXTRA_ABBREVIATIONS.get(base, _EXTRA_ABBREVIATIONS["en"]) - _NUMERIC_ONLY
    return frozenset(words)


_SPACES = re.compile(r"[ \t\r\n]+")  # no-break spaces are kept: CAT tools match them exactly
# Starts with the newline itself, so the engine only tries where one stands (a leading [ \t]* made it
# try every position of the text); spaces ending the previous line stay with it and are stripped later.
_PARA_BREAK = re.compile(r"\r?\n(?:[ \t\u00a0]*\r?\n)+")
_TERMINAL = re.compile(
    r"(?:\.{3}|…|[.!?]+)"                       # the stop itself
    r"(?:[ \u00a0\u202f]?[»”\"’')\]])*"           # closing quotes and brackets, French spacing allowed
)
_OPENERS = "«“\"‘'([¿¡—–-•"
_WORD_STOPS = frozenset(" \t\r\n\u00a0\u202f(«“\"")
_LOOKBACK = 64  # abbreviations are short: never scan further back than this from a full stop


def _word_before(block: str, end: int) -> str:
    """The token ending at `end`, at most _LOOKBACK characters (linear on any paragraph)."""
    i = end
    floor = max(0, end - _LOOKBACK)
    while i > floor and block[i - 1] not in _WORD_STOPS and not block[i - 1].isspace():
        i -= 1
    return block[i:end]


def _is_upper_start(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS


def _sentence_ends(block: str, lang: str) -> list[int]:
    """Offsets (exclusive) inside `block` where a sentence ends."""
    abbrev = abbreviations(lang)
    ends: list[int] = []
    n = len(block)
    for m in _TERMINAL.finditer(block):
        stop_end = m.end()
        if stop_end >= n:
            continue
        stop = m.group(0)
        j = stop_end
        while j < n and block[j] in " \t\u00a0\u202f\r\n":
            j += 1
        if j >= n:
            continue
        glued = j == stop_end
        nxt = block[j]
        if glued:
            # Scraped text with no space after the stop: "Daesh/ISIS.In Syria".
            if not (stop[0] in ".!?" and nxt.isupper() and j + 1 < n and block[j + 1].islower()):
                continue
            before = block[max(0, m.start() - 1)] if m.start() else ""
            if not before.isalpha() or _single_letter_token(block, m.start()):
                continue
        elif not _is_upper_start(nxt):
            continue
        if stop.startswith(".") and not stop.startswith("..."):
            word = re.split(r"['’]", _word_before(block, m.start()))[-1]  # l'art. -> art
            if word in abbrev:
                continue
            if word.rstrip(".") in abbrev and "." in word:
                continue
            if len(word) == 1 and word.isupper():  # an initial: "Michael R. Pompeo"
                continue
            if word in _NUMERIC_ONLY and nxt.isdigit():
                continue
        ends.append(stop_end)
    return ends


def _single_letter_token(block: str, pos: int) -> bool:
    """True where the text before `pos` is a lone letter, as in "U.S.A"."""
    return pos >= 2 and not block[pos - 2].isalnum() or pos == 1


def _line_blocks(para: str) -> list[tuple[int, int]]:
    """Split a paragraph at single newlines that separate lines standing alone (headings, datelines).

    A hard-wrapped line (long, not ending a sentence, followed by more text) is joined instead.
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in para.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    blocks: list[tuple[int, int]] = []
    cur_start, cur_end = lines[0]
    last = lines[0]  # the block's last line: only it decides (the block itself is never copied)
    for start, end in lines[1:]:
        nxt = para[start:end].lstrip()
        prev_line = para[last[0]:last[1]].rstrip()
        last = (start, end)
        wrapped = bool(nxt) and (nxt[0].islower() or (len(prev_line) >= 60 and not prev_line.endswith((".", "!", "?", ":", "»", "\"", "”"))))
        if wrapped:
            cur_end = end
        else:
            blocks.append((cur_start, cur_end))
            cur_start, cur_end = start, end
    blocks.append((cur_start, cur_end))
    return blocks


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph; paragraphs are separated by blank lines."""
    spans = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def segment(text: str, lang: str = "fr") -> list[Segment]:
    """Split `text` into sentence segments with their offsets and paragraph numbers."""
    out: list[Segment] = []
    for p_idx, (p_start, p_end) in enumerate(paragraphs(text)):
        para = text[p_start:p_end]
        for b_start, b_end in _line_blocks(para):
            block = para[b_start:b_end]
            cuts = [0, *_sentence_ends(block, lang), len(block)]
            for s, e in zip(cuts, cuts[1:]):
                piece = block[s:e]
                stripped = piece.strip()
                if not stripped:
                    continue
                lead = len(piece) - len(piece.lstrip())
                abs_start = p_start + b_start + s + lead
                abs_end = abs_start + len(stripped)
                out.append(Segment(_SPACES.sub(" ", stripped), abs_start, abs_end, p_idx, len(out)))
    return out


def segment_lines(text: str) -> list[Segment]:
    """Pre-split input: one sentence per line, a blank line marks a paragraph break."""
    out: list[Segment] = []
    para = 0
    pos = 0
    pending_break = False
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            pending_break = bool(out)
        else:
            if pending_break:
                para += 1
                pending_break = False
            lead = len(line) - len(line.lstrip())
            out.append(Segment(stripped, pos + lead, pos + lead + len(stripped), para, len(out)))
        pos += len(line) + 1
    return out

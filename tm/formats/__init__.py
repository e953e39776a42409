"""Every file format in: documents (text, HTML, DOCX, ODT, PDF, Markdown) become a `SourceText`;
bilingual files (TMX, XLIFF, PO, the aligner's JSON, TSV/CSV) become translation units.

Commands never parse formats themselves: they call `read_document` or `read_units`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import FormatError, InputError
from ..source import SourceText
from ..textio import decode, note_input, read_bytes
from ..units import TranslationUnit

DOCUMENT_FORMATS = ("text", "lines", "html", "docx", "odt", "pdf", "markdown")
BILINGUAL_FORMATS = ("tmx", "xliff", "po", "json", "tsv", "csv")
INPUT_FORMATS = ("auto", *DOCUMENT_FORMATS, *BILINGUAL_FORMATS)

_BY_EXTENSION = {
    ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".docx": "docx", ".docm": "docx", ".odt": "odt", ".pdf": "pdf", ".md": "markdown", ".markdown": "markdown",
    ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".mqxliff": "xliff",
    ".po": "po", ".pot": "po", ".tmx": "tmx", ".json": "json", ".tsv": "tsv", ".csv": "csv",
}
# File name patterns `check` and `build` pick up in folders.
DOCUMENT_GLOBS = ["*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.xhtml", "*.docx", "*.odt", "*.pdf"]
BILINGUAL_GLOBS = ["*.tmx", "*.xlf", "*.xliff", "*.sdlxliff", "*.mqxliff", "*.po"]


def detect(path: str, head: bytes) -> str:
    """The format of a file from its first bytes, then its extension: magic numbers win, then the
    XML root element and `<html>`, then the name; plain text when nothing else fits."""
    ext = Path(path).suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in head[:120]:
            return "odt"
        return "docx" if ext not in (".odt",) else "odt"
    by_name = _BY_EXTENSION.get(ext)
    sniff = _sniff_text(head)
    if by_name in (None, "text") and sniff:
        return sniff
    if by_name == "html" and sniff in ("xliff", "tmx"):
        return sniff
    return by_name or sniff or "text"


def _sniff_text(head: bytes) -> str | None:
    try:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = head.decode("utf-16", errors="ignore")
        else:
            text = head.decode("utf-8", errors="ignore")
    except LookupError:  # pragma: no cover
        return None
    low = text.lstrip("\ufeff \t\r\n").lower()[:2048]
    if low.startswith("<?xml") or low.startswith("<!doctype") or low.startswith("<"):
        if "<xliff" in low:
            return "xliff"
        if "<tmx" in low:
            return "tmx"
        if "<html" in low or "<!doctype html" in low or "<body" in low or "<p>" in low or "<div" in low:
            return "html"
        return None
    if low.startswith(("msgid ", "msgctxt ", "# translation", "#, ", "#. ", "#: ")) and "msgstr" in low:
        return "po"
    return None


def _head(path: str) -> bytes:
    if path == "-":
        return b""
    try:
        with open(path, "rb") as fh:
            return fh.read(4096)
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path) from None
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from exc


def format_of(path: str, input_format: str = "auto") -> str:
    """The format a file will be read as: the one asked for, else the detected one."""
    if input_format != "auto":
        if input_format not in INPUT_FORMATS:
            raise InputError(f"unknown input format {input_format!r}", path)
        return input_format
    return detect(path, _head(path))


def read_document(path: str, input_format: str = "auto", data: bytes | None = None) -> SourceText:
    """The prose of a document file in any supported format, with its structure and positions."""
    name = "<stdin>" if path == "-" else str(path)
    if data is None:
        fmt = format_of(str(path), input_format)
        if fmt in BILINGUAL_FORMATS:
            raise InputError(f"a bilingual {fmt} file, not a document: use it with tm import, tmx convert or check", name)
        data = read_bytes(path)
        if input_format == "auto" and str(path) == "-":
            fmt = detect("-", data[:4096])
    else:
        fmt = input_format if input_format != "auto" else detect(name, data[:4096])
    if fmt == "html":
        from .html import read_html
        return read_html(data, name)
    if fmt == "docx":
        from .office import read_docx
        return read_docx(data, name)
    if fmt == "odt":
        from .office import read_odt
        return read_odt(data, name)
    if fmt == "pdf":
        from .pdf import read_pdf
        return read_pdf(data, name)
    if fmt == "markdown":
        from .markdown import read_markdown
        return read_markdown(decode(data, name), name)
    if fmt in ("text", "lines"):
        return plain_text(decode(data, name), name)
    raise InputError(f"a bilingual {fmt} file, not a document: use it with tm import, tmx convert or check", name)


def plain_text(text: str, name: str) -> SourceText:
    """A plain-text document: its text is the file's, so offsets are positions in the file (its
    locators are line numbers, and it needs no block list)."""
    return SourceText(name, "text", text)


def read_units(path: str, source_lang: str = "fr", target_lang: str = "en", inline: str = "flatten",
               input_format: str = "auto") -> Iterable[TranslationUnit]:
    """Units of one bilingual file; languages apply to the formats that do not carry them."""
    fmt = format_of(path, input_format)
    note_input(path)
    if fmt == "tmx":
        from ..tmx import iter_tmx
        return iter_tmx(path, inline=inline)
    if fmt == "xliff":
        from .xliff import iter_xliff
        return iter_xliff(path)
    if fmt == "po":
        from .po import iter_po
        return iter_po(path, decode(read_bytes(path), path))
    if fmt == "json":
        from ..bitext import read_json
        return read_json(path, source_lang, target_lang)
    if fmt in ("tsv", "csv") or (fmt == "text" and Path(path).suffix.lower() == ".txt"):
        from ..tmxops import read_table
        return read_table(path, "," if fmt == "csv" else "\t", source_lang, target_lang)
    raise FormatError(f"a {fmt} document, not aligned units (expected TMX, XLIFF, PO, the aligner's JSON, "
                      "or TSV/CSV); align it with its counterpart first", path)


def is_bilingual(path: str, fmt: str | None = None) -> bool:
    """Whether a file holds aligned units rather than one language's prose (`fmt`: its format, if known)."""
    return (fmt or format_of(path)) in ("tmx", "xliff", "po") or Path(path).suffix.lower() == ".json"

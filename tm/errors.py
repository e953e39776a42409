"""The project's own small exception hierarchy; `cli/` turns these into one-line messages."""

from __future__ import annotations


class BitextError(Exception):
    """Base of every error bitext raises on purpose."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            path = shown(str(self.path))
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        return shown(f"{where}{self.message}")


_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}


def shown(text: str) -> str:
    """Text safe to print on a terminal: control characters (ESC, OSC sequences...) written as \\xNN, and
    bytes of a file name that are not UTF-8 written as U+FFFD."""
    if not text.isprintable():
        text = text.translate(_CONTROLS)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


class InputError(BitextError):
    """A file is missing, empty, binary, undecodable or not in the expected language."""


class FormatError(BitextError):
    """A file is readable but not valid in its declared format (TMX, TOML, TBX ...)."""


class UsageError(BitextError):
    """Options that do not fit together."""

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
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(BitextError):
    """A file is missing, empty, binary, undecodable or not in the expected language."""


class FormatError(BitextError):
    """A file is readable but not valid in its declared format (TMX, TOML, TBX ...)."""


class UsageError(BitextError):
    """Options that do not fit together."""

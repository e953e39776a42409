"""Reading user files safely and writing outputs atomically (never a half-written file)."""

from __future__ import annotations

import codecs
import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import InputError


MAX_INPUT_BYTES = 256 << 20  # one limit and one message for every document any command reads


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file ('-' reads stdin), never more than `limit`: a FIFO or device cannot make it read forever."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError("no such file", name)
        if p.is_dir():
            raise InputError("is a directory, not a file", name)
        try:
            with open(p, "rb") as fh:
                note_input(p)
                data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", name) from exc
    if len(data) > limit:
        raise InputError(f"larger than the {limit >> 20} MiB input limit", name)
    return data


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a UTF-8 (or BOM-marked UTF-16) file; '-' reads stdin. Raises InputError on bad input."""
    name = "<stdin>" if str(path) == "-" else str(path)
    return decode(read_bytes(path), name)


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 or UTF-16 (by BOM), refusing binary and undecodable input."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("not valid UTF-16", name) from exc
    else:
        if b"\x00" in data[:8192]:
            raise InputError("binary file (NUL bytes), expected text", name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", name, line) from exc
    if not text.strip():
        raise InputError("file is empty", name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def public_mode() -> int:
    """The mode a plain open() would give a new file under the current umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


# Files this process reads (inputs, the TM database), by (device, inode): an output may never replace one.
_INPUTS: set[tuple[int, int]] = set()


def reset_inputs() -> None:
    """Forget the inputs noted so far (one command, one set)."""
    _INPUTS.clear()


def note_input(path: str | os.PathLike[str]) -> None:
    """Remember a file as an input of this command, so that no output can overwrite it."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return
    _INPUTS.add((st.st_dev, st.st_ino))


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], rewrite_input: bool = False) -> Iterator[BinaryIO]:
    """A binary file that appears at `path` only when the block completes, and the one safe way out.

    A regular file is replaced by a rename of a finished temporary file, keeping its mode (and owner,
    as root) and, for a file with several hard links, its links (written back in place once complete).
    A symbolic link is followed and its target written the same way, the link kept. A FIFO, a device
    or a socket is written in place, never replaced. An output that is one of the command's inputs
    (or the TM database) is refused, as is a folder or an empty name, unless the command rewrites that
    input on purpose (`check --fix`).
    """
    name = os.fspath(path)
    if not name:
        raise InputError("empty output file name")
    target = Path(os.path.realpath(name))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", name) from exc
    if st is not None:
        if (st.st_dev, st.st_ino) in _INPUTS and not rewrite_input:
            raise InputError("refused: the output is one of the inputs (or the TM database); choose another file", name)
        if stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory, not a file", name)
        if not stat.S_ISREG(st.st_mode):
            try:
                with open(target, "wb", buffering=0) as fh:
                    yield fh
            except OSError as exc:
                raise InputError(f"cannot write: {exc.strerror}", name) from exc
            return
    directory = target.parent
    if not directory.is_dir():
        raise InputError("output directory does not exist", str(directory))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write in this folder: {exc.strerror}", name) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        if st is not None and st.st_nlink > 1:
            with open(tmp, "rb") as src, open(target, "r+b") as dst:  # complete: now copy over, links kept
                shutil.copyfileobj(src, dst, 1 << 20)
                dst.truncate()
            os.unlink(tmp)
            return
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else public_mode())
        if st is not None and os.geteuid() == 0:
            with contextlib.suppress(OSError):
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {exc.strerror or exc}", name) from exc
        raise


def atomic_write(path: str | os.PathLike[str], data: str | bytes, rewrite_input: bool = False) -> None:
    """Write `data` to `path` through a temporary file and a rename; '-' writes stdout."""
    if str(path) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
        return
    with atomic_file(path, rewrite_input) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_out(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ would run as a formula (CSV injection)."""
    return "'" + value if value[:1] in _FORMULA_STARTS else value


def cell_in(value):
    """A CSV cell as it was before `cell_out` protected it."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in _FORMULA_STARTS:
        return value[1:]
    return value

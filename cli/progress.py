"""Progress bars on stderr, only when stderr is a terminal."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator

import click


@contextlib.contextmanager
def progress_callback(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a `(done, total)` callback drawing a bar on a terminal, or None when stderr is not one."""
    if not sys.stderr.isatty():
        yield None
        return
    state: dict[str, object] = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        bar = state.get("bar")
        if bar is not None:
            bar.__exit__(None, None, None)


def style(text: str, **kw) -> str:
    """click.style, unless NO_COLOR is set (https://no-color.org)."""
    return text if "NO_COLOR" in os.environ else click.style(text, **kw)

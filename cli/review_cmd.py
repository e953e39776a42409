"""`bitext review`: serve the editing review page on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import signal
import webbrowser
from pathlib import Path

import click

from bitext.tm.errors import InputError


@click.command("review")
@click.argument("seeds", default="seeds", type=click.Path(file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="Port on 127.0.0.1 (0: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
def review_cmd(seeds: str, port: int, no_browser: bool) -> None:
    """Review and correct the alignments of SEEDS in the browser; corrections go to SEEDS/corrections/.

    Keys on the page: j/k next/previous, n next to review, c confirm, m/M merge, ] [ } { move a
    sentence to the neighbour, u unpair, z/y undo/redo. `bitext build` then keeps every correction.

    \b
    Example:
      bitext review seeds --port 8765
    """
    from bitext.glossary.check import Checker
    from bitext.glossary.toml_io import load as load_glossary_toml
    from bitext.tm.corpus import load_corpus
    from bitext.tm.review_server import ReviewSession, make_server

    from .build_cmd import highlighter

    seeds_dir = Path(seeds)
    if not seeds_dir.is_dir():
        raise InputError("no such folder", seeds)
    pairs = load_corpus(seeds_dir)
    glossary = load_glossary_toml(str(seeds_dir / "glossary.toml"))
    session = ReviewSession(seeds_dir, pairs, glossary.term_pairs("fr", "en"), highlighter(Checker(glossary)))
    try:
        server = make_server(session, port)
    except OSError as exc:
        raise InputError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    click.echo(f"bitext review: {url} (Ctrl-C to stop)", err=False)
    if not no_browser:
        webbrowser.open(url)

    def stop(signum, frame):
        raise KeyboardInterrupt

    # Installed explicitly: a process started with SIGINT ignored (a background job, a parent that ignores
    # it) would otherwise never stop on Ctrl-C. The previous handlers come back afterwards.
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the clean stop
    finally:
        server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo("bitext review: stopped")

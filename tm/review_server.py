"""`bitext review`: the editing review page served on 127.0.0.1 with the standard library's threaded server.

A local, single-user tool with four routes needs no framework; `http.server` keeps it offline and
dependency-free. Every save merges the page's changes into the corrections file as it is on disk
(under a lock, written atomically), so two tabs never lose each other's work, then realigns the
document around its anchors and sends it back.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import corrections as corr
from .bitext import align_with_corrections
from .corpus import DocumentPair
from .document import Document, load
from .errors import BitextError
from .review import LOW, MID
from .review_app import page
from .textio import atomic_write

Highlighter = Callable[[str, str], list[tuple[int, int, str, str]]]
MAX_BODY = 8 << 20


@dataclass(slots=True)
class _Doc:
    pair: DocumentPair
    src: Document
    tgt: Document
    result: corr.Anchored


class ReviewSession:
    """The documents under review, their alignments and the corrections files they are saved to."""

    def __init__(self, seeds: Path, pairs: Sequence[DocumentPair], term_pairs: Sequence[tuple[str, str]] = (),
                 highlight: Highlighter | None = None):
        self.seeds, self.term_pairs, self.highlight = seeds, list(term_pairs), highlight
        self.lock = threading.Lock()
        self.token = secrets.token_urlsafe(16)
        self.docs: dict[str, _Doc] = {}
        for pair in pairs:
            src, tgt = load(pair.french, "fr"), load(pair.english, "en")
            self.docs[pair.id] = _Doc(pair, src, tgt, self._align(pair.id, src, tgt))

    def _align(self, doc_id: str, src: Document, tgt: Document) -> corr.Anchored:
        return align_with_corrections(src, tgt, corr.for_document(self.seeds, doc_id), doc_id, self.term_pairs)

    def state(self, doc_id: str) -> dict:
        d = self.docs[doc_id]
        beads = [{"s": list(b.source), "t": list(b.target), "score": b.score, "kind": b.kind,
                  "confirmed": k in d.result.confirmed} for k, b in enumerate(d.result.beads)]
        marks = {"s": self._marks(d.src.sentences, "fr"), "t": self._marks(d.tgt.sentences, "en")}
        return {"id": doc_id, "status": d.pair.english_status, "source": d.src.sentences, "target": d.tgt.sentences,
                "beads": beads, "marks": marks, "stale": [s.message() for s in d.result.stale],
                "bands": {"low": LOW, "mid": MID}}

    def _marks(self, sentences: list[str], lang: str) -> dict[int, list]:
        if self.highlight is None:
            return {}
        out = {}
        for i, s in enumerate(sentences):
            found = self.highlight(s, lang)
            if found:
                out[i] = [list(m) for m in found]
        return out

    def all(self) -> list[dict]:
        return [self.state(k) for k in self.docs]

    def save(self, doc_id: str, add: list, remove: list) -> dict:
        """Merge added and removed corrections into the file on disk, realign, return the new state."""
        if doc_id not in self.docs:
            raise BitextError(f"no document {doc_id!r} in this corpus")
        where = f"save of {doc_id}"
        new = corr.parse(json.dumps({"corrections": add}), where)
        gone = {_key(c) for c in corr.parse(json.dumps({"corrections": remove}), where)}
        with self.lock:
            current = corr.for_document(self.seeds, doc_id)
            kept = [c for c in current if _key(c) not in gone and not any(_overlap(c, n) for n in new)]
            kept += new
            path = corr.file_of(self.seeds, doc_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, corr.dumps(doc_id, _in_order(kept)))
            d = self.docs[doc_id]
            d.result = self._align(doc_id, d.src, d.tgt)
            return self.state(doc_id)


def _key(c: corr.Correction) -> tuple:
    return tuple(c.source), tuple(c.target)


def _overlap(a: corr.Correction, b: corr.Correction) -> bool:
    """Whether two corrections claim a common sentence (by number where both have them, else by text)."""
    for side_a, side_b, ids_a, ids_b in ((a.source, b.source, a.source_ids, b.source_ids),
                                         (a.target, b.target, a.target_ids, b.target_ids)):
        if ids_a is not None and ids_b is not None:
            if set(ids_a) & set(ids_b):
                return True
        elif set(side_a) & set(side_b):
            return True
    return False


def _in_order(cs: list[corr.Correction]) -> list[corr.Correction]:
    def pos(c: corr.Correction) -> tuple:
        return ((c.source_ids or [10**9])[0], (c.target_ids or [10**9])[0])
    return sorted(cs, key=pos)


def make_server(session: ReviewSession, port: int = 0) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1 (port 0: a free one); call serve_forever() on it."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "bitext-review"

        def log_message(self, format, *args):  # quiet: the terminal shows the URL and errors only
            pass

        def _send(self, code: int, body: bytes, ctype: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'self'; "
                             "style-src 'unsafe-inline'; connect-src 'self'")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, code: int, data) -> None:
            self._send(code, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

        def _local(self) -> bool:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            return host in ("127.0.0.1", "localhost")  # refuses DNS-rebinding requests

        def do_GET(self):
            if not self._local():
                return self._json(403, {"error": "forbidden host"})
            if self.path in ("/", "/index.html"):
                return self._send(200, page(session.token).encode("utf-8"), "text/html; charset=utf-8")
            if self.path == "/api/documents":
                return self._json(200, session.all())
            return self._json(404, {"error": "not found"})

        def do_POST(self):
            if not self._local():
                return self._json(403, {"error": "forbidden host"})
            if self.path != "/api/save" or self.headers.get("X-Bitext-Token") != session.token:
                return self._json(403, {"error": "forbidden"})
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 < length <= MAX_BODY:
                return self._json(400, {"error": "missing or oversized body"})
            try:
                data = json.loads(self.rfile.read(length))
                if not isinstance(data, dict):
                    raise ValueError("not an object")
                state = session.save(str(data.get("document")), data.get("add") or [], data.get("remove") or [])
            except (ValueError, BitextError) as exc:
                return self._json(400, {"error": str(exc)})
            return self._json(200, state)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    return server

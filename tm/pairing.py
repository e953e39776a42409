"""Which French file goes with which English file in an archive folder, without a corpus.toml.

In order of trust: mirrored trees (fr/…, en/…), language markers in names (name.fr.ext, name-fr,
name_fr, the Government of Canada's name_f/name_e, name-fra/name-eng), HTML pages that point at
each other (<link rel="alternate" hreflang>, language-toggle links), then, for what is left, content:
shared numbers and names, and lengths, with a confidence. Files paired by none of these are orphans.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import BitextError, InputError

DOCUMENT_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".docx", ".odt", ".pdf"})
_DIR_LANG = {"fr": "fr", "fra": "fr", "fre": "fr", "french": "fr", "francais": "fr", "français": "fr",
             "en": "en", "eng": "en", "english": "en", "anglais": "en"}
_NAME_LANG = {"fr": "fr", "fra": "fr", "en": "en", "eng": "en"}
_LETTER_LANG = {"f": "fr", "e": "en"}  # name_f / name-e: the Government of Canada's old convention
_SKIP_DIRS = frozenset({"corrections", "node_modules", "__pycache__"})
_NAME_TOKEN = re.compile(r"[A-Z][A-Za-z]{2,}|[0-9][0-9.,]*[0-9]|[0-9]")
MAX_FILES = 200_000


@dataclass(frozen=True, slots=True)
class Pairing:
    id: str
    french: Path
    english: Path
    method: str  # mirrored tree, name marker, hreflang link, content
    confidence: float  # 1.0 for a pair the names or links state; a score in (0, 1) for one found by content

    def to_json(self, root: Path) -> dict:
        return {"id": self.id, "french": _rel(self.french, root), "english": _rel(self.english, root),
                "method": self.method, "confidence": round(self.confidence, 3)}


@dataclass(slots=True)
class PairingResult:
    pairs: list[Pairing]
    orphans: list[Path]


def _rel(p: Path, root: Path) -> str:
    return os.path.relpath(p, root).replace(os.sep, "/")


def documents(root: Path) -> list[Path]:
    """Document files under root in a stable order; hidden folders, corrections and symlinks leaving root are skipped."""
    out = []
    base = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith(".") or p.suffix.lower() not in DOCUMENT_EXTENSIONS:
                continue
            if not p.resolve().is_relative_to(base):
                continue
            out.append(p)
            if len(out) > MAX_FILES:
                raise InputError(f"more than {MAX_FILES} documents; pair the archive in parts", str(root))
    return out


def _marker(path: Path, root: Path) -> tuple[str, str, str] | None:
    """(language, key, method) from a file's folders or name; the key is what its counterpart shares."""
    parts = list(path.relative_to(root).parts)
    stem, ext = Path(parts[-1]).stem, Path(parts[-1]).suffix.lower()
    lang, method = None, ""
    for k, part in enumerate(parts[:-1]):
        if part.lower() in _DIR_LANG:
            lang, method = _DIR_LANG[part.lower()], "mirrored tree"
            parts[k] = "{lang}"
            break
    name_lang, bare = _name_marker(stem)
    if name_lang:
        if lang and name_lang != lang:
            return None  # fr/…/x.en.txt: the folders and the name disagree, trust neither
        lang, method, stem = name_lang, method or "name marker", bare
    if not lang:
        return None
    return lang, "/".join(parts[:-1] + [stem]) + "\0" + ext, method


def _name_marker(stem: str) -> tuple[str | None, str]:
    low = stem.lower()
    for sep in ".-_":
        head, found, tail = low.rpartition(sep)
        if not found or not head:
            continue
        if tail in _NAME_LANG:
            return _NAME_LANG[tail], stem[:len(head)]
        if tail in _LETTER_LANG and sep in "-_":
            return _LETTER_LANG[tail], stem[:len(head)]
    return None, stem


def _pair_id(key: str, taken: set[str]) -> str:
    path, _, _ = key.partition("\0")
    parts = [p for p in path.split("/") if p and p != "{lang}"]
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", parts[-1] if parts else "document").strip("-._") or "document"
    candidate = base[:120]
    k = len(parts) - 2
    while candidate in taken and k >= 0:
        candidate = re.sub(r"[^A-Za-z0-9._-]+", "-", parts[k]).strip("-._") + "-" + candidate
        k -= 1
    n = 2
    unique = candidate
    while unique in taken:
        unique = f"{candidate}-{n}"
        n += 1
    taken.add(unique)
    return unique


def find_pairs(root: str | os.PathLike[str], by_content: bool = True) -> PairingResult:
    """The pairs of an archive folder and the files left without a counterpart."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("no such folder", str(root))
    files = documents(root)
    groups: dict[str, dict[str, list[Path]]] = defaultdict(lambda: {"fr": [], "en": []})
    method_of: dict[str, str] = {}
    unmarked: list[Path] = []
    for f in files:
        m = _marker(f, root)
        if m is None:
            unmarked.append(f)
            continue
        lang, key, method = m
        groups[key][lang].append(f)
        method_of[key] = method
    taken: set[str] = set()
    pairs: list[Pairing] = []
    left: list[Path] = []
    for key in sorted(groups):
        fr, en = groups[key]["fr"], groups[key]["en"]
        if len(fr) == 1 and len(en) == 1:
            pairs.append(Pairing(_pair_id(key, taken), fr[0], en[0], method_of[key], 1.0))
        else:
            left += fr + en
    left += unmarked
    linked, left = _by_links(left, root)
    for fr, en in linked:
        key = _marker_free_key(fr, root)
        pairs.append(Pairing(_pair_id(key, taken), fr, en, "hreflang link", 1.0))
    if by_content and left:
        found, left = _by_content(left)
        for fr, en, conf in found:
            pairs.append(Pairing(_pair_id(_marker_free_key(fr, root), taken), fr, en, "content", conf))
    pairs.sort(key=lambda p: p.id)
    return PairingResult(pairs, sorted(left))


def _marker_free_key(path: Path, root: Path) -> str:
    rel = path.relative_to(root)
    return "/".join(rel.parts[:-1] + (_name_marker(rel.stem)[1],)) + "\0" + rel.suffix.lower()


# ---------------------------------------------------------------- HTML links

def _html_links(path: Path) -> tuple[str | None, set[str], dict[str, set[str]]]:
    """(the page's language, its own addresses, addresses it gives for each other language)."""
    from lxml import etree, html

    from .textio import read_bytes

    try:
        doc = html.fromstring(read_bytes(path, limit=16 << 20))
    except (etree.ParserError, ValueError, OSError, BitextError):
        return None, set(), {}
    lang = (doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang") or "")[:2].lower() or None
    own = {_norm_url(e.get("href", "")) for e in doc.iter("link") if (e.get("rel") or "").lower() == "canonical"}
    own |= {_norm_url(e.get("content", "")) for e in doc.iter("meta") if e.get("property") == "og:url"}
    others: dict[str, set[str]] = defaultdict(set)
    for e in doc.iter("link", "a"):
        rel = (e.get("rel") or "").lower()
        hl = (e.get("hreflang") or (e.get("lang") if e.tag == "a" else "") or "")[:2].lower()
        href = e.get("href")
        if not href or hl not in ("fr", "en") or (e.tag == "link" and "alternate" not in rel):
            continue
        others[hl].add(href)
    own.discard("")
    return lang, own, others


def _norm_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return (parts.netloc.lower() + unquote(parts.path)).rstrip("/")


def _by_links(files: list[Path], root: Path) -> tuple[list[tuple[Path, Path]], list[Path]]:
    pages = [f for f in files if f.suffix.lower() in (".html", ".htm", ".xhtml")]
    if not pages:
        return [], files
    info = {p: _html_links(p) for p in pages}
    by_address: dict[str, Path] = {}
    for p, (_, own, _) in info.items():
        for a in own:
            by_address.setdefault(a, p)
    resolved = {p.resolve(): p for p in pages}
    pairs, used = [], set()
    for p in pages:
        lang, _, others = info[p]
        if lang != "fr" or p in used:
            continue
        for href in sorted(others.get("en", ())):
            target = by_address.get(_norm_url(href))
            if target is None and not urlsplit(href).scheme:
                target = resolved.get((p.parent / unquote(urlsplit(href).path)).resolve())
            if target is not None and target not in used and target != p and info[target][0] in ("en", None):
                pairs.append((p, target))
                used.update((p, target))
                break
    return pairs, [f for f in files if f not in used]


# ---------------------------------------------------------------- content

@dataclass(slots=True)
class _Profile:
    path: Path
    lang: str | None
    tokens: Counter
    length: int


def _profile(path: Path) -> _Profile:
    from .formats import read_document
    from .langid import guess

    try:
        text = read_document(str(path)).text
    except BitextError:
        return _Profile(path, None, Counter(), 0)
    lang, _ = guess(text)
    return _Profile(path, lang, Counter(m.group().replace(",", "").replace(".", "")
                                        for m in _NAME_TOKEN.finditer(text[:400_000])), len(text))


def content_score(a: _Profile, b: _Profile) -> float:
    """How alike two documents in two languages are: shared numbers and names (weighted Jaccard) and length."""
    shared = sum((a.tokens & b.tokens).values())
    union = sum((a.tokens | b.tokens).values())
    tokens = shared / union if union else 0.0
    length = min(a.length, b.length) / max(a.length, b.length, 1)
    return 0.75 * tokens + 0.25 * length


def _by_content(files: Iterable[Path], threshold: float = 0.35) -> tuple[list[tuple[Path, Path, float]], list[Path]]:
    profiles = [_profile(f) for f in files]
    fr = [p for p in profiles if p.lang == "fr"]
    en = [p for p in profiles if p.lang == "en"]
    # Only documents sharing a token are compared: an inverted index over the English side.
    index: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(en):
        for t in p.tokens:
            index[t].append(k)
    scored = []
    for i, p in enumerate(fr):
        near = Counter(k for t in p.tokens for k in index.get(t, ())[:500])
        for k, _ in near.most_common(50):
            s = content_score(p, en[k])
            if s >= threshold:
                scored.append((s, i, k))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_fr, used_en, out = set(), set(), []
    for s, i, k in scored:
        if i in used_fr or k in used_en:
            continue
        used_fr.add(i)
        used_en.add(k)
        out.append((fr[i].path, en[k].path, s))
    paired = {p for a, b, _ in out for p in (a, b)}
    return out, [p.path for p in profiles if p.path not in paired]

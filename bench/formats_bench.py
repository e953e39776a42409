"""Extraction fidelity and throughput of the document readers.

Fidelity: every document of the eval sets (TransRead EN-FR, Text+Berg DE-FR test) and of the seeds is
rendered (a) as a Canada.ca-like web page with its site chrome, (b) as a Word file with a running
header and footer, (c) as a PDF printed by Chromium (justified, hyphenated through soft hyphens, with
Chromium's own running header and footer). `bitext align` runs on the plain text and on each rendering
of both sides; the figure is the share of plain-text pairs found again, and the share of pairs that
hold any boilerplate. Peers on the same pages: trafilatura (HTML) and pypdfium2's text (PDF), scored
on the paragraphs they give back.

Throughput: one input of about --size-mb MB per format, read in a fresh process (seconds, MB/s, peak RSS).
Usage: python bench/formats_bench.py [--size-mb 50] [--pdf-size-mb 5] [--skip-throughput] [--limit N]
"""

from __future__ import annotations

import argparse
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from evaldata import EVAL, textberg, transread  # noqa: E402
from tests.render import CHROME_STRINGS, CHROMIUM, docx_file, page_html, print_pdf  # noqa: E402

from bitext.tm.bitext import align_documents  # noqa: E402
from bitext.tm.document import load  # noqa: E402

HEADER, FOOTER = "Affaires mondiales Canada — Global Affairs Canada", "Document interne — page"
_NORM = re.compile(r"\s+")


def norm(t: str) -> str:
    return _NORM.sub(" ", t.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def documents(limit: int | None):
    """(name, src_lang, tgt_lang, src paragraphs, tgt paragraphs, title src, title tgt)."""
    out = []
    if EVAL.is_dir():
        for d in transread():
            out.append((f"TransRead/{d.name}", "fr", "en", _paras(d.src, d.src_para), _paras(d.tgt, d.tgt_para)))
        for d in textberg("test"):
            out.append((f"Text+Berg/{d.name}", "de", "fr", list(d.src), list(d.tgt)))
    seeds = ROOT / "seeds"
    for fr in sorted((seeds / "fr").glob("*.fr.txt")):
        en = seeds / "en" / fr.name.replace(".fr.", ".en.")
        out.append((f"seeds/{fr.name.split('.')[0]}", "fr", "en", _file_paras(fr), _file_paras(en)))
    return out[:limit] if limit else out


def _paras(sents, paras):
    out: list[list[str]] = []
    last = None
    for s, p in zip(sents, paras):
        if p != last:
            out.append([])
            last = p
        out[-1].append(s)
    return [" ".join(p) for p in out]


def _file_paras(path: Path) -> list[str]:
    return [" ".join(p.split()) for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def pairs_of(src_path: Path, tgt_path: Path, src_lang: str, tgt_lang: str) -> list[tuple[str, str]]:
    src, tgt = load(src_path, src_lang, check_language=False), load(tgt_path, tgt_lang, check_language=False)
    beads = align_documents(src, tgt)
    return [(norm(" ".join(src.sentences[i] for i in b.source)), norm(" ".join(tgt.sentences[j] for j in b.target)))
            for b in beads if b.source and b.target]


def render(fmt: str, paras: list[str], lang: str, title_index: int, folder: Path, stem: str) -> Path:
    title, body = paras[0], paras[1:]
    if fmt == "txt":
        p = folder / f"{stem}.txt"
        p.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    elif fmt == "html":
        p = folder / f"{stem}.html"
        p.write_text(page_html(body, lang, title), encoding="utf-8")
    elif fmt == "docx":
        p = docx_file(folder / f"{stem}.docx", title, body, header=HEADER, footer=FOOTER)
    else:
        p = print_pdf(page_html(body, lang, title, chrome=False, hyphenate=True), folder / f"{stem}.pdf")
    return p


def boilerplate(text: str, marks: list[str]) -> bool:
    return any(c in text for c in marks)


def fidelity(docs, formats) -> dict:
    totals = {f: [0, 0, 0, 0] for f in formats}  # plain pairs found, plain pairs, boilerplate pairs, pairs
    # paragraphs exact, paragraphs, chrome leaks: bitext's readers and the peers on the same files
    peers = {"bitext html": [0, 0, 0], "trafilatura": [0, 0, 0], "bitext pdf": [0, 0, 0], "pypdfium2": [0, 0, 0]}
    per_doc = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, sl, tl, sp, tp in docs:
            stem = re.sub(r"\W", "_", name)
            base = pairs_of(render("txt", sp, sl, 0, folder, stem + "_s"), render("txt", tp, tl, 0, folder, stem + "_t"), sl, tl)
            want = set(base)
            row = [name, len(base)]
            plain = " ".join(sp + tp)
            # what counts as boilerplate: chrome, running header/footer and print marks the text itself lacks
            marks = [c for c in (*CHROME_STRINGS, HEADER, FOOTER, "file://") if c not in plain]
            page_numbers = not re.search(r"\b\d+/\d+\b", plain)
            for fmt in formats:
                s_path = render(fmt, sp, sl, 0, folder, f"{stem}_s")
                t_path = render(fmt, tp, tl, 0, folder, f"{stem}_t")
                got = pairs_of(s_path, t_path, sl, tl)
                bp = sum(1 for s, t in got if boilerplate(s + " " + t, marks) or
                         (page_numbers and re.search(r"\b\d+/\d+\b", s + t)))
                found = len(want & set(got))
                totals[fmt][0] += found
                totals[fmt][1] += len(want)
                totals[fmt][2] += bp
                totals[fmt][3] += len(got)
                row.append(f"{found / max(1, len(want)):.3f}/{bp}")
                if fmt == "html":
                    _own(s_path, sp, peers["bitext html"])
                    _peer_trafilatura(s_path, sp, peers["trafilatura"])
                if fmt == "pdf":
                    _own(s_path, sp, peers["bitext pdf"])
                    _peer_pdfium(s_path, sp, peers["pypdfium2"])
            per_doc.append(row)
            print("  " + "  ".join(str(x) for x in row), flush=True)
    return {"totals": totals, "peers": peers, "per_doc": per_doc}


def _score(text: str, separator: str, paras: list[str], acc: list[int]) -> None:
    """Add to `acc` the paragraphs an extractor gave back exactly, how many there were, and the chrome
    strings (absent from the paragraphs themselves) that leaked into its text."""
    got = {norm(p) for p in text.split(separator)}
    acc[0] += sum(1 for p in paras if norm(p) in got)
    acc[1] += len(paras)
    acc[2] += sum(1 for c in CHROME_STRINGS if c in text and c not in " ".join(paras))


def _own(path: Path, paras: list[str], acc: list[int]) -> None:
    from bitext.tm.formats import read_document
    _score(read_document(str(path)).text, "\n\n", paras, acc)


def _peer_trafilatura(path: Path, paras: list[str], acc: list[int]) -> None:
    try:
        import trafilatura
    except ImportError:
        return
    text = trafilatura.extract(path.read_text(encoding="utf-8"), include_tables=True, favor_recall=True) or ""
    _score(text, "\n", paras, acc)


def _peer_pdfium(path: Path, paras: list[str], acc: list[int]) -> None:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return
    doc = pdfium.PdfDocument(str(path))
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    flat = norm(text.replace("\r\n", " ").replace("\n", " "))
    acc[0] += sum(1 for p in paras[1:] if norm(p) in flat)
    acc[1] += len(paras) - 1
    acc[2] += int("file://" in text)


# ---------------------------------------------------------------- throughput

_CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[3])
from bitext.tm.formats import read_document, read_units
t = time.perf_counter()
if sys.argv[2] in ("xliff", "po"):
    n = sum(1 for _ in read_units(sys.argv[1]))
else:
    n = len(read_document(sys.argv[1]).text)
secs = time.perf_counter() - t
# VmHWM, not ru_maxrss: after exec, Linux keeps the forking parent's high-water mark in ru_maxrss.
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(secs, n, hwm / 1024)
"""


def big_inputs(folder: Path, size_mb: float, pdf_mb: float, paras: list[str]) -> dict[str, Path]:
    import html as h
    import zipfile
    target = int(size_mb * (1 << 20))
    reps = []
    total = 0
    while total < target:
        for p in paras:
            reps.append(p)
            total += len(p.encode("utf-8")) + 8
            if total >= target:
                break
    out = {}
    p = folder / "big.html"
    p.write_text(page_html(reps, "fr", "Titre"), encoding="utf-8")
    out["html"] = p
    p = folder / "big.md"
    p.write_text("# Titre\n\n" + "\n\n".join(reps) + "\n", encoding="utf-8")
    out["markdown"] = p
    p = folder / "big.txt"
    p.write_text("\n\n".join(reps) + "\n", encoding="utf-8")
    out["text"] = p
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{h.escape(r)}</w:t></w:r></w:p>" for r in reps)
    p = folder / "big.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    out["docx"] = p
    units = "".join(f"<trans-unit id='{k}'><source>{h.escape(r)}</source><target>{h.escape(r)}</target></trans-unit>"
                    for k, r in enumerate(reps[: len(reps) // 2]))
    p = folder / "big.xlf"
    p.write_text("<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'><file source-language='fr' "
                 f"target-language='en'><body>{units}</body></file></xliff>", encoding="utf-8")
    out["xliff"] = p
    p = folder / "big.po"
    p.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n' + "".join(
        f'msgid "{r.replace(chr(34), "")}"\nmsgstr "{r.replace(chr(34), "")}"\n\n' for r in reps[: len(reps) // 2]),
        encoding="utf-8")
    out["po"] = p
    if CHROMIUM and pdf_mb > 0:
        small = reps[: max(1, int(len(reps) * pdf_mb / size_mb))]
        out["pdf"] = print_pdf(page_html(small, "fr", "Titre", chrome=False, hyphenate=True), folder / "big.pdf")
    return out


def throughput(size_mb: float, pdf_mb: float, paras: list[str], only: set[str] | None = None) -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs = big_inputs(Path(tmp), size_mb, pdf_mb if not only or "pdf" in only else 0, paras)
        for fmt, path in inputs.items():
            if only and fmt not in only:
                continue
            mb = path.stat().st_size / (1 << 20)
            res = subprocess.run([sys.executable, "-c", _CHILD, str(path), fmt, str(ROOT)], capture_output=True, text=True)
            if res.returncode:
                rows.append((fmt, mb, None, None, res.stderr.strip().splitlines()[-1][:120]))
                continue
            secs, n, rss = res.stdout.split()
            rows.append((fmt, mb, float(secs), float(rss), n))
            print(f"  {fmt:9} {mb:7.1f} MB  {float(secs):7.2f} s  {mb / float(secs):6.2f} MB/s  peak {float(rss):7.0f} MB", flush=True)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size-mb", type=float, default=50)
    ap.add_argument("--pdf-size-mb", type=float, default=5, help="size of the text printed to PDF for throughput")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents (quick runs)")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-fidelity", action="store_true")
    ap.add_argument("--only", default=None, help="throughput of these formats only, comma-separated")
    args = ap.parse_args()
    print(f"machine: {platform.machine()} python {platform.python_version()}; chromium: {CHROMIUM or 'absent'}")
    docs = documents(args.limit)
    if not args.skip_fidelity:
        formats = ["html", "docx"] + (["pdf"] if CHROMIUM else [])
        print(f"fidelity over {len(docs)} document pairs (per document: recovered share / boilerplate pairs):")
        t0 = time.perf_counter()
        res = fidelity(docs, formats)
        print(f"\n{'format':8} {'plain pairs recovered':>22} {'boilerplate pairs':>18}   ({time.perf_counter() - t0:.0f} s)")
        for fmt, (found, want, bp, got) in res["totals"].items():
            print(f"{fmt:8} {found:>9}/{want:<6} {found / max(1, want):6.1%} {bp:>8}/{got:<6} {bp / max(1, got):5.2%}")
        print("\npeers on the same renderings (paragraphs given back exactly; chrome strings leaked):")
        for peer, (ok, n, leaks) in res["peers"].items():
            if n:
                print(f"  {peer:12} {ok}/{n} = {ok / n:.1%} paragraphs, {leaks} leaks")
    if not args.skip_throughput:
        print(f"\nthroughput (one file per format, fresh process each; PDF from {args.pdf_size_mb} MB of text):")
        throughput(args.size_mb, args.pdf_size_mb, documents(1)[0][3] if docs else ["Texte."],
                   set(args.only.split(",")) if args.only else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`bitext check` throughput: 100 MB of French text against a generated 10,000-concept glossary,
beside a loop of one regular expression per term over the same text in the same run.

The text is the seed French and the TransRead French sentences repeated into 1 MB documents. The
regex loop is far too slow for 100 MB, so both run on the same 1 MB sample for the ratio, and
bitext alone runs the full 100 MB. Usage: python bench/check_bench.py [MB]   (default 100)
"""

from __future__ import annotations

import platform
import random
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def french_text(mb: float) -> list[str]:
    from evaldata import transread

    paras = [p for f in sorted((ROOT / "seeds" / "fr").glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n")]
    for d in transread():
        paras += [" ".join(d.src[i:i + 5]) for i in range(0, len(d.src), 5)]
    docs, cur, size = [], [], 0
    target = int(mb * 2**20)
    rnd = random.Random(1)
    total = 0
    while total < target:
        p = rnd.choice(paras)
        cur.append(p)
        size += len(p.encode()) + 2
        if size >= 2**20:
            docs.append("\n\n".join(cur))
            total += size
            cur, size = [], 0
    return docs


def glossary(n: int, min_words: int = 2, max_words: int = 4):
    from evaldata import transread

    from bitext.glossary.model import Concept, Glossary, Status, Term, normalize
    from bitext.glossary.toml_io import load

    seed = load(str(ROOT / "seeds" / "glossary.toml"))
    words = sorted({w for d in transread() for s in d.src for w in s.split() if w.isalpha() and len(w) > 4})
    rnd = random.Random(5)
    seen = {normalize(t.text) for c in seed for t in c.terms}
    concepts = list(seed.concepts)
    statuses = [Status.PREFERRED, Status.ADMITTED, Status.DEPRECATED]
    while len(concepts) < n:
        c = Concept(f"g{len(concepts)}")
        for st in statuses:
            while True:
                text = " ".join(rnd.choice(words) for _ in range(rnd.randint(min_words, max_words)))
                if normalize(text) not in seen:
                    seen.add(normalize(text))
                    break
            c.terms.append(Term(text, "fr", st))
        concepts.append(c)
    return Glossary(concepts)


def regex_loop(g, text: str) -> int:
    """The naive peer: one compiled regular expression per term, case-insensitive, whole words."""
    hits = 0
    for c in g.concepts:
        for t in c.terms_in("fr"):
            rx = re.compile(r"(?<!\w)" + re.escape(t.text) + r"(?!\w)", re.IGNORECASE)
            hits += sum(1 for _ in rx.finditer(text))
    return hits


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dense = "--dense" in sys.argv
    mb = float(args[0]) if args else 100
    from bitext.glossary.check import Checker

    # Realistic terminology is multi-word (2-4 words); --dense makes single ordinary words terms too,
    # so that about one word in four is a glossary hit: a worst case for the per-hit work.
    g = glossary(10_000, 1 if dense else 2, 3 if dense else 4)
    docs = french_text(mb)
    size = sum(len(d.encode()) for d in docs) / 2**20
    print(f"machine: {platform.machine()}, python {platform.python_version()}; {'dense ' if dense else ''}{len(g)} concepts "
          f"({sum(len(c.terms) for c in g)} terms); {len(docs)} documents, {size:.1f} MB")
    t0 = time.perf_counter()
    checker = Checker(g)
    checker.matcher("fr")
    print(f"compile glossary: {time.perf_counter() - t0:.2f} s")
    sample = docs[0][: 200 * 1024]  # the regex loop needs minutes even for this
    mb_sample = len(sample.encode()) / 2**20
    t0 = time.perf_counter()
    found, _ = checker.check_text("sample.fr.txt", sample, "fr")
    t_bitext_sample = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = checker.matcher("fr").find(sample, near_misses=False)
    t_match_sample = time.perf_counter() - t0
    t0 = time.perf_counter()
    regex_hits = regex_loop(g, sample)
    t_regex = time.perf_counter() - t0
    print(f"{mb_sample:.2f} MB sample, term matching only: bitext {t_match_sample:.3f} s ({len(hits)} hits) "
          f"= {t_regex / t_match_sample:.0f}x faster than the regex loop")
    print(f"{mb_sample:.2f} MB sample: bitext {t_bitext_sample:.3f} s ({len(found)} findings), regex loop {t_regex:.2f} s "
          f"({regex_hits} raw hits): bitext is {t_regex / t_bitext_sample:.0f}x faster")
    import shutil
    import subprocess

    if shutil.which("hunspell"):
        # Spelling beside Hunspell itself on the same text: `hunspell -l` lists the unknown words of 10 MB.
        text10 = "\n".join(docs)[: 10 << 20]
        t0 = time.perf_counter()
        res = subprocess.run(["hunspell", "-d", "fr_FR", "-l"], input=text10, capture_output=True, text=True)
        t_hun = time.perf_counter() - t0
        from bitext.glossary.check import Checker as _C
        spell_only = _C(g, enabled={"S601"})
        t0 = time.perf_counter()
        spelt, _ = spell_only.check_text("ten.fr.txt", text10, "fr", locale="fr-FR")
        t_spell = time.perf_counter() - t0
        print(f"spelling (S601, opt-in), 10 MB: hunspell -l {t_hun:.1f} s ({len(res.stdout.split())} words listed) = "
              f"{10 / t_hun:.1f} MB/s; bitext S601 {t_spell:.1f} s ({len(spelt)} findings) = {10 / t_spell:.1f} MB/s")
    import tempfile

    from bitext.cli.check_cmd import _check_documents
    from bitext.cli.config import Config

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k, d in enumerate(docs):
            p = Path(tmp) / f"doc{k}.fr.txt"
            p.write_text(d, encoding="utf-8")
            paths.append(p)
        for jobs in (1, 2):
            t0 = time.perf_counter()
            results = _check_documents(checker, paths, "fr", Config(Path(tmp)), jobs)
            n = sum(len(f) for f, _ in results) + len(checker.check_corpus([u for _, u in results]))
            secs = time.perf_counter() - t0
            print(f"full check, default rules, {jobs} process(es): {size:.1f} MB in {secs:.1f} s = {size / secs:.1f} MB/s, "
                  f"{n} findings (the regex loop would take about {t_regex / mb_sample * size / 60:.0f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`bitext build` over an archive folder at scale: 10,000 document pairs (about 1M sentences a side by default)
cut from the TransRead gold pairs, laid out as mirrored fr/ and en/ trees without a corpus.toml.

Measures, each build a fresh process (wall time; peak RSS of the largest process, from wait4): a cold
build with -j 1 and with -j N, then a rebuild with the cache after one English file changed.
Usage: python bench/archive_bench.py [PAIRS] [SENTENCES_PER_PAIR] [JOBS] [--no-j1]   (default 10000 100 2)
"""

from __future__ import annotations

import os
import platform
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from evaldata import transread  # noqa: E402
from peers import _run_measured  # noqa: E402


def write_archive(root: Path, pairs: int, per_pair: int, seed: int = 3) -> int:
    """Documents of about `per_pair` French sentences: windows of gold beads, a blank line between paragraphs."""
    rnd = random.Random(seed)
    books = transread()
    sentences = 0
    for k in range(pairs):
        book = books[rnd.randrange(len(books))]
        beads = book.gold
        start = rnd.randrange(max(1, len(beads) - per_pair))
        fr_lines, en_lines, n = [], [], 0
        last_fp = last_tp = None
        for src_ids, tgt_ids in beads[start:]:
            for i in src_ids:
                if last_fp is not None and book.src_para[i] != last_fp:
                    fr_lines.append("")
                fr_lines.append(book.src[i])
                last_fp = book.src_para[i]
            for j in tgt_ids:
                if last_tp is not None and book.tgt_para[j] != last_tp:
                    en_lines.append("")
                en_lines.append(book.tgt[j])
                last_tp = book.tgt_para[j]
            n += len(src_ids)
            if n >= per_pair:
                break
        sentences += n
        sub = f"{k // 1000:02d}"
        for lang, lines in (("fr", fr_lines), ("en", en_lines)):
            p = root / lang / sub / f"doc{k:05d}.txt"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sentences


def build(archive: Path, out: Path, jobs: int, cache: Path | None, cwd: Path) -> tuple[float, float, str]:
    cmd = [sys.executable, "-m", "bitext.cli.main", "build", str(archive), "--out", str(out), "-j", str(jobs)]
    cmd += ["--cache", str(cache)] if cache else ["--no-cache"]
    res, secs, peak = _run_measured(cmd)
    if res.returncode:
        raise RuntimeError(res.stderr[-500:])
    return secs, peak, res.stdout.splitlines()[0]


def main() -> int:
    args = [int(a) for a in sys.argv[1:] if not a.startswith("--")]
    skip_single = "--no-j1" in sys.argv  # at full scale: the -j N build fills the cache, no -j 1 build
    pairs, per_pair, jobs = (args + [10_000, 100, 2][len(args):])[:3]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        archive = root / "archive"
        n = write_archive(archive, pairs, per_pair)
        size = sum(p.stat().st_size for p in archive.rglob("*.txt")) / 2**20
        print(f"archive: {pairs} pairs, {n} French sentences, {size:.0f} MB of text, no corpus.toml")
        runs = {}
        cache = root / "cache"
        for j in ([jobs] if skip_single else sorted({1, jobs})):
            fill = cache if j == jobs else None
            secs, peak, line = build(archive, root / f"out{j}", j, fill, root)
            runs[j] = secs
            print(f"cold build -j {j}{' (filling the cache)' if fill else ''}: {secs:.0f} s, peak {peak:.0f} MB  ({line})")
        if len(runs) > 1:
            print(f"speed-up with -j {jobs}: {runs[1] / runs[jobs]:.2f}x")
            same = all(f.read_bytes() == (root / f"out{jobs}" / f.name).read_bytes() for f in (root / "out1").iterdir())
            print(f"-j 1 and -j {jobs} outputs identical: {same}")
        changed = next((archive / "en").rglob("doc00007.txt"))
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence at the end.\n", encoding="utf-8")
        secs, peak, line = build(archive, root / f"out{jobs}", jobs, cache, root)
        print(f"rebuild after one changed file: {secs:.0f} s, peak {peak:.0f} MB  ({line})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Peer aligners run in the same process as bitext for side-by-side figures."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def nltk_gale_church(src: Sequence[str], tgt: Sequence[str]) -> list[tuple[list[int], list[int]]]:
    """NLTK's Gale–Church over character lengths, its index pairs turned into beads."""
    from nltk.translate import gale_church

    gale_church.MAX_ALIGN_BLOCKS = max(gale_church.MAX_ALIGN_BLOCKS, len(src) + 1, len(tgt) + 1)
    links = gale_church.align_blocks([max(1, len(s)) for s in src], [max(1, len(t)) for t in tgt])
    return links_to_beads(links, len(src), len(tgt))


def links_to_beads(links, n: int, m: int) -> list[tuple[list[int], list[int]]]:
    """Connected components of sentence links, plus unlinked sentences as 1-0 / 0-1 beads."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in links:
        parent[find(("s", i))] = find(("t", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for i in range(n):
        groups.setdefault(find(("s", i)), ([], []))[0].append(i)
    for j in range(m):
        groups.setdefault(find(("t", j)), ([], []))[1].append(j)
    # Scoring compares sets of beads, so a rough document order is enough.
    return sorted(groups.values(), key=lambda b: (b[0] or b[1])[0] / max(n if b[0] else m, 1))


# ------------------------------------------------------------------ hunalign, built at bench time

HUNALIGN_SRC = Path(__file__).resolve().parent.parent.parent / "shared" / "peers" / "hunalign"
_built: dict[str, Path] = {}


def hunalign_binary() -> Path | None:
    """hunalign compiled from ../shared/peers/hunalign into a temporary folder (once per run), or None when
    its source or a compiler is missing. The folder goes when the process ends."""
    if "bin" in _built:
        return _built["bin"]
    if not HUNALIGN_SRC.is_dir() or shutil.which("make") is None or shutil.which("g++") is None:
        return None
    tmp = Path(tempfile.mkdtemp(prefix="hunalign-"))
    atexit.register(shutil.rmtree, tmp, True)
    shutil.copytree(HUNALIGN_SRC, tmp / "hunalign")
    subprocess.run(["make", "-s", "-C", str(tmp / "hunalign" / "src" / "hunalign")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _built["bin"] = tmp / "hunalign" / "src" / "hunalign" / "hunalign"
    return _built["bin"]


def hunalign(src: Sequence[str], tgt: Sequence[str]) -> tuple[list[tuple[list[int], list[int]]], float, float]:
    """hunalign as its compass figures were taken: one sentence per line, an empty dictionary (it learns its
    own in a first pass), no paragraph marks. (beads, seconds, peak MB)."""
    binary = hunalign_binary()
    if binary is None:
        raise RuntimeError("hunalign cannot be built here (needs ../shared/peers/hunalign, make and g++)")
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / n for n in ("empty.dic", "src.txt", "tgt.txt")]
        paths[0].write_text("", encoding="utf-8")
        paths[1].write_text("".join(s.replace("\n", " ") + "\n" for s in src), encoding="utf-8")
        paths[2].write_text("".join(t.replace("\n", " ") + "\n" for t in tgt), encoding="utf-8")
        res, secs, peak = _run_measured([str(binary), "-utf", *map(str, paths)], cwd=tmp)
    if res.returncode:
        raise RuntimeError(f"hunalign failed: {res.stderr[-300:]}")
    return ladder_to_beads(res.stdout, len(src), len(tgt)), secs, peak


def _run_measured(cmd: list[str], cwd: str | None = None) -> tuple[subprocess.CompletedProcess, float, float]:
    """A command run to its end with its own peak memory (os.wait4 reports the child's rusage). hunalign
    writes a translate.txt into its working folder: give it a scratch one."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        secs = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(cmd, proc.returncode, out.read(), err.read()), secs, usage.ru_maxrss / 1024


def ladder_to_beads(ladder: str, n: int, m: int) -> list[tuple[list[int], list[int]]]:
    """hunalign's ladder (source index, target index, score per rung) as beads between consecutive rungs."""
    rungs = []
    for line in ladder.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            rungs.append((int(parts[0]), int(parts[1])))
    if not rungs or rungs[0] != (0, 0):
        rungs.insert(0, (0, 0))
    if rungs[-1] != (n, m):
        rungs.append((n, m))
    beads = []
    for (i, j), (i2, j2) in zip(rungs, rungs[1:]):
        if i2 > i or j2 > j:
            beads.append((list(range(i, i2)), list(range(j, j2))))
    return beads

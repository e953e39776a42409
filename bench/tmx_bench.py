"""TMX at scale: write and stream-read 1,000,000 units, beside translate-toolkit's tmxfile on the same file.

Units come from the eval sentences (TransRead FR/EN lines) repeated with variation (a counter and
a rotated word order), so nearly all are distinct (about 0.1% repeat). Each step runs in a fresh process so its peak RSS
is its own; `validate` checks the whole file against the DTD, streaming; `stats` counts units and
duplicates; `merge` merges the file with itself (every unit a duplicate); `tag` writes a copy
with inline codes in every segment, read again by both readers (flattened). Usage: python bench/tmx_bench.py [N]   (default 1000000)
"""

from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def sentences():
    from evaldata import transread

    pairs = []
    for d in transread():
        for s, t in d.gold:
            if s and t:
                pairs.append((" ".join(d.src[i] for i in s), " ".join(d.tgt[j] for j in t)))
    return pairs


def varied(n: int):
    from bitext.tm.units import TranslationUnit

    base = sentences()
    for k in range(n):
        s, t = base[k % len(base)]
        rnd = k // len(base)
        if rnd:
            w = s.split()
            r = rnd % max(len(w), 1)
            s = " ".join(w[r:] + w[:r]) + f" ({rnd})"
            t = t + f" ({rnd})"
        yield TranslationUnit(s, t, "fr", "en", tuid=str(k), props={"x-document": f"doc{k % 97}", "x-score": "0.9000"})


def tagged(path: str) -> str:
    """The same units with inline codes in every segment (<bpt>/<ept> around it, a <ph> at the end)."""
    return path.replace(".tmx", ".tagged.tmx")


def step(kind: str, path: str, n: int) -> dict:
    t0 = time.perf_counter()
    if kind == "write":
        from bitext.tm.tmx import TmxHeader, write_tmx
        count = write_tmx(path, varied(n), TmxHeader(creationdate="20260101T000000Z"))
    elif kind == "stats":
        from bitext.tm.tmxops import stats
        count = stats(path)["units"]
    elif kind == "merge":
        from bitext.tm.tmx import write_tmx
        from bitext.tm.tmxops import MergeReport, merge
        report = MergeReport()
        merged = path.replace(".tmx", ".merged.tmx")
        count = write_tmx(merged, merge([path, path], report))
        assert count == report.kept and report.kept + report.duplicates == 2 * n, (report, count)
        Path(merged).unlink()
    elif kind == "tag":
        count = 0
        with open(path, encoding="utf-8") as src, open(tagged(path), "w", encoding="utf-8") as out:
            for line in src:
                if "<seg>" in line:
                    line = line.replace("<seg>", '<seg><bpt i="1">&lt;b&gt;</bpt>').replace("</seg>", '<ept i="1">&lt;/b&gt;</ept><ph x="1"/></seg>')
                    count += 1
                out.write(line)
        count //= 2
    elif kind.endswith("tagged"):
        return {**step(kind.removesuffix(" tagged"), tagged(path), n), "step": kind}
    elif kind == "read":
        from bitext.tm.tmx import iter_tmx
        count = sum(1 for _ in iter_tmx(path))
    elif kind == "validate":
        from bitext.tm.tmx import validate
        problems = validate(path)
        assert not problems, problems[:3]
        count = n
    else:
        from translate.storage.tmx import tmxfile
        with open(path, "rb") as fh:
            store = tmxfile(fh, "fr", "en")
        count = sum(1 for u in store.units if u.source)
    secs = time.perf_counter() - t0
    return {"step": kind, "units": count, "seconds": round(secs, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(step(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
        return 0
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "big.tmx")
        print(f"machine: {platform.machine()}, python {platform.python_version()}; {n} units")
        results = []
        for kind in ("write", "read", "translate-toolkit", "validate", "stats", "merge", "tag", "read tagged", "translate-toolkit tagged"):
            out = subprocess.run([sys.executable, __file__, "--child", kind, path, str(n)], capture_output=True, text=True)
            if out.returncode != 0:
                print(f"{kind}: failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            if kind == "write":
                r["file_mb"] = round(Path(path).stat().st_size / 2**20)
            results.append(r)
            print(json.dumps(r))
        times = {r["step"]: r["seconds"] for r in results}
        for suffix in ("", " tagged"):
            if f"read{suffix}" in times and f"translate-toolkit{suffix}" in times:
                print(f"read{suffix} speed-up over translate-toolkit: {times[f'translate-toolkit{suffix}'] / times[f'read{suffix}']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

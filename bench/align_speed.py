"""Alignment time and peak memory as the input grows (TransRead books repeated), bitext beside NLTK, and
bitext's command line beside hunalign's (built from ../shared/peers) on the same files in the same run.

Each size runs in a fresh process so peak RSS is that run's own.
Usage: python bench/align_speed.py [SIZES...]             (default 6000 12000 24000 48000; library, NLTK)
       python bench/align_speed.py --hunalign [SIZES...]  (default 6000 12000 24000; both command lines)
"""

from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def corpus(n: int):
    from evaldata import transread

    docs = transread()
    src, tgt, sp, tp = [], [], [], []
    k = 0
    while len(src) < n or len(tgt) < n:
        for d in docs:
            src += d.src
            tgt += d.tgt
            sp += [x + 100000 * k for x in d.src_para]
            tp += [x + 100000 * k for x in d.tgt_para]
            k += 1
    return src[:n], tgt[:n], sp[:n], tp[:n]


def child(aligner: str, n: int) -> None:
    src, tgt, sp, tp = corpus(n)
    t0 = time.perf_counter()
    if aligner == "bitext":
        from bitext.tm.align import align
        beads = len(align(src, tgt, src_paragraphs=sp, tgt_paragraphs=tp))
    else:
        from peers import nltk_gale_church
        beads = len(nltk_gale_church(src, tgt))
    secs = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"aligner": aligner, "n": n, "seconds": round(secs, 2), "peak_mb": round(rss), "beads": beads}))


def side_by_side(n: int, runs: int) -> list[dict]:
    """bitext's and hunalign's command lines on the same files, one sentence per line and no paragraph
    marks (hunalign's input form), each run a fresh process measured by wait4: wall time and peak RSS."""
    import tempfile

    from peers import _run_measured, hunalign_binary

    src, tgt, _, _ = corpus(n)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        fr, en, dic = Path(tmp) / "fr.txt", Path(tmp) / "en.txt", Path(tmp) / "empty.dic"
        fr.write_text("".join(x + "\n" for x in src), encoding="utf-8")
        en.write_text("".join(x + "\n" for x in tgt), encoding="utf-8")
        dic.write_text("", encoding="utf-8")
        cmds = {"bitext": [sys.executable, "-m", "bitext.cli.main", "align", str(fr), str(en), "--input-format", "lines",
                           "--format", "tsv", "-o", str(Path(tmp) / "bitext.tsv")]}
        binary = hunalign_binary()
        if binary is not None:
            cmds["hunalign"] = [str(binary), "-utf", str(dic), str(fr), str(en)]
        for k in range(runs):
            for name, cmd in cmds.items():
                res, secs, peak = _run_measured(cmd, cwd=tmp)
                if res.returncode:
                    raise RuntimeError(f"{name} failed: {res.stderr[-300:]}")
                out.append({"aligner": name, "n": n, "run": k + 1, "seconds": round(secs, 2), "peak_mb": round(peak)})
    return out


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--hunalign":
        sizes = [int(x) for x in sys.argv[2:]] or [6000, 12000, 24000]
        print(f"machine: {platform.machine()}, python {platform.python_version()}; command lines side by side, "
              "one sentence per line, no paragraph marks, two runs each, alternating")
        print(f"{'aligner':8} {'sentences':>13} {'run':>4} {'seconds':>8} {'peak MB':>8}")
        for n in sizes:
            rows = side_by_side(n, 2)
            for r in rows:
                print(f"{r['aligner']:8} {n:>5} x {n:<5} {r['run']:>4} {r['seconds']:8.2f} {r['peak_mb']:8}")
            mean = {a: sum(r["seconds"] for r in rows if r["aligner"] == a) / 2 for a in {r["aligner"] for r in rows}}
            if "hunalign" in mean:
                print(f"  {n} x {n}: bitext {mean['bitext']:.1f} s, hunalign {mean['hunalign']:.1f} s: "
                      f"{mean['hunalign'] / mean['bitext']:.1f}x")
        return 0
    sizes = [int(x) for x in sys.argv[1:]] or [6000, 12000, 24000, 48000]
    runs = [("bitext", n) for n in sizes] + [("nltk", n) for n in (500, 1000, 2000)]
    print(f"machine: {platform.machine()}, python {platform.python_version()}, {len(sizes)} sizes")
    print(f"{'aligner':8} {'sentences':>10} {'seconds':>8} {'peak MB':>8}")
    for aligner, n in runs:
        out = subprocess.run([sys.executable, __file__, "--child", aligner, str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{aligner:8} {n:>5} x {n:<5}{r['seconds']:8.2f} {r['peak_mb']:8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

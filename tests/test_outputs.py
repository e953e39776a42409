"""One safe way out: outputs never replace an input or the TM, special files are written in place,
links, modes and hard links survive, and an interrupted command leaves no temporary file behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bitext.cli.main import main
from bitext.tm.tmx import write_tmx
from bitext.tm.units import TranslationUnit

from .conftest import ROOT, SEEDS

FR = SEEDS / "fr" / "ministerial-communique-2020.fr.txt"
EN = SEEDS / "en" / "ministerial-communique-2020.en.txt"


def _copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


def test_an_output_that_is_an_input_or_the_tm_is_refused(tmp_path, runner):
    fr, en = _copy(FR, tmp_path / "a.fr.txt"), _copy(EN, tmp_path / "a.en.txt")
    before = fr.read_bytes()
    res = runner.invoke(main, ["align", str(fr), str(en), "-o", str(fr)])
    assert res.exit_code == 2 and "refused" in res.output and fr.read_bytes() == before
    res = runner.invoke(main, ["check", str(fr), "-o", str(fr), "--glossary", str(SEEDS / "glossary.toml")])
    assert res.exit_code == 2 and fr.read_bytes() == before
    db = tmp_path / "tm.sqlite"
    tmx = tmp_path / "a.tmx"
    assert runner.invoke(main, ["align", str(fr), str(en), "--format", "tmx", "-o", str(tmx)]).exit_code == 0
    assert runner.invoke(main, ["tm", "import", str(tmx), "--db", str(db)]).exit_code == 0
    size = db.stat().st_size
    res = runner.invoke(main, ["tm", "export", "--db", str(db), "-o", str(db)])
    assert res.exit_code == 2 and "refused" in res.output
    assert db.stat().st_size == size and db.read_bytes()[:16] == b"SQLite format 3\x00"
    res = runner.invoke(main, ["tmx", "convert", str(tmx), str(tmx)])
    assert res.exit_code == 2 and "refused" in res.output


def test_fifo_symlink_hard_link_and_mode_survive(tmp_path, runner):
    fr = _copy(FR, tmp_path / "a.fr.txt")
    en = _copy(EN, tmp_path / "a.en.txt")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    res = runner.invoke(main, ["align", str(fr), str(en), "--format", "tsv", "-o", str(fifo)])
    reader.join(30)
    assert res.exit_code == 0 and got and b"Le 4 juin 2020\tJune 4, 2020" in got[0]
    assert fifo.is_fifo()

    real = tmp_path / "real.tsv"
    real.write_text("old\n")
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    os.chmod(real, 0o600)
    twin = tmp_path / "twin.tsv"
    os.link(real, twin)
    res = runner.invoke(main, ["align", str(fr), str(en), "--format", "tsv", "-o", str(link)])
    assert res.exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert b"June 4, 2020" in real.read_bytes() and twin.read_bytes() == real.read_bytes()
    assert os.stat(real).st_ino == os.stat(twin).st_ino and (os.stat(real).st_mode & 0o777) == 0o600


def test_bad_output_names_are_one_line_errors(tmp_path, runner):
    fr, en = _copy(FR, tmp_path / "a.fr.txt"), _copy(EN, tmp_path / "a.en.txt")
    for out, words in (("", "empty output"), (str(tmp_path), "is a directory"), (str(tmp_path / "no" / "x"), "does not exist")):
        res = runner.invoke(main, ["align", str(fr), str(en), "-o", out])
        assert res.exit_code == 2 and words in res.output and res.output.count("\n") == 1, res.output


def test_sigterm_during_a_merge_leaves_no_temporary_file(tmp_path):
    big = tmp_path / "big.tmx"
    write_tmx(big, (TranslationUnit(f"Phrase numéro {k} du texte.", f"Sentence number {k} of the text.")
                    for k in range(60000)))
    out = tmp_path / "out" / "merged.tmx"
    out.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", "from bitext.cli.main import main; main()", "tmx", "merge",
                             str(big), str(big), "-o", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 128 + signal.SIGTERM) and b"Traceback" not in err
    assert [p.name for p in out.parent.iterdir() if p.name != "merged.tmx"] == []

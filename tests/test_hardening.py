"""Findings of the hostile-user review, each pinned: one line and exit 2 instead of a traceback, nothing
lost in silence, nothing raw reaching the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bitext.cli.main import main
from bitext.tm.errors import shown

from .conftest import ROOT, SEEDS

GLOSSARY = str(SEEDS / "glossary.toml")
TMX_HEAD = ('<?xml version="1.0"?><tmx version="1.4"><header srclang="fr" creationtool="x" creationtoolversion="1" '
            'segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>')


def one_line_error(res, *words):
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and res.output.strip().count("\n") == 0, res.output
    for w in words:
        assert w in res.output, res.output


@pytest.mark.parametrize("content,words", [
    ("concept,lang,term\nx,fr\n", ["short.csv:2", "2 fields, expected 3"]),
    ('concept,lang,term\nx,fr,"abc\n', ["short.csv:2", "not a valid CSV"]),
    ("concept,lang,term\nx,fr," + "a" * 200_000 + "\n", ["short.csv:2"]),
    ("concept,lang,term\nx,fr,\n", ["short.csv:2", "empty term"]),
    ("concept,lang,term\nx,fr,ab\x01c\n", ["short.csv:2", "control character"]),
])
def test_glossary_csv_mistakes_name_the_csv_row(tmp_path, runner, content, words):
    (tmp_path / "short.csv").write_text(content, encoding="utf-8")
    one_line_error(runner.invoke(main, ["term", "import", str(tmp_path / "short.csv"), "-o", str(tmp_path / "o.toml")]),
                   *words)
    assert not (tmp_path / "o.toml").exists()


@pytest.mark.parametrize("toml,words", [
    ('concept = ["a"]\n', "must be a table"),
    ('[[concept]]\nid = "x"\nfr = [ { term = "Daech", misspellings = [""] } ]\n', "non-empty strings"),
    ('[[concept]]\nid = "x"\nnote = 5\nfr = [ { term = "Daech" } ]\n', "note must be text"),
    ('[[concept]]\nid = "x"\nfr = [ { term = "a\\u001b[31m" } ]\n', "control character"),
])
def test_toml_glossary_mistakes_are_reported_not_raised(tmp_path, runner, toml, words):
    g = tmp_path / "g.toml"
    g.write_text(toml, encoding="utf-8")
    res = runner.invoke(main, ["term", "Daech", "--glossary", str(g)])
    assert res.exit_code == 2 and words in res.output and "Traceback" not in res.output


def test_a_term_written_with_escapes_loads(tmp_path, runner):
    g = tmp_path / "g.toml"
    g.write_text('[[concept]]\nid = "x"\nfr = [ { term = "caf\\u00e9 \\"noir\\"" } ]\n\n\n', encoding="utf-8")
    res = runner.invoke(main, ["term", "cafe", "--glossary", str(g)])
    assert res.exit_code == 0 and 'café "noir"' in res.output


def test_tm_import_takes_odd_scores_counts_lost_units_and_refuses_bad_shapes(tmp_path, runner):
    db = str(tmp_path / "tm.sqlite")
    (tmp_path / "s.tsv").write_text("Bonjour.\tHello.\thigh\n", encoding="utf-8")
    res = runner.invoke(main, ["tm", "import", str(tmp_path / "s.tsv"), "--db", db])
    assert res.exit_code == 0 and "1 added" in res.output
    (tmp_path / "x.tmx").write_text(TMX_HEAD + '<tu><prop type="x-score">high</prop><tuv xml:lang="fr"><seg>Oui.</seg>'
                                    '</tuv><tuv xml:lang="en"><seg>Yes.</seg></tuv></tu><tu><tuv xml:lang="fr"><seg>Seul.'
                                    '</seg></tuv></tu><tu></tu></body></tmx>', encoding="utf-8")
    res = runner.invoke(main, ["tm", "import", str(tmp_path / "x.tmx"), "--db", db])
    assert res.exit_code == 0 and "1 added" in res.output and "2 empty segment" in res.output
    (tmp_path / "j.json").write_text('{"beads": [1]}', encoding="utf-8")
    one_line_error(runner.invoke(main, ["tm", "import", str(tmp_path / "j.json"), "--db", db]), "j.json:1", "bead #1")
    (tmp_path / "u.json").write_text('{"beads": [{"source": ["a\\udcff"], "target": ["b"]}, '
                                     '{"source": ["nul\\u0000"], "target": ["b"]}]}', encoding="utf-8")
    res = runner.invoke(main, ["tm", "import", str(tmp_path / "u.json"), "--db", db])
    assert res.exit_code == 0 and "2 text no database can store" in res.output


def test_tm_database_paths_and_queries(tmp_path, runner):
    (tmp_path / "dir").mkdir()
    (tmp_path / "afile").write_text("x")
    tmx = tmp_path / "x.tmx"
    tmx.write_text(TMX_HEAD + '<tu><tuv xml:lang="fr"><seg>Oui.</seg></tuv><tuv xml:lang="en"><seg>Yes.</seg></tuv></tu>'
                   '</body></tmx>', encoding="utf-8")
    one_line_error(runner.invoke(main, ["tm", "import", str(tmx), "--db", str(tmp_path / "dir")]), "is a directory")
    one_line_error(runner.invoke(main, ["tm", "import", str(tmx), "--db", str(tmp_path / "afile" / "tm.sqlite")]),
                   "cannot make")
    db = str(tmp_path / "tm.sqlite")
    assert runner.invoke(main, ["tm", "import", str(tmx), "--db", db]).exit_code == 0
    for q in ("", "...", "  "):
        one_line_error(runner.invoke(main, ["tm", "search", q, "--db", db]), "nothing to search")


def test_align_refuses_the_same_file_and_a_french_english(tmp_path, runner):
    fr = SEEDS / "fr" / "ministerial-communique-2020.fr.txt"
    res = runner.invoke(main, ["align", str(fr), str(fr)])
    assert res.exit_code == 2 and "same file" in res.output
    copy = tmp_path / "b.en.txt"
    copy.write_bytes(fr.read_bytes())
    one_line_error(runner.invoke(main, ["align", str(fr), str(copy)]), "looks like 'fr' text, not 'en'")


def test_terminal_never_receives_raw_control_sequences(tmp_path, runner):
    name = tmp_path / "ctl\x1b]0;pwned\x07.fr.txt"
    name.write_text("Le groupe Daesh.\n", encoding="utf-8")
    res = runner.invoke(main, ["check", str(name), "--glossary", GLOSSARY])
    assert "\x1b" not in res.output and "\\x1b" in res.output
    assert shown("a\x1b[2Jb\x9bc") == "a\\x1b[2Jb\\x9bc"


def test_non_utf8_file_names(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/bad\xffname.fr.txt"
    with open(raw, "wb") as fh:
        fh.write("Le groupe Daesh.\n".encode())
    out = {}
    for fmt in (b"text", b"json", b"sarif", b"github"):
        res = subprocess.run([sys.executable, "-c", "from bitext.cli.main import main; main()", "check", raw,
                              "--glossary", GLOSSARY, "--format", fmt], cwd=ROOT, capture_output=True)
        assert res.returncode == 0 and b"Traceback" not in res.stderr, res.stderr
        out[fmt] = res.stdout
    assert b"bad%FFname.fr.txt" in out[b"sarif"] and "bad\ufffdname".encode() in out[b"text"]
    json.loads(out[b"json"])


def test_no_color_is_respected(runner, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    from bitext.cli.progress import style
    assert style("x", fg="red") == "x"


def test_markdown_report_and_csv_exports_are_escaped_for_their_readers(tmp_path, runner):
    from bitext.glossary.check import Finding
    from bitext.glossary.report import to_markdown

    text = to_markdown([Finding("a|b.txt", 1, 1, 1, 2, "T102", "bad | <img src=x> `x`", suggestion="=cmd")], 1)
    assert "a\\|b.txt" in text and "\\<img" in text and "\\`x\\`" in text and "<img" not in text.replace("\\<img", "")
    tmx = tmp_path / "x.tmx"
    tmx.write_text(TMX_HEAD + '<tu><tuv xml:lang="fr"><seg>=HYPERLINK("x")</seg></tuv><tuv xml:lang="en"><seg>-1 @a</seg>'
                   '</tuv></tu></body></tmx>', encoding="utf-8")
    assert runner.invoke(main, ["tmx", "convert", str(tmx), str(tmp_path / "x.csv")]).exit_code == 0
    assert "'=HYPERLINK" in (tmp_path / "x.csv").read_text(encoding="utf-8")
    assert runner.invoke(main, ["tmx", "convert", str(tmp_path / "x.csv"), str(tmp_path / "back.tmx")]).exit_code == 0
    from bitext.tm.tmx import iter_tmx
    assert [(u.source, u.target) for u in iter_tmx(tmp_path / "back.tmx")] == [('=HYPERLINK("x")', "-1 @a")]


def test_postgresql_passwords_never_show():
    from bitext.tm.pgstore import _redact

    assert _redact("postgresql://u:p@ss@host/db") == "postgresql://u:***@host/db"
    assert _redact("postgresql://h/db?password=abc&x=1") == "postgresql://h/db?password=***&x=1"


def test_non_utf8_names_in_the_tm_and_tmx(tmp_path):
    import shutil

    raw_dir = os.fsencode(str(tmp_path))
    tmx = raw_dir + b"/x\xffy.tmx"
    shutil.copy(ROOT / "exports" / "coalition.fr-en.tmx", tmx)
    fr = raw_dir + b"/a\xff.fr.txt"
    shutil.copy(SEEDS / "fr" / "ministerial-communique-2020.fr.txt", fr)
    run = [sys.executable, "-c", "from bitext.cli.main import main; main()"]
    for args in ([b"tm", b"import", tmx, b"--db", raw_dir + b"/tm.sqlite"],
                 [b"align", fr, str(SEEDS / "en" / "ministerial-communique-2020.en.txt").encode(), b"--format", b"tmx",
                  b"-o", raw_dir + b"/o.tmx"]):
        res = subprocess.run(run + args, cwd=ROOT, capture_output=True)
        assert res.returncode == 0 and b"Traceback" not in res.stderr, res.stderr
    assert b"a\xef\xbf\xbd" in (tmp_path / "o.tmx").read_bytes()


def test_a_locked_tm_is_one_line_after_timeout_and_a_damaged_one_says_how_to_recover(tmp_path, runner):
    import sqlite3

    db = tmp_path / "tm.sqlite"
    tmx = str(ROOT / "exports" / "coalition.fr-en.tmx")
    assert runner.invoke(main, ["tm", "import", tmx, "--db", str(db)]).exit_code == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        one_line_error(runner.invoke(main, ["tm", "import", tmx, "--db", str(db), "--timeout", "0.2"]),
                       "locked", "--timeout")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    data = bytearray(db.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a page of the index overwritten
    db.write_bytes(bytes(data))
    res = runner.invoke(main, ["tm", "search", "Les ministres ont convenu", "--db", str(db)])
    assert res.exit_code in (1, 2) and "Traceback" not in res.output
    if res.exit_code == 2:
        assert "damaged" in res.output or "not a bitext" in res.output

"""Hostile input is normal input: one long line, token, unit or paragraph costs linear time and bounded
memory. Each case runs in a child process under CPU and memory limits (resource limits, not timings):
a quadratic or exponential regression is killed and fails the test."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT

LIMITS = "import resource; resource.setrlimit(resource.RLIMIT_CPU, (60, 60)); " \
         "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"

CASES = {
    "check: one 80 KB token and 500 KB of 'aaaa '": """
        from bitext.glossary.check import Checker
        from bitext.glossary.model import load_glossary
        c = Checker(load_glossary('seeds/glossary.toml'))
        assert {f.rule for f in c.check_text('x', 'a' * 80_000, 'fr')[0]} <= {'S601'}
        assert {f.rule for f in c.check_text('x', 'aaaa ' * 100_000, 'fr')[0]} <= {'M501', 'S601'}
    """,
    "segmentation: a 2 MB paragraph of short sentences and one 1 MB hard-wrapped block": """
        from bitext.tm.segment import segment
        assert len(segment('Le chat dort. ' * 150_000, 'fr')) == 150_000
        assert len(segment(('mot ' * 15 + '\\n') * 16_000, 'fr')) >= 1
    """,
    "TMX: a unit with 50,000 props and a third variant": """
        props = ''.join(f'<prop type="x-{k}">v</prop>' for k in range(50_000))
        tu = (f'<tu>{props}<tuv xml:lang="fr"><seg>a</seg></tuv><tuv xml:lang="en"><seg>b</seg></tuv>'
              '<tuv xml:lang="de"><seg>c</seg></tuv></tu>')
        open('/tmp/_hostile.tmx', 'w').write('<?xml version="1.0"?><tmx version="1.4"><header srclang="fr" '
            'creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" '
            'datatype="plaintext"/><body>' + tu + '</body></tmx>')
        from bitext.tm.tmx import iter_tmx
        assert [(u.source, u.target) for u in iter_tmx('/tmp/_hostile.tmx')] == [('a', 'b')]
    """,
    "TMX: one 8 MB segment read in 16 KB chunks": """
        import resource
        resource.setrlimit(resource.RLIMIT_CPU, (20, 20))  # rescanning the unit at each refill took 45 s
        import bitext.tm.tmx as tmx
        tmx._CHUNK = 16384  # many refills inside one unit: each must not rescan the unit from its start
        head = ('<?xml version="1.0"?><tmx version="1.4"><header srclang="fr" creationtool="x" creationtoolversion="1" '
                'segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>')
        open('/tmp/_hostile.tmx', 'w').write(head + '<tu><tuv xml:lang="fr"><seg>' + 'mot ' * 2_000_000 +
                                             '</seg></tuv><tuv xml:lang="en"><seg>b</seg></tuv></tu></body></tmx>')
        [u] = list(tmx.iter_tmx('/tmp/_hostile.tmx'))
        assert len(u.source) == 7_999_999
    """,
    "HTML: 100,000 nested elements and a 5 MB paragraph": """
        from bitext.tm.formats.html import read_html
        from bitext.tm.errors import BitextError
        try:
            read_html(b'<html><body>' + b'<div>' * 100_000 + b'profond' + b'</div>' * 100_000, 'x.html')
        except BitextError:
            pass
        assert len(read_html(b'<p>' + b'mot ' * 1_250_000 + b'</p>', 'y.html').text) > 4_000_000
    """,
}


@pytest.mark.parametrize("name", list(CASES))
def test_linear_and_bounded(name, tmp_path):
    code = LIMITS + textwrap.dedent(CASES[name]).replace("/tmp/_hostile.tmx", str(tmp_path / "h.tmx"))
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]


HOSTILE = ROOT / "tests" / "hostile"
EN = str(ROOT / "seeds" / "en" / "ministerial-communique-2020.en.txt")
# file -> (command, exit code, words the one line must hold); made once by hand, kept small
CORPUS = {
    "billion-laughs.tmx": (["tm", "import", "{f}", "--db", "{db}"], 2, "entit"),
    "xxe.tmx": (["tm", "import", "{f}", "--db", "{db}"], 2, "entit"),
    "external-dtd.tmx": (["tmx", "stats", "{f}"], 0, ""),
    "xinclude.tmx": (["tmx", "convert", "{f}", "{out}.tsv"], 0, ""),
    "second-header.tmx": (["tm", "import", "{f}", "--db", "{db}"], 2, "a second <header>"),
    "unknown-entity.tmx": (["tmx", "stats", "{f}"], 2, "foo"),
    "control-char.tmx": (["tmx", "stats", "{f}"], 2, ""),
    "many-props.tmx": (["tm", "import", "{f}", "--db", "{db}"], 0, "1 added"),
    "xxe.xlf": (["tmx", "convert", "{f}", "{out}.tmx"], 0, ""),
    "not-a-zip.docx": (["align", "{f}", EN], 2, "corrupt document"),
    "zip-bomb.docx": (["align", "{f}", EN], 2, "zip bomb"),
    "no-main-text.html": (["align", "{f}", EN], 2, "no main text"),
    "deep-nesting.html": (["align", "{f}", EN], 2, ""),
    "image-only.pdf": (["align", "{f}", EN], 2, "OCR"),
    "short-row.csv": (["term", "import", "{f}", "-o", "{out}.toml"], 2, "short-row.csv:2"),
    "unclosed-quote.csv": (["term", "import", "{f}", "-o", "{out}.toml"], 2, "unclosed-quote.csv:2"),
    "wrong-shape.json": (["tm", "import", "{f}", "--db", "{db}"], 2, "bead #1"),
    "bad-score.tsv": (["tm", "import", "{f}", "--db", "{db}"], 0, "1 added"),
    "surrogate.json": (["tm", "import", "{f}", "--db", "{db}"], 0, "no database can store"),
    "traversal": (["build", "{f}", "--out", "{out}"], 2, "outside the corpus folder"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_hostile_corpus(name, tmp_path, runner):
    from bitext.cli.main import main

    args, code, words = CORPUS[name]
    argv = [a.format(f=HOSTILE / name, db=tmp_path / "tm.sqlite", out=tmp_path / "out") for a in args]
    res = runner.invoke(main, argv)
    assert res.exit_code == code, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output and words in res.output
    assert "root:" not in res.output  # no /etc/passwd, whatever the file asked for
    if code == 2:
        assert res.output.strip().count("\n") == 0, res.output
    for p in tmp_path.iterdir():
        assert "root:" not in p.read_text(encoding="utf-8", errors="replace") if p.is_file() else True


def test_a_planted_configuration_is_a_clear_error(runner, monkeypatch):
    from bitext.cli.main import main

    monkeypatch.chdir(HOSTILE / "bad-config")
    res = runner.invoke(main, ["check", "a.fr.txt"])
    assert res.exit_code == 2 and "exclude must be a list" in res.output

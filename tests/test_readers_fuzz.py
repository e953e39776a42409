"""Property tests over every other reader (TMX, TBX, glossary CSV and TOML, aligner JSON, TSV/CSV,
configuration, corpus.toml, baseline, corrections): any input gives a result or one project error,
never another exception. A fixed, deterministic budget here; bench/fuzz_deep.py runs deeper."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bitext.tm.errors import BitextError

_DEEP = int(os.environ.get("BITEXT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=_DEEP or 50, derandomize=not _DEEP, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
blob = st.one_of(st.binary(max_size=600), text.map(lambda t: t.encode("utf-8")))


def _write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def _answers(fn, *args) -> bool:
    """Whether a reader returned, or failed with one line of project error (a glossary lists every mistake
    on lines of its own); any other exception propagates and fails the test."""
    try:
        fn(*args)
    except BitextError as exc:
        return "\n" not in str(exc).strip() or hasattr(exc, "lines")
    return True


xml_ish = st.lists(st.sampled_from(["<tu>", "</tu>", "<tuv xml:lang='fr'>", "<tuv xml:lang='en'>", "</tuv>", "<seg>",
                                    "</seg>", "<prop type='x-score'>", "</prop>", "<note>", "</note>", "a", "é", "&amp;",
                                    "&foo;", "<![CDATA[x]]>", "<bpt i='1'>", "</bpt>", "<!-- c -->", "\x01", " "]),
                   max_size=40).map("".join)


@FUZZ
@given(body=xml_ish, junk=blob)
def test_tmx(tmp_path, body, junk):
    from bitext.tm.tmx import iter_tmx, validate

    head = ('<?xml version="1.0"?><tmx version="1.4"><header srclang="fr" creationtool="x" creationtoolversion="1" '
            'segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>')
    for data in ((head + body + "</body></tmx>").encode("utf-8"), junk):
        path = _write(tmp_path, "f.tmx", data)
        assert _answers(lambda p: list(iter_tmx(p)), path)
        assert _answers(validate, path)


@FUZZ
@given(data=blob, body=xml_ish)
def test_tbx_csv_and_toml_glossaries(tmp_path, data, body):
    from bitext.glossary.formats import from_csv, from_tbx
    from bitext.glossary.toml_io import load

    assert _answers(from_csv, _write(tmp_path, "g.csv", data))
    assert _answers(from_csv, _write(tmp_path, "g2.csv", b"concept,lang,term,status\n" + data))
    assert _answers(from_tbx, _write(tmp_path, "g.tbx", data))
    tbx = f"<martif><text><body><termEntry id='x'><langSet xml:lang='fr'><tig><term>{body}</term></tig></langSet>" \
          "</termEntry></body></text></martif>"
    assert _answers(from_tbx, _write(tmp_path, "g2.tbx", tbx.encode("utf-8")))
    assert _answers(load, _write(tmp_path, "g.toml", data))


toml_values = st.one_of(st.integers(), st.text(max_size=20), st.booleans(), st.lists(st.text(max_size=5), max_size=3),
                        st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2))
toml_key = st.sampled_from(["glossary", "lang", "select", "ignore", "fail-on", "include", "exclude", "severity",
                            "per-file-ignores", "languages", "confirmed-only", "rules-url", "fail_on", "x"])


@FUZZ
@given(values=st.dictionaries(toml_key, toml_values, max_size=4))
def test_configuration(values):
    from bitext.cli.config import validate

    assert _answers(validate, values, "bitext.toml")


@FUZZ
@given(data=blob)
def test_json_tables_corpus_baseline_corrections(tmp_path, data):
    from bitext.glossary.report import read_baseline
    from bitext.tm import corrections
    from bitext.tm.bitext import read_json
    from bitext.tm.corpus import load_corpus
    from bitext.tm.tmxops import read_table

    assert _answers(read_json, _write(tmp_path, "a.json", data))
    assert _answers(read_table, _write(tmp_path, "a.tsv", data), "\t", "fr", "en")
    assert _answers(read_table, _write(tmp_path, "a.csv", data), ",", "fr", "en")
    (tmp_path / "seeds").mkdir(exist_ok=True)
    _write(tmp_path / "seeds", "corpus.toml", data)
    assert _answers(load_corpus, tmp_path / "seeds")
    assert _answers(read_baseline, data.decode("utf-8", "replace"), "b.json")
    assert _answers(corrections.load, _write(tmp_path, "c.json", data))


@FUZZ
@given(docs=st.lists(st.dictionaries(st.sampled_from(["id", "french", "english", "english_status", "date",
                                                      "french_locale", "title"]), toml_values, max_size=6), max_size=3))
def test_corpus_shapes(tmp_path, docs):
    import json as _json

    from bitext.tm.corpus import load_corpus

    lines = []
    for d in docs:
        lines.append("[[document]]")
        lines += [f"{k!r} = {_json.dumps(v)}".replace("'", '"') for k, v in d.items() if not isinstance(v, dict)]
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "seeds" / "corpus.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _answers(load_corpus, tmp_path / "seeds")


_COMMANDS = [
    (["check", "{f}", "--lang", "fr"], ".txt"),
    (["check", "{f}"], ".tmx"),
    (["check", "{f}"], ".xlf"),
    (["tm", "import", "{f}", "--db", "{d}"], ".tmx"),
    (["tm", "import", "{f}", "--db", "{d}"], ".json"),
    (["tm", "import", "{f}", "--db", "{d}"], ".po"),
    (["tmx", "convert", "{f}", "{d}.tsv"], ".tmx"),
    (["tmx", "validate", "{f}"], ".tmx"),
    (["term", "import", "{f}", "-o", "{d}.toml"], ".csv"),
    (["term", "import", "{f}", "-o", "{d}.toml"], ".tbx"),
    (["align", "{f}", "{en}"], ".html"),
    (["align", "{f}", "{en}"], ".md"),
    (["align", "{f}", "{en}"], ".docx"),
]


@FUZZ
@given(data=blob, which=st.integers(0, len(_COMMANDS) - 1))
def test_cli_entry_points_answer_or_fail_in_one_line(tmp_path, data, which):
    from click.testing import CliRunner

    from bitext.cli.main import main

    from .conftest import SEEDS

    args, ext = _COMMANDS[which]
    f = tmp_path / f"in{ext}"
    f.write_bytes(data)
    d = tmp_path / "out"
    argv = [a.format(f=f, d=d, en=SEEDS / "en" / "ministerial-communique-2020.en.txt") for a in args]
    res = CliRunner().invoke(main, argv + (["--glossary", str(SEEDS / "glossary.toml")] if argv[0] == "check" else []))
    assert res.exit_code in (0, 1, 2), (argv, res.output)
    assert res.exception is None or isinstance(res.exception, SystemExit), (argv, repr(res.exception))
    if res.exit_code == 2:
        assert "Traceback" not in res.output

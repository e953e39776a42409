import codecs
import shutil
import time

import pytest
from lxml import etree

from bitext.cli.main import main
from bitext.tm.document import load
from bitext.tm.errors import FormatError
from bitext.tm.bitext import align_documents
from bitext.tm.tmx import TmxHeader, iter_tmx, read_header, validate, write_tmx
from bitext.tm.units import TranslationUnit, units_from_beads

from .conftest import SEEDS

PAIRS = [("ministerial-communique-2020", "reference"), ("guiding-principles-2018", "reference")]


@pytest.fixture(scope="module")
def seed_units() -> list[TranslationUnit]:
    units = []
    for doc, status in PAIRS:
        src = load(SEEDS / "fr" / f"{doc}.fr.txt", "fr")
        tgt = load(SEEDS / "en" / f"{doc}.en.txt", "en")
        units += units_from_beads(align_documents(src, tgt), src, tgt, doc, english_status=status)
    return units


@pytest.fixture(scope="module")
def seed_tmx(tmp_path_factory, seed_units):
    path = tmp_path_factory.mktemp("tmx") / "seeds.tmx"
    write_tmx(path, seed_units, TmxHeader(creationdate="20200604T000000Z", notes=["reference translation"]))
    return path


def test_written_tmx_is_valid_and_has_a_complete_header(seed_tmx):
    assert validate(seed_tmx) == []
    root = etree.parse(str(seed_tmx)).getroot()
    h = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype", "creationdate"):
        assert h.get(attr), attr
    assert h.get("srclang") == "fr" and h.get("segtype") == "sentence"
    tu = root.find("body/tu")
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props["x-document"] == "ministerial-communique-2020"
    assert props["x-english-status"] == "reference"
    assert all(t.startswith("x-") for t in props)


def test_output_is_deterministic(tmp_path, seed_units, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1591228800")
    a, b = tmp_path / "a.tmx", tmp_path / "b.tmx"
    write_tmx(a, seed_units)
    write_tmx(b, seed_units)
    assert a.read_bytes() == b.read_bytes()
    assert b'creationdate="20200604T000000Z"' in a.read_bytes()


def test_translate_toolkit_reads_back_every_unit(seed_tmx, seed_units):
    from translate.storage.tmx import tmxfile

    with open(seed_tmx, "rb") as fh:
        store = tmxfile(fh, "fr", "en")
    units = [u for u in store.units if u.source]
    assert [(u.source, u.target) for u in units] == [(u.source, u.target) for u in seed_units]


def test_reader_round_trip_and_escaping(tmp_path):
    units = [TranslationUnit("A & B <c> « d »\x0b", "A & B <c> “d”", props={"x-score": "1"}),
             TranslationUnit("  trimmed  ", "trimmed")]
    path = tmp_path / "t.tmx"
    write_tmx(path, units)
    back = list(iter_tmx(path))
    assert [(u.source, u.target) for u in back] == [("A & B <c> « d »", "A & B <c> “d”"), ("trimmed", "trimmed")]
    assert back[0].props == {"x-score": "1"}


OTHER_TOOL = """<?xml version="1.0" encoding="UTF-16"?>
<tmx version="1.1">
<header creationtool="SDL" creationtoolversion="8" segtype="sentence" o-tmf="x" adminlang="EN-US" srclang="FR-ca" datatype="rtf"/>
<body>
<tu><tuv lang="FR-CA"><seg>Le <bpt i="1">&lt;b&gt;</bpt>groupe<ept i="1">&lt;/b&gt;</ept> <ph>{1}</ph>CIFG</seg></tuv>
<tuv lang="EN-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>group<ept i="1">&lt;/b&gt;</ept> <hi type="x">CIFG</hi></seg></tuv></tu>
</body></tmx>
"""


def test_utf16_bom_other_tool_language_codes_and_inline_tags(tmp_path):
    path = tmp_path / "trados.tmx"
    path.write_bytes(codecs.BOM_UTF16_LE + OTHER_TOOL.encode("utf-16-le"))
    [u] = list(iter_tmx(path, source_lang="fr", target_lang="en"))
    assert (u.source, u.target) == ("Le groupe CIFG", "The group CIFG")
    assert (u.source_lang, u.target_lang) == ("FR-CA", "EN-US")
    [k] = list(iter_tmx(path, inline="keep"))
    assert '<bpt i="1">&lt;b&gt;</bpt>groupe' in k.source
    assert read_header(path).srclang == "FR-ca"


def test_convert_keeps_or_flattens_inline_codes(tmp_path, runner):
    path = tmp_path / "trados.tmx"
    path.write_bytes(codecs.BOM_UTF16_LE + OTHER_TOOL.encode("utf-16-le"))
    flat, kept = tmp_path / "flat.tsv", tmp_path / "kept.tsv"
    assert runner.invoke(main, ["tmx", "convert", str(path), str(flat)]).exit_code == 0
    assert runner.invoke(main, ["tmx", "convert", str(path), str(kept), "--inline", "keep"]).exit_code == 0
    assert flat.read_text(encoding="utf-8").splitlines()[1] == "Le groupe CIFG\tThe group CIFG"
    assert '<ph>{1}</ph>CIFG' in kept.read_text(encoding="utf-8")


def test_billion_laughs_is_refused_quickly(tmp_path):
    lol = "<!DOCTYPE tmx [<!ENTITY a \"aaaaaaaaaa\">" + "".join(
        f"<!ENTITY {chr(98 + i)} \"{('&' + chr(97 + i) + ';') * 10}\">" for i in range(9)) + "]>"
    path = tmp_path / "bomb.tmx"
    path.write_text(f"<?xml version='1.0'?>{lol}<tmx version='1.4'><header srclang='fr'/><body><tu><tuv xml:lang='fr'><seg>&j;</seg></tuv></tu></body></tmx>")
    t0 = time.perf_counter()
    with pytest.raises(FormatError, match="entity declarations are not allowed"):
        list(iter_tmx(path))
    assert time.perf_counter() - t0 < 5


def test_external_entity_is_never_read(tmp_path, runner):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    path = tmp_path / "xxe.tmx"
    path.write_text(f"<?xml version='1.0'?><!DOCTYPE tmx [<!ENTITY x SYSTEM 'file://{secret}'>]>"
                    "<tmx version='1.4'><header srclang='fr'/><body><tu><tuv xml:lang='fr'><seg>&x;</seg></tuv>"
                    "<tuv xml:lang='en'><seg>y</seg></tuv></tu></body></tmx>")
    res = runner.invoke(main, ["tmx", "stats", str(path)])
    assert res.exit_code == 2 and "TOP-SECRET" not in res.output
    assert "entity declarations are not allowed" in res.output


def test_malformed_tmx_is_one_line_with_line_number_exit_2(tmp_path, runner):
    path = tmp_path / "broken.tmx"
    path.write_text("<?xml version='1.0'?>\n<tmx version='1.4'>\n<header srclang='fr'/>\n<body>\n<tu><tuv xml:lang='fr'><seg>a</seg></tu>\n</body></tmx>\n")
    res = runner.invoke(main, ["tmx", "stats", str(path)])
    assert res.exit_code == 2
    assert res.output.startswith(f"bitext: error: {path}:5:") and len(res.output.strip().splitlines()) == 1


def test_validate_reports_what_a_dtd_cannot(tmp_path, runner):
    path = tmp_path / "v.tmx"
    path.write_text("<?xml version='1.0'?><tmx version='1.4'><header creationtool='x' creationtoolversion='1' segtype='sentence' "
                    "o-tmf='x' adminlang='en' srclang='fr' datatype='plaintext' creationdate='2020-06-04'/><body>"
                    "<tu><prop type='file'>a</prop><tuv xml:lang='de'><seg>a</seg></tuv><tuv xml:lang='en'><seg>b</seg></tuv></tu>"
                    "<tu><tuv><seg>c</seg></tuv></tu></body></tmx>")
    problems = [p.message for p in validate(path)]
    assert any("creationdate" in m and "YYYYMMDDThhmmssZ" in m for m in problems)
    assert any("no variant in the source language" in m for m in problems)
    assert any("read as context by OmegaT" in m for m in problems)
    assert any("xml:lang" in m for m in problems)  # the DTD: tuv without xml:lang
    res = runner.invoke(main, ["tmx", "validate", str(path)])
    assert res.exit_code == 1 and f"{path}:1:" in res.output


def test_validate_streams_structure_checks_and_stops_at_the_limit(tmp_path):
    path = tmp_path / "s.tmx"
    path.write_text("<?xml version='1.0'?>\n<tmx version='1.4'>\n<body>\n<tu><tuv xml:lang='fr'><seg>a</seg></tuv></tu>\n"
                    "<foo/>\n</body>\n</tmx>\n")
    problems = [(p.line, p.message) for p in validate(path)]
    assert (5, "<foo> in <body>: only <tu> elements belong there") in problems
    assert any(line == 2 and "expected <header> then <body>" in m for line, m in problems)
    many = tmp_path / "many.tmx"
    write_tmx(many, [TranslationUnit(f"s{n}", f"t{n}", creationdate="2020-01-01") for n in range(500)])
    found = validate(many, max_problems=7)
    assert len(found) == 7 and all("is not YYYYMMDDThhmmssZ" in p.message for p in found)
    assert found[-1].line > found[0].line


def test_merge_dedupes_and_keeps_provenance(tmp_path, runner, seed_units):
    a, b, out = tmp_path / "a.tmx", tmp_path / "b.tmx", tmp_path / "m.tmx"
    write_tmx(a, seed_units[:10])
    dup = [TranslationUnit(u.source, u.target, props={"x-document": "other-doc"}) for u in seed_units[5:10]]
    write_tmx(b, dup + seed_units[10:15])
    res = runner.invoke(main, ["tmx", "merge", str(a), str(b), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "kept 15, duplicates dropped 5" in res.output
    merged = list(iter_tmx(out))
    assert len(merged) == 15
    assert merged[5].props["x-also-in"] == "other-doc"
    assert validate(out) == []
    # The same file twice: every unit is its own duplicate, from its own document, so no x-also-in;
    # and a merge to stdout streams the same TMX.
    res = runner.invoke(main, ["tmx", "merge", str(a), str(a), "-o", "-"])
    assert res.exit_code == 0 and "kept 10, duplicates dropped 10" in res.stderr
    again = tmp_path / "again.tmx"
    again.write_bytes(res.stdout_bytes)
    assert [(u.source, u.props) for u in iter_tmx(again)] == [(u.source, u.props) for u in iter_tmx(a)]


def test_stats_and_convert_round_trip(tmp_path, runner, seed_tmx, seed_units):
    res = runner.invoke(main, ["tmx", "stats", str(seed_tmx), "--format", "json"])
    assert res.exit_code == 0
    import json
    s = json.loads(res.output)
    assert s["units"] == len(seed_units) and s["languages"] == {"en": len(seed_units), "fr": len(seed_units)}
    tsv, back = tmp_path / "x.tsv", tmp_path / "x.tmx"
    assert runner.invoke(main, ["tmx", "convert", str(seed_tmx), str(tsv)]).exit_code == 0
    assert runner.invoke(main, ["tmx", "convert", str(tsv), str(back)]).exit_code == 0
    assert [(u.source, u.target) for u in iter_tmx(back)] == [(u.source.replace("\n", " "), u.target.replace("\n", " ")) for u in seed_units]


def test_align_writes_tmx(tmp_path, runner):
    out = tmp_path / "a.tmx"
    res = runner.invoke(main, ["align", str(SEEDS / "fr" / "ministerial-communique-2020.fr.txt"),
                               str(SEEDS / "en" / "ministerial-communique-2020.en.txt"), "--format", "tmx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert validate(out) == [] and len(list(iter_tmx(out))) >= 29


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (Debian package omegat; .ci/run installs it)")
def test_omegat_pretranslates_the_seed_french_from_our_tmx(tmp_path, seed_units):
    from .omegat import run_console_translate

    tmx = tmp_path / "seeds.tmx"
    write_tmx(tmx, seed_units)
    result = run_console_translate(tmp_path / "proj", [SEEDS / "fr" / f"{d}.fr.txt" for d, _ in PAIRS], [tmx])
    assert result.tmx_loaded, result.log[-2000:]
    assert result.total > 80
    assert result.translated / result.total >= 0.90, (result.translated, result.total)
    # OmegaT's own TMX (a DOCTYPE, a comment, upper-case language codes) reads the same both ways.
    own = tmp_path / "proj" / "proj-omegat.tmx"
    assert _fast(own) == _lxml_units(own) and len(_fast(own)) >= 0.8 * result.translated


def _lxml_units(path, **kw):
    """The reference reading: every unit parsed by lxml."""
    from bitext.tm import tmx

    reader = tmx._Reader(str(path), kw.get("source_lang"), kw.get("target_lang"), kw.get("inline", "flatten"))
    return [(u.tuid, u.line, u.props, u.notes, [(u.source_lang, u.source), (u.target_lang, u.target)])
            for u in reader.from_events(tmx._events(str(path), reader.inline))]


def _no_hand_over(monkeypatch, per_unit: bool = False):
    """Make any hand-over of a file (or its rest, or with `per_unit` one unit) to lxml fail the test; read in tiny chunks."""
    from bitext.tm import tmx

    def refuse(*args, **kwargs):
        raise AssertionError("the rest of the file was handed to lxml")

    def refuse_unit(*args, **kwargs):
        raise AssertionError("a unit went through lxml")

    monkeypatch.setattr(tmx, "_rest_with_lxml", refuse)
    monkeypatch.setattr(tmx, "_events", refuse)
    if per_unit:
        monkeypatch.setattr(tmx, "_tu_pieces", refuse_unit)
    monkeypatch.setattr(tmx, "_HEAD", 1000)
    monkeypatch.setattr(tmx, "_CHUNK", 97)


def _fast(path, **kw):
    return [(u.tuid, u.line, u.props, u.notes, [(u.source_lang, u.source), (u.target_lang, u.target)])
            for u in iter_tmx(path, **kw)]


ODD = ('<tu tuid="odd1"><tuv xml:lang="fr"><seg>Le <ph>{1}</ph>CIFG</seg></tuv>'
       '<tuv xml:lang="en"><seg>The CIFG</seg></tuv></tu>\n<!-- a comment - with a dash -->\n'
       '<tu tuid="odd2"><tuv xml:lang="fr"><seg>caf&#233;</seg></tuv><tuv xml:lang="en"><seg>coffee</seg></tuv></tu>\n'
       '<tu changedate="20200101T000000Z" tuid="odd3"><note>a &amp; b</note><prop type="x-a" xml:lang="en">1</prop>'
       '<tuv xml:lang="de"><seg>Kaffee</seg></tuv>'
       '<tuv xml:lang="fr"><seg><![CDATA[Le <b> caf\u00e9]]></seg></tuv><tuv xml:lang="en"><seg>The coffee</seg></tuv></tu>\n'
       '<tu tuid="odd4" srclang="en"><tuv creationid="me" lang="FR-ca"><prop type="p">x</prop><seg>Irak</seg></tuv>'
       "<tuv xml:lang='en'><seg>Iraq</seg></tuv></tu>\n")


def test_fast_reader_equals_lxml_unit_by_unit_without_handing_over(tmp_path, seed_units, monkeypatch):
    plain = [TranslationUnit("A & B < C > D é “q”", "x & y", props={"x-n": "a < b"}, notes=["n&m"]),
             *seed_units[:5]]
    path = tmp_path / "mixed.tmx"
    write_tmx(path, plain)
    text = path.read_text(encoding="utf-8")
    # Units only lxml reads (inline codes, a character reference, three variants, CDATA, single
    # quotes), with comments between them, then more plain units after them.
    text = text.replace("<body>\n", "<body>\n" + ODD, 1)
    text = text.replace("</body>", ODD + '<tu tuid="last"><tuv xml:lang="fr"><seg>fin</seg></tuv>'
                        '<tuv xml:lang="en"><seg>end</seg></tuv></tu>\n</body>')
    text = text.replace('<prop type="x-n">', '<prop xml:lang="en" type="x-n">').replace("<note>a &amp;", '<note xml:lang="en">a &amp;')
    path.write_text(text, encoding="utf-8")
    reference = _lxml_units(path)
    _no_hand_over(monkeypatch)
    fast = _fast(path)
    assert fast == reference
    assert [f[0] for f in fast[:4]] == ["odd1", "odd2", "odd3", "odd4"] and fast[-1][0] == "last"
    assert fast[1][4][0][1] == "café" and fast[2][4] == [("fr", "Le <b> café"), ("de", "Kaffee")]
    assert _fast(path, target_lang="en")[2][4] == [("fr", "Le <b> café"), ("en", "The coffee")]
    assert fast[3][4] == [("en", "Iraq"), ("FR-ca", "Irak")]  # the tu's own srclang
    assert fast[2][2] == {"x-a": "1"} and fast[2][3] == ["a & b"]
    plain_first = fast[4]
    assert plain_first[4][0][1] == "A & B < C > D é “q”" and plain_first[2] == {"x-n": "a < b"}
    lines = text.split("\n")
    assert lines[fast[-1][1] - 1].startswith('<tu tuid="last"')
    assert lines[fast[-2][1] - 1].startswith('<tu tuid="odd4"')


def test_a_file_of_inline_codes_reads_fast_flattened_and_through_lxml_kept(tmp_path, seed_units, monkeypatch):
    from bitext.tm import tmx

    path = tmp_path / "tagged.tmx"
    write_tmx(path, seed_units[:60])
    text = path.read_text(encoding="utf-8")
    head, body = text.split("<body>\n", 1)
    units = body.split("</tu>\n")
    tagged = [u.replace("</seg>", '<ph x="1">{1}</ph></seg>') if 5 <= n < 40 else u for n, u in enumerate(units)]
    path.write_text(head + "<body>\n" + "</tu>\n".join(tagged), encoding="utf-8")
    handed = []
    real = tmx._rest_with_lxml
    monkeypatch.setattr(tmx, "_rest_with_lxml", lambda *a: handed.append(a[3]) or real(*a))
    flat = _fast(path)
    assert flat == _lxml_units(path) and len(flat) == 60 and not handed  # codes dropped on the fast path
    kept = _fast(path, inline="keep")  # kept codes are lxml's serialisation: one unit at a time, then the rest
    assert kept == _lxml_units(path, inline="keep") and '<ph x="1">{1}</ph>' in kept[5][4][0][1]
    assert len(handed) == 1 and handed[0] == kept[5 + tmx._ODD_RUN][1]


def test_a_huge_or_unclosed_unit_goes_to_lxml_instead_of_filling_memory(tmp_path, seed_units, monkeypatch):
    from bitext.tm import tmx

    monkeypatch.setattr(tmx, "_HEAD", 1000)
    monkeypatch.setattr(tmx, "_CHUNK", 64)
    monkeypatch.setattr(tmx, "_MAX_UNIT", 3000)
    big = TranslationUnit("mot " * 500, "word " * 500, tuid="big")
    path = tmp_path / "huge.tmx"
    write_tmx(path, [*seed_units[:3], big, *seed_units[3:6]])
    handed = []
    real = tmx._rest_with_lxml
    monkeypatch.setattr(tmx, "_rest_with_lxml", lambda *a: handed.append(a[3]) or real(*a))
    fast = _fast(path)
    assert fast == _lxml_units(path) and fast[3][0] == "big" and handed == [fast[3][1]]
    text = path.read_text(encoding="utf-8")
    cut = tmp_path / "cut.tmx"
    cut.write_text(text[: text.index("mot mot") + 2000], encoding="utf-8")
    with pytest.raises(FormatError, match="malformed XML") as exc:
        list(iter_tmx(cut))
    assert exc.value.line == len(cut.read_text(encoding="utf-8").split("\n"))


INLINE_SEGS = [
    'Le <bpt i="1" x="1">&lt;b&gt;</bpt>groupe<ept i="1">&lt;/b&gt;</ept> <ph x="2"/>CIFG',
    '<hi type="x">Daech <ph>{1}</ph></hi> et <hi>l\'<hi x="y">État</hi></hi> <it pos="begin">&lt;i&gt;</it>fin<ut>{u}</ut>',
    '<hi/>vide <ph x="3"></ph>  ',
]


def test_fast_reader_flattens_inline_codes_like_lxml(tmp_path, monkeypatch):
    path = tmp_path / "codes.tmx"
    write_tmx(path, [TranslationUnit(f"s{n}", f"t{n}", tuid=str(n)) for n in range(len(INLINE_SEGS))])
    text = path.read_text(encoding="utf-8")
    for n, seg in enumerate(INLINE_SEGS):
        text = text.replace(f"<seg>s{n}</seg>", f"<seg>{seg}</seg>").replace(f"<seg>t{n}</seg>", f"<seg>{seg} en</seg>")
    path.write_text(text, encoding="utf-8")
    reference = _lxml_units(path)
    assert [r[4][0][1] for r in reference] == ["Le groupe CIFG", "Daech  et l'État fin", "vide"]
    _no_hand_over(monkeypatch, per_unit=True)
    assert _fast(path) == reference
    # Unbalanced <hi> is for lxml to judge; an unknown entity, even inside a code, is refused.
    broken = tmp_path / "broken.tmx"
    broken.write_text(text.replace("<seg><hi/>vide", "<seg>a <hi>b</hi></hi> vide", 1), encoding="utf-8")
    with pytest.raises(AssertionError, match="handed to lxml|went through lxml"):
        list(iter_tmx(broken))
    broken.write_text(text.replace("<seg><hi/>vide", "<seg>a <ph>&foo;</ph> vide", 1), encoding="utf-8")
    with pytest.raises(FormatError, match="unknown entity &foo;"):
        list(iter_tmx(broken))


def test_fast_reader_reads_other_encodings_and_lines_in_tiny_chunks(tmp_path, seed_units, monkeypatch):
    utf8 = tmp_path / "utf8.tmx"
    write_tmx(utf8, seed_units[:30])
    text = utf8.read_text(encoding="utf-8")
    utf16 = tmp_path / "utf16.tmx"
    utf16.write_bytes(codecs.BOM_UTF16_LE + text.replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16-le"))
    latin = tmp_path / "latin.tmx"
    latin_units = [TranslationUnit("Façade à l'État", "Facade"), TranslationUnit("Œil", "Eye")]
    write_tmx(latin, latin_units)
    latin.write_bytes(latin.read_text(encoding="utf-8").replace("encoding='UTF-8'", "encoding='windows-1252'").encode("cp1252"))
    bom8 = tmp_path / "bom8.tmx"
    bom8.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    reference = {p: _lxml_units(p) for p in (utf8, utf16, latin, bom8)}
    _no_hand_over(monkeypatch)
    for path, expected in reference.items():
        assert _fast(path) == expected, path.name
    assert [(u.source, u.target) for u in iter_tmx(latin)] == [(u.source, u.target) for u in latin_units]
    assert len(_fast(utf16)) == 30 and _fast(utf16) == _fast(utf8)


def test_fast_reader_refuses_bad_bytes_and_characters_at_their_line(tmp_path, seed_units, monkeypatch):
    monkeypatch.setattr("bitext.tm.tmx._HEAD", 600)
    monkeypatch.setattr("bitext.tm.tmx._CHUNK", 101)
    good = tmp_path / "good.tmx"
    write_tmx(good, seed_units[:12])
    text = good.read_text(encoding="utf-8")
    target = seed_units[9].source[:20]
    bad_line = next(n for n, line in enumerate(text.split("\n"), 1) if target in line)
    raw = text.encode("utf-8")
    cases = {
        "bytes.tmx": raw.replace(target.encode("utf-8"), b"\xff\xfe" + target.encode("utf-8")[2:], 1),
        "control.tmx": raw.replace(target.encode("utf-8"), b"\x01" + target.encode("utf-8")[1:], 1),
        "charref.tmx": raw.replace(target.encode("utf-8"), b"&#1;" + target.encode("utf-8")[1:], 1),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(FormatError) as exc:
            list(iter_tmx(path))
        assert exc.value.line == bad_line, (name, str(exc.value))


def test_fast_reader_reports_a_late_error_at_its_line(tmp_path, seed_units, runner):
    path = tmp_path / "late.tmx"
    write_tmx(path, seed_units[:20])
    text = path.read_text(encoding="utf-8").replace("</body>", "<tu><tuv xml:lang='fr'><seg>a</seg></tu>\n</body>")
    path.write_text(text, encoding="utf-8")
    bad_line = next(n for n, line in enumerate(text.split("\n"), 1) if "<seg>a</seg></tu>" in line)
    res = runner.invoke(main, ["tmx", "stats", str(path)])
    assert res.exit_code == 2 and res.output.startswith(f"bitext: error: {path}:{bad_line}:")
    assert f"tuv line {bad_line} and tu" in res.output  # lxml's own line numbers, moved to the file's
    undefined = tmp_path / "entity.tmx"
    write_tmx(undefined, seed_units[:3])
    undefined.write_text(undefined.read_text(encoding="utf-8").replace("Daech", "&foo;", 1), encoding="utf-8")
    res = runner.invoke(main, ["tmx", "stats", str(undefined)])
    foo_line = next(n for n, line in enumerate(undefined.read_text(encoding="utf-8").split("\n"), 1) if "&foo;" in line)
    assert res.exit_code == 2 and res.output.startswith(f"bitext: error: {undefined}:{foo_line}: unknown entity &foo;")

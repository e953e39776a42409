"""Property tests: every document reader gives a result or one project error on any input, never another
exception; what it returns is well formed; chrome, code and markup never reach the text."""

from __future__ import annotations

import io
import os
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bitext.tm.errors import BitextError
from bitext.tm.formats import read_document, read_units
from bitext.tm.tmx import tmx_bytes

# CI: a fixed, deterministic budget. bench/fuzz_deep.py sets BITEXT_FUZZ_EXAMPLES for a deeper random run.
_DEEP = int(os.environ.get("BITEXT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=_DEEP or 60, derandomize=not _DEEP, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


def _well_formed(src) -> bool:
    """Blocks inside the text, positions at or after line 1 column 1, no soft hyphen or edge space."""
    if src.format != "text" and ("\u00ad" in src.text or src.text != src.text.strip()):
        return False  # (plain text is the file itself, verbatim, so that offsets are the file's)
    if not all(0 <= b.start < b.end <= len(src.text) for b in src.blocks):
        return False
    return all(line >= 0 and col >= 1 for line, col in
               (src.position(off) for off in range(0, len(src.text), max(1, len(src.text) // 7))))


def _read(tmp_path, name: str, data: bytes, fmt: str = "auto"):
    """(the SourceText, None) or (None, the project error's message); any other exception fails the test."""
    p = tmp_path / name
    p.write_bytes(data)
    try:
        return read_document(str(p), fmt), None
    except BitextError as exc:
        return None, str(exc)


def _answered(src, err: str | None, name: str) -> bool:
    """A well-formed text, or one line of error that names the file."""
    return _well_formed(src) if err is None else (err.count("\n") == 0 and name in err)


@FUZZ
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(["html", "markdown", "text", "docx", "odt", "pdf"]))
def test_any_bytes_give_text_or_one_error(tmp_path, data, fmt):
    src, err = _read(tmp_path, f"f.{fmt}", data, fmt)
    assert _answered(src, err, f"f.{fmt}"), err


_TAGS = ["p", "div", "span", "li", "ul", "td", "h2", "nav", "footer", "aside", "script", "br", "main", "header",
         "section", "b", "table", "tr", "blockquote"]
_node = st.recursive(
    words.map(lambda t: t.replace("<", " ").replace("&", " ")),
    lambda kids: st.tuples(st.sampled_from(_TAGS), st.lists(kids, max_size=4)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
    max_leaves=25)


@FUZZ
@given(body=_node)
def test_html_chrome_never_reaches_the_text(tmp_path, body):
    page = (f"<html lang='fr'><body><nav>NAVMARK</nav><script>SCRIPTMARK</script><div class='breadcrumb'>CRUMBMARK"
            f"</div>{body}<p>Texte principal.</p><footer>FOOTMARK</footer></body></html>")
    src, err = _read(tmp_path, "p.html", page.encode("utf-8"))
    assert err is None and _well_formed(src), err
    for mark in ("NAVMARK", "SCRIPTMARK", "CRUMBMARK", "FOOTMARK", "<"):
        assert mark not in src.text or mark in body


@FUZZ
@given(prose=st.lists(words.filter(lambda t: t.strip()), min_size=1, max_size=5))
def test_markdown_code_never_reaches_the_text(tmp_path, prose):
    md = "\n\n".join(prose) + "\n\n```\nCODEMARK\n```\n\nLe `INLINEMARK` texte.\n"
    src, err = _read(tmp_path, "n.md", md.encode("utf-8"))
    assert _answered(src, err, "n.md"), err
    if src is not None:
        assert "CODEMARK" not in src.text and "INLINEMARK" not in src.text


@FUZZ
@given(data=st.binary(max_size=600))
def test_damaged_docx_member_is_one_error(tmp_path, data):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", data)
    src, err = _read(tmp_path, "d.docx", buf.getvalue())
    assert _answered(src, err, "d.docx"), err


_xml_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@FUZZ
@given(pairs=st.lists(st.tuples(_xml_text, _xml_text), min_size=1, max_size=6))
def test_xliff_units_round_trip_into_valid_tmx(tmp_path, pairs):
    def esc(t: str) -> str:
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    units = "".join(f"<trans-unit id='{k}'><source>{esc(s)}<x id='1'/></source><target>{esc(t)}</target></trans-unit>"
                    for k, (s, t) in enumerate(pairs))
    x = tmp_path / "f.xlf"
    x.write_text("<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'><file source-language='fr' "
                 f"target-language='en'><body>{units}</body></file></xliff>", encoding="utf-8")
    got = list(read_units(str(x)))
    assert [(u.source, u.target) for u in got] == [(s.strip(), t.strip()) for s, t in pairs]
    tmx_bytes(u for u in got if u.source and u.target)  # inline codes make valid segments


@FUZZ
@given(data=st.binary(max_size=1500))
def test_any_bytes_as_xliff_or_po_give_units_or_one_error(tmp_path, data):
    for name in ("f.xlf", "f.po"):
        p = tmp_path / name
        p.write_bytes(data)
        try:
            list(read_units(str(p)))
        except BitextError as exc:
            assert str(exc).count("\n") == 0


_po_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40)


@FUZZ
@given(entries=st.lists(st.tuples(_po_text.filter(lambda t: t.strip()), _po_text), min_size=1, max_size=5,
                        unique_by=lambda e: e[0]))
def test_po_written_by_polib_reads_back(tmp_path, entries):
    import polib

    po = polib.POFile()
    po.metadata = {"Language": "fr", "Content-Type": "text/plain; charset=UTF-8"}
    for src, tgt in entries:
        po.append(polib.POEntry(msgid=src, msgstr=tgt))
    p = tmp_path / "m.po"
    po.save(str(p))
    got = [(u.source, u.target) for u in read_units(str(p))]
    assert got == [(s, t) for s, t in entries]

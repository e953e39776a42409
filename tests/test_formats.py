"""Document readers on real files made by real tools: lxml pages, python-docx, Chromium prints, XLIFF and PO."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bitext.cli.main import main
from bitext.tm.errors import BitextError, FormatError, InputError
from bitext.tm.formats import detect, read_document, read_units
from bitext.tm.tmx import iter_tmx, validate

from .conftest import SEEDS
from .render import CHROME_STRINGS, CHROMIUM, docx_file, page_html, print_pdf


def _paragraphs(path: Path) -> list[str]:
    return [" ".join(p.split()) for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


FR = _paragraphs(SEEDS / "fr" / "ministerial-communique-2020.fr.txt")[:-2]  # without the scraped page-details tail
EN = _paragraphs(SEEDS / "en" / "ministerial-communique-2020.en.txt")[:-2]


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize("name,head,fmt", [
    ("a.txt", b"Bonjour.", "text"),
    ("a.txt", b"<!DOCTYPE html><html lang='fr'>", "html"),
    ("page", b"\xef\xbb\xbf<html><body><p>x", "html"),
    ("a.bin", b"%PDF-1.7\n", "pdf"),
    ("a.txt", b"%PDF-1.4", "pdf"),
    ("a.docx", b"PK\x03\x04rest", "docx"),
    ("a.odt", b"PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.text", "odt"),
    ("a.xml", b'<?xml version="1.0"?><xliff version="1.2">', "xliff"),
    ("a.md", b"# Titre", "markdown"),
    ("messages", b'msgid ""\nmsgstr ""\n"Language: fr\\n"', "po"),
    ("a.tmx", b"<tmx>", "tmx"),
])
def test_detection_by_content_then_extension(name, head, fmt):
    assert detect(name, head) == fmt


# ---------------------------------------------------------------- HTML


def test_canada_ca_page_keeps_content_and_drops_chrome(tmp_path):
    page = tmp_path / "page.fr.html"
    page.write_text(page_html(FR[1:], "fr", FR[0]), encoding="utf-8")
    src = read_document(str(page))
    assert src.lang == "fr" and src.format == "html"
    assert [b.kind for b in src.blocks][:2] == ["heading", "paragraph"]
    assert src.text.split("\n\n") == FR
    for chrome in CHROME_STRINGS:
        assert chrome not in src.text, chrome
    assert "Iraq tracking code" not in src.text and "<" not in src.text
    # positions point at the page's own lines
    k = src.text.index("Le 4 juin 2020")
    line, _ = src.position(k)
    assert "Le 4 juin 2020" in page.read_text(encoding="utf-8").split("\n")[line - 1]


def test_html_structure_lists_tables_hidden_and_encoding(tmp_path):
    html = ("<html lang='fr-CA'><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
            "<style>p{}</style></head><body><main><h2>Priorités</h2><ul><li>Première</li><li>Deuxième<ul><li>Imbriquée</li></ul></li></ul>"
            "<table><tr><th>Groupe</th><td>Financement</td></tr></table>"
            "<p hidden>caché</p><div style='display: none'>invisible</div><p>Fin<br>ligne</p>"
            "<div>Texte libre <span>dans</span> un div</div></main></body></html>")
    page = tmp_path / "p.html"
    page.write_bytes(html.encode("windows-1252"))
    src = read_document(str(page))
    assert src.lang == "fr-CA"
    assert src.text.split("\n\n") == ["Priorités", "Première", "Deuxième", "Imbriquée", "Groupe", "Financement",
                                      "Fin\nligne", "Texte libre dans un div"]
    assert [b.kind for b in src.blocks][:6] == ["heading", "item", "item", "item", "cell", "cell"]


def test_html_without_main_text_is_one_line_error(tmp_path, runner):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav><a href='#'>Accueil</a></nav><script>x()</script></body></html>")
    with pytest.raises(InputError, match="no main text"):
        read_document(str(page))
    res = runner.invoke(main, ["align", str(page), str(SEEDS / "en" / "ministerial-communique-2020.en.txt")])
    assert res.exit_code == 2 and res.output.count("\n") == 1 and "empty.html" in res.output


def test_align_two_web_pages_pairs_prose_not_markup(tmp_path, runner):
    fr, en = tmp_path / "page.fr.html", tmp_path / "page.en.html"
    fr.write_text(page_html(FR[1:], "fr", FR[0]), encoding="utf-8")
    en.write_text(page_html(EN[1:], "en", EN[0]), encoding="utf-8")
    res = runner.invoke(main, ["align", str(fr), str(en), "--format", "json"])
    assert res.exit_code == 0, res.output
    beads = json.loads(res.output)["beads"]
    texts = [s for b in beads for s in b["source"] + b["target"]]
    assert not any("<" in t or "DOCTYPE" in t for t in texts)
    assert not any(c in t for t in texts for c in CHROME_STRINGS)
    assert any(b["source"] == ["Le 4 juin 2020"] and b["target"] == ["June 4, 2020"] for b in beads)
    out = tmp_path / "pages.tmx"
    res = runner.invoke(main, ["align", str(fr), str(en), "--format", "tmx", "-o", str(out)])
    assert res.exit_code == 0 and validate(out) == []
    units = list(iter_tmx(out))
    assert units[0].props["x-file"] == "page.fr.html" and units[0].props["x-locator"].startswith("h1, line ")


# ---------------------------------------------------------------- DOCX and ODT


def _add_footnote_and_revisions(path: Path) -> None:
    """Give a python-docx file a footnote part, a tracked insertion and a tracked deletion."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = etree.fromstring(parts["word/document.xml"])
    body = doc.find(f"{{{w}}}body")
    p = etree.SubElement(body, f"{{{w}}}p")
    body.insert(len(body) - 2, p)
    for tag, text in (("r", "Texte "), ("ins", "ajouté "), ("del", "supprimé "), ("r", "accepté.")):
        holder = p if tag == "r" else etree.SubElement(p, f"{{{w}}}{tag}")
        run = etree.SubElement(holder, f"{{{w}}}r")
        etree.SubElement(run, f"{{{w}}}{'delText' if tag == 'del' else 't'}").text = text
    ref = etree.SubElement(etree.SubElement(p, f"{{{w}}}r"), f"{{{w}}}footnoteReference")
    ref.set(f"{{{w}}}id", "1")
    parts["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Une note de bas de page.</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_docx_body_tables_notes_revisions_without_running_header(tmp_path):
    path = docx_file(tmp_path / "c.fr.docx", FR[0], FR[1:4], header="EN-TÊTE COURANT", footer="Pied de page 1")
    import docx
    d = docx.Document(str(path))
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Cellule un", "Cellule deux"
    d.save(str(path))
    _add_footnote_and_revisions(path)
    src = read_document(str(path))
    blocks = src.text.split("\n\n")
    assert blocks[:4] == FR[:4]
    assert "Cellule un" in blocks and "Cellule deux" in blocks
    assert "Texte ajouté accepté." in blocks and "supprimé" not in src.text
    assert blocks[-1] == "Une note de bas de page." and src.blocks[-1].locator.startswith("footnote 1")
    assert "EN-TÊTE" not in src.text and "Pied de page" not in src.text
    assert src.blocks[0].kind == "heading" and src.line_unit == "paragraph"
    assert src.position(src.text.index(FR[2]))[0] == 3  # third paragraph of the body


def test_odt_paragraphs_headings_and_notes(tmp_path):
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
               f'xmlns:text="{text}"><office:body><office:text>'
               '<text:h text:outline-level="1">Titre</text:h><text:p>Premier <text:span>paragraphe</text:span>'
               '<text:note><text:note-body><text:p>Note.</text:p></text:note-body></text:note> fini.</text:p>'
               '<text:tracked-changes><text:changed-region><text:deletion><text:p>Effacé</text:p></text:deletion>'
               '</text:changed-region></text:tracked-changes></office:text></office:body></office:document-content>')
    path = tmp_path / "d.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("styles.xml", f'<office:document-styles xmlns:office="{office}" '
                   'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
                   'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"><office:styles>'
                   '<style:default-style><style:text-properties fo:language="fr" fo:country="CA"/></style:default-style>'
                   '</office:styles></office:document-styles>')
    src = read_document(str(path))
    assert src.text.split("\n\n") == ["Titre", "Premier paragraphe fini.", "Note."]
    assert src.lang == "fr-CA"
    assert src.blocks[0].kind == "heading"


def test_corrupt_docx_and_zip_bomb_are_one_line_errors(tmp_path, runner):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * (24 << 20))
    for path, words in ((bad, "corrupt document"), (bomb, "zip bomb")):
        with pytest.raises(BitextError, match=words):
            read_document(str(path))
        out = tmp_path / "out.json"
        res = runner.invoke(main, ["align", str(path), str(SEEDS / "en" / "ministerial-communique-2020.en.txt"),
                                   "-o", str(out)])
        assert res.exit_code == 2 and res.output.count("\n") == 1 and path.name in res.output
        assert not out.exists()


# ---------------------------------------------------------------- PDF (printed by Chromium)

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")


@needs_chromium
def test_pdf_print_recovers_paragraphs_without_running_header_footer(tmp_path):
    pdf = print_pdf(page_html(FR[1:], "fr", FR[0], chrome=False, hyphenate=True), tmp_path / "c.pdf")
    src = read_document(str(pdf))
    got = src.text.split("\n\n")
    assert got == [p.replace("\u00a0", " ") for p in FR] or sum(p in got for p in FR) >= len(FR) - 1
    assert "file://" not in src.text and "/3" not in src.text and "AM" not in src.text.split()
    assert src.line_unit == "page" and src.position(src.text.index(FR[-1]))[0] >= 2


@needs_chromium
def test_pdf_two_columns_read_in_order(tmp_path):
    paras = _paragraphs(SEEDS / "fr" / "guiding-principles-2018.fr.txt")
    pdf = print_pdf(page_html(paras[1:], "fr", paras[0], chrome=False, columns=2), tmp_path / "g.pdf")
    text = read_document(str(pdf)).text
    cursor = 0
    for p in paras[1:]:  # every paragraph found, each after the one before it
        cursor = text.find(p[:60], cursor)
        assert cursor >= 0, p[:60]
        cursor += 1


@needs_chromium
def test_image_only_pdf_asks_for_ocr(tmp_path, runner):
    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    pdf = print_pdf(f"<html><body><img src='data:image/png;base64,{pixel}' width=400 height=400></body></html>",
                    tmp_path / "scan.pdf", header_footer=False)
    res = runner.invoke(main, ["align", str(pdf), str(SEEDS / "en" / "ministerial-communique-2020.en.txt")])
    assert res.exit_code == 2 and "OCR" in res.output and res.output.count("\n") == 1


@needs_chromium
def test_encrypted_pdf_is_refused_unless_only_an_owner_password(tmp_path, runner):
    from pypdf import PdfWriter

    plain = print_pdf(page_html(FR[1:4], "fr", FR[0], chrome=False), tmp_path / "p.pdf")
    for name, user in (("locked.pdf", "secret"), ("owner.pdf", "")):
        w = PdfWriter(clone_from=str(plain))
        w.encrypt(user_password=user, owner_password="owner", algorithm="AES-128")
        w.write(str(tmp_path / name))
    res = runner.invoke(main, ["align", str(tmp_path / "locked.pdf"), str(plain)])
    assert res.exit_code == 2 and "encrypted PDF" in res.output and res.output.count("\n") == 1
    text = read_document(str(tmp_path / "owner.pdf")).text
    assert FR[1] in text.split("\n\n") and "file://" not in text and " AM" not in text


def test_dehyphenation_uses_the_documents_words():
    from bitext.tm.formats.pdf import _dehyphenate
    vocab = frozenset({"international", "porte-parole"})
    assert _dehyphenate("efforts interna-", "tional de", vocab) == "efforts international de"
    assert _dehyphenate("le porte-", "parole dit", vocab) == "le porte-parole dit"
    assert _dehyphenate("le zqxw-", "vbnm dit", vocab) == "le zqxw-vbnm dit"  # not a known word: the hyphen stays
    assert _dehyphenate("Counter\u00ad", "terrorism", vocab) == "Counterterrorism"  # a soft hyphen always joins


def test_not_a_pdf_and_damaged_pdf(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    with pytest.raises(BitextError):
        read_document(str(p))


# ---------------------------------------------------------------- Markdown


def test_markdown_prose_only_with_file_lines(tmp_path, runner):
    md = tmp_path / "note.fr.md"
    md.write_text("---\ntitle: Irak\n---\n# Titre sur Daech\n\nUn paragraphe sur\nl'Irak et `Daesh` ici.\n\n"
                  "```\nDaesh Iraq\n```\n\n    code Iraq indenté\n\n"
                  "Voir [le site](http://example.com/Iraq) ou http://example.com/Iraq <!-- Iraq -->\n", encoding="utf-8")
    src = read_document(str(md))
    assert src.text.split("\n\n") == ["Titre sur Daech", "Un paragraphe sur l'Irak et ici.", "Voir le site ou"]
    line, _ = src.position(src.text.index("l'Irak"))
    assert line == 7
    res = runner.invoke(main, ["check", str(md), "--glossary", str(SEEDS / "glossary.toml"), "--format", "json"])
    found = json.loads(res.output)["findings"]
    assert not any(f["term"] in ("Daesh", "Iraq") for f in found), found


# ---------------------------------------------------------------- XLIFF and PO

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="c.html" source-language="fr-CA" target-language="en-CA" datatype="html"><body>
  <trans-unit id="1"><source>La <g id="b1">Coalition</g> contre Daech<x id="br"/></source>
   <target>The <g id="b1">Coalition</g> against Daesh<x id="br"/></target></trans-unit>
  <trans-unit id="2"><source>Non traduit.</source></trans-unit>
  <trans-unit id="3" translate="no"><source>ISIS</source><target>ISIS</target></trans-unit>
  <trans-unit id="4"><source>Les 2 254 membres de l'Irak.</source><target>The 2,245 members of Iraq.</target></trans-unit>
 </body></file></xliff>
"""
XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr" trgLang="en">
 <file id="f1"><unit id="u1"><segment><source>Bonjour <pc id="1">monde</pc><ph id="2"/></source>
  <target>Hello <pc id="1">world</pc><ph id="2"/></target></segment>
  <segment><source>Seul.</source></segment></unit></file></xliff>
"""


def test_xliff_units_keep_inline_codes_for_tmx(tmp_path, runner):
    x12, x20 = tmp_path / "a.xlf", tmp_path / "b.xliff"
    x12.write_text(XLIFF12, encoding="utf-8")
    x20.write_text(XLIFF20, encoding="utf-8")
    units = list(read_units(str(x12)))
    assert [(u.source, u.target) for u in units] == [
        ("La Coalition contre Daech", "The Coalition against Daesh"), ("Non traduit.", ""),
        ("Les 2 254 membres de l'Irak.", "The 2,245 members of Iraq.")]
    assert units[0].source_lang == "fr-CA" and units[0].line == 4 and '<bpt i="1">' in units[0].source_markup
    u20 = list(read_units(str(x20)))
    assert (u20[0].source, u20[0].target, u20[0].target_lang) == ("Bonjour monde", "Hello world", "en")
    assert u20[1].target == ""
    out = tmp_path / "a.tmx"
    res = runner.invoke(main, ["tmx", "convert", str(x12), str(out)])
    assert res.exit_code == 0, res.output
    assert validate(out) == []
    raw = out.read_text(encoding="utf-8")
    assert '<bpt i="1">&lt;g id="b1"&gt;</bpt>Coalition<ept i="1">&lt;/g&gt;</ept>' in raw and "<ph x=" in raw
    assert "Non traduit" not in raw


def test_po_units_from_translate_toolkit_and_tm_import(tmp_path, runner):
    from translate.storage import po as ttk_po

    store = ttk_po.pofile()
    store.updateheader(add=True, Language="fr")
    for src, tgt in (("The Coalition against Daesh", "La Coalition contre Daech"), ("Untranslated", ""),
                     ("Fuzzy one", "Flou")):
        unit = store.addsourceunit(src)
        unit.target = tgt
        if src.startswith("Fuzzy"):
            unit.markfuzzy(True)
    path = tmp_path / "m.po"
    path.write_bytes(bytes(store))
    units = list(read_units(str(path)))
    assert [(u.source, u.target, u.source_lang, u.target_lang) for u in units] == [
        ("The Coalition against Daesh", "La Coalition contre Daech", "en", "fr"), ("Untranslated", "", "en", "fr"),
        ("Fuzzy one", "", "en", "fr")]
    db = tmp_path / "tm.sqlite"
    res = runner.invoke(main, ["tm", "import", str(path), "--db", str(db)])
    assert res.exit_code == 0 and "1 added" in res.output and "2 empty segment" in res.output


def test_xliff_from_translate_toolkit_reads_back(tmp_path):
    from translate.storage import xliff as ttk_xliff

    store = ttk_xliff.xlifffile(sourcelanguage="fr", targetlanguage="en")
    unit = store.addsourceunit("Le groupe de travail chargé du contre-financement")
    unit.target = "The Counter ISIS Finance Group"
    path = tmp_path / "t.xlf"
    path.write_bytes(bytes(store))
    [u] = list(read_units(str(path)))
    assert (u.source, u.target, u.source_lang, u.target_lang) == (
        "Le groupe de travail chargé du contre-financement", "The Counter ISIS Finance Group", "fr", "en")


def test_check_reads_xliff_per_unit_at_its_line(tmp_path, runner):
    x = tmp_path / "a.xlf"
    x.write_text(XLIFF12, encoding="utf-8")
    res = runner.invoke(main, ["check", str(x), "--glossary", str(SEEDS / "glossary.toml"), "--format", "json",
                               "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    found = json.loads(res.output)["findings"]
    assert {(f["rule"], f["line"]) for f in found} == {("B402", 8), ("B403", 6)}  # and the empty target


@pytest.mark.parametrize("text,words", [
    ("<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2'><file><body><trans-unit id='1'><source>a</source>"
     "<target>b</target></trans-unit></body></file></xliff>", "language"),
    ("<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2'><file source-language='fr'>", "not well-formed"),
    ("<tmx/>", "not an XLIFF"),
    ("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' "
     "srcLang='fr' trgLang='en'><file id='f'><unit id='u'><segment><source>&e;</source><target>x</target>"
     "</segment></unit></file></xliff>", None),
])
def test_bad_xliff_is_a_format_error(tmp_path, text, words):
    x = tmp_path / "bad.xlf"
    x.write_text(text, encoding="utf-8")
    try:
        units = list(read_units(str(x)))
    except FormatError as exc:
        assert words is None or words in str(exc)
    else:
        assert words is None and all("root:" not in u.source for u in units)  # the entity is never expanded


def test_build_over_a_folder_of_mixed_formats(tmp_path, runner):
    seeds = tmp_path / "seeds"
    (seeds / "fr").mkdir(parents=True)
    (seeds / "en").mkdir()
    (seeds / "fr" / "c.fr.html").write_text(page_html(FR[1:], "fr", FR[0]), encoding="utf-8")
    docx_file(seeds / "en" / "c.en.docx", EN[0], EN[1:], header="Global Affairs Canada", footer="Page 1")
    (seeds / "glossary.toml").write_bytes((SEEDS / "glossary.toml").read_bytes())
    (seeds / "corpus.toml").write_text('[[document]]\nid = "c"\nfrench = "fr/c.fr.html"\nenglish = "en/c.en.docx"\n'
                                       'english_status = "reference"\ndate = 2020-06-04\n', encoding="utf-8")
    res = runner.invoke(main, ["build", str(seeds), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    units = list(iter_tmx(tmp_path / "out" / "coalition.fr-en.tmx"))
    assert any(u.source == "Le 4 juin 2020" and u.target == "June 4, 2020" for u in units)
    assert not any(c in u.source + u.target for u in units for c in CHROME_STRINGS + ["Global Affairs Canada"])

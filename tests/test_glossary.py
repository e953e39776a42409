import json

import pytest

from bitext.cli.main import main
from bitext.glossary import formats
from bitext.glossary.extract import acronyms, bilingual
from bitext.glossary.lookup import LookupIndex
from bitext.glossary.model import GlossaryError, Status
from bitext.glossary.toml_io import dumps, load, loads

from .conftest import SEEDS

GLOSSARY = str(SEEDS / "glossary.toml")


@pytest.fixture(scope="module")
def g():
    return load(GLOSSARY)


def test_seed_glossary_covers_the_required_concepts(g):
    ids = {c.id for c in g}
    assert {"daesh", "iraq", "iraqi", "global-coalition", "cifg", "ftf-wg", "communications-wg", "stabilization-wg",
            "gctf", "unsc", "interpol", "nato", "foreign-terrorist-fighter", "partner-forces", "stabilization",
            "covid-19", "unscr-2254"} <= ids
    daesh = g.get("daesh")
    fr = {t.text: t for t in daesh.terms_in("fr")}
    assert fr["Daech"].status is Status.PREFERRED and fr["Daesh"].status is Status.DEPRECATED
    assert "Étata islamique" in fr["État islamique"].misspellings
    en = {t.text: t.status for t in daesh.terms_in("en")}
    assert en["ISIS"] is Status.PREFERRED and en["Daesh/ISIS"] is Status.ADMITTED
    assert g.get("iraq").preferred("fr").text == "Irak" and g.get("iraqi").preferred("fr").text == "irakien"
    assert g.get("cifg").preferred("en").text == "Counter ISIS Finance Group"
    assert all(c.sources for c in g), "each entry cites where it is attested"


BAD = """[[concept]]
id = "a"
fr = [{ term = "Irak", status = "preferred" }]

[[concept]]
id = "a"
fr = [{ term = "Daech", status = "approved" }]

[[concept]]
id = "b"
fr = [{ term = "irak", status = "admitted" }]

[[concept]]
id = "c"
"""


def test_loading_reports_every_mistake_with_its_line():
    with pytest.raises(GlossaryError) as info:
        loads(BAD, "bad.toml")
    lines = info.value.lines()
    assert "bad.toml:6: duplicate concept id 'a' (first at line 1)" in lines
    assert any(line.startswith("bad.toml:7:") and "unknown status 'approved'" in line for line in lines)
    assert any(line.startswith("bad.toml:11:") and "is in concept 'b' and in 'a'" in line for line in lines)
    assert "bad.toml:13: concept 'c' has no terms" in lines


def test_cli_reports_glossary_mistakes_one_per_line_exit_2(tmp_path, runner):
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    res = runner.invoke(main, ["term", "Irak", "--glossary", str(bad)])
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 4 and "Traceback" not in res.output


def _snapshot(g):
    return [(c.id, c.subject, c.definition, c.note, c.sources,
             [(t.text, t.lang, t.status, t.type, t.locale, t.misspellings, t.note, t.source, t.expands) for t in c.terms])
            for c in g]


def test_round_trips_lose_nothing(g, tmp_path):
    v3 = tmp_path / "g.tbx"
    v3.write_bytes(formats.to_tbx3(g))
    assert _snapshot(formats.from_tbx(str(v3))) == _snapshot(g)
    v2 = tmp_path / "g2.tbx"
    v2.write_bytes(formats.to_tbx2(g))
    assert _snapshot(formats.from_tbx(str(v2))) == _snapshot(g)
    assert _snapshot(loads(dumps(g))) == _snapshot(g)
    csv_path = tmp_path / "g.csv"
    csv_path.write_text(formats.to_csv(g), encoding="utf-8")
    back = formats.from_csv(str(csv_path))
    assert [(c.id, [(t.text, t.status, t.misspellings) for t in c.terms]) for c in back] == \
           [(c.id, [(t.text, t.status, t.misspellings) for c2 in [c] for t in sum((c2.terms_in(l) for l in c2.languages()), [])]) for c in g]


def test_tbx3_follows_tbx_basic_rules(g):
    from lxml import etree

    root = etree.fromstring(formats.to_tbx3(g))
    ns = {"t": formats.TBX3_NS}
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    allowed = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"}
    statuses = root.xpath("//t:termNote[@type='administrativeStatus']/text()", namespaces=ns)
    assert statuses and set(statuses) <= allowed
    for tn in root.xpath("//t:termNote", namespaces=ns):
        assert etree.QName(tn.getparent()).localname == "termSec"
    assert set(root.xpath("//t:termNote[@type='termType']/text()", namespaces=ns)) <= \
        {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"}
    assert len(root.xpath("//t:conceptEntry", namespaces=ns)) == len(g)


def test_translate_toolkit_reads_every_term_of_the_v2_export(g):
    from translate.storage.tbx import tbxfile

    store = tbxfile(formats.to_tbx2(g), "fr", "en")
    assert len(store.units) == len(g)
    for unit, concept in zip(store.units, g):
        assert [t.text for t in unit.get_source_terms()] == [t.text for t in concept.terms_in("fr")]
        assert [t.text for t in unit.get_target_terms()] == [t.text for t in concept.terms_in("en")]


def test_omegat_glossary_has_preferred_targets_and_status_comments(g):
    lines = [line.split("\t") for line in formats.to_omegat(g).splitlines()]
    assert all(len(cols) == 3 for cols in lines)
    assert ["Daech", "ISIS"] == lines[0][:2] and lines[0][2].startswith("preferred")
    targets = {cols[1] for cols in lines}
    assert "Daesh" not in targets and "Irak" not in targets
    # Deprecated French terms are listed with the approved English and a warning, so OmegaT flags them.
    daesh = [cols for cols in lines if cols[0] == "Daesh"]
    assert daesh and daesh[0][1] == "ISIS" and daesh[0][2].startswith("DEPRECATED in French; write Daech")
    iraq = [cols for cols in lines if cols[0] == "Iraq"]
    assert iraq and iraq[0][1] == "Iraq"


def test_cat_tbx2_never_offers_a_deprecated_target_and_says_statuses_in_words(g):
    from lxml import etree
    from translate.storage.tbx import tbxfile

    data = formats.to_tbx2_cat(g, "fr", "en")
    root = etree.fromstring(data)
    assert not root.xpath("//termNote[@type='administrativeStatus']")
    for te in root.iter("termEntry"):
        concept = next(c for c in g if c.id == te.get("id"))
        en = [t.text for t in te.xpath("langSet[@xml:lang='en']/tig/term")]
        assert en and all(t.status.approved for t in concept.terms_in("en") if t.text in en)
        assert set(en) == {t.text for t in concept.terms_in("en") if t.status.approved}
    notes = set(root.xpath("//tig/note/text()"))
    assert "preferred" in notes and any(n.startswith("DEPRECATED in French; write") for n in notes)
    assert not any("-admn-sts" in n for n in notes)
    store = tbxfile(data, "fr", "en")  # a second reader agrees: Daech and Irak are never offered as English
    targets = {t.text for unit in store.units for t in unit.get_target_terms()}
    assert targets and not targets & {"Daech", "Irak", "Daech/État islamique"}


def test_csv_has_a_bom_a_wide_layout_and_protects_formulas(g, tmp_path):
    assert formats.to_csv(g).startswith("\ufeffconcept,lang,term")
    wide = formats.to_csv(g, wide=True)
    header = wide.lstrip("\ufeff").splitlines()[0].split(",")
    assert header[:3] == ["concept", "fr preferred", "fr admitted"] and "en deprecated" in header
    assert any(line.startswith("daesh,Daech,") for line in wide.splitlines())
    from bitext.glossary.model import Concept, Glossary, Term
    evil = Glossary([Concept("x", [Term("=HYPERLINK(1)", "fr", Status.PREFERRED), Term("-5 %", "en", Status.PREFERRED)])])
    text = formats.to_csv(evil)
    assert "'=HYPERLINK(1)" in text and "'-5 %" in text
    p = tmp_path / "e.csv"
    p.write_text(text, encoding="utf-8")
    assert [t.text for t in formats.from_csv(str(p)).concepts[0].terms] == ["=HYPERLINK(1)", "-5 %"]


@pytest.mark.parametrize("query,lang,concept,kind", [
    ("etat islamique", None, "daesh", "exact"),
    ("Etat islamique", None, "daesh", "exact"),
    ("CIFG", None, "cifg", "exact"),
    ("FTF WG", None, "ftf-wg", "exact"),
    ("ftf-wg", None, "ftf-wg", "compact"),
    ("Étata islamique", None, "daesh", "misspelling"),
    ("ISIS", "en", "daesh", "exact"),
    ("Organisation du Traite de l’Atlantique Nord", None, "nato", "exact"),
    ("Forum mondial contre le terrorisme", None, "gctf", "word"),
])
def test_lookup(g, query, lang, concept, kind):
    m = LookupIndex.build(g).lookup(query, lang)[0]
    assert (m.concept, m.kind) == (concept, kind)


def test_cli_lookup_json_text_and_exit_codes(runner):
    res = runner.invoke(main, ["term", "ISIS", "--from", "en", "--format", "json", "--glossary", GLOSSARY])
    assert res.exit_code == 0
    m = json.loads(res.output)["matches"][0]
    assert m["concept"] == "daesh" and m["fr"][0] == {"term": "Daech", "status": "preferred"}
    assert m["en"][0] == {"term": "ISIS", "status": "preferred"} and m["note"]
    res = runner.invoke(main, ["term", "Étata", "islamique", "--glossary", GLOSSARY])
    assert res.exit_code == 0 and "did you mean État islamique?" in res.output
    assert "★ Daech" in res.output
    res = runner.invoke(main, ["term", "zzzqqq", "--glossary", GLOSSARY])
    assert res.exit_code == 1


def test_cli_export_writes_every_format(tmp_path, runner):
    for fmt, check in [("tbx", b"conceptEntry"), ("tbx2", b"<martif"), ("omegat", "Daech\tISIS".encode()), ("csv", b"concept,lang,term")]:
        out = tmp_path / f"g.{fmt}"
        res = runner.invoke(main, ["term", "export", "--glossary", GLOSSARY, "--format", fmt, "-o", str(out)])
        assert res.exit_code == 0, res.output
        assert check in out.read_bytes()


def test_cli_import_csv_to_toml(tmp_path, runner, g):
    csv_path = tmp_path / "in.csv"
    csv_path.write_text(formats.to_csv(g), encoding="utf-8")
    out = tmp_path / "out.toml"
    res = runner.invoke(main, ["term", "import", str(csv_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert len(load(str(out))) == len(g)


PAIRS = [
    ("Le groupe de travail chargé du contre-financement (ou CIFG) se concentre sur Daech.",
     "The Counter ISIS Finance Group (CIFG) focuses on ISIS."),
    ("Le groupe de travail chargé des combattants terroristes étrangers (aussi appelé FTF WG) agit.",
     "The Foreign Terrorist Fighters Working Group (FTF WG) works."),
    ("Le FTF WG continuera avec le Forum mondial de lutte contre le terrorisme.", "The FTF WG will continue with the Global Counterterrorism Forum."),
    ("Le CIFG s'adaptera au Forum mondial de lutte contre le terrorisme.", "The CIFG will adapt to the Global Counterterrorism Forum."),
]


def test_extraction_finds_acronyms_with_expansions_in_both_languages():
    found = {a.acronym: a for a in acronyms(PAIRS)}
    assert found["CIFG"].expansions["en"].most_common(1)[0][0] == "Counter ISIS Finance Group"
    assert found["CIFG"].expansions["fr"].most_common(1)[0][0] == "groupe de travail chargé du contre-financement"
    assert found["FTF WG"].expansions["en"].most_common(1)[0][0] == "Foreign Terrorist Fighters Working Group"
    cands = {c.source: c.target for c in bilingual(PAIRS)}
    assert cands.get("Forum mondial de lutte contre le terrorisme") == "Global Counterterrorism Forum"


@pytest.mark.parametrize("query,concept,kind", [
    ("Nations Unies", "unsc", "word"),
    ("terroriste", "foreign-terrorist-fighter", "word"),
    ("conseil de sécu", "unsc", "prefix"),
    ("Daech", "daesh", "exact"),
])
def test_partial_and_word_lookups_rank_exact_then_prefix_then_word(query, concept, kind):
    from bitext.glossary.lookup import LookupIndex
    from bitext.glossary.model import load_glossary

    idx = LookupIndex.build(load_glossary(str(SEEDS / "glossary.toml")))
    m = idx.lookup(query)
    assert m and m[0].concept == concept and m[0].kind == kind


def test_no_match_names_the_closest_terms_and_options_may_come_first(runner):
    res = runner.invoke(main, ["term", "--glossary", str(SEEDS / "glossary.toml"), "Coalitiom"])
    assert res.exit_code == 1 and "closest:" in res.output
    res = runner.invoke(main, ["term", "--from", "en", "ISIS", "--glossary", str(SEEDS / "glossary.toml")])
    assert res.exit_code == 0 and "Daech" in res.output

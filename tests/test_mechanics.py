"""Typing mechanics and locale typography: each rule with a case that fires and one that must not."""

from __future__ import annotations

import json

import pytest

from bitext.cli.main import main
from bitext.glossary import mechanics

from .conftest import SEEDS


def rules(hits):
    return [(h[2], h[3]) for h in hits]


@pytest.mark.parametrize("fn,fires,quiet", [
    (lambda t: mechanics.repeated_words(t, "fr"), "Il a vu la la maison.", "Nous nous sommes réunis; la maison."),
    (lambda t: mechanics.repeated_words(t, "en"), "We saw the the house.", "He had had enough; 2 2."),
    (mechanics.double_spaces, "Le  chat.", "  Indenté.\nLe chat.\n    code"),
    (mechanics.missing_space_after, "Le chat,le chien. La fin.Début ici.", "1,5 kg, U.S.A., www.ex.com, a@b.fr, mot, mot."),
    (mechanics.space_before_punctuation, "The cat , the dog .", "The cat, the dog. A .NET app"),
    (mechanics.unbalanced, "Un (ouvert sans fin.\n\nUn » fermé.", "Un (deux) « trois » [quatre]."),
    (mechanics.ellipses, "Des pommes, des poires, etc...", "Il hésita... puis partit, etc. Fin…"),
    (mechanics.french_ordinals, "le 2ème jour, le 1ier mai, la 1ère fois, son 125eme anniversaire",
     "le 2e jour, le 1er mai, la 1re fois, le XIXe siècle, un problème, 3 ièmes"),
])
def test_each_mechanics_rule_fires_and_stays_quiet(fn, fires, quiet):
    assert list(fn(fires)), fires
    assert not list(fn(quiet)), list(fn(quiet))


def test_french_spacing_by_locale():
    canada, france = "Vraiment ? Oui; voici : « cité »", "Vraiment ? Oui ; voici : « cité »"
    assert rules(mechanics.french_spacing(canada, "fr-CA")) == [("P303", "a space before '?' (Canadian French writes none)")]
    assert not list(mechanics.french_spacing("Vraiment? Oui; voici : « cité »", "fr-CA"))
    assert not list(mechanics.french_spacing(france, "fr-FR"))
    assert [r for r, _ in rules(mechanics.french_spacing("Vraiment? Oui; voici: «cité»", "fr-FR"))] == ["P303"] * 5
    assert not list(mechanics.french_spacing("Voir http://ex.com.", "fr-FR"))


def test_locale_from_the_command_line_and_the_seeds_have_no_false_alarm(runner, tmp_path):
    doc = tmp_path / "a.fr.txt"
    doc.write_text("Est-ce vrai ? Oui ; c'est la la vérité.\n", encoding="utf-8")
    glossary = ["--glossary", str(SEEDS / "glossary.toml"), "--format", "json", "--fail-on", "never"]
    ca = json.loads(runner.invoke(main, ["check", str(doc), "--locale", "fr-CA", *glossary]).output)["findings"]
    fr = json.loads(runner.invoke(main, ["check", str(doc), "--locale", "fr-FR", *glossary]).output)["findings"]
    assert sorted(f["rule"] for f in ca) == ["M501", "P303", "P303"] and [f["rule"] for f in fr] == ["M501"]
    res = runner.invoke(main, ["check", str(SEEDS / "fr"), str(SEEDS / "en"), "--select", "M", *glossary])
    assert json.loads(res.output)["findings"] == []


def test_bilingual_unit_qa_on_po_and_xliff(tmp_path, runner):
    from bitext.glossary.unitqa import unit_findings

    assert [r for r, _ in unit_findings("Delete %s files?", "Supprimer les fichiers ?")] == ["B405"]
    assert [r for r, _ in unit_findings("Name: ", "Nom :")] == ["B406"]
    assert [r for r, _ in unit_findings("Are you sure?", "Vous êtes sûr.")] == ["B407"]
    assert [r for r, _ in unit_findings("A sentence long enough to judge.", "Oui.")] == ["B408"]
    assert list(unit_findings("Delete {0} files?", "Supprimer {0} fichiers ?")) == []
    assert list(unit_findings("Bonjour <b>", "Hello", '<bpt i="1">x</bpt>', '<bpt i="1">x</bpt>')) == []
    assert [r for r, _ in unit_findings("a", "b", '<ph x="1"/>', "")] == ["B405"]
    po = tmp_path / "m.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Delete %s files?"\nmsgstr "Supprimer les fichiers ?"\n\n'
                  'msgid "The coalition against Daesh"\nmsgstr "La coalition contre Daesh"\n\nmsgid "Empty one"\nmsgstr ""\n',
                  encoding="utf-8")
    res = runner.invoke(main, ["check", str(po), "--glossary", str(SEEDS / "glossary.toml"), "--format", "json",
                               "--fail-on", "never"])
    found = {(f["rule"], f["line"]) for f in json.loads(res.output)["findings"]}
    assert {("B405", 5), ("T102", 8), ("B403", 11)} <= found, found


def test_fix_and_diff(tmp_path, runner):
    import os

    doc = tmp_path / "a.fr.txt"
    original = "Le groupe Daesh  et  DAESH en Iraq ; ici.\nFin.\n"
    doc.write_text(original, encoding="utf-8")
    os.chmod(doc, 0o640)
    md = tmp_path / "b.fr.md"
    md.write_text("Le groupe Daesh.\n\n```\nDaesh  code\n```\n", encoding="utf-8")
    args = [str(doc), str(md), "--glossary", str(SEEDS / "glossary.toml"), "--locale", "fr-CA"]
    res = runner.invoke(main, ["check", *args, "--fix", "--diff"])
    assert "+Le groupe Daech et DAECH en Irak; ici." in res.output and doc.read_text(encoding="utf-8") == original
    res = runner.invoke(main, ["check", *args, "--fix", "--format", "json"])
    assert doc.read_text(encoding="utf-8") == "Le groupe Daech et DAECH en Irak; ici.\nFin.\n"
    assert (os.stat(doc).st_mode & 0o777) == 0o640 and "fixed 6" in res.output
    assert md.read_text(encoding="utf-8").count("Daesh") == 2  # Markdown is reported, never rewritten
    left = json.loads(res.output[res.output.index("{"):])["findings"]
    assert {f["path"] for f in left} == {str(md)}


def test_fix_is_linear_and_skips_overlaps():
    from bitext.glossary.check import Finding
    from bitext.glossary.fix import apply_fixes

    text = "a  b " * 20000
    found = [Finding("x", 1, 2 + 5 * k, 1, 4 + 5 * k, "M502", "", suggestion=" ") for k in range(20000)]
    found.append(Finding("x", 1, 2, 1, 5, "M502", "", suggestion=" "))  # overlaps the first
    new, applied = apply_fixes(text, found)
    assert new == "a b " * 20000 and len(applied) == 20000


needs_hunspell = pytest.mark.skipif(
    not __import__("shutil").which("hunspell"), reason="hunspell is not installed (.ci/run installs it and its dictionaries)")


@needs_hunspell
def test_spelling_by_locale_with_suggestions_and_known_words(tmp_path, runner):
    doc = tmp_path / "a.fr.txt"
    doc.write_text("Le gouvernment a adopté une approche pangouvernementale avec Kadhimi et l'OTAN.\n", encoding="utf-8")
    args = ["--glossary", str(SEEDS / "glossary.toml"), "--format", "json", "--fail-on", "never", "--select", "T,M,P,S"]
    found = json.loads(runner.invoke(main, ["check", str(doc), *args]).output)["findings"]
    spelling = [(f["term"], f["suggestion"]) for f in found if f["rule"] == "S601"]
    assert spelling == [("gouvernment", spelling[0][1])] and "gouvernement" in found[0]["message"]
    en = tmp_path / "b.en.txt"
    en.write_text("The defense of peacebuilding.\n", encoding="utf-8")
    ca = json.loads(runner.invoke(main, ["check", str(en), "--locale", "en-CA", *args]).output)["findings"]
    us = json.loads(runner.invoke(main, ["check", str(en), "--locale", "en-US", *args]).output)["findings"]
    assert [f["term"] for f in ca if f["rule"] == "S601"] == ["defense"] and not [f for f in us if f["rule"] == "S601"]
    res = runner.invoke(main, ["check", str(SEEDS / "fr"), str(SEEDS / "en"), *args[:-2], "--select", "S601"])
    assert json.loads(res.output)["findings"] == []  # no false alarm on the seeds


def test_spelling_without_hunspell_says_so(tmp_path, runner, monkeypatch):
    from bitext.glossary import spelling

    monkeypatch.setattr(spelling, "_available", lambda dic: False)
    doc = tmp_path / "a.fr.txt"
    doc.write_text("Le gouvernment.\n", encoding="utf-8")
    res = runner.invoke(main, ["check", str(doc), "--glossary", str(SEEDS / "glossary.toml"), "--fail-on", "never",
                               "--select", "S601"])
    assert res.exit_code == 0 and "spelling (S601) not checked" in res.output


def test_number_formats_and_french_quotes():
    fr = "Il a 3.5 ans, section 1.2.3, v2.0, 2 254 et 1,5 kg à 14:30 ou 9:05, voir 192.168.1.1 ou http://x:80."
    assert [(h[4]) for h in mechanics.number_formats(fr, "fr")] == ["3,5", "14 h 30", "9 h 05"]
    en = "It costs 3,5 dollars for 1,000 people, 2.5 km at 14:30."
    assert [(h[4]) for h in mechanics.number_formats(en, "en")] == ["3.5"]
    (hit,) = mechanics.french_quotes('Il a dit "oui", “peut-être” et « non ».')  # one finding per line
    assert hit[:3] == (9, 10, "P306") and "4× on this line" in hit[3]
    assert len(list(mechanics.french_quotes('"a"\n"b"\n« c »'))) == 2


@pytest.mark.parametrize("fn,lang,locale,fires,quiet", [
    (mechanics.thousands, "fr", "fr-CA", "Il y a 1,000,000 de personnes et 1.000,5 kg.",
     "1,000 kg, 1 000 000 personnes, en 2019 2 000 fois, 1.2.3"),
    (mechanics.thousands, "en", "en-US", "About 10 000 people and 1.000.000 euros.",
     "About 10,000 people, 2.5 km, section 1.2.3, in 2019 200 came."),
    (mechanics.thousands, "en", "en-GB", "About 1 000 000 people.", "About 1,000,000 people."),
    (mechanics.thousands, "en", "en-CA", "About 1.000.000 people.", "About 1 000 000 people or 1,000,000 people."),
    (mechanics.dates, "fr", "fr-CA", "le 6 Février 2019", "le 6 février 2019; Mars est une planète; le mois de Mai"),
    (mechanics.dates, "fr", "fr-CA", "le 02/06/2019", "le 2019-02-06, le 25/12/2019, le 05/05/2019"),
    (mechanics.dates, "fr", "fr-FR", "le 02/25/2019", "le 25/02/2019"),
    (mechanics.dates, "en", "en-CA", "on 6 february 2019", "on February 6, 2019; you may 5 times"),
    (mechanics.dates, "en", "en-CA", "on February 6th, 2019", "on February 6, 2019 and the 6th of February"),
    (mechanics.dates, "en", "en-US", "on 25/12/2019", "on 12/25/2019"),
    (mechanics.dates, "en", "en-GB", "on 12/25/2019", "on 25/12/2019"),
    (mechanics.dates, "en", "en-CA", "at 2:30 PM or 4pm", "at 2:30 p.m. or 4 a.m.; I am 4 PMs"),
])
def test_numbers_dates_and_times_by_locale(fn, lang, locale, fires, quiet):
    assert [h[2] for h in fn(fires, lang, locale)], fires
    assert not list(fn(quiet, lang, locale)), list(fn(quiet, lang, locale))


def test_thousands_suggestion_uses_the_locales_no_break_space():
    (_, _, _, _, ca), = mechanics.thousands("1,000,000", "fr", "fr-CA")
    (_, _, _, _, fr), = mechanics.thousands("1,000,000", "fr", "fr-FR")
    assert ca == "1\u00a0000\u00a0000" and fr == "1\u202f000\u202f000"


def test_times_are_a_north_american_rule_only():
    assert not list(mechanics.dates("at 2:30 PM", "en", "en-GB"))
    assert not list(mechanics.dates("at 2:30 PM", "en", None))


def test_every_rule_cites_its_source_in_the_documentation():
    from bitext.glossary.report import rules_markdown
    from bitext.glossary.rules import RULES

    doc = rules_markdown()
    for r in RULES.values():
        assert r.source, r.id
        assert f"Source: {r.source}." in doc

import json

from bitext.cli.main import main
from bitext.glossary.check import Checker, numbers
from bitext.glossary.rules import RULES
from bitext.glossary.toml_io import load

from .conftest import SEEDS

GLOSSARY = str(SEEDS / "glossary.toml")

# Every planted problem of the two French seeds, at its place, and nothing else.
EXPECTED = {
    ("guiding-principles-2018.fr.txt", 11, 564, "T102", "Iraq"),
    ("guiding-principles-2018.fr.txt", 11, 564, "T201", "Iraq"),
    ("guiding-principles-2018.fr.txt", 11, 1190, "T102", "Iraq"),
    ("guiding-principles-2018.fr.txt", 13, 143, "T102", "Iraq"),
    ("guiding-principles-2018.fr.txt", 13, 1087, "T102", "Iraq"),
    ("guiding-principles-2018.fr.txt", 15, 1115, "T102", "Iraq"),
    ("guiding-principles-2018.fr.txt", 19, 287, "T102", "Iraq"),
    ("guiding-principles-2018.fr.txt", 25, 154, "T102", "Iraq"),
    ("guiding-principles-2018.fr.txt", 25, 380, "T102", "Iraq"),
    ("guiding-principles-2018.fr.txt", 25, 429, "T102", "iraquien"),
    ("guiding-principles-2018.fr.txt", 25, 429, "T201", "iraquien"),
    ("guiding-principles-2018.fr.txt", 25, 920, "T102", "iraquiens"),
    ("guiding-principles-2018.fr.txt", 27, 483, "T102", "Iraq"),
    ("ministerial-communique-2020.fr.txt", 1, 49, "T104", "Coalition internationale contre Daech"),
    ("ministerial-communique-2020.fr.txt", 1, 49, "T201", "Coalition internationale contre Daech"),
    ("ministerial-communique-2020.fr.txt", 9, 579, "P301", "’"),
    ("ministerial-communique-2020.fr.txt", 13, 548, "P301", "’"),
    ("ministerial-communique-2020.fr.txt", 13, 1622, "T102", "Daesh"),
    ("ministerial-communique-2020.fr.txt", 15, 66, "P301", "’"),
    ("ministerial-communique-2020.fr.txt", 15, 479, "T103", "Étata islamique"),
    ("ministerial-communique-2020.fr.txt", 17, 153, "T102", "Daesh"),
    ("ministerial-communique-2020.fr.txt", 17, 266, "P301", "’"),
    ("ministerial-communique-2020.fr.txt", 19, 179, "P301", "’"),
    ("ministerial-communique-2020.fr.txt", 21, 185, "P301", "’"),
    ("ministerial-communique-2020.fr.txt", 23, 612, "P301", "’"),
    ("ministerial-communique-2020.fr.txt", 25, 22, "P301", "’"),
    ("ministerial-communique-2020.fr.txt", 25, 205, "T104", "Coalition internationale contre Daech"),
    ("ministerial-communique-2020.fr.txt", 25, 540, "T104", "Coalition internationale"),
}


def run_json(runner, *args):
    res = runner.invoke(main, ["check", *args, "--glossary", GLOSSARY, "--format", "json"])
    return res, json.loads(res.output) if res.output.startswith("{") else None


def test_seed_french_surfaces_every_planted_problem_and_nothing_else(runner):
    res, data = run_json(runner, str(SEEDS / "fr"))
    assert res.exit_code == 1  # the misspelling is an error
    got = {(f["path"].rsplit("/", 1)[-1], f["line"], f["column"], f["rule"], f["term"]) for f in data["findings"]}
    assert got == EXPECTED
    f = next(f for f in data["findings"] if f["rule"] == "T103")
    assert f["suggestion"] == "État islamique" and f["end_column"] == f["column"] + len("Étata islamique")
    text = (SEEDS / "fr" / "ministerial-communique-2020.fr.txt").read_text(encoding="utf-8").split("\n")
    assert text[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] == "Étata islamique"
    assert data["summary"]["by_rule"]["T102"] == 13


def test_english_texts_are_judged_by_the_english_list(tmp_path, runner):
    doc = tmp_path / "note.en.txt"
    doc.write_text("The Coalition fights Daesh/ISIS in Iraq. The CIFG and the FTF WG met; Iraqi forces and ISIS.\n", encoding="utf-8")
    res, data = run_json(runner, str(doc))
    assert res.exit_code == 0 and data["findings"] == []
    res, data = run_json(runner, str(SEEDS / "en"))
    assert data["findings"] == []


def test_near_misses_without_false_alarms():
    c = Checker(load(GLOSSARY))
    text = ("Le groupe Etat islamique et l’Étatt islamique ; les États islamiques en Irak et en Iran. "
            "Les combattants terroristes étrangers irakiens et les forces partenaires.\n")
    found, _ = c.check_text("x.fr.txt", text, "fr")
    got = [(f.rule, f.term, f.suggestion) for f in found if f.rule.startswith("T")]
    assert ("T103", "Etat islamique", "État islamique") in got  # accents
    assert ("T103", "Étatt islamique", "État islamique") in got  # one edit away
    assert len([g for g in got if g[0] == "T103"]) == 2  # Iran, plurals and feminines are fine


def test_forbidden_term_is_an_error_with_its_replacement(tmp_path, runner):
    g = tmp_path / "g.toml"
    g.write_text('[[concept]]\nid = "x"\nsources = ["test"]\nfr = [{ term = "Daech", status = "preferred" }, '
                 '{ term = "Daïch", status = "forbidden" }]\n', encoding="utf-8")
    doc = tmp_path / "a.fr.txt"
    doc.write_text("Le groupe Daïch.\n", encoding="utf-8")
    res = runner.invoke(main, ["check", str(doc), "--glossary", str(g)])
    assert res.exit_code == 1
    assert f"{doc}:1:11: error T101 forbidden term 'Daïch'; use 'Daech' → Daech" in res.output


def test_sarif_and_github_outputs(runner):
    res = runner.invoke(main, ["check", str(SEEDS / "fr"), "--glossary", GLOSSARY, "--format", "sarif"])
    sarif = json.loads(res.output)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == set(RULES)
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    r0 = run["results"][0]
    assert r0["ruleId"] and r0["level"] in {"error", "warning", "note"}
    region = r0["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert len({r["partialFingerprints"]["bitextFinding/v1"] for r in run["results"]}) == len(run["results"])
    res = runner.invoke(main, ["check", str(SEEDS / "fr"), "--glossary", GLOSSARY, "--format", "github"])
    first = res.output.splitlines()[0]
    assert first.startswith("::warning file=") and ",line=11,col=564," in first and "title=T102 deprecated-term::" in first


def test_fail_on_and_baseline(tmp_path, runner):
    args = ["check", str(SEEDS / "fr"), "--glossary", GLOSSARY]
    assert runner.invoke(main, args + ["--fail-on", "never"]).exit_code == 0
    assert runner.invoke(main, args + ["--ignore", "T103"]).exit_code == 0  # only warnings left
    assert runner.invoke(main, args + ["--ignore", "T103", "--fail-on", "warning"]).exit_code == 1
    base = tmp_path / "baseline.json"
    assert runner.invoke(main, args + ["--write-baseline", str(base)]).exit_code == 1
    res = runner.invoke(main, args + ["--baseline", str(base), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.output)["findings"] == []
    # A new problem is reported even with the baseline.
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in (SEEDS / "fr").iterdir():
        (docs / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    args2 = ["check", str(docs), "--glossary", GLOSSARY]
    runner.invoke(main, args2 + ["--write-baseline", str(base)])
    with open(docs / "guiding-principles-2018.fr.txt", "a", encoding="utf-8") as fh:
        fh.write("\nUn nouveau paragraphe sur Daesh.\n")
    res = runner.invoke(main, args2 + ["--baseline", str(base), "--format", "json"])
    assert [f["term"] for f in json.loads(res.output)["findings"]] == ["Daesh"]


def test_inline_suppression_and_configuration(tmp_path, runner, monkeypatch):
    (tmp_path / "bitext.toml").write_text(f'glossary = "{GLOSSARY}"\nignore = ["P3"]\n[severity]\nT102 = "error"\n', encoding="utf-8")
    doc = tmp_path / "a.fr.txt"
    doc.write_text("Le groupe Daesh en Iraq. bitext: ignore[T102]\nL'Iraq et l’Irak.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(main, ["check", "a.fr.txt", "--format", "json"])
    data = json.loads(res.output)
    assert [(f["line"], f["rule"], f["severity"]) for f in data["findings"]] == [(2, "T102", "error")]
    assert res.exit_code == 1


def test_bilingual_rules_on_a_tmx(tmp_path, runner):
    from bitext.tm.tmx import write_tmx
    from bitext.tm.units import TranslationUnit

    units = [
        TranslationUnit("Les ministres, rappelant leur déclaration du 6 février 2019, conformément à la résolution 2254.",
                        "Recalling their statement of February 6, 2019, in line with resolution 2254."),
        TranslationUnit("Le groupe a été créé en 2014 en Irak.", "The group was formed in 2015 in Syria."),
        TranslationUnit("Le groupe de travail chargé du contre-financement se réunit.", "Le groupe de travail chargé du contre-financement se réunit."),
        TranslationUnit("La Coalition se réunit.", "The Coalition meets."),
        TranslationUnit("La Coalition se réunit.", "The Coalition is meeting."),
    ]
    tmx = tmp_path / "m.tmx"
    write_tmx(tmx, units)
    res = runner.invoke(main, ["check", str(tmx), "--glossary", GLOSSARY, "--format", "json"])
    got = [(f["rule"], f["line"]) for f in json.loads(res.output)["findings"]]
    rules = [r for r, _ in got]
    assert rules.count("B402") == 1 and rules.count("B401") == 1 and rules.count("B403") == 1 and rules.count("B404") == 1
    lines = [ln for r, ln in got if r in {"B401", "B402"}]
    assert len(set(lines)) == 1  # both on the second unit
    assert res.exit_code == 1


def test_numbers_are_normalised_across_languages():
    assert numbers("le 6 février 2019, 2 254 personnes", "fr") == numbers("on February 6, 2019, 2,254 people", "en")
    assert numbers("Daesh may exploit", "en") == numbers("Daech pourrait exploiter", "fr")


def test_bilingual_rules_on_aligner_json(tmp_path, runner):
    beads = {"beads": [{"source": ["Le 2 avril, en Irak."], "target": ["On April 3, in Iraq."], "score": 1.0}]}
    good = tmp_path / "a.json"
    good.write_text(json.dumps(beads, indent=1), encoding="utf-8")
    res = runner.invoke(main, ["check", str(good), "--glossary", GLOSSARY, "--format", "json"])
    assert [(f["rule"], f["line"]) for f in json.loads(res.output)["findings"]] == [("B402", 4)]  # the bead's "source" line
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    res = runner.invoke(main, ["check", str(bad), "--glossary", GLOSSARY])
    assert res.exit_code == 2 and "not the aligner's JSON" in res.output and "Traceback" not in res.output


def test_list_rules_and_bad_usage(runner):
    res = runner.invoke(main, ["check", "--list-rules"])
    assert res.exit_code == 0 and "T103  misspelt-term" in res.output
    res = runner.invoke(main, ["check", "nowhere/", "--glossary", GLOSSARY])
    assert res.exit_code == 2 and "no such file or directory" in res.output
    res = runner.invoke(main, ["check", str(SEEDS / "fr"), "--glossary", GLOSSARY, "--select", "Z999"])
    assert res.exit_code == 2 and "unknown rule" in res.output


def test_worker_processes_give_the_same_findings(runner):
    one = runner.invoke(main, ["check", str(SEEDS / "fr"), "--glossary", GLOSSARY, "--format", "json", "-j", "1"])
    two = runner.invoke(main, ["check", str(SEEDS / "fr"), "--glossary", GLOSSARY, "--format", "json", "-j", "2"])
    assert json.loads(one.output) == json.loads(two.output) and json.loads(two.output)["findings"]


def test_sarif_and_annotations_carry_repository_relative_paths_and_rule_help(tmp_path, runner, monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    (repo / "docs" / "note d'été.fr.txt").write_text("Le groupe Daesh en Iraq.\n", encoding="utf-8")
    (repo / "bitext.toml").write_text(f'glossary = "{SEEDS / "glossary.toml"}"\nrules-url = "https://example.org/rules.md"\n',
                                      encoding="utf-8")
    monkeypatch.chdir(repo)
    res = runner.invoke(main, ["check", str(repo / "docs"), "--format", "sarif", "--fail-on", "never"])
    sarif = json.loads(res.output)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"docs/note%20d%27%C3%A9t%C3%A9.fr.txt"}
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/rules.md"
    assert all(r["helpUri"] == f"https://example.org/rules.md#{r['id'].lower()}" for r in driver["rules"])
    res = runner.invoke(main, ["check", str(repo / "docs"), "--format", "github", "--fail-on", "never"])
    assert "file=docs/note d'été.fr.txt," in res.output
    res = runner.invoke(main, ["check", "--list-rules", "--format", "markdown"])
    assert res.output.startswith("# bitext check rules") and "## T101" in res.output

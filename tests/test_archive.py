"""Building from a real archive: pairing without corpus.toml, workers, the cache, shards merged into one TM."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bitext.cli.main import main
from bitext.tm.corpus import load_corpus
from bitext.tm.pairing import find_pairs
from bitext.tm.tmx import iter_tmx

from .conftest import SEEDS

FR = ("Le ministre a annoncé 2 254 millions pour l'Irak le 6 février 2019. Les partenaires de la Coalition "
      "se sont réunis à Koweït.")
EN = "The minister announced 2,254 million for Iraq on February 6, 2019. Coalition partners met in Kuwait."


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("fr,en,method", [
    ("fr/news/a.txt", "en/news/a.txt", "mirrored tree"),
    ("French/a.html", "English/a.html", "mirrored tree"),
    ("a.fr.txt", "a.en.txt", "name marker"),
    ("rapport-fr.md", "rapport-en.md", "name marker"),
    ("rapport_FR.txt", "rapport_EN.txt", "name marker"),
    ("rapport_f.txt", "rapport_e.txt", "name marker"),  # the Government of Canada's old convention
    ("index-fra.html", "index-eng.html", "name marker"),
    ("fr/a.fr.txt", "en/a.en.txt", "mirrored tree"),
])
def test_each_naming_convention_pairs(tmp_path, fr, en, method):
    _write(tmp_path, {fr: FR, en: EN})
    found = find_pairs(tmp_path)
    assert [(p.french.relative_to(tmp_path).as_posix(), p.english.relative_to(tmp_path).as_posix(), p.method)
            for p in found.pairs] == [(fr, en, method)] and found.orphans == []


def test_links_between_pages_pair_them(tmp_path):
    _write(tmp_path, {
        "site/accueil.html": '<html lang="fr"><head><link rel="alternate" hreflang="en" href="../site/home.html">'
                             f'</head><body><main><p>{FR}</p></main></body></html>',
        "site/home.html": f'<html lang="en"><body><main><p>{EN}</p></main></body></html>',
        # A Canada.ca language toggle: <a lang="en" href="https://…/en/…">, matched by the page's canonical address.
        "dl/nouvelles.html": '<html lang="fr"><body><nav id="wb-lng"><a lang="en" href="https://www.canada.ca/en/news.html">'
                             f'English</a></nav><main><p>{FR}</p></main></body></html>',
        "dl/x123.html": '<html lang="en"><head><link rel="canonical" href="https://www.canada.ca/en/news.html"></head>'
                        f'<body><main><p>{EN}</p></main></body></html>',
    })
    found = find_pairs(tmp_path, by_content=False)
    assert sorted((p.french.name, p.english.name, p.method) for p in found.pairs) == [
        ("accueil.html", "home.html", "hreflang link"), ("nouvelles.html", "x123.html", "hreflang link")]


def test_content_pairs_what_names_do_not_and_orphans_are_listed(tmp_path):
    _write(tmp_path, {
        "misc/rapport2017.txt": "Le rapport de 2017 de la Coalition mondiale contre Daech compte 74 membres et 1 250 pages "
                                "dans le document final pour les ministres réunis à Bagdad.",
        "misc/report-final.txt": "The 2017 report of the Global Coalition against Daesh has 74 members and 1,250 pages "
                                 "in the final document for the ministers who met in Baghdad.",
        "misc/autre.txt": "Un autre texte du ministère sur la pêche en 1998 avec 12 bateaux et la météo du jour.",
        "misc/seul.txt": "Un fichier seul sans partenaire ici dans le dossier avec des mots de la langue française.",
        # The folders say French, the name says English: trusted neither way.
        "fr/x.en.txt": FR,
    })
    found = find_pairs(tmp_path)
    assert [(p.french.name, p.english.name, p.method) for p in found.pairs] == \
        [("rapport2017.txt", "report-final.txt", "content")]
    assert 0.3 < found.pairs[0].confidence < 1
    assert sorted(o.name for o in found.orphans) == ["autre.txt", "seul.txt", "x.en.txt"]


def test_pair_ids_are_unique_and_the_toml_freezes_into_a_corpus(tmp_path, runner):
    _write(tmp_path, {"a/report.fr.txt": FR, "a/report.en.txt": EN, "b/report.fr.txt": FR, "b/report.en.txt": EN})
    res = runner.invoke(main, ["pair", str(tmp_path), "--format", "json"])
    data = json.loads(res.stdout)
    assert sorted(p["id"] for p in data["pairs"]) == ["a-report", "b-report"] or \
        len({p["id"] for p in data["pairs"]}) == 2
    toml = runner.invoke(main, ["pair", str(tmp_path), "--format", "toml"]).stdout
    (tmp_path / "corpus.toml").write_text(toml, encoding="utf-8")
    frozen = load_corpus(tmp_path)
    assert sorted(p.id for p in frozen) == sorted(p["id"] for p in data["pairs"])
    assert {p.english_status for p in frozen} == {"unverified"}
    tsv = runner.invoke(main, ["pair", str(tmp_path)]).stdout.splitlines()
    assert tsv[0] == "id\tfrench\tenglish\tmethod\tconfidence" and len(tsv) == 3


def test_build_a_folder_without_corpus_toml(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "archive", {"fr/a.txt": FR, "en/a.txt": EN, "misc/seul.txt": "Un fichier sans partenaire ici."})
    res = runner.invoke(main, ["build", "archive", "--out", "out", "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "1 files without a counterpart" in res.stderr
    units = list(iter_tmx(tmp_path / "out" / "archive.fr-en.tmx"))
    assert units and {u.props["x-english-status"] for u in units} == {"unverified"}
    empty = tmp_path / "empty"
    empty.mkdir()
    res = runner.invoke(main, ["build", str(empty), "--out", "out2"])
    assert res.exit_code == 2 and "no corpus.toml and no French–English pairs" in res.output


def _tmx_units(path: Path) -> list[tuple]:
    return sorted((u.source, u.target, u.props.get("x-document"), u.props.get("x-score")) for u in iter_tmx(path))


def test_workers_do_not_change_the_output_and_the_cache_realigns_one_changed_pair(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    one = runner.invoke(main, ["build", "seeds", "--out", "one", "-j", "1", "--no-cache"])
    two = runner.invoke(main, ["build", "seeds", "--out", "two", "-j", "2", "--no-cache"])
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    for f in (tmp_path / "one").iterdir():
        assert f.read_bytes() == (tmp_path / "two" / f.name).read_bytes(), f.name
    assert "(2 aligned, 0 from the cache" in runner.invoke(main, ["build", "seeds", "--out", "c"]).output
    again = runner.invoke(main, ["build", "seeds", "--out", "c"])
    assert "(0 aligned, 2 from the cache" in again.output
    assert (tmp_path / "c" / "coalition.fr-en.tmx").read_bytes() == (tmp_path / "one" / "coalition.fr-en.tmx").read_bytes()
    doc = seeds / "en" / "guiding-principles-2018.en.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nOne more paragraph at the end.\n", encoding="utf-8")
    assert "(1 aligned, 1 from the cache" in runner.invoke(main, ["build", "seeds", "--out", "c"]).output
    # A damaged cache entry is aligned again, never trusted.
    for entry in (tmp_path / ".bitext" / "cache").rglob("*.json"):
        if entry.name != "lexicon.json":
            entry.write_text("{not json", encoding="utf-8")
    res = runner.invoke(main, ["build", "seeds", "--out", "d"])
    assert res.exit_code == 0 and "(2 aligned, 0 from the cache" in res.output
    assert _tmx_units(tmp_path / "d" / "coalition.fr-en.tmx") == _tmx_units(tmp_path / "c" / "coalition.fr-en.tmx")


def test_shards_merged_give_the_tm_of_one_build(tmp_path, runner, monkeypatch):
    """Past one machine: each shard is a corpus.toml listing some pairs, built anywhere, then merged."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    text = (SEEDS / "corpus.toml").read_text(encoding="utf-8")
    head, *docs = text.split("[[document]]")
    for k, doc in enumerate(docs):
        shard = tmp_path / f"shard{k}"
        shutil.copytree(SEEDS, shard)
        (shard / "corpus.toml").write_text(head + "[[document]]" + doc, encoding="utf-8")
        res = runner.invoke(main, ["build", str(shard), "--out", f"out{k}", "--no-corpus-lexicon"])
        assert res.exit_code == 0, res.output
    assert runner.invoke(main, ["build", "seeds", "--out", "whole", "--no-corpus-lexicon"]).exit_code == 0
    shards = [str(tmp_path / f"out{k}" / "coalition.fr-en.tmx") for k in range(len(docs))]
    assert runner.invoke(main, ["tmx", "merge", *shards, "-o", "merged.tmx"]).exit_code == 0
    # One build's TMX keeps a sentence that is also its paragraph twice; a TM (and merge) keeps it once.
    assert runner.invoke(main, ["tmx", "merge", "whole/coalition.fr-en.tmx", "-o", "whole.tmx"]).exit_code == 0
    def units(path):
        return [(u.source, u.target, sorted(u.props.items()), u.creationdate) for u in iter_tmx(path)]

    assert units(tmp_path / "merged.tmx") == units(tmp_path / "whole.tmx") and len(units(tmp_path / "whole.tmx")) > 50


def test_the_build_does_not_depend_on_the_hash_seed(tmp_path):
    """Sets iterate in an order that changes with PYTHONHASHSEED; nothing that reaches an output may follow it."""
    import os
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        subprocess.run([sys.executable, "-m", "bitext.cli.main", "build", str(SEEDS), "--out", str(out), "--no-cache",
                        "-j", seed], check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outs.append({f.name: f.read_bytes() for f in out.iterdir()})
    assert outs[0] == outs[1]


def test_hostile_names_and_cache_entries_never_raise(tmp_path):
    """Property tests for the two new readers: a file name's language marker, a cache entry's JSON."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bitext.tm.archive import Cache
    from bitext.tm.pairing import _name_marker

    @given(st.text(max_size=300))
    @settings(max_examples=300, deadline=None)
    def names(stem):
        lang, bare = _name_marker(stem)
        assert lang in (None, "fr", "en") and len(bare) <= len(stem)

    cache = Cache(tmp_path)
    key = "ab" + "0" * 62

    @given(st.binary(max_size=2000))
    @settings(max_examples=200, deadline=None)
    def entries(data):
        (tmp_path / "ab").mkdir(exist_ok=True)
        (tmp_path / "ab" / f"{key}.json").write_bytes(data)
        got = cache.get(key)
        assert got is None or (isinstance(got[0], list) and isinstance(got[1], set))

    names()
    entries()
    (tmp_path / "ab" / f"{key}.json").write_text("[" * 100_000, encoding="utf-8")  # deeper than json can go
    assert cache.get(key) is None

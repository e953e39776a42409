import json
import multiprocessing
import sqlite3

import pytest

from bitext.cli.main import main
from bitext.tm.fuzzy import score
from bitext.tm.store import SQLiteStore
from bitext.tm.tmx import iter_tmx, validate
from bitext.tm.units import TranslationUnit

from .conftest import ROOT

TMX = ROOT / "exports" / "coalition.fr-en.tmx"


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "tm.sqlite")
    s.add(iter_tmx(TMX), "coalition")
    yield s
    s.close()


def test_import_dedupes_and_counts(tmp_path, store):
    stats = store.stats()
    assert stats["units"] == 80 and stats["language_pairs"] == {"fr-en": 80}
    again = store.add(iter_tmx(TMX), "coalition")
    assert (again.added, again.duplicates, again.skipped) == (0, 81, {"paragraph-level unit": 19})
    assert store.stats()["units"] == 80
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cat_scores():
    assert score("Mais notre travail n’est pas terminé.", "Mais notre travail n’est pas terminé.").value == 100
    s = score("mais notre travail n’est pas terminé.", "Mais notre travail n’est pas terminé.")
    assert s.value == 99 and "case differs" in s.notes
    s = score("Mais notre travail n’est pas terminé !", "Mais notre travail n’est pas terminé.")
    assert s.value == 99 and s.notes == ["punctuation differs (1)"]
    s = score("La résolution 2254 du Conseil", "La résolution 2242 du Conseil")
    assert s.value == 80 and any(n.startswith("numbers differ") for n in s.notes)


def test_search_best_first_with_min_and_limit(store):
    m = store.search("Mais notre travail n’est pas encore terminé.", min_score=60)
    assert m and m[0].source == "Mais notre travail n’est pas terminé." and m[0].target == "But our work is not done."
    assert 80 <= m[0].score < 100
    assert store.search("Mais notre travail n’est pas terminé.")[0].score == 100
    assert store.search("Une phrase qui n'a rien à voir avec la mémoire.") == []
    en = store.search("But our work is not done.", from_lang="en")
    assert en[0].target == "Mais notre travail n’est pas terminé." and en[0].score == 100


def test_concordance_is_accent_and_case_insensitive(store):
    hits = store.concordance("etat ISLAMIQUE")
    assert len(hits) >= 5
    for h in hits:
        s, e = h.spans[0]
        assert h.source[s:e].lower() == "état islamique"
    assert store.concordance("Daesh/ISIS", from_lang="en")


def test_interrupted_import_leaves_the_store_as_it_was(store):
    def units():
        yield TranslationUnit("Une unité nouvelle.", "A new unit.")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.add(units(), "broken")
    assert store.stats()["units"] == 80
    assert store.search("Une unité nouvelle.") == []


def _import(args):
    path, n, tag = args
    with SQLiteStore(path) as s:
        s.add((TranslationUnit(f"Phrase {tag} numéro {k}.", f"Sentence {tag} number {k}.") for k in range(n)), tag)


def test_two_concurrent_imports_do_not_corrupt(tmp_path):
    path = tmp_path / "c.sqlite"
    SQLiteStore(path).close()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_import, [(str(path), 3000, "a"), (str(path), 3000, "b")])
    with SQLiteStore(path) as s:
        assert s.stats()["units"] == 6000
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.search("Phrase b numéro 2999.")[0].score == 100


def test_foreign_files_are_refused(tmp_path, runner):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    res = runner.invoke(main, ["tm", "stats", "--db", str(junk)])
    assert res.exit_code == 2 and "not a bitext translation memory" in res.output
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE x (a)")
    con.commit()
    con.close()
    res = runner.invoke(main, ["tm", "stats", "--db", str(other)])
    assert res.exit_code == 2 and "another application" in res.output
    newer = tmp_path / "newer.sqlite"
    SQLiteStore(newer).close()
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version=99")
    con.close()
    res = runner.invoke(main, ["tm", "stats", "--db", str(newer)])
    assert res.exit_code == 2 and "newer bitext" in res.output


def test_cli_round_trip(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(main, ["tm", "import", str(TMX)])
    assert res.exit_code == 0 and "80 added, 1 duplicates" in res.output
    assert (tmp_path / ".bitext" / "tm.sqlite").exists()
    res = runner.invoke(main, ["tm", "search", "Mais", "notre", "travail", "n’est", "pas", "terminé.", "--format", "json"])
    m = json.loads(res.output)["matches"][0]
    assert set(m) >= {"source", "target", "score", "origin"} and m["score"] == 100
    assert runner.invoke(main, ["tm", "search", "zzz qqq"]).exit_code == 1
    res = runner.invoke(main, ["tm", "concordance", "Conseil de securite"])
    assert res.exit_code == 0 and "Conseil de sécurité" in res.output
    out = tmp_path / "out.tmx"
    assert runner.invoke(main, ["tm", "export", "-o", str(out)]).exit_code == 0
    assert validate(out) == [] and len(list(iter_tmx(out))) == 80
    monkeypatch.setenv("BITEXT_DB", str(tmp_path / "other.sqlite"))
    assert runner.invoke(main, ["tm", "stats"]).exit_code == 2  # nothing imported there yet


def test_import_aligner_json(tmp_path, runner):
    beads = {"beads": [{"source": ["Bonjour."], "target": ["Hello."], "score": 0.9}, {"source": ["Seul."], "target": []}]}
    f = tmp_path / "a.json"
    f.write_text(json.dumps(beads), encoding="utf-8")
    res = runner.invoke(main, ["tm", "import", str(f), "--db", str(tmp_path / "x.sqlite")])
    assert res.exit_code == 0 and "1 added" in res.output and "1 empty segment" in res.output


def test_fuzzy_notes_name_the_words_that_differ():
    from bitext.tm.fuzzy import score

    s = score("Les ministres ont convenu de la nécessité", "Les ministres ont reconnu la nécessité urgente")
    assert s.notes == ["words added: urgente", "words missing: de", "words changed: convenu → reconnu"]
    assert score("Mais notre travail n'est pas encore terminé.", "Mais notre travail n'est pas terminé.").notes == \
        ["words missing: encore"]

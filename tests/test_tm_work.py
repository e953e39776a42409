"""The TM at work: CAT-style analysis, maintenance (list, edit, delete, clean, filtered export), MT data."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitext.cli.main import main
from bitext.tm.analysis import BANDS, analyze, band, count_words
from bitext.tm.store import SQLiteStore
from bitext.tm.units import TranslationUnit

from .conftest import ROOT

TMX = ROOT / "exports" / "coalition.fr-en.tmx"


@pytest.mark.parametrize("text,n", [
    ("L'État islamique reste une menace.", 6),  # l' is a word of its own
    ("jusqu'à 2 254 personnes", 4),  # a number with a space between its groups is one word
    ("Canada's well-known partners", 3),  # an English apostrophe and a hyphen join
    ("and/or", 2),
    ("Supprimer %s fichiers {0} ?", 2),  # placeholders and punctuation are not words
    ("1,000.5 — 3,5 %", 2),
    ("« » ###", 0),
])
def test_words_are_counted_as_cat_tools_count_them(text, n):
    assert count_words(text) == n


@given(st.text(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_word_count_takes_any_text(text):
    n = count_words(text)
    assert 0 <= n <= sum(ch.isalnum() for ch in text)  # every word holds a letter or a digit
    if not any(ch.isdigit() or ch in "{%" for ch in text):  # numbers group across spaces; codes are not words
        assert count_words(text + " " + text) == 2 * n  # otherwise no word joins across a space


def test_bands_follow_cat_thresholds():
    assert [band(s) for s in (100, 99.9, 95, 94.9, 85, 84, 75, 74, 50, 49.9, None)] == \
        ["100", "95-99", "95-99", "85-94", "85-94", "75-84", "75-84", "50-74", "50-74", "no-match", "no-match"]


def test_repetitions_count_once_at_their_best_band_then_as_repetitions():
    scores = {"Un deux trois.": 100.0, "Quatre cinq.": 80.0}
    result = analyze([("a", ["Un deux trois.", "Quatre cinq.", "Un  deux trois."]),
                      ("b", ["Quatre cinq.", "Six sept huit neuf."])], scores.get)
    a, b = (t.to_json() for _, t in result.files)
    assert a["bands"]["100"] == {"segments": 1, "words": 3} and a["bands"]["75-84"] == {"segments": 1, "words": 2}
    assert a["bands"]["repetitions"] == {"segments": 1, "words": 3}  # spacing does not make a new segment
    assert b["bands"]["repetitions"] == {"segments": 1, "words": 2}  # across files too
    assert b["bands"]["no-match"] == {"segments": 1, "words": 4}
    total = result.to_json()["total"]
    assert total["segments"] == 5 and total["words"] == 14
    assert sum(v["words"] for v in total["bands"].values()) == total["words"]


@pytest.fixture
def tm(tmp_path):
    db = tmp_path / "tm.sqlite"
    with SQLiteStore(db) as store:
        store.add([
            TranslationUnit("Les ministres ont réaffirmé leur engagement envers la Coalition.",
                            "Ministers reaffirmed their commitment to the Coalition.", "fr", "en",
                            props={"x-review": "confirmed", "x-score": "0.9"}, creationdate="20200604T000000Z"),
            TranslationUnit("Daech reste une menace pour la sécurité.", "Daesh remains a threat to security.", "fr", "en",
                            props={"x-review": "automatic", "x-score": "0.8"}, creationdate="20191101T000000Z"),
            TranslationUnit("Il y a 2 254 combattants dans la région.", "There are 2,255 fighters in the region.",
                            "fr", "en", props={"x-review": "automatic", "x-score": "0.1"}),
            TranslationUnit("Les ministres se sont réunis à Rome.", "Les ministres se sont réunis à Rome.", "fr", "en",
                            props={"x-review": "automatic", "x-score": "0.7"}),
        ], "test.tmx")
    return db


def _json(runner, args):
    res = runner.invoke(main, args)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def test_analyze_json_contract_against_a_real_tm(tm, tmp_path, runner):
    doc = tmp_path / "new.fr.txt"
    doc.write_text("Les ministres ont réaffirmé leur engagement envers la Coalition.\n\n"
                   "Daech reste une menace pour la sécurité régionale.\n\n"
                   "Les chats dorment au soleil toute la journée.\n\n"
                   "Les ministres ont réaffirmé leur engagement envers la Coalition.\n", encoding="utf-8")
    po = tmp_path / "ui.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Daech reste une menace pour la sécurité."\nmsgstr ""\n', encoding="utf-8")
    out = _json(runner, ["tm", "analyze", str(doc), str(po), "--db", str(tm), "--format", "json"])
    assert set(out) == {"files", "total"} and [f["path"] for f in out["files"]] == [str(doc), str(po)]
    for part in [*out["files"], out["total"]]:
        assert set(part) >= {"segments", "words", "bands"} and list(part["bands"]) == list(BANDS)
        assert all(set(v) == {"segments", "words"} for v in part["bands"].values())
    first, second = out["files"]
    assert first["bands"]["100"]["segments"] == 1 and first["bands"]["repetitions"]["segments"] == 1
    assert first["bands"]["85-94"]["segments"] == 1  # one word more than the stored sentence
    assert first["bands"]["no-match"]["segments"] == 1
    assert second["bands"]["100"]["segments"] == 1  # PO: the source side is what is quoted
    assert out["total"]["segments"] == 5 and out["total"]["words"] == first["words"] + second["words"]


def test_analyze_without_a_tm_finds_repetitions_and_says_so(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BITEXT_DB", raising=False)
    doc = tmp_path / "a.fr.txt"
    doc.write_text("Une phrase ici.\n\nUne phrase ici.\n", encoding="utf-8")
    res = runner.invoke(main, ["tm", "analyze", str(doc), "--format", "csv"])
    assert res.exit_code == 0 and "repetitions only" in res.stderr
    rows = res.stdout.splitlines()
    assert rows[0] == "file,band,segments,words" and f"{doc},repetitions,1,3" in rows and "TOTAL,no-match,1,3" in rows


def test_list_edit_delete_keep_the_index_in_step(tm, runner):
    units = _json(runner, ["tm", "list", "--db", str(tm), "--format", "json"])["units"]
    daech = next(u for u in units if u["source"].startswith("Daech"))
    res = runner.invoke(main, ["tm", "edit", str(daech["id"]), "--db", str(tm), "--target",
                               "Daesh remains a threat to regional security."])
    assert res.exit_code == 0, res.output
    hits = _json(runner, ["tm", "concordance", "regional", "--from", "en", "--db", str(tm), "--format", "json"])["hits"]
    assert [h["id"] for h in hits] == [daech["id"]]
    assert runner.invoke(main, ["tm", "concordance", "threat to security", "--from", "en", "--db", str(tm)]).exit_code == 1
    edited = _json(runner, ["tm", "list", "--db", str(tm), "--review", "confirmed", "--format", "json"])["units"]
    assert daech["id"] in [u["id"] for u in edited]  # a person's edit confirms the unit
    # An edit that makes a unit identical to another merges the two.
    rome = next(u for u in units if u["source"].startswith("Les ministres se"))
    res = runner.invoke(main, ["tm", "edit", str(rome["id"]), "--db", str(tm), "--source",
                               "Daech reste une menace pour la sécurité.", "--target",
                               "Daesh remains a threat to regional security."])
    assert "merged" in res.output
    assert runner.invoke(main, ["tm", "delete", "--db", str(tm)]).exit_code == 2  # never the whole TM implied
    assert runner.invoke(main, ["tm", "delete", "999", "--db", str(tm)]).exit_code == 2
    assert "1 unit(s) deleted" in runner.invoke(main, ["tm", "delete", str(daech["id"]), "--db", str(tm)]).output
    assert runner.invoke(main, ["tm", "search", "Daech reste une menace", "--db", str(tm)]).exit_code == 1
    with sqlite3.connect(tm) as c:  # the full-text index holds exactly the stored units
        assert c.execute("SELECT count(*) FROM units").fetchone()[0] == 2
        assert c.execute("SELECT count(*) FROM units_fts_docsize").fetchone()[0] == 2


def test_clean_finds_faults_keeps_confirmed_units_and_dry_run_removes_nothing(tm, runner):
    out = _json(runner, ["tm", "clean", "--db", str(tm), "--dry-run", "--below", "0.5", "--format", "json"])
    reasons = {u["source"][:12]: u["reasons"] for u in out["units"]}
    assert reasons == {"Il y a 2 254": ["numbers", "low-score"], "Les ministre": ["identical", "wrong-language"]}
    assert out["removed"] == 0 and len(_json(runner, ["tm", "list", "--db", str(tm), "--format", "json"])["units"]) == 4
    res = runner.invoke(main, ["tm", "clean", "--db", str(tm), "--check", "numbers"])
    assert res.exit_code == 0 and "1 removed" in res.output
    assert len(_json(runner, ["tm", "list", "--db", str(tm), "--format", "json"])["units"]) == 3
    assert runner.invoke(main, ["tm", "clean", "--db", str(tm), "--check", "low-score"]).exit_code == 2


def test_exports_filter_by_origin_date_review_and_score(tm, tmp_path, runner):
    from bitext.tm.tmx import iter_tmx

    def exported(*args):
        out = tmp_path / "out.tmx"
        assert runner.invoke(main, ["tm", "export", "--db", str(tm), "-o", str(out), *args]).exit_code == 0
        return [u.source[:12] for u in iter_tmx(out)]

    assert len(exported()) == 4 and exported("--origin", "nope") == []
    assert len(exported("--origin", "test*")) == 4
    assert exported("--review", "confirmed") == ["Les ministre"]
    assert exported("--since", "2020-01-01") == ["Les ministre"]
    assert exported("--until", "2019-12-31") == ["Daech reste "]
    assert sorted(exported("--min-score", "0.75")) == ["Daech reste ", "Les ministre"]
    assert runner.invoke(main, ["tm", "export", "--db", str(tm), "-o", "x.tmx", "--since", "2020-13-01"]).exit_code == 2


def test_a_schema_1_tm_is_migrated_and_keeps_its_units(tm):
    with sqlite3.connect(tm) as c:
        c.execute("ALTER TABLE units DROP COLUMN review")
        c.execute("PRAGMA user_version=1")
    with SQLiteStore(tm) as store:
        assert store.stats()["schema"] == 2 and len(list(store.units())) == 4
        assert all("x-review" not in u.props for u in store.units())


def test_mt_export_is_clean_line_aligned_and_held_out(tmp_path, runner):
    import sentencepiece as spm

    db = tmp_path / "tm.sqlite"
    assert runner.invoke(main, ["tm", "import", str(TMX), "--db", str(db)]).exit_code == 0
    with SQLiteStore(db) as store:  # hostile and duplicate material beside the real units
        store.add([TranslationUnit("Une ligne\u2028coupée « ici ».", "A line\u2028broken “here”.", "fr", "en"),
                   TranslationUnit("Une ligne\ncoupée « ici ».", "A line\nbroken “here”.", "fr", "en"),
                   TranslationUnit("The Coalition met in Rome with its partners.",
                                   "The Coalition met in Rome with its partners.", "fr", "en"),
                   TranslationUnit("Oui.", "Yes, and a much longer answer than the question asked for here.", "fr", "en"),
                   TranslationUnit("Les MINISTRES ont réaffirmé leur engagement, envers la Coalition!",
                                   "The ministers reaffirmed their commitment once more.", "fr", "en")], "extra")
    out = tmp_path / "mt"
    args = ["tm", "export", "--db", str(db), "--format", "mt", "-o", str(out), "--dev", "8", "--test", "8",
            "--vocab-size", "400"]
    res = runner.invoke(main, args)
    assert res.exit_code == 0, res.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    c = manifest["counts"]
    lines = {}
    for split in ("train", "dev", "test"):
        fr = (out / f"{split}.fr").read_text(encoding="utf-8").split("\n")[:-1]
        en = (out / f"{split}.en").read_text(encoding="utf-8").split("\n")[:-1]
        assert len(fr) == len(en) == c[split]
        lines[split] = list(zip(fr, en))
    assert c["dev"] == c["test"] == 8 and c["train"] > 40
    assert c["dropped"]["duplicate"] >= 1 and c["dropped"]["length ratio"] >= 1 and c["dropped"]["wrong language"] == 1
    assert c["read"] == c["train"] + c["dev"] + c["test"] + sum(c["dropped"].values())
    train = set(lines["train"])
    assert len(train) == len(lines["train"])  # deduplicated
    assert not train & (set(lines["dev"]) | set(lines["test"]))
    from bitext.tm.fuzzy import words

    held = {" ".join(words(s)) for pair in lines["dev"] + lines["test"] for s in pair}
    assert not any(" ".join(words(s)) in held for pair in lines["train"] for s in pair)
    assert all("«" not in f and "\u2028" not in f for f, _ in lines["train"] + lines["dev"] + lines["test"])
    model = spm.SentencePieceProcessor(model_file=str(out / "spm.model"))
    assert model.get_piece_size() <= 400 and model.encode("Daech reste une menace.", out_type=str)
    assert (out / "spm.vocab").read_text(encoding="utf-8").count("\n") == model.get_piece_size()
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".fr", ".en")}
    assert runner.invoke(main, args).exit_code == 0  # the same TM gives the same split
    assert before == {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".fr", ".en")}
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no work folder left behind


def test_mt_export_with_nothing_left_is_a_clean_error(tm, tmp_path, runner):
    res = runner.invoke(main, ["tm", "export", "--db", str(tm), "--format", "mt", "-o", str(tmp_path / "mt"),
                               "--reviewed-only", "--dev", "1", "--test", "0"])
    assert res.exit_code == 2 and "no training pairs left" in res.output and "Traceback" not in res.output

"""Corrections as anchors: kept exactly, the rest aligned around them, stale ones reported and never moved."""

from __future__ import annotations

import json

import pytest

from bitext.cli.main import main
from bitext.tm.align import Bead
from bitext.tm.corrections import Correction, anchored_align, parse
from bitext.tm.errors import FormatError
from bitext.tm.tmx import iter_tmx

from .conftest import SEEDS

SRC = ["s0", "s1", "s2", "s3", "s4", "s5"]
TGT = ["t0", "t1", "t2", "t3", "t4"]


def diagonal(si, ti):
    """A stand-in stretch aligner: 1-1 down the diagonal, the rest unpaired (records what it was given)."""
    diagonal.calls.append((list(si), list(ti)))
    n = min(len(si), len(ti))
    return [Bead((k,), (k,), 0.5) for k in range(n)] + [Bead((k,), (), 0.0) for k in range(n, len(si))] + \
        [Bead((), (k,), 0.0) for k in range(n, len(ti))]


@pytest.fixture(autouse=True)
def _reset():
    diagonal.calls = []


def covers_everything(beads):
    assert sorted(i for b in beads for i in b.source) == list(range(len(SRC)))
    assert sorted(j for b in beads for j in b.target) == list(range(len(TGT)))


def test_anchor_in_the_middle_cuts_the_search():
    r = anchored_align("d", [Correction(["s2", "s3"], ["t2"])], SRC, TGT, diagonal)
    assert Bead((2, 3), (2,), 1.0) in r.beads and r.beads.index(Bead((2, 3), (2,), 1.0)) in r.confirmed
    assert diagonal.calls == [([0, 1], [0, 1]), ([4, 5], [3, 4])]
    covers_everything(r.beads)
    assert not r.stale


def test_anchors_at_start_end_and_adjacent():
    fixes = [Correction(["s0"], ["t0"]), Correction(["s1"], ["t1"]), Correction(["s5"], ["t4"])]
    r = anchored_align("d", fixes, SRC, TGT, diagonal)
    assert r.beads[0] == Bead((0,), (0,), 1.0) and r.beads[1] == Bead((1,), (1,), 1.0)
    assert r.beads[-1] == Bead((5,), (4,), 1.0)
    assert diagonal.calls == [([2, 3, 4], [2, 3])]
    assert {r.beads[k] for k in r.confirmed} == {Bead((0,), (0,), 1.0), Bead((1,), (1,), 1.0), Bead((5,), (4,), 1.0)}
    covers_everything(r.beads)


def test_empty_sides_keep_sentences_out_of_every_stretch():
    fixes = [Correction(["s1"], []), Correction([], ["t3"])]
    r = anchored_align("d", fixes, SRC, TGT, diagonal)
    assert diagonal.calls == [([0, 2, 3, 4, 5], [0, 1, 2, 4])]
    assert Bead((1,), (), 1.0) in r.beads and Bead((), (3,), 1.0) in r.beads
    k = r.beads.index(Bead((1,), (), 1.0))
    assert k in r.confirmed and r.beads[k - 1].source == (0,)
    covers_everything(r.beads)


def test_stale_corrections_are_reported_not_moved():
    fixes = [Correction(["s9 edited"], ["t1"]), Correction(["s4"], ["t1"]), Correction(["s2"], ["t3"]),
             Correction(["s4"], ["t4"])]
    r = anchored_align("doc", fixes, SRC, TGT, diagonal)
    reasons = [s.reason for s in r.stale]
    assert "source sentence not found (the text was edited)" in reasons
    assert any("crosses" in x or "overlaps" in x for x in reasons)
    assert "stale" in r.stale[0].message() and "doc" in r.stale[0].message()
    assert not any(b.source == (9,) for b in r.beads)
    covers_everything(r.beads)


def test_ids_tell_apart_a_repeated_sentence():
    src = ["Titre", "a", "Titre", "b"]
    tgt = ["Title", "A", "Title", "B"]
    r = anchored_align("d", [Correction(["Titre"], ["Title"], source_ids=[2], target_ids=[2])], src, tgt, diagonal)
    assert Bead((2,), (2,), 1.0) in r.beads
    r = anchored_align("d", [Correction(["Titre"], ["Title"], source_ids=[1], target_ids=[2])], src, tgt, diagonal)
    assert r.stale and "not found" in r.stale[0].reason


@pytest.mark.parametrize("text,words", [
    ("[]", "not a corrections file"), ('{"corrections": [{"source": "a", "target": []}]}', "lists of sentences"),
    ('{"corrections": [{"source": [], "target": []}]}', "both sides"),
    ('{"corrections": [{"source": ["a"], "target": ["b"], "verdict": "maybe"}]}', "verdict"),
    ('{"corrections": [{"source": ["a"], "target": ["b"], "source_ids": [true]}]}', "source_ids"),
    ("{", "not JSON"),
])
def test_bad_corrections_files(text, words):
    with pytest.raises(FormatError, match=words):
        parse(text, "c.json")


def test_align_cli_keeps_corrections_and_marks_the_tmx(tmp_path, runner):
    fr = SEEDS / "fr" / "ministerial-communique-2020.fr.txt"
    en = SEEDS / "en" / "ministerial-communique-2020.en.txt"
    res = runner.invoke(main, ["align", str(fr), str(en), "--format", "json"])
    beads = json.loads(res.output)["beads"]
    first = beads[0]
    # A reviewer's odd but deliberate choice must come out exactly as given.
    fix = {"document": "ministerial-communique-2020", "corrections": [
        {"source": first["source"], "target": [], "verdict": "confirmed"},
        {"source": ["Sentence that was edited away."], "target": ["x"], "verdict": "confirmed"}]}
    cpath = tmp_path / "c.json"
    cpath.write_text(json.dumps(fix), encoding="utf-8")
    res = runner.invoke(main, ["align", str(fr), str(en), "--corrections", str(cpath), "--format", "json"])
    assert res.exit_code == 0
    lines = res.output.split("\n")
    assert any("stale" in ln and "ministerial-communique-2020" in ln for ln in lines)
    out = json.loads(res.output[res.output.index("{"):])["beads"]
    mine = [b for b in out if b["source"] == first["source"]]
    assert len(mine) == 1 and mine[0]["target"] == [] and mine[0]["review"] == "confirmed"
    assert sum(b["review"] == "confirmed" for b in out) == 1
    tmx = tmp_path / "c.tmx"
    res = runner.invoke(main, ["align", str(fr), str(en), "--corrections", str(cpath), "--format", "tmx", "-o", str(tmx)])
    assert res.exit_code == 0
    assert {u.props["x-review"] for u in iter_tmx(tmx)} == {"automatic"}


def test_build_applies_corrections_and_exports_confirmed_only(tmp_path, runner):
    import shutil
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "corrections").mkdir(exist_ok=True)
    (seeds / "corrections" / "ministerial-communique-2020.json").write_text(json.dumps({
        "document": "ministerial-communique-2020", "corrections": [
            {"source": ["Le 4 juin 2020"], "target": ["June 4, 2020"], "verdict": "confirmed"},
            {"source": ["Gone."], "target": ["Gone."], "verdict": "confirmed"}]}), encoding="utf-8")
    res = runner.invoke(main, ["build", str(seeds), "--out", str(tmp_path / "out"), "--confirmed-only"])
    assert res.exit_code == 0, res.output
    assert "stale" in res.output and "reviewed: 1 confirmed, 0 automatic" in res.output
    units = list(iter_tmx(tmp_path / "out" / "coalition.fr-en.tmx"))
    assert [(u.source, u.target, u.props["x-review"]) for u in units] == [("Le 4 juin 2020", "June 4, 2020", "confirmed")]

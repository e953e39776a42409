import json
import re

import pytest

from bitext.cli.main import main
from bitext.tm.align import Bead, align
from bitext.tm.document import load

from .conftest import SEEDS

FR2020 = SEEDS / "fr" / "ministerial-communique-2020.fr.txt"
EN2020 = SEEDS / "en" / "ministerial-communique-2020.en.txt"
FR2018 = SEEDS / "fr" / "guiding-principles-2018.fr.txt"
EN2018 = SEEDS / "en" / "guiding-principles-2018.en.txt"


def covers_everything(beads: list[Bead], n: int, m: int) -> bool:
    src = [i for b in beads for i in b.source]
    tgt = [j for b in beads for j in b.target]
    return src == list(range(n)) and tgt == list(range(m))


def pairs(beads, src, tgt):
    return [(tuple(src.sentences[i][:30] for i in b.source), tuple(tgt.sentences[j][:30] for j in b.target)) for b in beads]


def test_seed_2020_merges_the_split_first_sentence_and_pairs_everything_else():
    src, tgt = load(FR2020, "fr"), load(EN2020, "en")
    beads = align(src.sentences, tgt.sentences, src_paragraphs=src.paragraphs, tgt_paragraphs=tgt.paragraphs)
    assert covers_everything(beads, len(src.segments), len(tgt.segments))
    kinds = [b.kind for b in beads]
    assert kinds.count("1-1") >= 24
    first = next(b for b in beads if src.sentences[b.source[0]].startswith("À l'invitation"))
    assert first.source == (3, 4) and len(first.target) == 1
    covid = next(b for b in beads if any("COVID-19" in src.sentences[i] for i in b.source))
    assert [tgt.sentences[j] for j in covid.target][0].startswith("While the COVID-19 crisis")
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_seed_2018_aligns_in_order_with_the_boilerplate_unpaired():
    src, tgt = load(FR2018, "fr"), load(EN2018, "en")
    beads = align(src.sentences, tgt.sentences, src_paragraphs=src.paragraphs, tgt_paragraphs=tgt.paragraphs)
    assert covers_everything(beads, len(src.segments), len(tgt.segments))
    by_fr = {src.sentences[b.source[0]][:40]: [tgt.sentences[j] for j in b.target] for b in beads if b.source}
    assert by_fr["Le groupe de travail chargé du contre-fi"][0].startswith("The Counter ISIS Finance Group (CIFG)")
    assert by_fr["Le FTF WG continuera de servir de plate-"][0].startswith("The FTF WG will continue")
    assert by_fr["###"] == []


def test_damaged_official_english_lands_on_its_french_and_the_rest_stays_unpaired(shared):
    """The official English (no paragraph breaks, hyphens lost, first half missing) against the French."""
    src = load(FR2020, "fr")
    tgt = load(shared / "seeds" / "en" / "ministerial-communique-2020.en.txt", "en")
    beads = align(src.sentences, tgt.sentences, src_paragraphs=src.paragraphs, tgt_paragraphs=tgt.paragraphs)
    assert covers_everything(beads, len(src.segments), len(tgt.segments))
    paired = {b.target: b.source for b in beads if b.target}
    expect = {(0,): (16,), (1,): (17,), (2,): (18, 19), (3,): (20,), (4,): (21,), (5,): (22,), (6,): (23,),
              (7,): (24, 25), (8,): (26,), (9,): (27,), (10,): (28,), (11,): (29,)}
    assert paired == expect
    # The first half of the French (title to "Bien que la crise") has no English: all unpaired.
    assert all(not b.target for b in beads if b.source and b.source[0] < 16)
    assert all(b.score == 0.0 for b in beads if not b.target)


def test_german_french_lines_input(tmp_path, runner):
    de = tmp_path / "a.de"
    fr = tmp_path / "a.fr"
    de.write_text("Die Gruppe stieg am 12. Juli auf den Gipfel .\nDas Wetter war schlecht .\nSie kehrten um .\n\nDer Führer hiess Hans .\n", encoding="utf-8")
    fr.write_text("Le groupe est monté au sommet le 12 juillet .\nLe temps était mauvais et ils ont fait demi-tour .\n\nLe guide s' appelait Hans .\n", encoding="utf-8")
    res = runner.invoke(main, ["align", str(de), str(fr), "--input-format", "lines", "--source-lang", "de",
                               "--target-lang", "fr", "--format", "vecalign"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines() == ["[0]:[0]", "[1, 2]:[1]", "[3]:[2]"]


def test_cli_json_tsv_and_output_file(tmp_path, runner):
    out = tmp_path / "beads.json"
    res = runner.invoke(main, ["align", str(FR2020), str(EN2020), "-o", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    beads = data["beads"]
    assert set(beads[0]) == {"source", "target", "source_ids", "target_ids", "score", "review"}
    assert sorted(i for b in beads for i in b["source_ids"]) == list(range(32))
    res = runner.invoke(main, ["align", str(FR2020), str(EN2020), "--format", "tsv"])
    rows = [line.split("\t") for line in res.output.splitlines()]
    assert all(len(r) == 3 and re.fullmatch(r"\d\.\d{4}", r[2]) for r in rows)
    assert rows[0][1].startswith("Joint Communique by Ministers")


@pytest.mark.parametrize("content,message", [
    (None, "no such file"),
    (b"", "file is empty"),
    (b"\x00\x01\x02binary", "binary file"),
    (b"caf\xe9 au lait\n", "not valid UTF-8"),
])
def test_bad_input_is_one_line_exit_2_and_no_output(tmp_path, runner, content, message):
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "out.json"
    res = runner.invoke(main, ["align", str(bad), str(EN2020), "-o", str(out)])
    assert res.exit_code == 2
    assert message in res.output and str(bad) in res.output
    assert len(res.output.strip().splitlines()) == 1 and "Traceback" not in res.output
    assert not out.exists()


def test_wrong_language_is_refused(tmp_path, runner):
    res = runner.invoke(main, ["align", str(EN2020), str(FR2020)])
    assert res.exit_code == 2
    assert "looks like 'en' text, not 'fr'" in res.output


def test_empty_side_gives_unpaired_beads():
    beads = align(["Une phrase."], [])
    assert beads == [Bead((0,), (), 0.0)]

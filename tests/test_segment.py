from bitext.tm.segment import paragraphs, segment, segment_lines
from bitext.tm.source import LineIndex

from .conftest import SEEDS


def texts(text: str, lang: str = "fr") -> list[str]:
    return [s.text for s in segment(text, lang)]


def test_french_abbreviations_and_initials_do_not_split():
    t = "M. Dupont et Mme Martin ont lu l'art. 5, p. ex. la note. Michael R. Pompeo est venu. Puis ils sont partis."
    assert texts(t) == ["M. Dupont et Mme Martin ont lu l'art. 5, p. ex. la note.",
                        "Michael R. Pompeo est venu.", "Puis ils sont partis."]


def test_english_abbreviations_numbers_and_us():
    t = "The U.S. Department of State issued No. 5 on Feb. 13. Dr. Smith agreed. It cost 2.5 million dollars."
    assert texts(t, "en") == ["The U.S. Department of State issued No. 5 on Feb. 13.", "Dr. Smith agreed.",
                              "It cost 2.5 million dollars."]


def test_glued_sentences_from_scraped_text_are_split():
    t = "efforts to further dismantle Daesh/ISIS.In Syria, the Coalition stands. See canada.ca for more."
    assert texts(t, "en") == ["efforts to further dismantle Daesh/ISIS.", "In Syria, the Coalition stands.",
                              "See canada.ca for more."]


def test_quotes_ellipsis_and_parentheses():
    t = "Il a dit : « C'est fini. » Puis il est parti… Ensuite (voir plus haut.) Rien d'autre ?"
    assert texts(t) == ["Il a dit : « C'est fini. »", "Puis il est parti…", "Ensuite (voir plus haut.)",
                        "Rien d'autre ?"]


def test_numbers_with_spaces_and_lowercase_after_stop():
    assert texts("Il y a 2 254 personnes, etc. et plus. Fin.") == ["Il y a 2 254 personnes, etc. et plus.", "Fin."]


def test_boilerplate_lines_stay_their_own_segments_and_wrapped_lines_join():
    t = "Département d’État\nBureau du porte-parole\nLe 13 février 2018\n\nA long line that was hard wrapped by an editor at\nsome column goes on here."
    segs = segment(t, "en")
    assert [s.text for s in segs] == ["Département d’État", "Bureau du porte-parole", "Le 13 février 2018",
                                      "A long line that was hard wrapped by an editor at some column goes on here."]
    assert [s.paragraph for s in segs] == [0, 0, 0, 1]


def test_offsets_point_into_the_original_text():
    text = (SEEDS / "fr" / "ministerial-communique-2020.fr.txt").read_text(encoding="utf-8")
    segs = segment(text, "fr")
    assert len(segs) == 32
    for s in segs:
        assert text[s.start:s.end].split() == s.text.split()
    étata = next(s for s in segs if "Étata" in s.text)
    line, col = LineIndex(text).position(text.index("Étata"))
    assert text.splitlines()[line - 1][col - 1:col + 4] == "Étata"
    assert étata.start <= text.index("Étata") < étata.end


def test_paragraphs_and_lines_input():
    assert len(paragraphs("a\n\n\nb\n \nc")) == 3
    segs = segment_lines("one\ntwo\n\nthree\n")
    assert [(s.text, s.paragraph) for s in segs] == [("one", 0), ("two", 0), ("three", 1)]

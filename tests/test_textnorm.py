import random

from bitext.tm.textnorm import _fold_slow, fold_text

from .conftest import SEEDS


def test_fast_fold_equals_the_reference_fold():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*/*.txt"))]
    rnd = random.Random(7)
    alphabets = ([chr(i) for i in range(0x300)] + list("’‘“”«»–—…\u202fœŒÆæﬁİµßαβγ\x01\x02"),
                 list("abcdeéèêàçôœŒ’'«» .,;:!?µİﬁα-–…"))
    for alphabet in alphabets:
        texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 80))) for _ in range(2000)]
    for t in texts:
        assert fold_text(t) == _fold_slow(t), repr(t)
        assert len(fold_text(t)) == len(t)
    assert fold_text("L’État du Cœur") == "l etat du cœur"

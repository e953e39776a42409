"""Would SentencePiece subwords help the aligner? Joint unigram pieces as extra shared features, on the gold sets.

The experiment behind README's note on sentencepiece: for each document pair a unigram model is
trained on the word types of both sides together, and every piece of at least MINLEN characters
becomes a shared feature of weight W beside the aligner's own (prefix, cognate, FreeDict, learned
lexicon). The aligner itself is unchanged; this script wraps two of its private functions.
Usage: python bench/align_subwords.py [W:MINLEN:VOCAB ...]   (default: 0 and four settings)
"""

from __future__ import annotations

import io
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sentencepiece as spm  # noqa: E402
from evaldata import EVAL, textberg, transread  # noqa: E402

import bitext.tm.align as aligner  # noqa: E402
from bitext.tm.scoring import score  # noqa: E402

_pieces: dict[str, list[str]] = {}
_setting = {"weight": 0.0, "min_len": 4, "vocab": 8000}
_vectors, _token_features = aligner._vectors, aligner._token_features


def _train(words: list[str]) -> None:
    _pieces.clear()
    if not _setting["weight"] or not words:
        return
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(words), model_writer=model, model_type="unigram",
                                   vocab_size=min(_setting["vocab"], max(200, len(words) // 4)), hard_vocab_limit=False,
                                   character_coverage=1.0, num_threads=1, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    for word, pieces in zip(words, sp.encode(words, out_type=str)):
        _pieces[word] = [p.lstrip("▁") for p in pieces if len(p.lstrip("▁")) >= _setting["min_len"]]


def vectors_with_pieces(src, tgt, lex, p):
    _train([w for w in src.vocab + tgt.vocab if not w.startswith("\0") and not w.isdigit()])
    return _vectors(src, tgt, lex, p)


def features_with_pieces(tok, p):
    return _token_features(tok, p) + [("s" + piece, _setting["weight"]) for piece in _pieces.get(tok, ())]


def main() -> int:
    if not EVAL.is_dir():
        print(f"eval data not found at {EVAL}", file=sys.stderr)
        return 2
    settings = sys.argv[1:] or ["0:4:8000", "0.3:5:8000", "0.5:4:8000", "0.5:3:4000", "1.0:4:8000"]
    aligner._vectors, aligner._token_features = vectors_with_pieces, features_with_pieces
    sets = {"TransRead EN-FR": transread(), "Text+Berg DE-FR test": textberg("test")}
    print(f"machine: {platform.machine()}, python {platform.python_version()}, sentencepiece {spm.__version__}")
    print(f"{'W:MINLEN:VOCAB':16} {'set':22} {'F1 strict':>9} {'F1 lax':>7} {'seconds':>8}")
    for setting in settings:
        w, min_len, vocab = setting.split(":")
        _setting.update(weight=float(w), min_len=int(min_len), vocab=int(vocab))
        for name, docs in sets.items():
            t0 = time.perf_counter()
            pairs = []
            for d in docs:
                beads = aligner.align(d.src, d.tgt, src_paragraphs=d.src_para, tgt_paragraphs=d.tgt_para,
                                      src_lang=d.src_lang, tgt_lang=d.tgt_lang)
                pairs.append((d.gold, [(list(b.source), list(b.target)) for b in beads]))
            s = score(pairs)
            print(f"{setting:16} {name:22} {s['f1_strict']:9.3f} {s['f1_lax']:7.3f} {time.perf_counter() - t0:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

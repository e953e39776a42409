"""Machine-translation training data from a TM: train/dev/test files aligned line for line, Moses
punctuation normalisation, held-out pairs kept out of training, a joint SentencePiece model.

Held-out sets are chosen by a keyed hash of each pair (the pairs with the smallest hashes), so the
split does not depend on import order and one more unit in the TM moves at most one pair. A
training pair is dropped when its source or its target, folded (case, accents, punctuation and
spacing away), equals a held-out pair's: the near-duplicates that would leak the test into training.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import InputError
from .fuzzy import words
from .langid import segment_contradicts
from .store import alignment_score, primary_lang
from .units import TranslationUnit

# Line breaks of every kind: one inside a segment would shift every following line of its file.
_BREAKS = str.maketrans({c: " " for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"})


@dataclass(frozen=True, slots=True)
class MtOptions:
    source_lang: str = "fr"
    target_lang: str = "en"
    dev: int = 1000
    test: int = 1000
    vocab_size: int = 8000
    max_ratio: float = 3.0  # longer side's characters over the shorter's
    max_words: int = 250  # per side
    min_score: float | None = None
    reviewed_only: bool = False
    language_check: bool = True
    seed: str = "bitext"


class _Normalizer:
    """sacremoses' Moses punctuation normalisation per language, then one line, single spaces."""

    def __init__(self, lang: str):
        from sacremoses import MosesPunctNormalizer

        self._moses = MosesPunctNormalizer(lang=lang, pre_replace_unicode_punct=True, post_remove_control_chars=True)

    def __call__(self, text: str) -> str:
        return " ".join(self._moses.normalize(text.translate(_BREAKS)).split())


def _rejection(src: str, tgt: str, u: TranslationUnit, opts: MtOptions) -> str | None:
    """Why a pair is not training material, or None."""
    if not src or not tgt:
        return "empty side"
    if opts.reviewed_only and u.props.get("x-review") != "confirmed":
        return "not reviewed"
    if opts.min_score is not None:
        score = alignment_score(u.props.get("x-score"))
        if score is None or score < opts.min_score:
            return "score below the threshold (or none)"
    if max(len(src), len(tgt)) > opts.max_ratio * min(len(src), len(tgt)):
        return "length ratio"
    if len(src.split()) > opts.max_words or len(tgt.split()) > opts.max_words:
        return "too long"
    if opts.language_check and (segment_contradicts(src, opts.source_lang)
                                or segment_contradicts(tgt, opts.target_lang)):
        return "wrong language"
    return None


def export_mt(units: Iterable[TranslationUnit], out_dir: str | os.PathLike[str], opts: MtOptions = MtOptions(),
              version: str = "", progress: Callable[[int], None] | None = None) -> dict:
    """Write train/dev/test.{src,tgt}, spm.model, spm.vocab and manifest.json into out_dir; the manifest."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a folder", str(out))
    out.mkdir(parents=True, exist_ok=True)
    sl, tl = primary_lang(opts.source_lang), primary_lang(opts.target_lang)
    norm_s, norm_t = _Normalizer(sl), _Normalizer(tl)
    work = Path(tempfile.mkdtemp(prefix=".mt-", dir=out))
    try:
        counts: Counter[str] = Counter()
        seen: set[bytes] = set()
        held: list[tuple[bytes, int]] = []  # max-heap (negated) of the smallest pair hashes
        keep = opts.dev + opts.test
        pool = work / "pool.tsv"
        n = 0
        with open(pool, "w", encoding="utf-8") as fh:
            for k, u in enumerate(units, 1):
                if progress and k % 10000 == 0:
                    progress(k)
                counts["read"] += 1
                us, ut = primary_lang(u.source_lang), primary_lang(u.target_lang)
                if (us, ut) == (sl, tl):
                    src, tgt = u.source, u.target
                elif (us, ut) == (tl, sl):
                    src, tgt = u.target, u.source
                else:
                    counts["dropped: other language pair"] += 1
                    continue
                src, tgt = norm_s(src.replace("\t", " ")), norm_t(tgt.replace("\t", " "))
                why = _rejection(src, tgt, u, opts)
                if why:
                    counts[f"dropped: {why}"] += 1
                    continue
                ident = hashlib.blake2b(f"{src}\t{tgt}".encode(), digest_size=16, key=opts.seed.encode()[:64]).digest()
                if ident in seen:
                    counts["dropped: duplicate"] += 1
                    continue
                seen.add(ident)
                fh.write(f"{src}\t{tgt}\n")
                if keep:
                    item = (bytes(255 - b for b in ident), n)  # inverted: heapq keeps the largest of these
                    if len(held) < keep:
                        heapq.heappush(held, item)
                    elif item > held[0]:
                        heapq.heapreplace(held, item)
                n += 1
        del seen
        # Smallest hashes first: the first `dev` go to dev, the next `test` to test.
        chosen = sorted(((bytes(255 - b for b in inv), line) for inv, line in held))
        role = {line: ("dev" if i < opts.dev else "test") for i, (_, line) in enumerate(chosen)}
        folded_held: set[str] = set()
        if role:
            with open(pool, encoding="utf-8") as fh:
                for line_no, line in enumerate(fh):
                    if line_no in role:
                        src, tgt = line.rstrip("\n").split("\t")
                        folded_held.update((" ".join(words(src)), " ".join(words(tgt))))
        folded_held.discard("")
        names = {r: (work / f"{r}.{sl}", work / f"{r}.{tl}") for r in ("train", "dev", "test")}
        files = {r: (open(a, "w", encoding="utf-8"), open(b, "w", encoding="utf-8")) for r, (a, b) in names.items()}
        try:
            with open(pool, encoding="utf-8") as fh:
                for line_no, line in enumerate(fh):
                    src, tgt = line.rstrip("\n").split("\t")
                    r = role.get(line_no, "train")
                    if r == "train" and (" ".join(words(src)) in folded_held or " ".join(words(tgt)) in folded_held):
                        counts["dropped: near-duplicate of a dev/test pair"] += 1
                        continue
                    files[r][0].write(src + "\n")
                    files[r][1].write(tgt + "\n")
                    counts[r] += 1
        finally:
            for a, b in files.values():
                a.close()
                b.close()
        pool.unlink()
        if not counts["train"]:
            raise InputError("no training pairs left after filtering (see the counts with a smaller --dev/--test)",
                             str(out))
        spm_info = _train_spm(names["train"], work / "spm", opts.vocab_size)
        manifest = {
            "bitext": version, "languages": [sl, tl],
            "counts": {"read": counts["read"], "train": counts["train"], "dev": counts["dev"], "test": counts["test"],
                       "dropped": {k[len("dropped: "):]: v for k, v in sorted(counts.items())
                                   if k.startswith("dropped: ")}},
            "files": sorted(p.name for pair in names.values() for p in pair) + ["spm.model", "spm.vocab"],
            "filters": {k: v for k, v in asdict(opts).items() if k not in ("source_lang", "target_lang", "seed")},
            "split": "dev and test: the pairs with the smallest keyed BLAKE2b hashes; train: the rest, without "
                     "pairs whose folded source or target equals a dev/test pair's",
            "normalisation": "sacremoses MosesPunctNormalizer (pre_replace_unicode_punct, post_remove_control_chars) "
                             "per language; line breaks and tabs to spaces; spaces collapsed",
            "sentencepiece": spm_info,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for f in work.iterdir():  # the set appears whole: each file renamed into place only once all are written
            os.replace(f, out / f.name)
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _train_spm(train: tuple[Path, Path], prefix: Path, vocab_size: int) -> dict:
    """A joint unigram SentencePiece model over both training sides; the size is an upper bound on small data."""
    import sentencepiece as spm

    params = dict(input=[str(p) for p in train], model_prefix=str(prefix), vocab_size=vocab_size, model_type="unigram",
                  character_coverage=1.0, input_sentence_size=1_000_000, shuffle_input_sentence=True,
                  hard_vocab_limit=False, num_threads=os.cpu_count() or 1, minloglevel=2, seed_sentencepiece_size=1_000_000)
    try:
        spm.SentencePieceTrainer.train(**params)
    except RuntimeError as exc:
        raise InputError(f"SentencePiece could not train: {str(exc).splitlines()[0]}", str(prefix.parent)) from exc
    model = spm.SentencePieceProcessor(model_file=str(prefix) + ".model")
    return {"model_type": "unigram", "vocab_size_asked": vocab_size, "vocab_size": model.get_piece_size(),
            "character_coverage": 1.0, "input_sentence_size": params["input_sentence_size"]}

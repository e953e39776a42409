"""Loaders for the gold alignment sets in ../shared/eval-data (read in place, never copied)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval-data"


@dataclass
class Doc:
    name: str
    src: list[str]
    tgt: list[str]
    src_para: list[int]
    tgt_para: list[int]
    gold: list[tuple[list[int], list[int]]]
    src_lang: str
    tgt_lang: str


def _read_cut(path: Path) -> tuple[list[str], list[int], dict[str, int]]:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    texts, paras, ids = [], [], {}
    for p_idx, p in enumerate(tree.iter("p")):
        for s in p.iter("s"):
            ids[s.get("id")] = len(texts)
            texts.append(" ".join((w.text or "") for w in s.iter("w")))
            paras.append(p_idx)
    return texts, paras, ids


def transread() -> list[Doc]:
    """The TransRead EN–FR books, with French as the source side."""
    docs = []
    for folder in sorted((EVAL / "transread-en-fr").glob("*_EN-FR")):
        book = folder.name[: -len("_EN-FR")]
        en, en_p, en_ids = _read_cut(folder / f"cut_{book}_en.xml")
        fr, fr_p, fr_ids = _read_cut(folder / f"cut_{book}_fr.xml")
        tree = etree.parse(str(folder / f"{book}_sent_align_en-fr.xml"), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
        gold = []
        for link in tree.iter("link"):
            e, f = link.get("xtargets").split(";")
            gold.append(([fr_ids[x] for x in f.split()], [en_ids[x] for x in e.split()]))
        gold.sort(key=lambda b: (min(b[0], default=1e9) if b[0] else min(b[1]), ))
        docs.append(Doc(book, fr, en, fr_p, en_p, gold, "fr", "en"))
    return docs


def _read_beads(path: Path) -> list[tuple[list[int], list[int]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            a, b = line.split(":")
            out.append(([int(x) for x in re.findall(r"\d+", a)], [int(x) for x in re.findall(r"\d+", b)]))
    return out


def textberg(split: str = "test") -> list[Doc]:
    """Text+Berg DE–FR documents (German source); split 'test' (test0..6) or 'dev'."""
    folder = EVAL / "textberg-de-fr"
    names = ["dev"] if split == "dev" else [f"test{i}" for i in range(7)]
    docs = []
    for name in names:
        de = (folder / f"{name}.de").read_text(encoding="utf-8").split("\n")
        fr = (folder / f"{name}.fr").read_text(encoding="utf-8").split("\n")
        if de and de[-1] == "":
            de.pop()
        if fr and fr[-1] == "":
            fr.pop()
        docs.append(Doc(name, de, fr, [0] * len(de), [0] * len(fr), _read_beads(folder / f"{name}.defr"), "de", "fr"))
    return docs

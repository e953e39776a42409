"""The alignment review page: one self-contained HTML file, French and English side by side.

Beads are coloured by score; low-confidence beads and unpaired sentences can be shown alone.
Highlighted spans (glossary terms) come from the caller, so this module knows nothing of glossaries.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .align import Bead

Highlighter = Callable[[str, str], list[tuple[int, int, str, str]]]  # (text, lang) -> [(start, end, title, css class)]

LOW, MID = 0.4, 0.7


@dataclass(slots=True)
class ReviewDocument:
    id: str
    status: str
    source: list[str]
    target: list[str]
    beads: Sequence[Bead]
    confirmed: set[int] = field(default_factory=set)
    stale: list[str] = field(default_factory=list)


def _band(b: Bead) -> str:
    if not b.source or not b.target:
        return "unpaired"
    return "low" if b.score < LOW else "mid" if b.score < MID else "good"


def needs_review(b: Bead, source: Sequence[str], target: Sequence[str], confirmed: bool = False) -> bool:
    """What the pages offer for review: unconfirmed beads below the good band, and unpaired sentences
    that hold words (a '###' separator left alone is not a question)."""
    if confirmed:
        return False
    band = _band(b)
    if band == "unpaired":
        return any(ch.isalpha() for i in b.source for ch in source[i]) or \
            any(ch.isalpha() for j in b.target for ch in target[j])
    return band in ("low", "mid")


def _marked(text: str, lang: str, highlight: Highlighter | None) -> str:
    if highlight is None:
        return html.escape(text)
    out, pos = [], 0
    for s, e, title, cls in sorted(highlight(text, lang)):
        if s < pos:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f'<mark class="{html.escape(cls)}" title="{html.escape(title)}">{html.escape(text[s:e])}</mark>')
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{position:sticky;top:0;background:#1d2430;color:#fff;padding:.6em 1em;z-index:2}
header h1{font-size:1.1em;margin:0 0 .3em}
header button{margin-right:.4em;border:0;border-radius:4px;padding:.25em .7em;cursor:pointer}
header button.on{outline:2px solid #ffd24a}
section{margin:1em}
h2{font-size:1em;margin:.8em 0 .3em}
table{border-collapse:collapse;width:100%;background:#fff}
td{vertical-align:top;padding:.35em .6em;border-bottom:1px solid #e3e6ea}
td.n{width:4.5em;color:#667;font:12px monospace;white-space:nowrap}
td.s{width:3.5em;text-align:right;font:12px monospace}
tr.good td.s{background:#d8f3dc}
tr.mid td.s{background:#fff1c1}
tr.low td.s{background:#ffd6d6}
tr.unpaired td{background:#eceff3;color:#556}
tr.low td{background:#fff7f7}
tr.confirmed td{background:#eefaf1}
td.v{width:2em;text-align:center;color:#1b7f3b;font-weight:700}
.stale{background:#fff3cd;border:1px solid #e0c36a;padding:.4em .7em;margin:.3em 0;border-radius:4px}
mark{background:#dce9ff;border-radius:3px;padding:0 .1em}
mark.deprecated,mark.forbidden,mark.misspelt{background:#ffc9c9;text-decoration:underline wavy #c92a2a}
.legend span{display:inline-block;padding:0 .5em;margin-right:.4em;border-radius:3px;color:#1d2430}
body.only-attention tr:not(.review){display:none}
"""

_JS = """
document.getElementById('attention').onclick=function(){
  document.body.classList.toggle('only-attention');this.classList.toggle('on');};
document.getElementById('next').onclick=function(){
  var rows=[].slice.call(document.querySelectorAll('tr.review'));
  var y=window.scrollY+80;var t=rows.find(function(r){return r.getBoundingClientRect().top+window.scrollY>y;})||rows[0];
  if(t){t.scrollIntoView({block:'center'});}};
"""


def render(docs: Sequence[ReviewDocument], highlight: Highlighter | None = None, title: str = "bitext alignment review",
           src_lang: str = "fr", tgt_lang: str = "en") -> str:
    """The whole page as a string (no external resource, no script from the network)."""
    counts = {"good": 0, "mid": 0, "low": 0, "unpaired": 0}
    sections = []
    for d in docs:
        rows = []
        for k, b in enumerate(d.beads):
            band = _band(b)
            counts[band] += 1
            src = " ".join(_marked(d.source[i], src_lang, highlight) for i in b.source)
            tgt = " ".join(_marked(d.target[j], tgt_lang, highlight) for j in b.target)
            score = "—" if band == "unpaired" else f"{b.score:.2f}"
            done = k in d.confirmed
            cls = " ".join(c for c in (band, "confirmed" if done else "",
                                       "review" if needs_review(b, d.source, d.target, done) else "") if c)
            rows.append(f'<tr class="{cls}" id="{html.escape(d.id)}-{k}"><td class="n">{b.kind}</td>'
                        f'<td lang="{src_lang}">{src}</td><td lang="{tgt_lang}">{tgt}</td><td class="s">{score}</td>'
                        f'<td class="v">{"✓" if done else ""}</td></tr>')
        note = " (English: reference translation written for bitext, not the official text)" if d.status == "reference" else ""
        stale = "".join(f'<div class="stale">{html.escape(m)}</div>' for m in d.stale)
        sections.append(f'<section><h2>{html.escape(d.id)}{html.escape(note)}</h2>{stale}<table>'
                        f'<thead><tr><th></th><th>{src_lang}</th><th>{tgt_lang}</th><th>score</th><th></th></tr></thead>'
                        f'<tbody>{"".join(rows)}</tbody></table></section>')
    legend = (f'<span style="background:#d8f3dc">≥ {MID}: {counts["good"]}</span>'
              f'<span style="background:#fff1c1">{LOW}–{MID}: {counts["mid"]}</span>'
              f'<span style="background:#ffd6d6">&lt; {LOW}: {counts["low"]}</span>'
              f'<span style="background:#eceff3">unpaired: {counts["unpaired"]}</span>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_CSS}</style></head><body>'
            f'<header><h1>{html.escape(title)}</h1><div class="legend">{legend}'
            f'<button id="attention">show only what needs review</button><button id="next">next to review ↓</button>'
            f'</div></header>{"".join(sections)}<script>{_JS}</script></body></html>\n')

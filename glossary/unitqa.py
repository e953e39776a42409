"""Per-unit QA of bilingual files (XLIFF, PO, TMX) that CAT-tool QA (Xbench, Verifika, CheckMate) runs:
placeholders and inline codes, edge white space, final punctuation, length ratio. Pure functions from
a unit's texts (and its codes) to (rule, message) pairs; linear in the unit's length."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

# printf (%s, %1$s, %(name)s, %.2f), .NET/ICU ({0}, {name}), shell/template (${name}) placeholders
_PLACEHOLDER = re.compile(r"%(?:\d{1,2}\$|\(\w{1,40}\))?[-+ #0]?\d{0,3}(?:\.\d{1,3})?[sdifuxXoeEgGc@]"
                          r"|\{\w{0,40}\}|\$\{\w{1,40}\}")
_CODE = re.compile(r"<(bpt|ept|ph|it)\b")
_FINAL = ".!?:;…"
_CLOSERS = "\"'»”’)]"


def placeholders(text: str, markup: str | None = None) -> Counter[str]:
    """The placeholders of a segment and, from its TMX markup, its inline codes by kind."""
    found = Counter(_PLACEHOLDER.findall(text))
    if markup:
        found.update(f"<{kind}>" for kind in _CODE.findall(markup))
    return found


def _final(text: str) -> str:
    t = text.rstrip().rstrip(_CLOSERS).rstrip()
    return t[-1] if t and t[-1] in _FINAL else ""


def unit_findings(src: str, tgt: str, src_markup: str | None = None, tgt_markup: str | None = None,
                  ratio: tuple[float, float] = (0.4, 2.5)) -> Iterator[tuple[str, str]]:
    """(rule id, message) for each problem of one unit; an empty target is B403's, not these rules'."""
    ps, pt = placeholders(src, src_markup), placeholders(tgt, tgt_markup)
    if ps != pt:
        missing, extra = ps - pt, pt - ps
        parts = ([f"missing in target: {' '.join(sorted(missing.elements()))}"] if missing else []) + \
                ([f"not in source: {' '.join(sorted(extra.elements()))}"] if extra else [])
        yield "B405", "placeholders or inline codes differ: " + "; ".join(parts)
    lead = (src[:1].isspace(), tgt[:1].isspace())
    trail = (src[-1:].isspace(), tgt[-1:].isspace())
    if lead[0] != lead[1] or trail[0] != trail[1]:
        where = " and ".join(w for w, d in (("leading", lead[0] != lead[1]), ("trailing", trail[0] != trail[1])) if d)
        yield "B406", f"{where} white space differs between source and target"
    fs, ft = _final(src), _final(tgt)
    if fs != ft and not ({fs, ft} <= {".", "…"}):
        yield "B407", f"final punctuation differs: {fs or 'none'} in the source, {ft or 'none'} in the target"
    s, t = len(src.strip()), len(tgt.strip())
    if s >= 20 and t and not ratio[0] <= t / s <= ratio[1]:
        yield "B408", f"target is {t / s:.1f} times the source's length (expected {ratio[0]}–{ratio[1]})"

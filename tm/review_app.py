"""The editing review page that `bitext review` serves: keyboard first, self-contained (no CDN, no build)."""

from __future__ import annotations

import html

_CSS = """
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{position:sticky;top:0;background:#1d2430;color:#fff;padding:.5em 1em;z-index:2}
header h1{font-size:1.05em;margin:0 0 .3em;display:inline-block;margin-right:1em}
#progress{font-weight:600}
#saved{margin-left:1em;color:#b7f5c4}
#saved.err{color:#ffb3b3}
.filters button{margin:.2em .3em .2em 0;border:0;border-radius:4px;padding:.2em .6em;cursor:pointer;background:#e9edf3}
.filters button.on{background:#ffd24a}
.keys{font-size:12px;color:#cfd6e0;margin-top:.2em}
.keys kbd{background:#3a4558;border-radius:3px;padding:0 .35em;font:12px monospace;color:#fff}
section{margin:1em}
h2{font-size:1em;margin:.8em 0 .3em}
.stale{background:#fff3cd;border:1px solid #e0c36a;padding:.4em .7em;margin:.3em 0;border-radius:4px}
table{border-collapse:collapse;width:100%;background:#fff}
td{vertical-align:top;padding:.35em .6em;border-bottom:1px solid #e3e6ea}
td.n{width:3.5em;color:#667;font:12px monospace;white-space:nowrap}
td.s{width:3.5em;text-align:right;font:12px monospace}
td.v{width:2em;text-align:center;color:#1b7f3b;font-weight:700}
tr.good td.s{background:#d8f3dc}
tr.mid td.s{background:#fff1c1}
tr.low td.s{background:#ffd6d6}
tr.unpaired td{background:#eceff3;color:#556}
tr.confirmed td{background:#eefaf1}
tr.sel td{box-shadow:inset 0 2px 0 #2f6fde,inset 0 -2px 0 #2f6fde}
tr.hide{display:none}
span.sent+span.sent:before{content:" ";}
span.sent{border-bottom:1px dotted #aab}
mark{background:#dce9ff;border-radius:3px;padding:0 .1em}
mark.deprecated,mark.forbidden,mark.misspelt{background:#ffc9c9;text-decoration:underline wavy #c92a2a}
"""

_JS = r"""
"use strict";
const TOKEN = document.body.dataset.token;
let docs = [], sel = {d: 0, b: 0}, history = [], future = [], filter = "all", busy = false;

function band(doc, b) {
  if (!b.s.length || !b.t.length) return "unpaired";
  return b.score < doc.bands.low ? "low" : b.score < doc.bands.mid ? "mid" : "good";
}
function lettered(doc, b) {
  return b.s.some(i => /\p{L}/u.test(doc.source[i])) || b.t.some(j => /\p{L}/u.test(doc.target[j]));
}
function flaggedTerms(doc, b) {
  const bad = m => ["deprecated", "forbidden", "misspelt"].includes(m[3]);
  return b.s.some(i => (doc.marks.s[i] || []).some(bad)) || b.t.some(j => (doc.marks.t[j] || []).some(bad));
}
function needsReview(doc, b) {
  const k = band(doc, b);
  return !b.confirmed && (k === "low" || k === "mid" || (k === "unpaired" && lettered(doc, b)));
}
function shown(doc, b) {
  switch (filter) {
    case "review": return needsReview(doc, b);
    case "low": case "mid": case "unpaired": return band(doc, b) === filter;
    case "unreviewed": return !b.confirmed;
    case "terms": return flaggedTerms(doc, b);
    default: return true;
  }
}
function esc(t) { return t.replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c])); }
function marked(text, marks) {
  let out = "", pos = 0;
  for (const [s, e, title, cls] of (marks || []).slice().sort((a, b) => a[0] - b[0])) {
    if (s < pos) continue;
    out += esc(text.slice(pos, s)) + `<mark class="${esc(cls)}" title="${esc(title)}">${esc(text.slice(s, e))}</mark>`;
    pos = e;
  }
  return out + esc(text.slice(pos));
}
function render() {
  const main = document.getElementById("docs");
  let html = "", done = 0, total = 0;
  docs.forEach((doc, d) => {
    const note = doc.status === "reference" ? " (English: reference translation written for bitext, not the official text)" : "";
    html += `<section><h2>${esc(doc.id)}${esc(note)}</h2>`;
    for (const s of doc.stale) html += `<div class="stale">${esc(s)}</div>`;
    html += `<table><thead><tr><th></th><th>fr</th><th>en</th><th>score</th><th></th></tr></thead><tbody>`;
    doc.beads.forEach((b, k) => {
      total += 1; done += b.confirmed ? 1 : 0;
      const cls = [band(doc, b), b.confirmed ? "confirmed" : "", d === sel.d && k === sel.b ? "sel" : "", shown(doc, b) ? "" : "hide"].join(" ");
      const src = b.s.map(i => `<span class="sent" data-i="${i}">${marked(doc.source[i], doc.marks.s[i])}</span>`).join("");
      const tgt = b.t.map(j => `<span class="sent" data-j="${j}">${marked(doc.target[j], doc.marks.t[j])}</span>`).join("");
      const score = b.s.length && b.t.length ? b.score.toFixed(2) : "—";
      html += `<tr class="${cls}" id="b-${d}-${k}" data-d="${d}" data-k="${k}"><td class="n">${b.kind}</td><td lang="fr">${src}</td>` +
              `<td lang="en">${tgt}</td><td class="s">${score}</td><td class="v">${b.confirmed ? "✓" : ""}</td></tr>`;
    });
    html += "</tbody></table></section>";
  });
  main.innerHTML = html;
  document.getElementById("progress").textContent = `reviewed ${done} of ${total}`;
}
function scrollToSel() {
  const row = document.getElementById(`b-${sel.d}-${sel.b}`);
  if (row) row.scrollIntoView({block: "center"});
}
function move(step, pred) {
  const flat = [];
  docs.forEach((doc, d) => doc.beads.forEach((b, k) => { if (shown(doc, b) && (!pred || pred(doc, b))) flat.push([d, k]); }));
  if (!flat.length) return;
  let i = flat.findIndex(([d, k]) => d > sel.d || (d === sel.d && k >= sel.b));
  if (step > 0) {
    const cur = flat.findIndex(([d, k]) => d === sel.d && k === sel.b);
    i = cur >= 0 ? Math.min(cur + 1, flat.length - 1) : (i < 0 ? flat.length - 1 : i);
  } else {
    const cur = flat.findIndex(([d, k]) => d === sel.d && k === sel.b);
    i = cur >= 0 ? Math.max(cur - 1, 0) : Math.max((i < 0 ? flat.length : i) - 1, 0);
  }
  sel = {d: flat[i][0], b: flat[i][1]};
  render(); scrollToSel();
}
function corr(doc, b) {
  return {source: b.s.map(i => doc.source[i]), target: b.t.map(j => doc.target[j]), verdict: "confirmed",
          source_ids: b.s.slice(), target_ids: b.t.slice()};
}
async function send(change) {
  busy = true;
  const flag = document.getElementById("saved");
  try {
    const r = await fetch("/api/save", {method: "POST", headers: {"Content-Type": "application/json", "X-Bitext-Token": TOKEN},
                                        body: JSON.stringify(change)});
    const data = await r.json();
    if (!r.ok) throw new Error(data.error || r.statusText);
    const d = docs.findIndex(x => x.id === data.id);
    docs[d] = data;
    sel.b = Math.min(sel.b, data.beads.length - 1);
    flag.className = ""; flag.textContent = "saved";
    render(); scrollToSel();
    return true;
  } catch (e) {
    flag.className = "err"; flag.textContent = "not saved: " + e.message;
    return false;
  } finally { busy = false; }
}
async function commit(doc, before, after) {
  const change = {document: doc.id,
                  remove: before.filter(b => b.confirmed).map(b => corr(doc, b)),
                  add: after.filter(b => b.s.length || b.t.length).map(b => corr(doc, b))};
  if (await send(change)) { history.push(change); future = []; }
}
function cur() { const doc = docs[sel.d]; return [doc, doc && doc.beads[sel.b]]; }
const ops = {
  confirm() { const [doc, b] = cur(); if (b && !b.confirmed) commit(doc, [b], [b]); },
  mergeNext() { const [doc, b] = cur(); const c = doc.beads[sel.b + 1]; if (!c) return;
    commit(doc, [b, c], [{s: b.s.concat(c.s), t: b.t.concat(c.t)}]); },
  mergePrev() { const [doc, b] = cur(); const a = doc.beads[sel.b - 1]; if (!a) return; sel.b -= 1;
    commit(doc, [a, b], [{s: a.s.concat(b.s), t: a.t.concat(b.t)}]); },
  lastToNext(side) { const [doc, b] = cur(); const c = doc.beads[sel.b + 1]; if (!c || !b[side].length) return;
    const x = b[side][b[side].length - 1], nb = {s: b.s.slice(), t: b.t.slice()}, nc = {s: c.s.slice(), t: c.t.slice()};
    nb[side] = b[side].slice(0, -1); nc[side] = [x].concat(c[side]); commit(doc, [b, c], [nb, nc]); },
  firstToPrev(side) { const [doc, b] = cur(); const a = doc.beads[sel.b - 1]; if (!a || !b[side].length) return;
    const x = b[side][0], na = {s: a.s.slice(), t: a.t.slice()}, nb = {s: b.s.slice(), t: b.t.slice()};
    na[side] = a[side].concat([x]); nb[side] = b[side].slice(1); commit(doc, [a, b], [na, nb]); },
  unpair() { const [doc, b] = cur(); if (!b || !b.s.length || !b.t.length) return;
    commit(doc, [b], b.s.map(i => ({s: [i], t: []})).concat(b.t.map(j => ({s: [], t: [j]})))); },
  async undo() { const h = history.pop(); if (!h) return;
    if (await send({document: h.document, add: h.remove, remove: h.add})) future.push(h); else history.push(h); },
  async redo() { const h = future.pop(); if (!h) return; if (await send(h)) history.push(h); else future.push(h); },
};
document.addEventListener("keydown", e => {
  if (busy || e.altKey || e.metaKey || e.target.tagName === "INPUT") return;
  const k = e.key, ctrl = e.ctrlKey;
  const map = {j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
               n: () => move(1, needsReview), c: ops.confirm, Enter: ops.confirm, m: ops.mergeNext, M: ops.mergePrev,
               p: ops.mergeNext, "]": () => ops.lastToNext("s"), "}": () => ops.lastToNext("t"),
               "[": () => ops.firstToPrev("s"), "{": () => ops.firstToPrev("t"), u: ops.unpair,
               z: ops.undo, y: ops.redo, Z: ops.redo};
  const f = ctrl ? ({z: ops.undo, y: ops.redo, Z: ops.redo})[k] : map[k];
  if (f) { e.preventDefault(); f(); }
});
document.getElementById("docs").addEventListener("click", e => {
  const row = e.target.closest("tr[data-d]"); if (!row) return;
  sel = {d: +row.dataset.d, b: +row.dataset.k}; render();
});
document.querySelectorAll(".filters button").forEach(btn => btn.addEventListener("click", () => {
  filter = btn.dataset.f;
  document.querySelectorAll(".filters button").forEach(x => x.classList.toggle("on", x === btn));
  render();
}));
fetch("/api/documents").then(r => r.json()).then(d => { docs = d; render(); document.body.dataset.ready = "1"; });
"""

_KEYS = [("j", "k", "next / previous"), ("n", None, "next to review"), ("c", None, "confirm"),
         ("m", "M", "merge with next / previous"), ("]", "[", "last French sentence to next / first to previous"),
         ("}", "{", "the same for English"), ("u", None, "unpair"), ("p", None, "re-pair with next"),
         ("z", "y", "undo / redo")]
_FILTERS = [("all", "all"), ("review", "needs review"), ("low", "low"), ("mid", "mid"), ("unpaired", "unpaired"),
            ("unreviewed", "unreviewed"), ("terms", "flagged terms")]


def page(token: str, title: str = "bitext review") -> str:
    """The whole editor as one HTML string; data comes from /api/documents, saves go to /api/save."""
    keys = " · ".join(f"<kbd>{html.escape(a)}</kbd>" + (f" <kbd>{html.escape(b)}</kbd>" if b else "") + f" {html.escape(w)}"
                      for a, b, w in _KEYS)
    filters = "".join(f'<button data-f="{f}" class="{"on" if f == "all" else ""}">{html.escape(label)}</button>'
                      for f, label in _FILTERS)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_CSS}</style></head>'
            f'<body data-token="{html.escape(token)}"><header><h1>{html.escape(title)}</h1><span id="progress">loading…</span>'
            f'<span id="saved"></span><div class="filters">{filters}</div><div class="keys">{keys}</div></header>'
            f'<main id="docs"></main><script>{_JS}</script></body></html>\n')

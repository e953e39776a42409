"""Render plain paragraphs as the documents translators really get: a Canada.ca-like web page with its
site chrome, a Word file with running header and footer, and a PDF printed by Chromium (justified,
hyphenated, with Chromium's own running header and footer). Used by the tests and bench/formats_bench.py.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

CHROME = {
    "fr": {"skip": "Passer au contenu principal", "lang": "English", "search": "Rechercher dans Canada.ca",
           "menu": ["Emplois", "Immigration et citoyenneté", "Voyage et tourisme", "Entreprises"],
           "crumbs": ["Canada.ca", "Affaires mondiales Canada", "Nouvelles"],
           "cookie": "Nous utilisons des témoins pour améliorer votre expérience. Accepter tous les témoins",
           "related": "Liens connexes : Relations Canada-Irak, Voyage au Moyen-Orient",
           "details": "Détails de la page", "modified": "Date de modification : 2020-06-04",
           "report": "Signaler un problème sur cette page",
           "footer": ["Avis", "Confidentialité", "Gouvernement ouvert", "Tous les contacts"]},
    "en": {"skip": "Skip to main content", "lang": "Français", "search": "Search Canada.ca",
           "menu": ["Jobs", "Immigration and citizenship", "Travel and tourism", "Business"],
           "crumbs": ["Canada.ca", "Global Affairs Canada", "News"],
           "cookie": "We use cookies to improve your experience. Accept all cookies",
           "related": "Related links: Canada-Iraq relations, Travel to the Middle East",
           "details": "Page details", "modified": "Date modified: 2020-06-04",
           "report": "Report a problem on this page",
           "footer": ["Terms and conditions", "Privacy", "Open government", "All contacts"]},
}
CHROME_STRINGS = sorted({s for lang in CHROME.values() for v in lang.values()
                         for s in (v if isinstance(v, list) else [v])})


def hyphenable(text: str, every: int = 7) -> str:
    """Soft hyphens inside long words, so that a justified print breaks and hyphenates them."""
    words = []
    for w in text.split(" "):
        if len(w) >= 2 * every and w.isalpha():
            w = w[:every] + "\u00ad" + w[every:]
        words.append(w)
    return " ".join(words)


def page_html(paragraphs: list[str], lang: str, title: str, chrome: bool = True, hyphenate: bool = False,
              columns: int = 1, headings: dict[int, str] | None = None) -> str:
    """A web page holding `paragraphs` (one <p> each), with Canada.ca-like navigation, banners and footer."""
    c = CHROME.get(lang, CHROME["en"])
    esc = (lambda t: html.escape(hyphenable(t))) if hyphenate else html.escape
    body = []
    for k, p in enumerate(paragraphs):
        if headings and k in headings:
            body.append(f"<h2>{html.escape(headings[k])}</h2>")
        body.append(f"<p>{esc(p)}</p>")
    style = ("body{font-family:serif;font-size:12pt;text-align:justify;hyphens:manual;margin:0}"
             f"main{{column-count:{columns};column-gap:2em}}" if columns > 1 else
             "body{font-family:serif;font-size:12pt;text-align:justify;hyphens:manual;margin:0}")
    top = bottom = ""
    if chrome:
        top = f"""<a class="wb-sl" href="#wb-cont">{c['skip']}</a>
<div id="cookie-banner" class="cookie-consent"><p>{c['cookie']}</p><button>OK</button></div>
<header><div id="wb-bnr"><section id="wb-lng"><ul><li><a lang="{'en' if lang == 'fr' else 'fr'}" href="#">{c['lang']}</a></li></ul></section>
<form action="#" role="search"><label for="q">{c['search']}</label><input id="q"></form></div>
<nav class="gcweb-menu"><ul>{''.join(f'<li><a href="#">{m}</a></li>' for m in c['menu'])}</ul></nav>
<nav id="wb-bc"><ol class="breadcrumb">{''.join(f'<li><a href="#">{b}</a></li>' for b in c['crumbs'])}</ol></nav></header>"""
        bottom = f"""<aside class="related"><h3>{c['related']}</h3></aside>
<section class="pagedetails"><h2 class="wb-inv">{c['details']}</h2><a href="#">{c['report']}</a>
<dl id="wb-dtmd"><dt>{c['modified']}</dt></dl></section>"""
        foot = f"""<footer id="wb-info"><ul>{''.join(f'<li><a href="#">{f}</a></li>' for f in c['footer'])}</ul></footer>
<script>var analytics = "Iraq tracking code";</script>"""
    else:
        foot = ""
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head>\n<body>\n{top}\n<main property=\"mainContentOfPage\">\n"
            f"<h1 id=\"wb-cont\">{html.escape(title)}</h1>\n" + "\n".join(body) + f"\n{bottom}\n</main>\n{foot}\n</body>\n</html>\n")


def docx_file(path: Path, title: str, paragraphs: list[str], header: str = "", footer: str = "") -> Path:
    """A Word file written by python-docx: a heading, the paragraphs, and a running header and footer."""
    import docx

    d = docx.Document()
    sec = d.sections[0]
    if header:
        sec.header.paragraphs[0].text = header
    if footer:
        sec.footer.paragraphs[0].text = footer
    d.add_heading(title, 1)
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(path))
    return path


def print_pdf(html_text: str, pdf: Path, header_footer: bool = True) -> Path:
    """Chromium's own print of a page (with its running header and footer: date, title, address, page x/y)."""
    if not CHROMIUM:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html_text, encoding="utf-8")
        flags = [] if header_footer else ["--no-pdf-header-footer"]
        subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, *flags, f"--user-data-dir={tmp}/profile",
                        f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=300,
                       env={**os.environ, "HOME": tmp})
    return pdf

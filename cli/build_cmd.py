"""`bitext build`: the main job, from seeds/ to exports/ (TMX, glossary exports, term candidates, reports, review page)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import click

from bitext.glossary import formats
from bitext.glossary.check import Checker, fingerprints
from bitext.glossary.extract import acronym_candidates, acronyms, bilingual, mark_known
from bitext.glossary.report import rules_markdown, to_markdown, to_sarif
from bitext.glossary.toml_io import load as load_glossary_toml
from bitext.tm import corrections as corr
from bitext.tm.corpus import load_corpus
from bitext.tm.errors import InputError
from bitext.tm.review import ReviewDocument, render
from bitext.tm.textio import atomic_write
from bitext.tm.tmx import TmxHeader, tmx_bytes, tmx_date
from bitext.tm.units import units_from_beads

from .progress import progress_callback
from .term_cmds import candidates_text

TMX_NAME = "coalition.fr-en.tmx"
REPORT_LIMIT = 10_000  # findings in the build's reports; the summary counts them all


def highlighter(checker: Checker):
    """Glossary terms in a sentence, as the review pages mark them: (start, end, title, status)."""
    matchers = {lang: checker.matcher(lang) for lang in ("fr", "en")}

    def highlight(text: str, lang: str):
        return [(h.start, h.end, f"{h.concept}: {h.term.text} ({h.term.status.value if h.kind == 'term' else 'misspelt'})",
                 h.term.status.value if h.kind == "term" else "misspelt") for h in matchers[lang].find(text)]
    return highlight


@click.command("build")
@click.argument("seeds", default="seeds", type=click.Path(file_okay=False))
@click.option("--out", "out", default="exports", show_default=True, type=click.Path(file_okay=False))
@click.option("--confirmed-only", is_flag=True, default=None,
              help="Export only the units a reviewer confirmed (config: confirmed-only = true).")
@click.option("-j", "--jobs", type=click.IntRange(1, 512), default=None,
              help="Worker processes aligning pairs (default: the cores). The output does not depend on it.")
@click.option("--cache", "cache_dir", default=str(Path(".bitext") / "cache"), show_default=True,
              type=click.Path(file_okay=False), help="Where aligned pairs are kept between builds.")
@click.option("--no-cache", is_flag=True, help="Align every pair again and keep nothing.")
@click.option("--corpus-lexicon/--no-corpus-lexicon", default=True, show_default=True,
              help="Realign with word pairs learned across all documents (small documents gain from large ones).")
def build_cmd(seeds: str, out: str, confirmed_only: bool | None, jobs: int | None, cache_dir: str, no_cache: bool,
              corpus_lexicon: bool) -> None:
    """Align every pair of SEEDS and write the TM, glossary exports, reports and review page into --out.

    The pairs are those of SEEDS/corpus.toml, or, without one, those `bitext pair SEEDS` finds
    (mirrored fr/ and en/ folders, name.fr/name.en, name_f/name_e, hreflang links, content).
    Corrections made with `bitext review` (SEEDS/corrections/<document id>.json) are kept exactly.
    A rebuild realigns only the pairs whose files, corrections or glossary changed.

    \b
    Examples:
      bitext build seeds --out exports
      bitext build archive/ --out archive-tm -j 8
    """
    from bitext.tm.archive import align_corpus, default_jobs

    from .config import find, glossary_path

    seeds_dir, out_dir = Path(seeds), Path(out)
    config = find()
    if confirmed_only is None:
        confirmed_only = bool(config.values.get("confirmed-only", False))
    if not seeds_dir.is_dir():
        raise InputError("no such folder", seeds)
    tmx_name, described = TMX_NAME, "seeds/corpus.toml"
    if (seeds_dir / "corpus.toml").exists():
        pairs = load_corpus(seeds_dir)
    else:
        tmx_name, described = f"{seeds_dir.resolve().name or 'archive'}.fr-en.tmx", "pairs it found in the folder"
        from bitext.tm.corpus import corpus_from_folder

        pairs, orphans = corpus_from_folder(seeds_dir)
        click.echo(f"bitext build: no corpus.toml: {len(pairs)} pairs found by `bitext pair`"
                   + (f", {len(orphans)} files without a counterpart (listed by `bitext pair`)" if orphans else ""),
                   err=True)
    glossary_file = seeds_dir / "glossary.toml"
    glossary = load_glossary_toml(str(glossary_file) if glossary_file.is_file() else glossary_path(None, config))
    base = seeds_dir.resolve().parent

    def rel(p: Path) -> str:
        return os.path.relpath(Path(p).resolve(), base).replace(os.sep, "/")

    term_pairs = glossary.term_pairs("fr", "en")
    units, review, bead_kinds, documents = [], [], Counter(), []
    stale: list[corr.Stale] = []
    reviewed = Counter()
    with progress_callback("aligning pairs") as cb:
        aligned = align_corpus(pairs, seeds_dir, term_pairs, jobs or default_jobs(),
                               None if no_cache else Path(cache_dir), corpus_lexicon, cb)
    for result in aligned.results:
        pair, src, tgt, beads = result.pair, result.src, result.tgt, result.beads
        for s in result.stale:
            click.echo(f"bitext: {s.message()}", err=True)
        stale += result.stale
        bead_kinds.update(b.kind for b in beads)
        created = tmx_date(pair.timestamp)
        for u in units_from_beads(beads, src, tgt, pair.id, english_status=pair.english_status,
                                  confirmed=result.confirmed, confirmed_only=confirmed_only):
            u.creationdate = created
            u.source_lang, u.target_lang = pair.french_locale, pair.english_locale
            units.append(u)
            reviewed[u.props["x-review"]] += 1
        review.append(ReviewDocument(pair.id, pair.english_status, src.sentences, tgt.sentences, beads,
                                     result.confirmed, [s.message() for s in result.stale]))
        documents += [src, tgt]
    newest = max(p.timestamp for p in pairs)
    src_locales = {p.french_locale for p in pairs}
    header = TmxHeader(srclang=src_locales.pop() if len(src_locales) == 1 else "fr", creationdate=tmx_date(None if os.environ.get("SOURCE_DATE_EPOCH") else newest),
                       notes=[f"Built by bitext from {described}.",
                              "Units whose x-english-status is 'reference' pair the French with an English translation "
                              "written for this project, not with the official English text."])
    outputs: dict[str, bytes | str] = {tmx_name: tmx_bytes(units, header)}

    outputs["glossary.tbx"] = formats.to_tbx3(glossary)
    outputs["glossary.tbx2.tbx"] = formats.to_tbx2_cat(glossary, "fr", "en")
    outputs["glossary.utf8"] = formats.to_omegat(glossary)
    outputs["glossary.csv"] = formats.to_csv(glossary)

    sentence_pairs = [(u.source, u.target) for u in units if u.props.get("x-unit") != "paragraph"]
    cands = acronym_candidates(acronyms(sentence_pairs), "fr", "en") + bilingual(sentence_pairs)
    mark_known(cands, glossary)
    outputs["term-candidates.tsv"] = candidates_text(cands, "tsv", "fr", "en")

    checker = Checker(glossary)
    findings, usages = [], []
    by_rule: Counter[str] = Counter()
    locales = {str(p.french): p.french_locale for p in pairs} | {str(p.english): p.english_locale for p in pairs}

    def place(f):
        return (f.path, f.line, f.column, f.rule)

    for doc in documents:  # the texts aligned above, not read a second time
        loc = locales.get(str(doc.path))
        found, usage = checker.check_text(rel(doc.path), doc.text, doc.lang, doc.source,
                                          loc if loc and "-" in loc else None)
        by_rule.update(f.rule for f in found)
        findings += found
        usages.append(usage)
        if len(findings) > 2 * REPORT_LIMIT:  # the reports of a large archive hold the first ones only
            findings.sort(key=place)
            del findings[REPORT_LIMIT:]
    corpus_findings = checker.check_corpus(usages)
    by_rule.update(f.rule for f in corpus_findings)
    findings += corpus_findings
    findings.sort(key=place)
    del findings[REPORT_LIMIT:]
    fingerprints(findings)
    total = sum(by_rule.values())
    title = "Terminology report: seeds" + (f" (the first {len(findings):,} of {total:,} findings; `bitext check` "
                                           "lists them all)" if total > len(findings) else "")
    outputs["check-report.md"] = to_markdown(findings, len(documents), title)
    outputs["check-report.sarif"] = to_sarif(findings)
    outputs["rules.md"] = rules_markdown()

    outputs["alignment.html"] = render(review, highlighter(checker), "bitext alignment review: seeds")

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        atomic_write(out_dir / name, data)

    n_terms = sum(len(c.terms) for c in glossary)
    click.echo(f"bitext build: {len(pairs)} documents -> {out_dir}/ ({aligned.aligned} aligned, "
               f"{len(pairs) - aligned.aligned} from the cache"
               + (f"; corpus lexicon {aligned.lexicon_words} words)" if aligned.lexicon_words else ")"))
    click.echo("  beads: " + ", ".join(f"{k} {v}" for k, v in sorted(bead_kinds.items(), key=lambda kv: -kv[1])))
    click.echo(f"  translation units: {len(units)} in {tmx_name} "
               f"({sum(1 for u in units if u.props.get('x-unit') == 'paragraph')} paragraph-level); "
               f"reviewed: {reviewed['confirmed']} confirmed, {reviewed['automatic']} automatic"
               + (" (confirmed only)" if confirmed_only else ""))
    if stale:
        click.echo(f"  stale corrections: {len(stale)} (" + "; ".join(s.message() for s in stale) + ")")
    click.echo(f"  glossary: {len(glossary)} concepts, {n_terms} terms; {len(cands)} term candidates")
    click.echo("  findings: " + (", ".join(f"{k} {v}" for k, v in sorted(by_rule.items())) or "none")
               + " (see check-report.md; `bitext check` is the command that fails CI)")
    click.echo("  files: " + ", ".join(sorted(outputs)))

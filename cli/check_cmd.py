"""`bitext check PATH…`: terminology QA like a linter, for people on a terminal and for CI."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import sys
from pathlib import Path

import click

from bitext.glossary.check import Checker, Finding, fingerprints
from bitext.glossary.mechanics import LOCALES
from bitext.glossary.model import load_glossary
from bitext.glossary.report import (baseline_json, read_baseline, rules_markdown, to_github, to_json, to_markdown,
                                   to_sarif, to_text)
from bitext.glossary.rules import RULES, Severity, resolve
from bitext.tm import langid
from bitext.tm.errors import InputError, UsageError, shown
from bitext.tm.formats import BILINGUAL_GLOBS, DOCUMENT_GLOBS, format_of, is_bilingual, read_document
from bitext.tm.textio import atomic_write, read_text

from .config import Config, find, glossary_path

DEFAULT_INCLUDE = [*DOCUMENT_GLOBS, *BILINGUAL_GLOBS]
_SUPPRESS = re.compile(r"bitext:\s*(?:ignore|noqa)(?:\[([A-Za-z0-9_,\s-]+)\])?")


@click.command("check")
@click.argument("paths", nargs=-1, required=False)
@click.option("--glossary", "glossary", default=None, help="Glossary file (default: configured, or seeds/glossary.toml).")
@click.option("--lang", type=click.Choice(["fr", "en", "auto"]), default=None, help="Language of the documents (default auto).")
@click.option("--locale", type=click.Choice(list(LOCALES)), default=None,
              help="Typography conventions (fr-CA: no space before ; ! ?). Default: config, the document's own "
                   "(<html lang>, Word), else fr-FR / en.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "markdown"]), default="text",
              show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding is at least this severe (default error).")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None, help="Report only findings not in this baseline.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None, help="Record the current findings as the baseline.")
@click.option("--select", default=None, help="Rules to run: ids, prefixes or names, comma-separated.")
@click.option("--ignore", "ignore_rules", default=None, help="Rules to skip: ids, prefixes or names, comma-separated.")
@click.option("--list-rules", is_flag=True, help="List every rule with its id, severity and rationale.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes (deprecated → preferred term, double spaces, "
              "spacing by locale) to plain-text files, then report what is left.")
@click.option("--diff", "show_diff", is_flag=True, help="With --fix: print the changes as a unified diff, write nothing.")
@click.option("-o", "--output", default="-", show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None, help="Worker processes for many or large files (default: cores, when it pays).")
def check_cmd(paths, glossary, lang, locale, fmt, fail_on, baseline, write_baseline, select, ignore_rules, list_rules,
              fix, show_diff, output, jobs) -> None:
    """Check documents (text, Markdown, HTML, DOCX, ODT, PDF) and bilingual files (TMX, XLIFF, PO) against the
    glossary. Exit 1 on findings at or above --fail-on.

    \b
    Examples:
      bitext check docs/
      bitext check docs/ --format sarif -o bitext.sarif
    """
    if list_rules:
        from bitext.glossary.rules import register_custom

        cfg = find()
        register_custom(cfg.values.get("rules") or [], str(cfg.source or "configuration"))  # listed with the rest
        _list_rules(fmt)
        return
    if not paths:
        raise UsageError("give at least one PATH (file or directory), or --list-rules")
    cfg = find()
    checker = _checker(cfg, glossary, select, ignore_rules)
    files = _collect(paths, cfg)
    lang = lang or cfg.values.get("lang", "auto")
    findings: list[Finding] = []
    # Each file's format is found once (its first bytes, then its name) and handed to the readers.
    kinds = {f: "auto" if str(f) == "-" else format_of(str(f)) for f in files}
    bilingual = [f for f in files if is_bilingual(str(f), kinds[f])]
    documents = [f for f in files if f not in bilingual]
    for f in bilingual:
        findings += _check_bilingual(checker, f, kinds[f])
    usages = []
    for found, usage in _check_documents(checker, documents, lang, cfg, jobs, locale or cfg.values.get("locale"),
                                         kinds):
        findings += found
        usages.append(usage)
    findings += checker.check_corpus(usages)
    if checker.spelling_unavailable:  # said, never a silent pass
        click.echo(f"bitext: note: spelling (S601) not checked: {checker.spelling_unavailable}", err=True)
    findings = _per_file_ignores(findings, cfg)
    if fix or show_diff:
        findings = _fix(findings, [d for d in documents if kinds[d] == "text"], show_diff)
    findings.sort(key=lambda x: (x.path, x.line, x.column, x.rule))
    fingerprints(findings)
    if write_baseline:
        atomic_write(write_baseline, baseline_json(findings))
    if baseline:
        known = read_baseline(read_text(baseline), baseline)
        findings = [x for x in findings if x.fingerprint not in known]
    color = fmt == "text" and output == "-" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if fmt in ("sarif", "github"):
        findings = _repository_relative(findings)  # what code scanning and annotations can attach
    rules_url = cfg.values.get("rules-url") if isinstance(cfg.values.get("rules-url"), str) else None
    rendered = {"text": lambda: to_text(findings, len(files), color), "json": lambda: to_json(findings, len(files)),
                "sarif": lambda: to_sarif(findings, rules_url), "github": lambda: to_github(findings),
                "markdown": lambda: to_markdown(findings, len(files))}[fmt]()
    atomic_write(output, rendered)
    threshold = fail_on or cfg.values.get("fail-on", "error")
    if threshold != "never" and any(x.severity.rank >= Severity(threshold).rank for x in findings):
        sys.exit(1)


def _fix(findings: list[Finding], documents: list[Path], show_diff: bool) -> list[Finding]:
    """Apply the safe fixes to plain-text files (where findings point at the file's own characters; markup
    and binary formats are never rewritten); say what changed on stderr; return the findings left."""
    import difflib

    from bitext.glossary.fix import apply_fixes, summary

    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    fixed: set[int] = set()
    for doc in documents:
        name = str(doc)
        if name == "-" or name not in by_path:
            continue
        text = read_text(doc)
        new, applied = apply_fixes(text, by_path[name])
        if not applied:
            continue
        fixed.update(id(f) for f in applied)
        if show_diff:
            click.echo("".join(difflib.unified_diff(text.splitlines(True), new.splitlines(True), name, name + " (fixed)")),
                       nl=False)
        else:
            atomic_write(doc, new, rewrite_input=True)  # the one output allowed over its input
        click.echo(f"{shown(name)}: {'would fix' if show_diff else 'fixed'} {len(applied)} ({summary(applied)})", err=True)
    return [f for f in findings if id(f) not in fixed] if not show_diff else findings


def _repository_relative(findings: list[Finding]) -> list[Finding]:
    """Paths relative to the repository root (the folder holding .git above the current one), when inside it."""
    here = Path.cwd().resolve()
    root = next((d for d in [here, *here.parents] if (d / ".git").exists()), here)
    for f in findings:
        f.path = _rel(f.path, root)
        f.related = [(_rel(p, root), ln, c) for p, ln, c in f.related]
    return findings


def _rel(path: str, root: Path) -> str:
    """A path relative to `root` when inside it, else as given."""
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return path


def _list_rules(fmt: str) -> None:
    if fmt == "markdown":
        click.echo(rules_markdown(), nl=False)
        return
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "name": r.name, "severity": r.severity.value, "enabled": r.enabled,
                                "rationale": r.rationale} for r in RULES.values()], indent=1))
        return
    for r in RULES.values():
        off = "" if r.enabled else " (off by default)"
        click.echo(f"{r.id}  {r.name:36} {r.severity.value:8} {r.rationale}{off}")


def _checker(cfg: Config, glossary: str | None, select: str | None, ignore: str | None) -> Checker:
    def ids(spec) -> set[str]:
        items = spec if isinstance(spec, list) else [s for s in (spec or "").split(",")]
        out: set[str] = set()
        for item in (i.strip() for i in items):
            if not item:
                continue
            try:
                out.update(resolve(item))
            except KeyError:
                raise UsageError(f"unknown rule {item!r} (see bitext check --list-rules)") from None
        return out

    from bitext.glossary.rules import register_custom

    custom = register_custom(cfg.values.get("rules") or [], str(cfg.source or "configuration"))
    enabled = {r.id for r in RULES.values() if r.enabled}
    if select or cfg.values.get("select"):
        enabled = ids(select or cfg.values.get("select"))
    enabled -= ids(ignore or cfg.values.get("ignore", []))
    severities = {}
    for key, value in (cfg.values.get("severity") or {}).items():
        try:
            sev = Severity(value)
        except ValueError:
            raise UsageError(f"severity of {key} must be error, warning or info, not {value!r}") from None
        for rid in ids([key]):
            severities[rid] = sev
    words = list(cfg.values.get("words") or [])
    if cfg.path("words-file") is not None:
        words += read_text(cfg.path("words-file")).split()
    return Checker(load_glossary(glossary_path(glossary, cfg)), enabled, severities, custom, words)


def _collect(paths, cfg: Config) -> list[Path]:
    """The files to check; an unreadable folder is an error and so is finding nothing to check."""
    include = cfg.values.get("include", DEFAULT_INCLUDE)
    exclude = cfg.values.get("exclude", [])
    out: list[Path] = []
    for p in paths:
        if p == "-":
            out.append(Path("-"))
            continue
        path = Path(p)
        if not path.exists():
            raise InputError("no such file or directory", p)
        if not path.is_dir():
            out.append(path)
            continue

        def unreadable(exc: OSError) -> None:
            raise InputError(f"cannot read this folder: {exc.strerror}", exc.filename)

        for folder, dirs, names in os.walk(path, onerror=unreadable):
            dirs.sort()
            for n in sorted(names):
                f = Path(folder) / n
                rel = f.relative_to(path).as_posix()
                if f.is_file() and any(fnmatch.fnmatch(n, g) for g in include) \
                        and not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(f.as_posix(), g) for g in exclude):
                    out.append(f)
    if not out:
        where = f" ({cfg.source})" if cfg.source else ""
        raise UsageError(f"no file to check in {', '.join(paths)}: include/exclude{where} matched nothing")
    return out


def _language(f: Path, text: str, lang: str, cfg: Config, declared: str | None = None) -> str:
    if lang != "auto":
        return lang
    for pattern, code in (cfg.values.get("languages") or {}).items():
        if fnmatch.fnmatch(f.as_posix(), pattern):
            return code
    parts = f.name.lower().split(".")
    for code in ("fr", "en"):
        if code in parts[1:-1] or f.parent.name.lower() == code:
            return code
    guess, share = langid.guess(text)
    base = (declared or "").split("-")[0].lower()
    if base in ("fr", "en") and (guess is None or share < 0.6):
        return base  # <html lang> or the Word document's language, when the words do not clearly say otherwise
    if guess is None:
        raise InputError("cannot tell the language; give --lang fr|en", str(f))
    return guess


def _suppressed(findings: list[Finding], text: str) -> list[Finding]:
    """Drop findings on lines carrying `bitext: ignore` (all rules) or `bitext: ignore[T102,T104]`."""
    marks: dict[int, set[str] | None] = {}
    for n, line in enumerate(text.split("\n"), 1):
        m = _SUPPRESS.search(line)
        if m:
            marks[n] = {r.strip().upper() for r in m.group(1).split(",")} if m.group(1) else None
    return [f for f in findings if f.line not in marks or (marks[f.line] is not None and f.rule not in marks[f.line])]


def _per_file_ignores(findings: list[Finding], cfg: Config) -> list[Finding]:
    table = cfg.values.get("per-file-ignores") or {}
    if not table:
        return findings
    out = []
    for f in findings:
        skip = set()
        for pattern, rules in table.items():
            if fnmatch.fnmatch(f.path, pattern) or fnmatch.fnmatch(Path(f.path).name, pattern):
                for r in rules:
                    try:
                        skip.update(resolve(r))
                    except KeyError:
                        raise UsageError(f"per-file-ignores: unknown rule {r!r} (see bitext check --list-rules)") from None
        if f.rule not in skip:
            out.append(f)
    return out


_WORKER: Checker | None = None


def _init_worker(glossary, enabled, severities, custom=(), words=()) -> None:
    global _WORKER
    _WORKER = Checker(glossary, enabled, severities, custom, words)


def _check_one(checker: Checker, path: Path, lang: str, languages: dict, locale: str | None = None,
               kind: str = "auto"):
    source = read_document(str(path), kind)
    doc_lang = _language(path, source.text, lang, Config(Path("."), {"languages": languages}), source.lang)
    if locale is None or not locale.startswith(doc_lang):  # a locale applies to documents of its language
        declared = source.lang or ""
        locale = declared if declared[:2].lower() == doc_lang and "-" in declared else None
    found, usage = checker.check_text(str(path), source.text, doc_lang, source, locale)
    if source.format in ("text", "markdown", "html"):  # `bitext: ignore` marks sit on the file's own lines
        raw = source.text if source.format == "text" or str(path) == "-" else read_text(path)
        found = _suppressed(found, raw)
    return found, usage


def _work(args) -> tuple[list[Finding], object]:
    return _check_one(_WORKER, *args)


def _check_documents(checker: Checker, files: list[Path], lang: str, cfg: Config, jobs: int | None,
                     locale: str | None = None, kinds: dict[Path, str] | None = None):
    """Check documents, in worker processes when there are enough bytes to pay for compiling the glossary twice."""
    languages = cfg.values.get("languages") or {}
    size = sum(f.stat().st_size for f in files if str(f) != "-")
    cores = os.cpu_count() or 1
    workers = min(jobs, 2 * cores, len(files)) if jobs is not None else \
        (min(cores, 4) if size > (16 << 20) and len(files) > 1 else 1)
    if workers <= 1:
        return [_check_one(checker, f, lang, languages, locale, (kinds or {}).get(f, "auto")) for f in files]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER
    if "fork" in multiprocessing.get_all_start_methods():
        # Forked workers inherit the compiled automata instead of pickling and rebuilding them.
        for code in {t.language for c in checker.glossary for t in c.terms}:
            checker.matcher(code)
        _WORKER = checker
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    else:
        pool = ProcessPoolExecutor(workers, initializer=_init_worker,
                                   initargs=(checker.glossary, checker.enabled, checker.severities, checker.custom,
                                             checker.words))
    with pool:
        return list(pool.map(_work, [(f, lang, languages, locale, (kinds or {}).get(f, "auto")) for f in files],
                             chunksize=max(1, len(files) // (workers * 4))))


def _check_bilingual(checker: Checker, f: Path, kind: str = "auto") -> list[Finding]:
    from bitext.tm.formats import read_units

    # Units with a source: an empty target is reported (B403), paragraph-level units are left out.
    units = [u for u in read_units(str(f), input_format=kind) if u.source.strip() and u.props.get("x-unit") != "paragraph"]
    if not units:
        return []
    pairs = [(u.source, u.target, u.line or 1, u.source_markup, u.target_markup) for u in units]
    return checker.check_pairs(str(f), pairs, units[0].source_lang, units[0].target_lang)

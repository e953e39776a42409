"""Terminology QA: the rules of `glossary.rules` applied to documents, to a corpus, and to aligned pairs.

Pure functions from texts (and a glossary) to findings; reading files, configuration and
rendering live at the edges (`cli/`, `glossary.report`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bitext.tm.errors import shown
from bitext.tm.langid import contradicts
from bitext.tm.lexicon import fold
from bitext.tm.numbers import numbers
from bitext.tm.source import LineIndex

from . import mechanics
from .unitqa import unit_findings
from .matcher import Hit, TermMatcher, term_key
from .model import STATUS_ORDER, Glossary, Status, Term
from .rules import RULES, Severity


@dataclass(slots=True)
class Finding:
    """One problem, with 1-based positions into the original file."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    message: str
    term: str | None = None
    suggestion: str | None = None
    severity: Severity = Severity.WARNING
    related: list[tuple[str, int, int]] = field(default_factory=list)
    fingerprint: str = ""

    def to_json(self) -> dict:
        return {"path": shown(self.path), "line": self.line, "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column, "rule": self.rule, "severity": self.severity.value,
                "message": self.message, "term": self.term, "suggestion": self.suggestion}


@dataclass(slots=True)
class Occurrence:
    path: str
    line: int
    column: int
    term: Term


@dataclass(slots=True)
class DocumentUsage:
    """Which forms of which concepts a document used, for the corpus rules."""

    path: str
    lang: str
    forms: dict[str, list[Occurrence]] = field(default_factory=dict)  # concept -> occurrences


class Checker:
    """A glossary compiled for checking, with the rule selection and severities in force."""

    def __init__(self, glossary: Glossary, enabled: Iterable[str] | None = None,
                 severities: dict[str, Severity] | None = None, custom: Sequence = (),
                 words: Iterable[str] = ()):
        self.glossary = glossary
        self.words = set(words)  # the project's word list: known to the spelling check
        self._spellers: dict[str, object] = {}
        self.spelling_unavailable: str | None = None
        self.custom = list(custom)  # rules written as data in the configuration (rules.CustomRule)
        self.enabled = set(enabled) if enabled is not None else {r.id for r in RULES.values() if r.enabled}
        self.severities = {rid: r.severity for rid, r in RULES.items()} | (severities or {})
        self._matchers: dict[str, TermMatcher] = {}
        self._concepts = {c.id: c for c in glossary.concepts}
        self._preferred_cache: dict[tuple[str, str], str | None] = {}

    def matcher(self, lang: str) -> TermMatcher:
        base = lang.split("-")[0].lower()
        if base not in self._matchers:
            self._matchers[base] = TermMatcher(self.glossary, base)
        return self._matchers[base]

    def _finding(self, path: str, lines: LineIndex, start: int, end: int, rule: str, message: str, **kw) -> Finding:
        l1, c1 = lines.position(start)
        l2, c2 = lines.position(max(start, end))
        return Finding(path, l1, c1, l2, c2, rule, message, severity=self.severities[rule], **kw)

    # ------------------------------------------------------------ one document

    def check_text(self, path: str, text: str, lang: str, positions=None,
                   locale: str | None = None) -> tuple[list[Finding], DocumentUsage]:
        """Findings in one document's text; `positions` (a SourceText) maps offsets back into the file it came from."""
        lines = positions if positions is not None else LineIndex(text)
        hits = self.matcher(lang).find(text, near_misses="T103" in self.enabled)
        usage = DocumentUsage(path, lang.split("-")[0].lower())
        out: list[Finding] = []
        for h in hits:
            out += self._term_findings(path, lines, h, usage)
        if "T104" in self.enabled:
            out += self._variant_findings(path, lines, hits)
        out += self._typography(path, text, lines, usage.lang, locale)
        if self.custom:
            out += self._custom(path, text, lines, usage.lang, locale)
        if "S601" in self.enabled:
            out += self._spelling(path, text, lines, locale or usage.lang)
        return [f for f in out if f.rule in self.enabled], usage

    def _preferred(self, concept: str, lang: str) -> str | None:
        key = (concept, lang)
        if key not in self._preferred_cache:
            t = self._concepts[concept].preferred(lang)
            self._preferred_cache[key] = t.text if t else None
        return self._preferred_cache[key]

    def _term_findings(self, path: str, lines: LineIndex, h: Hit, usage: DocumentUsage) -> list[Finding]:
        lang = usage.lang
        pref = self._preferred(h.concept, lang)
        if h.kind in ("misspelling", "near-miss"):
            return [self._finding(path, lines, h.start, h.end, "T103",
                                  f"'{h.surface}' looks like a misspelling of '{h.term.text}'",
                                  term=h.surface, suggestion=_match_case(h.term.text, h.surface))]
        l, c = lines.position(h.start)
        usage.forms.setdefault(h.concept, []).append(Occurrence(path, l, c, h.term))
        if h.term.status is Status.FORBIDDEN:
            return [self._finding(path, lines, h.start, h.end, "T101",
                                  f"forbidden term '{h.surface}'" + (f"; use '{pref}'" if pref else "") + _note(h.term),
                                  term=h.surface, suggestion=pref)]
        if h.term.status is Status.DEPRECATED:
            return [self._finding(path, lines, h.start, h.end, "T102",
                                  f"deprecated term '{h.surface}'" + (f"; use '{pref}'" if pref else "") + _note(h.term),
                                  term=h.surface, suggestion=pref)]
        if _accents_differ(h.surface, h.term.text):
            return [self._finding(path, lines, h.start, h.end, "T103",
                                  f"'{h.surface}' is spelt '{h.term.text}' (accents)", term=h.surface,
                                  suggestion=_match_case(h.term.text, h.surface))]
        return []

    def _variant_findings(self, path: str, lines: LineIndex, hits: Sequence[Hit]) -> list[Finding]:
        by_concept: dict[str, list[Hit]] = defaultdict(list)
        for h in hits:
            if h.kind == "term" and h.term.status.approved:
                by_concept[h.concept].append(h)
        out = []
        for concept, hs in by_concept.items():
            counts = Counter(h.term.text for h in hs)
            terms = {h.term.text: h.term for h in hs}
            flagged: dict[str, str] = {}
            for a in terms.values():
                for b in terms.values():
                    if a.text < b.text and _conflict(a, b):
                        worse, better = sorted((a, b), key=lambda t: (STATUS_ORDER[t.status], -counts[t.text]))[::-1]
                        flagged[worse.text] = better.text
            for h in hs:
                if h.term.text in flagged:
                    other = flagged[h.term.text]
                    pref = self._preferred(concept, h.term.language) or other
                    out.append(self._finding(path, lines, h.start, h.end, "T104",
                                             f"'{h.surface}' and '{other}' both name {concept} in this document; "
                                             f"keep one (preferred: '{pref}')", term=h.surface, suggestion=pref))
        return out

    # ------------------------------------------------------------ typography

    def _typography(self, path: str, text: str, lines: LineIndex, lang: str, locale: str | None = None) -> list[Finding]:
        # Every pattern starts with a literal mark and the character before it is checked in Python:
        # a leading look-behind would make the regex engine try every position of the text.
        out: list[Finding] = []
        if "P301" in self.enabled:
            out += self._mixed(path, text, lines, "P301", {"straight": r"'(?=\w)", "typographic": r"’(?=\w)"},
                               "apostrophe", after_word=True)
        if "P302" in self.enabled:
            out += self._mixed(path, text, lines, "P302", {"« »": r"[«»]", "“ ”": r"[“”]", 'straight "': r'"'}, "quotation mark")
        if lang == "fr" and "P304" in self.enabled:
            for m in re.finditer(r"[;:!?](?=\s|$)", text):
                i = m.start()
                if (locale or "fr-FR") != "fr-CA" or m.group() == ":":
                    if i > 1 and text[i - 1] == " " and _word_char(text[i - 2]):
                        out.append(self._finding(path, lines, i - 1, i + 1, "P304",
                                                 f"breakable space before '{m.group()}'; use a no-break space",
                                                 suggestion="\u202f" + m.group()))
        hits = []
        if lang == "fr" and "P303" in self.enabled:
            hits += mechanics.french_spacing(text, locale if locale and locale.startswith("fr") else "fr-FR")
        if "P305" in self.enabled:
            hits += mechanics.number_formats(text, lang)
        if lang == "fr" and "P306" in self.enabled:
            hits += mechanics.french_quotes(text)
        if "P307" in self.enabled:
            hits += mechanics.ellipses(text)
        if "P308" in self.enabled:
            hits += mechanics.thousands(text, lang, locale)
        if "P309" in self.enabled:
            hits += mechanics.dates(text, lang, locale)
        if lang == "fr" and "P310" in self.enabled:
            hits += mechanics.french_ordinals(text)
        if "M501" in self.enabled:
            hits += mechanics.repeated_words(text, lang)
        if "M502" in self.enabled:
            hits += mechanics.double_spaces(text)
        if "M503" in self.enabled:
            hits += mechanics.missing_space_after(text)
        if lang == "en" and "M504" in self.enabled:
            hits += mechanics.space_before_punctuation(text)
        if "M505" in self.enabled:
            hits += mechanics.unbalanced(text)
        for start, end, rule, message, suggestion in hits:
            out.append(self._finding(path, lines, start, end, rule, message, suggestion=suggestion))
        return out

    def _spelling(self, path: str, text: str, lines, locale: str) -> list[Finding]:
        from .spelling import Speller, SpellingUnavailable, find_misspellings

        if locale not in self._spellers:
            known = set(self.words) | {"bitext", "noqa", "ignore"}  # the suppression marker is not prose
            for c in self.glossary.concepts:
                for t in c.terms:
                    for w in re.split(r"[\s/-]+", t.text.lower()):
                        if w:  # and its plural and feminine forms: T102 reports a deprecated one once
                            known.update((w, w + "s", w + "e", w + "es", w + "x"))
                    known.update(m.lower() for m in t.misspellings)  # reported as T103, not twice
            try:
                self._spellers[locale] = Speller(locale, known)
            except SpellingUnavailable as exc:
                self._spellers[locale] = None
                self.spelling_unavailable = str(exc)
        speller = self._spellers[locale]
        if speller is None:
            return []
        return [self._finding(path, lines, a, b, "S601", f"'{w}' is not in the {speller.dic} dictionary"
                              + (f"; did you mean {', '.join(hints)}?" if hints else ""),
                              term=w, suggestion=hints[0] if hints else None)
                for a, b, w, hints in find_misspellings(speller, text)]

    def _custom(self, path: str, text: str, lines, lang: str, locale: str | None = None) -> list[Finding]:
        """Configured rules: each phrase found as whole words, case and accents folded (str.find, no regex)."""
        from bitext.tm.textnorm import fold_text

        folded = fold_text(text)
        out = []
        for c in self.custom:
            if c.rule.id not in self.enabled or (c.lang and c.lang != lang) or (c.locale and c.locale != locale):
                continue
            for phrase in c.phrases:
                key = fold_text(phrase).strip()
                if not key:
                    continue
                i = folded.find(key)
                while i != -1:
                    j = i + len(key)
                    if (i == 0 or not folded[i - 1].isalnum()) and (j >= len(folded) or not folded[j].isalnum()):
                        out.append(self._finding(path, lines, i, j, c.rule.id, f"{c.rule.rationale} ('{text[i:j]}')",
                                                 term=text[i:j], suggestion=c.suggestion))
                    i = folded.find(key, i + 1)
        return out

    def _mixed(self, path: str, text: str, lines: LineIndex, rule: str, styles: dict[str, str], what: str,
               after_word: bool = False) -> list[Finding]:
        # Cheap first: most documents hold one style only, and a character count says so without a scan.
        present = [name for name, rx in styles.items() if any(ch in text for ch in _style_chars(rx))]
        if len(present) < 2:
            return []
        found = {name: [m for m in re.finditer(styles[name], text) if not after_word or (m.start() and _word_char(text[m.start() - 1]))]
                 for name in present}
        used = {name: ms for name, ms in found.items() if ms}
        if len(used) < 2:
            return []
        major = max(used, key=lambda n: len(used[n]))
        summary = ", ".join(f"{len(ms)} {name}" for name, ms in used.items())
        out = []
        for name, ms in used.items():
            if name == major:
                continue
            per_line: dict[int, list[re.Match]] = {}
            for m in ms:
                per_line.setdefault(lines.position(m.start())[0], []).append(m)
            for line_ms in per_line.values():
                m = line_ms[0]
                out.append(self._finding(path, lines, m.start(), m.end(), rule,
                                         f"{name} {what} ({len(line_ms)}× on this line) in a document that mostly uses "
                                         f"{major} ({summary})", term=m.group()))
        return out

    # ------------------------------------------------------------ corpus

    def check_corpus(self, usages: Sequence[DocumentUsage]) -> list[Finding]:
        """T201: documents of one language whose dominant forms of a concept conflict; once per concept."""
        if "T201" not in self.enabled:
            return []
        out = []
        by_lang: dict[str, list[DocumentUsage]] = defaultdict(list)
        for u in usages:
            by_lang[u.lang].append(u)
        for lang, docs in by_lang.items():
            concepts = sorted({c for d in docs for c in d.forms})
            for concept in concepts:
                dominant: list[tuple[DocumentUsage, Term, int]] = []
                for d in docs:
                    occ = d.forms.get(concept)
                    if not occ:
                        continue
                    counts = Counter(o.term.text for o in occ)
                    terms = {o.term.text: o.term for o in occ}
                    top = min(terms.values(), key=lambda t: (-counts[t.text], STATUS_ORDER[t.status]))
                    dominant.append((d, top, counts[top.text]))
                forms = {t.text: t for _, t, _ in dominant}
                if len(forms) < 2 or not any(_conflict(a, b) for a in forms.values()
                                             for b in forms.values() if a.text < b.text):
                    continue
                pref = self._preferred(concept, lang)
                ranked = sorted(dominant, key=lambda x: (STATUS_ORDER[x[1].status], x[1].text != pref, -x[2]))
                worst_doc, worst_term, _ = ranked[-1]
                first = next(o for o in worst_doc.forms[concept] if o.term.text == worst_term.text)
                places = [(o.path, o.line, o.column) for d, t, _ in dominant for o in d.forms[concept] if o.term.text == t.text]
                desc = "; ".join(f"'{t.text}' in {d.path} ({n}×)" for d, t, n in dominant)
                f = Finding(first.path, first.line, first.column, first.line, first.column + len(worst_term.text), "T201",
                            f"{concept} is written differently across documents: {desc}" + (f"; preferred: '{pref}'" if pref else ""),
                            term=worst_term.text, suggestion=pref, severity=self.severities["T201"], related=places)
                out.append(f)
        return out

    # ------------------------------------------------------------ bilingual

    def check_pairs(self, path: str, pairs: Sequence[tuple], src_lang: str, tgt_lang: str) -> list[Finding]:
        """B4xx rules (and the target's forbidden or deprecated terms) over (source, target, line[, source
        markup, target markup]) pairs of one file."""
        src_m, tgt_m = self.matcher(src_lang), self.matcher(tgt_lang)
        tl = tgt_lang.split("-")[0].lower()
        out: list[Finding] = []
        targets_by_source: dict[str, dict[str, int]] = defaultdict(dict)
        for src, tgt, line, *markup in pairs:
            def at(rule: str, message: str, **kw) -> Finding:
                return Finding(path, line, 1, line, 1, rule, message, severity=self.severities[rule], **kw)

            if not tgt.strip():
                out.append(at("B403", "target is empty"))
                continue
            if "B404" in self.enabled:
                targets_by_source[_plain(src)].setdefault(_plain(tgt), line)
            if _untranslated(src, tgt, src_lang, tgt_lang):
                out.append(at("B403", "target is not translated", term=tgt[:60]))
                continue  # one cause: the other rules would only repeat it
            if "B401" in self.enabled:
                tgt_concepts = set(tgt_m.concepts(tgt))
                for concept, surface in src_m.concepts(src).items():
                    c = self._concepts[concept]
                    approved = [t.text for t in c.terms_in(tl) if t.status.approved]
                    if approved and concept not in tgt_concepts and not tgt_concepts.intersection(c.related):
                        out.append(at("B401", f"source has '{surface}' ({concept}) but the target has none of: "
                                              + ", ".join(approved), term=surface, suggestion=approved[0]))
            for rule, message in unit_findings(src, tgt, *(markup or [None, None])):
                out.append(at(rule, message))
            for h in tgt_m.find(tgt, near_misses=False):
                if h.kind == "term" and h.term.status in (Status.FORBIDDEN, Status.DEPRECATED):
                    rule = "T101" if h.term.status is Status.FORBIDDEN else "T102"
                    pref = self._preferred(h.concept, tl)
                    out.append(at(rule, f"{h.term.status.value} term '{h.surface}' in the target"
                                        + (f"; use '{pref}'" if pref else ""), term=h.surface, suggestion=pref))
            if "B402" in self.enabled:
                ns, nt = numbers(src, src_lang), numbers(tgt, tgt_lang)
                missing, extra = ns - nt, nt - ns
                if missing or extra:
                    parts = []
                    if missing:
                        parts.append("missing in target: " + ", ".join(sorted(missing.elements())))
                    if extra:
                        parts.append("not in source: " + ", ".join(sorted(extra.elements())))
                    out.append(at("B402", "number mismatch: " + "; ".join(parts)))
        if "B404" in self.enabled:
            for src, targets in targets_by_source.items():
                if len(targets) > 1:
                    lines_ = sorted(targets.values())
                    out.append(Finding(path, lines_[0], 1, lines_[0], 1, "B404",
                                       f"one source, {len(targets)} different translations (lines {', '.join(map(str, lines_))})",
                                       term=src[:60], severity=self.severities["B404"],
                                       related=[(path, ln, 1) for ln in lines_[1:]]))
        return [f for f in out if f.rule in self.enabled]


# ---------------------------------------------------------------- helpers


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _style_chars(rx: str) -> str:
    """The literal marks a style pattern looks for (the quote or apostrophe characters in it)."""
    return "".join(ch for ch in rx if ch in "'’«»“”\"")


def _note(t: Term) -> str:
    return f" ({t.note})" if t.note else ""


def _fold_apostrophes(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


def _accents_differ(surface: str, term: str) -> bool:
    """Same letters but other accents (Etat for État); capitals may drop accents, so all-caps is spared."""
    if surface.isupper():
        return False
    a, b = _fold_apostrophes(surface), _fold_apostrophes(term)
    return a != b and fold(a) == fold(b)


def _match_case(term: str, surface: str) -> str:
    if surface[:1].isupper() and term[:1].islower():
        return term[:1].upper() + term[1:]
    return term


def _within(a: str, b: str) -> bool:
    """The words of `b` appear in `a` in order: 'Global Coalition to Defeat ISIS' within '... Defeat Daesh/ISIS'."""
    words = iter(a.split())
    return all(w in words for w in b.split())


def _conflict(a: Term, b: Term) -> bool:
    """Two forms of one concept that are alternatives (not a full form and its own short form or acronym)."""
    ka, kb = term_key(a.text), term_key(b.text)
    if ka == kb or _within(ka, kb) or _within(kb, ka):
        return False
    ta, tb = a.type or "fullForm", b.type or "fullForm"
    return ta == tb or "variant" in (ta, tb)


def _plain(s: str) -> str:
    return " ".join(s.split()).lower()


def _untranslated(src: str, tgt: str, src_lang: str, tgt_lang: str) -> bool:
    words = re.findall(r"[^\W\d_]{2,}", src)
    if len(words) < 2:
        return False
    if _plain(src) == _plain(tgt):
        return True
    other = contradicts(tgt, tgt_lang)
    return other is not None and other == src_lang.split("-")[0].lower()


def fingerprints(findings: Sequence[Finding]) -> None:
    """Stable identities that survive line shifts: rule, file, matched text and its rank among equals."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for f in findings:
        key = (f.rule, f.path, (f.term or f.message).lower())
        seen[key] += 1
        f.fingerprint = hashlib.sha1("\x1f".join([*key, str(seen[key])]).encode("utf-8", "surrogateescape")).hexdigest()[:20]

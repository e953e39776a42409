"""The one registry of every check `bitext check` runs: stable ids, names, default severities, rationales.

Ids never change meaning once released; a retired rule keeps its id out of use. T1xx are
terminology rules on one document, T2xx across documents, P3xx typography, B4xx bilingual rules
on aligned pairs (TMX, XLIFF, PO or the aligner's JSON), M5xx typing mechanics.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    severity: Severity
    rationale: str
    enabled: bool = True
    source: str = ""  # the style guide or tool convention the rule follows, shown in the rule documentation


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("T101", "forbidden-term", Severity.ERROR,
         "A forbidden term must never appear; the glossary names the approved replacement.",
         source="ISO 12620 / TBX term status (forbidden → administrativeStatus notRecommended / forbidden); "
                "the project glossary"),
    Rule("T102", "deprecated-term", Severity.WARNING,
         "A deprecated term is understood but not approved; use the preferred term.",
         source="ISO 12620 / TBX term status (deprecated, with the preferred term); the project glossary"),
    Rule("T103", "misspelt-term", Severity.ERROR,
         "A known misspelling, or a word one edit away from a glossary term, is almost always a typo.",
         source="the project glossary's known misspellings; "
                "edit distance one from a term (Xbench, Verifika term checks)"),
    Rule("T104", "variant-inconsistency", Severity.WARNING,
         "One document should name a concept one way; alternating variants reads as two things.",
         source="The Canadian Style and Le guide du rédacteur: one name for one thing in a text; "
                "TERMIUM Plus usage notes"),
    Rule("T201", "corpus-inconsistency", Severity.WARNING,
         "Documents published together should agree on the form of a concept.",
         source="corpus-level consistency as in Xbench's and Verifika's inconsistency reports"),
    Rule("P301", "mixed-apostrophes", Severity.INFO,
         "A document mixing straight (') and typographic (’) apostrophes looks unedited.",
         source="Le guide du rédacteur, apostrophe; The Canadian Style: one style throughout a document"),
    Rule("P302", "mixed-quotes", Severity.INFO,
         "A document mixing quotation mark styles (« », “ ”, \") looks unedited.",
         source="Le guide du rédacteur, guillemets; The Canadian Style, quotation marks"),
    Rule("P303", "french-spacing", Severity.INFO,
         "French spacing by locale: fr-CA (Translation Bureau, TERMIUM writing tools) writes no space before"
         " ; ! ? and a no-break space before : and inside « »; fr-FR and fr-CH (Imprimerie nationale, Guide du"
         " typographe) a no-break space before ; : ! ? and inside « ».",
         source="fr-CA: Le guide du rédacteur and TERMIUM Plus's Clefs du français pratique (espacement); "
                "fr-FR: Lexique des règles typographiques en usage à l'Imprimerie nationale; "
                "fr-CH: Guide du typographe (Groupe de Lausanne)"),
    Rule("P305", "number-format", Severity.INFO,
         "The decimal sign of the language (French 1,5, English 1.5; Canadian Style, Le guide du rédacteur) and, "
         "in French, times written 14 h 30, not 14:30 (Translation Bureau; Imprimerie nationale).",
         source="The Canadian Style, numbers (decimal point); "
                "Le guide du rédacteur, nombres et heure (virgule décimale, 14 h 30); Imprimerie nationale"),
    Rule("P306", "french-quotation-marks", Severity.INFO,
         "French writes quotations between « » (Le guide du rédacteur; Imprimerie nationale); \" and “ ” are English.",
         source="Le guide du rédacteur, guillemets; "
                "Lexique des règles typographiques en usage à l'Imprimerie nationale"),
    Rule("P304", "breakable-space-before-punctuation", Severity.INFO,
         "French typography wants a no-break space before ; : ! ? so the sign never starts a line.", enabled=False,
         source="Lexique des règles typographiques en usage à l'Imprimerie nationale (espace insécable)"),
    Rule("P307", "ellipsis-after-etc", Severity.INFO,
         "\"etc.\" already says the list goes on; an ellipsis after it says it twice (etc... → etc.).",
         source="Le guide du rédacteur (Translation Bureau), points de suspension; "
                "The Canadian Style, ellipsis points"),
    Rule("P308", "thousands-separator", Severity.INFO,
         "Digit groups by locale: French separates thousands with a no-break space (1 000 000; narrow in"
         " fr-FR and fr-CH), never a comma or a point; en-US and en-GB with commas (1,000,000); en-CA admits"
         " both, so only a point is reported. One group after a comma may be a French decimal (1,000 kg) and"
         " is left alone.",
         source="Le guide du rédacteur, nombres; SI Brochure (BIPM); The Canadian Style, numbers; "
                "Chicago Manual of Style; New Hart's Rules"),
    Rule("P309", "date-format", Severity.INFO,
         "Dates and times by locale: French months in lower case (6 février 2019), English ones capitalised"
         " with no ordinal suffix (February 6, 2019); an all-numeric date that could be read two ways is written"
         " 2019-02-06 in Canada and in the locale's order elsewhere; times in en-CA and en-US take a.m./p.m.",
         source="Le guide du rédacteur, dates; The Canadian Style, dates and time (ISO 8601 for all-numeric "
                "dates); Chicago Manual of Style; ISO 8601"),
    Rule("P310", "french-ordinal", Severity.INFO,
         "French ordinals in figures are 1er, 1re, 2e (not 1ier, 1ère, 2ème, 2ième).",
         source="Le guide du rédacteur, nombres ordinaux; Lexique des règles typographiques en usage à "
                "l'Imprimerie nationale"),
    Rule("M501", "repeated-word", Severity.WARNING,
         "The same word twice in a row (\"la la\", \"the the\") is a typing slip; doubles the language uses"
         " (nous nous, had had) are not reported.",
         source="Xbench, Verifika and Okapi CheckMate repeated-word checks"),
    Rule("M502", "double-space", Severity.INFO,
         "Two spaces between words are invisible in print but break CAT matches and searches.",
         source="Chicago Manual of Style (one space between words and sentences); Le guide du rédacteur, espacement"),
    Rule("M503", "missing-space-after-punctuation", Severity.WARNING,
         "A comma, semicolon or full stop glued to the next word (\"mot,mot\", \"fin.Début\") is a slip or a"
         " scraping artefact; numbers, abbreviations and addresses are left alone.",
         source="Le guide du rédacteur, espacement (une espace après la virgule et le point); "
                "The Canadian Style, punctuation"),
    Rule("M504", "space-before-punctuation", Severity.INFO,
         "English puts no space before , . ; : ! ? (Canadian Style, Chicago Manual of Style).",
         source="The Canadian Style, punctuation; Chicago Manual of Style"),
    Rule("M505", "unbalanced-brackets", Severity.WARNING,
         "A bracket or quotation mark opened and never closed in its paragraph (or closed and never opened).",
         source="The Canadian Style and Le guide du rédacteur (parentheses, brackets and quotation marks come in pairs); "
                "Okapi CheckMate"),
    Rule("S601", "misspelling", Severity.WARNING,
         "A word the locale's Hunspell dictionary does not know (fr_CA, fr_FR, en_CA, en_US, en_GB...), with its "
         "suggestions; glossary terms and the project's word list are known, names and acronyms are not checked. "
         "Off by default (it runs Hunspell): select = [\"S601\"] or --select S601.", enabled=False,
         source="Hunspell dictionaries by locale (hunspell-fr, hunspell-en-ca, -us, -gb); "
                "spellings per The Canadian Style and Le guide du rédacteur"),
    Rule("B401", "key-term-mismatch", Severity.WARNING,
         "When the source names a concept, the translation should use one of its approved target terms.",
         source="the project glossary; Xbench and Okapi CheckMate key-term checks"),
    Rule("B402", "number-mismatch", Severity.ERROR,
         "Numbers and dates must survive translation (2254, 6 février 2019 = February 6, 2019).",
         source="Xbench and Okapi CheckMate number checks; Canadian Style and Le guide du rédacteur date forms"),
    Rule("B403", "untranslated-segment", Severity.WARNING,
         "A target identical to its source (or in the source language) was probably never translated.",
         source="Okapi CheckMate and gettext (msgfmt) untranslated-entry checks"),
    Rule("B404", "inconsistent-translation", Severity.INFO,
         "One source segment translated differently across a memory makes CAT matches unreliable.",
         source="Xbench's inconsistency in target check"),
    Rule("B405", "placeholder-mismatch", Severity.ERROR,
         "Placeholders (%s, {0}, ${name}) and inline codes (<x/>, <g>, <ph>) must all survive translation, "
         "or the software or the document breaks.",
         source="gettext msgfmt --check-format; XLIFF 1.2/2.x inline codes; Okapi CheckMate code differences"),
    Rule("B406", "edge-whitespace-mismatch", Severity.WARNING,
         "Leading or trailing white space that differs between source and target (gettext's classic check).",
         source="gettext msgfmt and translate-toolkit pofilter (startwhitespace, endwhitespace)"),
    Rule("B407", "final-punctuation-mismatch", Severity.INFO,
         "A segment ending with a question or colon should end the same way in translation.",
         source="translate-toolkit pofilter (endpunc); Okapi CheckMate"),
    Rule("B408", "length-ratio-outlier", Severity.INFO,
         "A target less than 0.4 or more than 2.5 times its source's length is often truncated or misaligned.",
         source="Okapi CheckMate length checks; translate-toolkit pofilter (long, short)"),
)}

NAMES = {r.name: r.id for r in RULES.values()}


def resolve(selector: str) -> list[str]:
    """Rule ids for an id ('T101'), a prefix ('T1', 'B') or a name ('deprecated-term')."""
    if selector in NAMES:
        return [NAMES[selector]]
    ids = [i for i in RULES if i.startswith(selector.upper())]
    if not ids:
        raise KeyError(selector)
    return ids


@dataclass(frozen=True, slots=True)
class CustomRule:
    """A rule written as data in the configuration: phrases that must not appear, with a message."""

    rule: Rule
    phrases: tuple[str, ...]
    lang: str | None = None
    suggestion: str | None = None
    locale: str | None = None  # fr-CA…: the rule applies to documents checked under that locale only


_CUSTOM_ID = "C"


def register_custom(entries: list[dict], where: str) -> list[CustomRule]:
    """Rules from `[[tool.bitext.rules]]` tables, checked and added to the registry under their ids (C001…).

    Phrases are matched as whole words, case- and accent-insensitively: no regular expression from a
    configuration ever runs, so a rule cannot make a check slow."""
    from bitext.tm.errors import FormatError

    out = []
    for k, e in enumerate(entries, 1):
        rid = e.get("id")
        if not isinstance(rid, str) or len(rid) != 4 or rid[0] != _CUSTOM_ID or not rid[1:].isdigit():
            raise FormatError(f"rules #{k}: id must be C followed by three digits (C001), not {rid!r}", where)
        if rid in RULES and not isinstance(RULES[rid], _Custom):
            raise FormatError(f"rules #{k}: id {rid} is taken", where)
        phrases = e.get("phrases")
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise FormatError(f"rules #{k} ({rid}): phrases must be a non-empty list of words or phrases", where)
        sev = e.get("severity", "warning")
        if sev not in ("error", "warning", "info"):
            raise FormatError(f"rules #{k} ({rid}): severity must be error, warning or info", where)
        message = e.get("message")
        if not isinstance(message, str) or not message.strip():
            raise FormatError(f"rules #{k} ({rid}): a message is needed", where)
        lang = e.get("lang")
        if lang is not None and lang not in ("fr", "en"):
            raise FormatError(f"rules #{k} ({rid}): lang must be fr or en", where)
        locale = e.get("locale")
        if locale is not None:
            from .mechanics import LOCALES

            if locale not in LOCALES:
                raise FormatError(f"rules #{k} ({rid}): locale must be one of {', '.join(LOCALES)}", where)
            if lang is not None and lang != locale[:2]:
                raise FormatError(f"rules #{k} ({rid}): locale {locale} does not match lang {lang}", where)
            lang = locale[:2]
        name = e.get("name") or f"custom-{rid.lower()}"
        unknown = set(e) - {"id", "name", "phrases", "message", "severity", "lang", "locale", "suggestion"}
        if unknown:
            raise FormatError(f"rules #{k} ({rid}): unknown key {sorted(unknown)[0]!r}", where)
        rule = _Custom(rid, name, Severity(sev), message, source=f"the project configuration ({where})")
        RULES[rid] = rule
        NAMES[name] = rid
        out.append(CustomRule(rule, tuple(phrases), lang, e.get("suggestion"), locale))
    return out


class _Custom(Rule):
    """A rule that came from a configuration (so that a second load may replace it)."""

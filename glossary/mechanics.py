"""Typing mechanics and locale typography a reviser checks (Xbench, Verifika, CheckMate style), as pure
functions from a text to (start, end, rule, message, suggestion) hits.

Every scan is linear: patterns start with a literal, neighbours are looked at in Python, and no
pattern uses a back-reference (a repeated word is found by comparing consecutive tokens).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Hit = tuple[int, int, str, str, str | None]

LOCALES = ("fr-CA", "fr-FR", "fr-CH", "en-CA", "en-US", "en-GB")
# Canada's federal style (Translation Bureau, TERMIUM Plus writing tools): no space before ; ! ? and a
# no-break space before : and inside « ». France's and Switzerland's (Imprimerie nationale; the Swiss
# Guide du typographe): a (narrow) no-break space before ; : ! ? and inside « ».
_NO_SPACE_BEFORE = {"fr-CA": ";!?"}
_WORD = re.compile(r"\w+")
_SPACES = re.compile("  +")
_STOPS = re.compile(r"[,;.!?]")
_LEGIT_REPEATS = {"fr": {"nous", "vous", "si", "que"}, "en": {"had", "that", "is"}}
_PAIRS = {"(": ")", "[": "]", "«": "»", "“": "”"}
_SPACE_CHARS = " \u00a0\u202f"
_PARA_BREAK = re.compile(r"\n[ \t]*\n")


def french_spacing(text: str, locale: str) -> Iterator[Hit]:
    """P303 by locale: the spaces French typography wants around ; : ! ? and inside « »."""
    none_before = _NO_SPACE_BEFORE.get(locale, "")
    for m in re.finditer(r"[;:!?](?=\s|$)", text):
        i, mark = m.start(), m.group()
        before = text[i - 1] if i else ""
        if mark in none_before:
            if before in _SPACE_CHARS and i > 1 and text[i - 2].isalnum():
                yield (i - 1, i + 1, "P303", f"a space before '{mark}' (Canadian French writes none)", mark)
        elif (before.isalnum() or before in "»)]") and not _url_scheme(text, i):
            yield (i, i + 1, "P303", f"no space before '{mark}' ({locale} typography)", "\u00a0" + mark)
    for m in re.finditer(r"[«»]", text):
        i = m.start()
        if (m.group() == "«" and i + 1 < len(text) and not text[i + 1].isspace()) or \
                (m.group() == "»" and i > 0 and not text[i - 1].isspace()):
            yield (i, i + 1, "P303", f"no space inside '{m.group()}' (French typography)", None)


def _url_scheme(text: str, i: int) -> bool:
    return text[max(0, i - 5):i].endswith(("http", "https", "ftp", "mailto"))


_DOUBLED = re.compile(r"(?<!\w)(\w++)[ \u00a0]+(?i:\1)(?!\w)")  # possessive: a long token is not backtracked


def repeated_words(text: str, lang: str) -> Iterator[Hit]:
    """M501: the same word twice in a row ("la la", "the the"), except doubles the language uses."""
    legit = _LEGIT_REPEATS.get(lang, set())
    for m in _DOUBLED.finditer(text):
        w = m.group(1)
        if not w.isdigit() and w.lower() not in legit:
            yield (m.start(), m.end(), "M501", f"'{w}' twice in a row", w)


def double_spaces(text: str) -> Iterator[Hit]:
    """M502: two or more spaces between words (indentation and alignment at a line start are left alone)."""
    for m in _SPACES.finditer(text):
        a, b = m.start(), m.end()
        if a > 0 and b < len(text) and text[a - 1] not in " \n\t" and text[b] not in "\n":
            yield (a, b, "M502", f"{b - a} spaces in a row", " ")


_GLUED = re.compile(r"[,;.](?<=[^\W\d_][,;.])(?=[^\W\d_])")  # starts with its mark: scanned in C


def missing_space_after(text: str) -> Iterator[Hit]:
    """M503: no space after a comma or semicolon before a letter, or after a full stop before a capital
    that starts a word ("fin.Début"); numbers (1,5), abbreviations (U.S.A.) and addresses are left alone."""
    n = len(text)
    for m in _GLUED.finditer(text):
        i = m.start()
        mark, before, after = m.group(), text[i - 1], text[i + 1]
        if mark in ",;":
            if i + 2 < n and text[i + 2] in "/:@" or _in_address(text, i):
                continue
            yield (i, i + 2, "M503", f"no space after '{mark}'", f"{mark} {after}")
        elif after.isupper() and before.islower() and i + 2 < n and text[i + 2].islower() and not _in_address(text, i):
            yield (i, i + 2, "M503", f"no space after '{mark}'", f"{mark} {after}")


def _in_address(text: str, i: int) -> bool:
    """Whether position i sits inside a URL, an e-mail address or a file name (no space around)."""
    start = max(text.rfind(" ", 0, i), text.rfind("\n", 0, i)) + 1
    word = text[start:i]
    return "://" in word or "@" in word or word.startswith("www")


def space_before_punctuation(text: str) -> Iterator[Hit]:
    """M504 (English): a space before , . ; : ! ? ("word ,")."""
    for m in re.finditer(r" +[,.;:!?]", text):
        a = m.start()
        if a > 0 and text[a - 1].isalnum() and not (m.group()[-1] == "." and text[m.end():m.end() + 1].isalnum()):
            yield (a, m.end(), "M504", f"a space before '{m.group()[-1]}'", m.group()[-1])


_BRACKETS = re.compile("[()\\[\\]«»“”]")


def unbalanced(text: str) -> Iterator[Hit]:
    """M505: brackets and quotation marks opened and not closed (or closed and not opened) in a paragraph."""
    closers = {v: k for k, v in _PAIRS.items()}
    breaks = [m.start() for m in _PARA_BREAK.finditer(text)]
    stack: list[tuple[str, int]] = []
    open_count = dict.fromkeys(_PAIRS, 0)
    para = 0

    def flush():
        for o, at in stack:
            yield (at, at + 1, "M505", f"'{o}' is never closed", None)
        stack.clear()
        for key in open_count:
            open_count[key] = 0

    for m in _BRACKETS.finditer(text):
        k, ch = m.start(), m.group()
        while para < len(breaks) and breaks[para] < k:  # a new paragraph: what is open stays open
            para += 1
            yield from flush()
        if ch in _PAIRS:
            stack.append((ch, k))
            open_count[ch] += 1
            continue
        want = closers[ch]
        if not open_count[want]:
            yield (k, k + 1, "M505", f"'{ch}' closes nothing", None)
            continue
        while stack[-1][0] != want:  # the ones opened since were never closed
            o, at = stack.pop()
            open_count[o] -= 1
            yield (at, at + 1, "M505", f"'{o}' is never closed", None)
        stack.pop()
        open_count[want] -= 1
    yield from flush()


_DECIMAL = re.compile(r"[.,](?<=\d[.,])(?=\d)")  # starts with its mark: scanned in C
_TIME = re.compile(r":(?<=\d:)(?=[0-5]\d(?!\d))")
_STRAIGHT_OR_ENGLISH = re.compile('["“”]')


def number_formats(text: str, lang: str) -> Iterator[Hit]:
    """P305: the decimal sign of the language (French 1,5 / English 1.5) where a number has one, and, in
    French, a time written with a colon (14:30 → 14 h 30, Canadian and French usage alike).

    Only unambiguous cases: a decimal part of one or two digits in a number that is not part of a
    dotted sequence (section 1.2.3, an address) — three digits after a comma may be a thousands group."""
    n = len(text)
    for m in _DECIMAL.finditer(text):
        i = m.start()
        a = i
        while a > 0 and text[a - 1].isdigit():
            a -= 1
        b = i + 1
        while b < n and text[b].isdigit():
            b += 1
        if b - i - 1 > 2 or (a > 0 and text[a - 1] in ".,:/") or (b < n and text[b] in ".,:/" and
                                                                  b + 1 < n and text[b + 1].isdigit()):
            continue
        if (b < n and text[b].isalpha()) or (a > 0 and text[a - 1].isalpha()):
            continue  # v2.0, 3.5x, A4.2: versions and codes, not quantities
        if lang == "fr" and m.group() == ".":
            yield (a, b, "P305", f"decimal point in French: write {text[a:i]},{text[i + 1:b]}", f"{text[a:i]},{text[i + 1:b]}")
        elif lang == "en" and m.group() == ",":
            yield (a, b, "P305", f"decimal comma in English: write {text[a:i]}.{text[i + 1:b]}", f"{text[a:i]}.{text[i + 1:b]}")
    if lang == "fr":
        for m in _TIME.finditer(text):
            i = m.start()
            a = i
            while a > 0 and i - a < 2 and text[a - 1].isdigit():
                a -= 1
            if a > 0 and (text[a - 1].isdigit() or text[a - 1] in ":/"):
                continue
            hours = int(text[a:i])
            if hours <= 23 and not _url_scheme(text, a):
                yield (a, i + 3, "P305", f"time with a colon in French: write {hours} h {text[i + 1:i + 3]}",
                       f"{hours} h {text[i + 1:i + 3]}")


def french_quotes(text: str) -> Iterator[Hit]:
    """P306: quotation marks in French are « » (Canadian and French usage); " and “ ” belong to English.

    One finding per line, at its first such mark, with how many the line holds: a text typed with
    straight quotes throughout would otherwise drown every other finding."""
    first, count, line_end = -1, 0, -1
    marks: set[str] = set()
    for m in _STRAIGHT_OR_ENGLISH.finditer(text):
        i = m.start()
        if i > line_end and count:
            yield _quotes_hit(first, count, marks)
            count = 0
        if not count:
            first, marks = i, set()
            line_end = text.find("\n", i)
            line_end = len(text) if line_end < 0 else line_end
        count += 1
        marks.add(m.group())
    if count:
        yield _quotes_hit(first, count, marks)


def _quotes_hit(at: int, count: int, marks: set[str]) -> Hit:
    shown = " and ".join(f"'{c}'" for c in sorted(marks))
    return (at, at + 1, "P306", f"{shown} in French: use « »" + (f" ({count}× on this line)" if count > 1 else ""), None)


_ELLIPSIS = re.compile(r"\.\.\.|…")


def ellipses(text: str) -> Iterator[Hit]:
    """P307: "etc." followed by an ellipsis, which says "and so on" twice (both languages' guides)."""
    for m in _ELLIPSIS.finditer(text):
        i = m.start()
        head = text[max(0, i - 4):i].lower()
        stem = head[:-1] if head.endswith(".") else head
        if stem.endswith("etc") and (len(stem) < 4 or not stem[-4].isalnum()):
            a = i - len(head) + head.rfind("etc")
            yield (a, m.end(), "P307", "'etc.' followed by an ellipsis: write one or the other", "etc.")


_GROUP_SEPARATORS = ",. \u00a0\u202f"
_NUMBER_START = re.compile(r"\d")
_NO_BREAK = {"fr-CA": "\u00a0", "fr-FR": "\u202f", "fr-CH": "\u202f"}


def _number_at(text: str, i: int) -> tuple[int, list[str], list[str]]:
    """The number starting at i as (end, digit groups, separators): a separator counts only between digits."""
    n, groups, seps = len(text), [], []
    j = i
    while True:
        k = j
        while k < n and text[k].isdigit():
            k += 1
        groups.append(text[j:k])
        if k + 1 < n and text[k] in _GROUP_SEPARATORS and text[k + 1].isdigit():
            seps.append(text[k])
            j = k + 1
            continue
        return k, groups, seps


def thousands(text: str, lang: str, locale: str | None) -> Iterator[Hit]:
    """P308: digit groups separated the locale's way — French 1 000 000 (a no-break space, never a comma or
    a point), English 1,000,000 (en-US, en-GB; en-CA also admits a space, so it is not reported).

    Only unambiguous numbers: one group after a comma or point may be a decimal part (1,000 kg in French),
    so a French number is reported when it has two groups or more, or groups and a decimal part."""
    n = len(text)
    i = 0
    while True:
        m = _NUMBER_START.search(text, i)
        if not m:
            return
        a = m.start()
        end, groups, seps = _number_at(text, a)
        i = max(end, a + 1)
        if not seps or (a > 0 and (text[a - 1].isalnum() or text[a - 1] in ".,/:-")) or \
                (end < n and (text[end].isalnum() or text[end] in "/")):
            continue
        decimal = None
        if len(set(seps)) == 2 and seps[-1] != seps[0] and len(set(seps[:-1])) == 1:
            decimal, seps, frac, groups = seps[-1], seps[:-1], groups[-1], groups[:-1]
        elif len(set(seps)) != 1:
            continue
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            continue
        sep = seps[0]
        if lang == "fr" and sep in ",." and (len(groups) > 2 or decimal):
            space = _NO_BREAK.get(locale or "", "\u00a0")
            fixed = space.join(groups) + ("," + frac if decimal else "")
            yield (a, end, "P308", f"'{sep}' between digit groups in French: write {fixed.replace(space, ' ')}", fixed)
        elif lang == "en" and ((sep in " \u00a0\u202f" and locale in ("en-US", "en-GB"))
                               or (sep == "." and (len(groups) > 2 or decimal == ","))):
            fixed = ",".join(groups) + ("." + frac if decimal else "")
            yield (a, end, "P308", f"digit groups in {locale or 'English'} are separated by commas: write {fixed}",
                   fixed)


_FR_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")
_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
_MONTH_SET = {"fr": frozenset(_FR_MONTHS), "en": frozenset(_EN_MONTHS)}
_DAY_THEN_WORD = re.compile(r"\d(?:er)?[ \u00a0]")  # 6 février, 1er mars, 6 february
_WORD_THEN_DAY = re.compile(r"[ \u00a0]\d")  # February 6
_NUMERIC_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
_CLOCK = re.compile(r"\d ?(?:[ap]\.?m|[AP]\.?M)\b\.?", re.ASCII)
_SUFFIX = ("st", "nd", "rd", "th")


def dates(text: str, lang: str, locale: str | None) -> Iterator[Hit]:
    """P309: dates and times the locale's way.

    French month names are lower case (6 février 2019); English ones capitalised and without an ordinal
    suffix (February 6, 2019); an all-numeric date whose day and month cannot be told apart is written
    the ISO 8601 way in Canada (2019-02-06), and in the other locales in their order (en-US month first);
    English times in en-CA and en-US take a.m. and p.m."""
    n = len(text)
    months = _MONTH_SET.get(lang, frozenset())
    found: dict[int, tuple[int, bool, bool]] = {}  # month start -> (end, day before, day after)
    # Months are looked for beside numbers only (scans that start at a digit), never word by word.
    for m in _DAY_THEN_WORD.finditer(text) if months else ():
        a = b = m.end()
        while b < n and b - a <= 9 and text[b].isalpha():
            b += 1
        if text[a:b].lower() in months and not (b < n and text[b].isalnum()):
            found[a] = (b, True, False)
    for m in _WORD_THEN_DAY.finditer(text) if lang == "en" else ():
        b = a = m.start()
        while a > 0 and b - a <= 9 and text[a - 1].isalpha():
            a -= 1
        if text[a:b].lower() in months and not (a and text[a - 1].isalnum()):
            end, before, _ = found.get(a, (b, False, False))
            found[a] = (end, before, True)
    for a in sorted(found):
        b, day_before, day_after = found[a]
        word, low = text[a:b], text[a:b].lower()
        if lang == "fr" and word[0].isupper() and day_before:
            yield (a, b, "P309", f"month names are lower case in French: write {low}", low)
        elif lang == "en" and low not in ("may", "march") and word.islower():
            yield (a, b, "P309", f"month names are capitalised in English: write {word.capitalize()}",
                   word.capitalize())
        elif lang == "en" and day_after:
            k = b + 1
            while k < n and k - b < 4 and text[k].isdigit():
                k += 1
            if text[k:k + 2].lower() in _SUFFIX and (k + 2 >= n or not text[k + 2].isalnum()):
                yield (b + 1, k + 2, "P309", f"no ordinal suffix in a date: write {word} {text[b + 1:k]}",
                       text[b + 1:k])
    for m in _NUMERIC_DATE.finditer(text):
        a, b = m.start(), m.end()
        if (a and (text[a - 1].isalnum() or text[a - 1] in "/.")) or (b < n and (text[b].isalnum() or text[b] == "/")):
            continue
        first, second, year = (int(x) for x in m.group().split("/"))
        if locale in ("fr-CA", "en-CA") and first <= 12 and second <= 12 and first != second:
            yield (a, b, "P309", "an all-numeric date is ambiguous in Canada: write it YYYY-MM-DD (ISO 8601)", None)
        elif locale == "en-US" and first > 12 and second <= 12:
            yield (a, b, "P309", f"day first in an en-US date: write {second}/{first}/{year}", f"{second}/{first}/{year}")
        elif locale in ("en-GB", "fr-FR", "fr-CH") and second > 12 and first <= 12:
            yield (a, b, "P309", f"month first in a {locale} date: write {second}/{first}/{year}",
                   f"{second}/{first}/{year}")
    if lang == "en" and locale in ("en-CA", "en-US"):
        for m in _CLOCK.finditer(text):
            a, b = m.start() + 1, m.end()
            mark = text[a:b].strip()
            if mark in ("a.m.", "p.m.") or (b < n and text[b].isalnum()):
                continue
            right = mark[0].lower() + ".m."
            yield (a, b, "P309", f"times in {locale} take '{right}'", " " + right)


_FR_ORDINAL = re.compile(r"\d(?:ième|ème|eme|ieme|ier|ère|iere)s?\b", re.IGNORECASE)


def french_ordinals(text: str) -> Iterator[Hit]:
    """P310: French ordinals in figures are 1er, 1re, 2e, 3e (not 1ier, 1ère, 2ème, 2ième)."""
    for m in _FR_ORDINAL.finditer(text):
        k = m.start()
        while k > 0 and m.start() - k < 6 and text[k - 1].isdigit():
            k -= 1
        if k > 0 and (text[k - 1].isalnum() or text[k - 1] in ".,"):
            continue
        number, suffix = text[k:m.start() + 1], m.group()[1:].lower()
        plural = "s" if suffix.endswith("s") else ""
        suffix = suffix.rstrip("s")
        if number != "1":
            right = "e"
        elif suffix in ("ère", "iere"):
            right = "re"
        else:
            right = "er"
        fixed = number + right + plural
        yield (k, m.end(), "P310", f"French ordinal: write {fixed}", fixed)

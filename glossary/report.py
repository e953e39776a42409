"""Rendering findings: text for people, JSON, SARIF 2.1.0 for code scanning, GitHub workflow annotations; baselines."""

from __future__ import annotations

import json
from urllib.parse import quote
from collections import Counter
from collections.abc import Sequence

from bitext.tm import __version__
from bitext.tm.errors import shown

from .check import Finding
from .rules import RULES, Severity

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def summary(findings: Sequence[Finding], files: int) -> dict:
    return {"files": files, "findings": len(findings),
            "by_severity": dict(sorted(Counter(f.severity.value for f in findings).items())),
            "by_rule": dict(sorted(Counter(f.rule for f in findings).items()))}


def to_json(findings: Sequence[Finding], files: int) -> str:
    return json.dumps({"findings": [f.to_json() for f in findings], "summary": summary(findings, files)},
                      ensure_ascii=False, indent=1) + "\n"


def to_text(findings: Sequence[Finding], files: int, color: bool = False) -> str:
    """`path:line:col: severity rule-id message [→ suggestion]`, grouped by file."""
    import click

    styles = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
    out = []
    last_path = None
    for f in findings:
        if color and f.path != last_path:
            if last_path is not None:
                out.append("")
            out.append(click.style(shown(f.path), bold=True, underline=True))
        last_path = f.path
        sev = click.style(f.severity.value, fg=styles[f.severity]) if color else f.severity.value
        rule = click.style(f.rule, bold=True) if color else f.rule
        line = shown(f"{f.path}:{f.line}:{f.column}: ") + f"{sev} {rule} " + shown(f.message)
        if f.suggestion:
            line += f" → {f.suggestion}"
        out.append(line)
        for path, ln, col in f.related[:50]:
            out.append(f"    also at {path}:{ln}:{col}")
    s = summary(findings, files)
    counts = ", ".join(f"{n} {k}" for k, n in s["by_severity"].items()) or "no findings"
    out.append(f"{files} file(s) checked: {counts}")
    return "\n".join(out) + "\n"


def to_github(findings: Sequence[Finding]) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

    def esc(s: str, prop: bool = False) -> str:
        s = shown(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return s.replace(":", "%3A").replace(",", "%2C") if prop else s

    return "".join(
        f"::{level[f.severity]} file={esc(f.path, True)},line={f.line},col={f.column},endLine={f.end_line},"
        f"endColumn={f.end_column},title={esc(f.rule + ' ' + RULES[f.rule].name, True)}::"
        f"{esc(f.message + (f' → {f.suggestion}' if f.suggestion else ''))}\n" for f in findings)


def rules_markdown() -> str:
    """The rule documentation, generated from the registry (`bitext check --list-rules --format markdown`)."""
    out = ["# bitext check rules", "",
           "Generated from `glossary/rules.py` by `bitext check --list-rules --format markdown`; ids are stable.", "",
           "| id | name | default | on by default |", "|---|---|---|---|"]
    out += [f"| [{r.id}](#{r.id.lower()}) | {r.name} | {r.severity.value} | {'yes' if r.enabled else 'no'} |"
            for r in RULES.values()]
    for r in RULES.values():
        out += ["", f"## {r.id}", "", f"**{r.name}** · default severity {r.severity.value}"
                + ("" if r.enabled else " · off by default (enable with `select`)"), "", r.rationale, "",
                *([f"Source: {r.source}.", ""] if r.source else []),
                f"Silence one line with `bitext: ignore[{r.id}]`, or a whole path with `per-file-ignores`."]
    return "\n".join(out) + "\n"


def to_sarif(findings: Sequence[Finding], rules_url: str | None = None) -> str:
    """SARIF 2.1.0; paths as given (relative to the repository root), percent-encoded. `rules_url` (the
    published rule documentation) becomes informationUri and, with each rule's anchor, its helpUri."""
    rules = []
    for r in RULES.values():
        rule = {"id": r.id, "name": r.name, "shortDescription": {"text": r.name.replace("-", " ")},
                "fullDescription": {"text": r.rationale},
                "help": {"text": r.rationale, "markdown": f"**{r.id} {r.name}**: {r.rationale}"},
                "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity], "enabled": r.enabled}}
        if rules_url:
            rule["helpUri"] = f"{rules_url}#{r.id.lower()}"
        rules.append(rule)
    index = {r["id"]: k for k, r in enumerate(rules)}
    results = []
    for f in findings:
        res = {"ruleId": f.rule, "ruleIndex": index[f.rule], "level": _SARIF_LEVEL[f.severity],
               "message": {"text": f.message + (f" → {f.suggestion}" if f.suggestion else "")},
               "locations": [_location(f.path, f.line, f.column, f.end_line, f.end_column)],
               "partialFingerprints": {"bitextFinding/v1": f.fingerprint}}
        if f.related:
            res["relatedLocations"] = [dict(_location(p, ln, c), id=k) for k, (p, ln, c) in enumerate(f.related)]
        if f.suggestion:
            res["properties"] = {"suggestion": f.suggestion, "term": f.term}
        results.append(res)
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "bitext", "version": __version__, "rules": rules}
                              | ({"informationUri": rules_url} if rules_url else {})},
                     "columnKind": "unicodeCodePoints", "results": results}]}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _location(path: str, line: int, col: int, end_line: int | None = None, end_col: int | None = None) -> dict:
    region = {"startLine": line, "startColumn": col}
    if end_line:
        region |= {"endLine": end_line, "endColumn": max(end_col or col, col if end_line == line else 1)}
    return {"physicalLocation": {"artifactLocation": {"uri": quote(path.replace("\\", "/").encode("utf-8", "surrogateescape"), safe="/")}, "region": region}}


def baseline_json(findings: Sequence[Finding]) -> str:
    return json.dumps({"bitext_baseline": 1, "fingerprints": sorted(f.fingerprint for f in findings)}, indent=1) + "\n"


def read_baseline(text: str, path: str = "<baseline>") -> set[str]:
    """The fingerprints of a baseline file; any other shape is a FormatError naming the file."""
    from bitext.tm.errors import FormatError

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not a bitext baseline file (not JSON: {exc.msg})", path, exc.lineno) from exc
    prints = data.get("fingerprints") if isinstance(data, dict) else None
    if not isinstance(prints, list) or not all(isinstance(p, str) for p in prints):
        raise FormatError('not a bitext baseline file (expected {"fingerprints": [...]})', path)
    return set(prints)


_MD = {c: f"\\{c}" for c in "\\`*_[]|<>#"} | {"\n": " ", "\r": " "}


def md(text: str) -> str:
    """Text for a Markdown table cell: pipes, backticks, HTML and emphasis marks escaped, one line."""
    return shown(text).translate(str.maketrans(_MD))


def to_markdown(findings: Sequence[Finding], files: int, title: str = "Terminology report") -> str:
    """A report for people: counts by rule, then every finding grouped by file."""
    s = summary(findings, files)
    out = [f"# {title}", "", f"{files} file(s) checked, {len(findings)} finding(s).", "",
           "| rule | name | severity | findings |", "|---|---|---|---|"]
    for rid, n in s["by_rule"].items():
        r = RULES[rid]
        out.append(f"| {rid} | {r.name} | {r.severity.value} | {n} |")
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.path, []).append(f)
    for path, fs in by_file.items():
        out += ["", f"## {md(path)}", "", "| line:col | rule | message | suggestion |", "|---|---|---|---|"]
        for f in fs:
            out.append(f"| {f.line}:{f.column} | {f.rule} | {md(f.message)} | {md(f.suggestion or '')} |")
    return "\n".join(out) + "\n"

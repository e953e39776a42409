"""Configuration: `[tool.bitext]` in pyproject.toml or a bitext.toml, found from the current directory upwards."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bitext.tm.errors import FormatError


@dataclass(slots=True)
class Config:
    """Settings and the folder they were found in (relative paths are resolved against it)."""

    root: Path
    values: dict = field(default_factory=dict)
    source: Path | None = None

    def path(self, key: str) -> Path | None:
        v = self.values.get(key)
        return (self.root / v) if isinstance(v, str) else None


_SEVERITIES = ("error", "warning", "info")


def _str(v) -> bool:
    return isinstance(v, str)


def _str_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _table(check):
    return lambda v: isinstance(v, dict) and all(isinstance(k, str) and check(x) for k, x in v.items())


# Every key the configuration may hold, with its check and what a person should write.
SCHEMA = {
    "glossary": (_str, "a path to a glossary file"),
    "lang": (lambda v: v in ("auto", "fr", "en"), '"auto", "fr" or "en"'),
    "select": (_str_list, 'a list of rule ids, prefixes or names, e.g. ["T", "B402"]'),
    "ignore": (_str_list, 'a list of rule ids, prefixes or names, e.g. ["P3"]'),
    "fail-on": (lambda v: v in (*_SEVERITIES, "never"), '"error", "warning", "info" or "never"'),
    "include": (lambda v: _str_list(v) and bool(v), 'a non-empty list of file patterns, e.g. ["*.md"]'),
    "exclude": (_str_list, 'a list of path patterns, e.g. ["archive/*"]'),
    "severity": (_table(lambda x: x in _SEVERITIES), 'a table of rule = "error" | "warning" | "info"'),
    "per-file-ignores": (_table(_str_list), 'a table of "pattern" = [rule ids]'),
    "languages": (_table(lambda x: x in ("fr", "en")), 'a table of "pattern" = "fr" | "en"'),
    "confirmed-only": (lambda v: isinstance(v, bool), "true or false"),
    "words": (_str_list, 'a list of words the spelling check knows, e.g. ["peacebuilding"]'),
    "words-file": (_str, "a path to a word list (one word per line)"),
    "rules": (lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
              "an array of tables: [[tool.bitext.rules]] with id, phrases, message, severity"),
    "locale": (lambda v: v in ("fr-CA", "fr-FR", "fr-CH", "en-CA", "en-US", "en-GB"),
               "one of fr-CA, fr-FR, fr-CH, en-CA, en-US, en-GB"),
    "rules-url": (lambda v: _str(v) and v.startswith(("https://", "http://")), "an https:// address"),
}


def validate(values, where: str) -> dict:
    """The configuration, every key known and of the right type; a mistake is one line naming the file
    (an unknown key with the nearest known one), never a silent default."""
    import difflib

    if not isinstance(values, dict):
        raise FormatError("[tool.bitext] must be a table", where)
    for key, value in values.items():
        if key not in SCHEMA:
            near = difflib.get_close_matches(key.replace("_", "-"), SCHEMA, n=1, cutoff=0.5)
            raise FormatError(f"unknown setting {key!r}" + (f"; did you mean {near[0]!r}?" if near else
                                                             f"; known: {', '.join(SCHEMA)}"), where)
        check, expected = SCHEMA[key]
        if not check(value):
            raise FormatError(f"{key} must be {expected}, not {value!r}"[:300], where)
    return dict(values)


def find(start: Path | None = None) -> Config:
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        for name in ("bitext.toml", "pyproject.toml"):
            f = d / name
            if not f.is_file():
                continue
            try:
                data = tomllib.loads(f.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise FormatError(f"invalid TOML: {exc}", str(f)) from exc
            values = data if name == "bitext.toml" else data.get("tool", {}).get("bitext")
            if values is not None:
                return Config(d, validate(values, str(f)), f)
        if (d / "seeds" / "glossary.toml").is_file():
            return Config(d, {"glossary": "seeds/glossary.toml"}, None)
        if (d / ".git").exists():
            break  # a configuration planted above the repository (in /tmp, say) is never read
    return Config(here, {}, None)


def packaged_glossary() -> Path:
    """The curated glossary that ships with bitext (a copy of seeds/glossary.toml, kept equal by a test)."""
    from importlib.resources import files

    return Path(str(files("bitext.glossary") / "data" / "glossary.toml"))


def resolve_glossary(explicit: str | None, config: Config | None = None) -> tuple[str, str]:
    """The glossary in force and where that choice came from."""
    if explicit:
        return explicit, "--glossary"
    cfg = config or find()
    p = cfg.path("glossary")
    if p is not None:
        return str(p), (str(cfg.source) if cfg.source else f"the repository's seeds ({cfg.root})")
    return str(packaged_glossary()), "the curated glossary shipped with bitext"


def glossary_path(explicit: str | None, config: Config | None = None) -> str:
    """--glossary, else the configured glossary, else seeds/glossary.toml of the repository we are in,
    else the curated glossary that ships with bitext."""
    return resolve_glossary(explicit, config)[0]

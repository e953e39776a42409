"""Configuration: `[tool.bitext]` in pyproject.toml or a bitext.toml, found from the current directory upwards."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bitext.tm.errors import FormatError, UsageError


@dataclass(slots=True)
class Config:
    """Settings and the folder they were found in (relative paths are resolved against it)."""

    root: Path
    values: dict = field(default_factory=dict)
    source: Path | None = None

    def path(self, key: str) -> Path | None:
        v = self.values.get(key)
        return (self.root / v) if isinstance(v, str) else None


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
                return Config(d, dict(values), f)
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

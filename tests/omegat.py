"""Drive the real OmegaT in console mode: a project with our TMX in tm/auto, then read its statistics."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>FR</source_lang>
    <target_lang>EN</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


@dataclass
class OmegatResult:
    total: int
    remaining: int
    tmx_loaded: bool
    log: str

    @property
    def translated(self) -> int:
        return self.total - self.remaining


def run_console_translate(project: Path, sources: list[Path], tmx_files: list[Path]) -> OmegatResult:
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / sub).mkdir(parents=True, exist_ok=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    for s in sources:
        shutil.copy(s, project / "source" / s.name)
    for t in tmx_files:
        shutil.copy(t, project / "tm" / "auto" / t.name)
    config = project.parent / "omegat-config"
    config.mkdir(exist_ok=True)
    proc = subprocess.run(["omegat", "--mode=console-translate", f"--config-dir={config}", str(project)],
                          capture_output=True, text=True, timeout=300)
    log = proc.stdout + proc.stderr
    stats = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    total = int(re.search(r"^Total:\s+(\d+)", stats, re.M).group(1))
    remaining = int(re.search(r"^Remaining:\s+(\d+)", stats, re.M).group(1))
    # OmegaT exits 0 even when a TMX fails to load: the log is the only witness.
    loaded = all(f"Reading TMX file {project / 'tm' / 'auto' / t.name}" in log for t in tmx_files) \
        and "Reading of TMX file complete" in log and not re.search(r"TMXR_ERROR|Exception", log)
    return OmegatResult(total, remaining, loaded, log)

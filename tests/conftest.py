"""Shared fixtures: paths to the project's seeds and, when present, ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "seeds" / "en").is_dir():
        pytest.skip("../shared/seeds/en is not present beside this checkout (public data kept outside the repo)")
    return SHARED

"""A clean install: one import name (bitext), the curated glossary inside, and zero-config use."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from bitext.cli.config import packaged_glossary
from bitext.cli.main import main

from .conftest import ROOT, SEEDS


def test_packaged_glossary_is_the_curated_one():
    assert packaged_glossary().read_bytes() == (SEEDS / "glossary.toml").read_bytes(), \
        "glossary/data/glossary.toml must be a copy of seeds/glossary.toml: cp seeds/glossary.toml glossary/data/"


def test_zero_config_term_and_check_use_the_packaged_glossary(tmp_path, runner, monkeypatch):
    (tmp_path / ".git").mkdir()  # a repository of the user's own, without any bitext configuration
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(main, ["term", "Daech"])
    assert res.exit_code == 0 and "Daech" in res.output
    (tmp_path / "note.fr.txt").write_text("Le groupe Daesh en Iraq.\n", encoding="utf-8")
    res = runner.invoke(main, ["check", "note.fr.txt", "--format", "json"])
    assert {f["rule"] for f in __import__("json").loads(res.output)["findings"]} == {"T102"}
    res = runner.invoke(main, ["config"])
    assert "shipped with bitext" in res.output and "none" in res.output


def test_config_search_stops_at_the_repository_root(tmp_path, runner, monkeypatch):
    (tmp_path / "bitext.toml").write_text('exclude = ["*"]\n', encoding="utf-8")  # planted above the repository
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    monkeypatch.chdir(repo)
    res = runner.invoke(main, ["config", "--format", "json"])
    assert '"exclude"' in res.output and '"value": "[]"' in res.output.split('"exclude"')[1].split("}")[0]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                          str(ROOT)], capture_output=True, text=True)
    if res.returncode:
        pytest.skip(f"cannot build a wheel here: {res.stderr.strip().splitlines()[-1:]}")
    return next(out.glob("bitext-*.whl"))


def test_wheel_installs_only_bitext_at_the_top(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"bitext", "bitext-0.1.0.dist-info"}
    assert "bitext/glossary/data/glossary.toml" in names and "bitext/tm/data/tmx14b.dtd" in names
    assert any(n.startswith("bitext/tm/formats/") for n in names)


def test_wheel_runs_on_its_own(wheel, tmp_path):
    """The wheel, unpacked, answers `term` and `--version` with no editable install and no project folder."""
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    deps = sysconfig.get_paths()["purelib"]
    code = (f"import sys; sys.path[:0] = [{str(unpacked)!r}, {deps!r}]; "
            "from bitext.cli.main import main; main()")
    (tmp_path / "x.tmx").write_bytes((ROOT / "exports" / "coalition.fr-en.tmx").read_bytes())
    for args, expect in ((["--version"], "bitext, version"), (["term", "Daech"], "Daech"),
                         (["tmx", "validate", "x.tmx"], "valid TMX 1.4b")):
        res = subprocess.run([sys.executable, "-S", "-c", code, *args], capture_output=True, text=True, cwd=tmp_path)
        assert res.returncode == 0 and expect in res.stdout, res.stderr
    res = subprocess.run([sys.executable, "-S", "-c", "import sys; sys.path[:0] = [" + repr(str(unpacked)) + "]; import tm"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode != 0 and "No module named 'tm'" in res.stderr

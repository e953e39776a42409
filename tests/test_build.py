import filecmp
import shutil
import subprocess

import pytest

from bitext.cli.main import main
from bitext.tm.lexicon import freedict
from bitext.tm.tmx import iter_tmx, validate

from .conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("exports")
    res = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out, res.output


def test_build_writes_every_export(built):
    out, summary = built
    names = {p.name for p in out.iterdir()}
    assert names == {"coalition.fr-en.tmx", "glossary.tbx", "glossary.tbx2.tbx", "glossary.utf8", "glossary.csv",
                     "term-candidates.tsv", "check-report.md", "check-report.sarif", "alignment.html", "rules.md"}
    assert "beads: 1-1" in summary and "findings:" in summary and "T103 1" in summary
    tmx = out / "coalition.fr-en.tmx"
    assert validate(tmx) == []
    units = list(iter_tmx(tmx))
    assert {u.props["x-english-status"] for u in units} == {"reference"}
    assert {u.props["x-document"] for u in units} == {"ministerial-communique-2020", "guiding-principles-2018"}
    assert b"not with the official English text" in tmx.read_bytes()


def test_build_is_deterministic(built, tmp_path):
    from click.testing import CliRunner

    out, _ = built
    again = tmp_path / "again"
    assert CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(again)]).exit_code == 0
    cmp = filecmp.dircmp(out, again)
    assert not cmp.diff_files and not cmp.left_only and not cmp.right_only


@pytest.mark.skipif(not freedict("fr", "en"), reason="FreeDict is not installed (Debian dict-freedict-fra-eng, "
                    "dict-freedict-eng-fra; .ci/run installs them): the committed exports were built with it")
def test_committed_exports_are_up_to_date(built):
    out, _ = built
    committed = ROOT / "exports"
    for p in out.iterdir():
        assert (committed / p.name).read_bytes() == p.read_bytes(), f"exports/{p.name} is stale: run bitext build"


def test_build_refuses_a_folder_without_corpus(tmp_path, runner):
    res = runner.invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "x")])
    assert res.exit_code == 2 and "corpus.toml" in res.output
    assert not (tmp_path / "x").exists()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium; .ci/run installs it)")
def test_review_page_renders_its_beads_in_chromium(built, tmp_path):
    out, _ = built
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    page = (out / "alignment.html").resolve().as_uri()
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120).stdout
    assert dom.count('<tr class="') == 82  # every bead of both documents
    assert dom.count('class="unpaired"') == 1 and '<mark class="misspelt"' in dom
    shot = tmp_path / "review.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=1280,900", f"--screenshot={shot}", page],
                   capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a rendered table, not a blank page


@pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (Debian package omegat; .ci/run installs it)")
def test_omegat_pretranslates_the_seed_french_from_the_exported_tmx(built, tmp_path):
    from .omegat import run_console_translate

    out, _ = built
    result = run_console_translate(tmp_path / "proj", sorted((SEEDS / "fr").glob("*.txt")), [out / "coalition.fr-en.tmx"])
    assert result.tmx_loaded, result.log[-2000:]
    assert result.translated / result.total >= 0.90, (result.translated, result.total)


def test_locales_flow_from_corpus_toml_into_the_tmx(tmp_path, runner):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds, ignore=shutil.ignore_patterns("corrections"))
    text = (seeds / "corpus.toml").read_text(encoding="utf-8")
    (seeds / "corpus.toml").write_text(text.replace('english_status = "reference"',
                                                    'english_status = "reference"\nfrench_locale = "fr-CA"\n'
                                                    'english_locale = "en-CA"'), encoding="utf-8")
    res = runner.invoke(main, ["build", str(seeds), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    tmx = tmp_path / "out" / "coalition.fr-en.tmx"
    assert b'srclang="fr-CA"' in tmx.read_bytes() and validate(tmx) == []
    assert {(u.source_lang, u.target_lang) for u in iter_tmx(tmx)} == {("fr-CA", "en-CA")}
    (seeds / "corpus.toml").write_text(text.replace('english_status = "reference"',
                                                    'english_status = "reference"\nfrench_locale = "en-CA"'), encoding="utf-8")
    res = runner.invoke(main, ["build", str(seeds), "--out", str(tmp_path / "out2")])
    assert res.exit_code == 2 and "french_locale must be a fr locale" in res.output


@pytest.mark.parametrize("change,words", [
    (('french = "fr/ministerial-communique-2020.fr.txt"', 'french = "../../../../../../etc/passwd"'), "outside the corpus folder"),
    (('id = "guiding-principles-2018"', 'id = "ministerial-communique-2020"'), "used twice"),
    (('date = "2020-06-04"', 'date = "2020-13-45"'), "date must be YYYY-MM-DD"),
    (('french = "fr/ministerial-communique-2020.fr.txt"', 'french = 5'), "french must be a string"),
    (('id = "guiding-principles-2018"', 'id = "../x"'), "must be letters"),
    (('english_status = "reference"', 'english_status = "reference"\nenglsh = "x"'), "unknown key 'englsh'"),
])
def test_corpus_mistakes_are_one_line_errors(tmp_path, runner, change, words):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds, ignore=shutil.ignore_patterns("corrections"))
    text = (seeds / "corpus.toml").read_text(encoding="utf-8")
    (seeds / "corpus.toml").write_text(text.replace(*change, 1), encoding="utf-8")
    res = runner.invoke(main, ["build", str(seeds), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and words in res.output and res.output.count("\n") == 1, res.output
    assert not (tmp_path / "out").exists()

"""Configuration is typed and strict: a mistake is one line and exit 2, never a silent pass in CI."""

from __future__ import annotations

import os

import pytest

from bitext.cli.main import main

from .conftest import SEEDS


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.fr.txt").write_text("Le groupe Daesh en Iraq.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("toml,words", [
    ('exclude = "docs/*"', "exclude must be a list of path patterns"),
    ("include = []", "include must be a non-empty list"),
    ('fail_on = "warning"', "did you mean 'fail-on'?"),
    ('lang = "de"', 'lang must be "auto", "fr" or "en"'),
    ('fail-on = "fatal"', "fail-on must be"),
    ("select = 5", "select must be a list"),
    ("include = [1]", "include must be"),
    ('per-file-ignores = "x"', "per-file-ignores must be a table"),
    ('[severity]\nT101 = "loud"', "severity must be"),
])
def test_config_mistakes_are_one_line_and_exit_2(repo, runner, toml, words):
    (repo / "bitext.toml").write_text(f'glossary = "{SEEDS / "glossary.toml"}"\n{toml}\n', encoding="utf-8")
    res = runner.invoke(main, ["check", "docs"])
    assert res.exit_code == 2 and words in res.output and "bitext.toml" in res.output, res.output
    assert res.output.count("\n") == 1 and "Traceback" not in res.output


def test_nothing_to_check_is_an_error_not_a_pass(repo, runner):
    (repo / "bitext.toml").write_text('exclude = ["*"]\n', encoding="utf-8")
    res = runner.invoke(main, ["check", "docs"])
    assert res.exit_code == 2 and "matched nothing" in res.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder whatever its mode")
def test_an_unreadable_folder_is_an_error(repo, runner):
    locked = repo / "docs" / "locked"
    locked.mkdir()
    os.chmod(locked, 0)
    try:
        res = runner.invoke(main, ["check", "docs"])
    finally:
        os.chmod(locked, 0o755)
    assert res.exit_code == 2 and "cannot read this folder" in res.output


def test_stdin_is_checked(repo, runner):
    res = runner.invoke(main, ["check", "-", "--lang", "fr", "--format", "json"], input="Le groupe Daesh.\n")
    assert res.exit_code == 0 and '"T102"' in res.output


@pytest.mark.parametrize("args", [["tm", "search", "x", "--limit", "99999999999999999999"], ["tm", "search", "x", "--min", "nan"],
                                  ["term", "--limit", "0", "Daech"], ["check", "-j", "0", "docs"], ["check", "-j", "1000", "docs"]])
def test_numbers_out_of_range_are_usage_errors(repo, runner, args):
    res = runner.invoke(main, args)
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_custom_rules_as_data_join_the_registry(repo, runner):
    (repo / "bitext.toml").write_text(
        f'glossary = "{SEEDS / "glossary.toml"}"\n[[rules]]\nid = "C001"\nname = "no-usa"\nphrases = ["USA", "É.-U."]\n'
        'message = "Write États-Unis in full"\nseverity = "error"\nlang = "fr"\nsuggestion = "États-Unis"\n',
        encoding="utf-8")
    (repo / "docs" / "b.fr.txt").write_text("Les usa, les É.-U. et les USAF.\n", encoding="utf-8")
    res = runner.invoke(main, ["check", "docs/b.fr.txt", "--format", "json"])
    found = [f for f in __import__("json").loads(res.output)["findings"] if f["rule"] == "C001"]
    assert res.exit_code == 1 and [f["term"] for f in found] == ["usa", "É.-U"]  # punctuation folded; USAF is another word
    assert "C001  no-usa" in runner.invoke(main, ["check", "--list-rules"]).output
    res = runner.invoke(main, ["check", "docs", "--ignore", "no-usa", "--format", "json"])
    assert "C001" not in res.output
    (repo / "bitext.toml").write_text('[[rules]]\nid = "C001"\nphrases = []\nmessage = "m"\n', encoding="utf-8")
    res = runner.invoke(main, ["check", "docs"])
    assert res.exit_code == 2 and "phrases must be a non-empty list" in res.output


def test_a_custom_rule_may_apply_to_one_locale_only(repo, runner):
    import json

    (repo / "bitext.toml").write_text(
        f'glossary = "{SEEDS / "glossary.toml"}"\n[[rules]]\nid = "C002"\nphrases = ["courriel"]\n'
        'message = "In France, e-mail is written e-mail in this house"\nlocale = "fr-FR"\n', encoding="utf-8")
    (repo / "docs" / "c.fr.txt").write_text("Envoyez un courriel.\n", encoding="utf-8")
    rules = [f["rule"] for f in json.loads(runner.invoke(
        main, ["check", "docs/c.fr.txt", "--locale", "fr-FR", "--format", "json"]).output)["findings"]]
    assert "C002" in rules
    rules = [f["rule"] for f in json.loads(runner.invoke(
        main, ["check", "docs/c.fr.txt", "--locale", "fr-CA", "--format", "json"]).output)["findings"]]
    assert "C002" not in rules
    (repo / "bitext.toml").write_text('[[rules]]\nid = "C002"\nphrases = ["x"]\nmessage = "m"\nlocale = "fr-BE"\n',
                                      encoding="utf-8")
    res = runner.invoke(main, ["check", "docs"])
    assert res.exit_code == 2 and "locale must be one of" in res.output

"""Every command's --help ends with an example, and sub-commands load only when they run."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from bitext.cli.main import COMMANDS, main


def _commands():
    ctx = click.Context(main)
    for name in COMMANDS:
        cmd = main.get_command(ctx, name)
        yield [name], cmd
        if isinstance(cmd, click.Group):
            for sub in cmd.commands:
                yield [name, sub], cmd.commands[sub]


@pytest.mark.parametrize("path,cmd", list(_commands()), ids=lambda x: " ".join(x) if isinstance(x, list) else "")
def test_every_help_ends_with_an_example(runner, path, cmd):
    res = runner.invoke(main, [*path, "--help"])
    assert res.exit_code == 0
    tail = res.output.rstrip().split("\n")
    assert any(line.strip().startswith("Example") for line in tail), res.output
    assert tail[-1].strip().startswith("bitext "), res.output


def test_help_and_version_do_not_load_the_aligner():
    code = ("import sys; from bitext.cli.main import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('numpy', 'scipy', 'sacremoses', 'lxml', 'bitext.tm.align') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in res.stdout, res.stdout + res.stderr

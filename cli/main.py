"""The `bitext` command line: parse, call the library, print. Errors become one line and exit 2.

Sub-commands are imported only when they run (their one-line help is kept here), so `bitext term`,
`--help` and `--version` start without loading numpy, scipy or the aligner.
"""

from __future__ import annotations

import importlib
import inspect
import signal
import sys
import threading

import click

from bitext.tm import __version__
from bitext.tm.errors import BitextError

# name -> (module, attribute, one-line help shown by `bitext --help`)
COMMANDS = {
    "align": ("bitext.cli.align_cmd", "align_cmd", "Align the sentences of SOURCE with those of TARGET (any format)."),
    "build": ("bitext.cli.build_cmd", "build_cmd", "Align every pair of a corpus or archive folder and write the exports."),
    "check": ("bitext.cli.check_cmd", "check_cmd", "Check documents and TMX files against the glossary, like a linter."),
    "config": ("bitext.cli.config_cmd", "config_cmd", "Show the glossary and settings in force, and where each comes from."),
    "pair": ("bitext.cli.pair_cmd", "pair_cmd", "Find which French file goes with which English file in a folder."),
    "review": ("bitext.cli.review_cmd", "review_cmd", "Review and correct alignments in the browser."),
    "term": ("bitext.cli.term_cmds", "term_group", "Look up, export, import and extract glossary terms."),
    "tm": ("bitext.cli.tm_cmds", "tm_group", "A local translation memory: import, search, concordance, export."),
    "tmx": ("bitext.cli.tmx_cmds", "tmx_group", "TMX files: validate, merge, stats, convert."),
}


class BitextGroup(click.Group):
    """A click group that loads sub-commands on demand and turns the project's errors into one-line
    messages with exit code 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        cmd = getattr(importlib.import_module(module), attr)
        _examples_last(cmd)
        return cmd

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in self.list_commands(ctx)])

    def invoke(self, ctx: click.Context):
        from bitext.tm.textio import reset_inputs

        reset_inputs()
        if threading.current_thread() is threading.main_thread():
            # SIGTERM unwinds like Ctrl-C, so a half-written temporary output is removed on the way out.
            signal.signal(signal.SIGTERM, _terminated)
        try:
            return super().invoke(ctx)
        except BitextError as exc:
            lines = exc.lines() if hasattr(exc, "lines") else [str(exc)]  # a glossary lists every mistake
            for line in lines:
                click.echo(f"bitext: error: {line}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("bitext: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            # A database driver's error (a lock held too long, a corrupt page) is one line too.
            if type(exc).__module__.split(".")[0] not in ("sqlite3", "psycopg"):
                raise
            from bitext.tm.errors import shown

            text = str(exc)
            hint = ""
            if "locked" in text or "lock timeout" in text:
                hint = " (another process holds the TM: try again, or wait longer with --timeout)"
            elif "malformed" in text or "not a database" in text:
                hint = (" (the TM file is damaged: restore it from a backup, or start a new one and import the"
                        " TMX files again)")
            click.echo(f"bitext: error: database: {shown(text.splitlines()[0] if text else type(exc).__name__)}{hint}",
                       err=True)
            ctx.exit(2)


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


def _examples_last(cmd: click.Command) -> None:
    """Move the "Example(s):" block of a command's docstring after its options, where people look last."""
    for c in [cmd, *(cmd.commands.values() if isinstance(cmd, click.Group) else ())]:
        help_text = c.help or ""
        k = help_text.find("\b")
        if k >= 0 and help_text[k + 1:].lstrip().startswith("Example") and not c.epilog:
            c.help, c.epilog = help_text[:k].rstrip(), inspect.cleandoc(help_text[k:])


@click.group(cls=BitextGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Example: bitext align page.fr.html page.en.html --format tmx -o page.tmx")
@click.version_option(__version__, prog_name="bitext")
def main() -> None:
    """French–English alignment, translation memories and terminology checks."""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

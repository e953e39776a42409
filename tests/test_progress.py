import io
import sys

from bitext.cli.progress import progress_callback


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress_callback("aligning") as cb:
        assert cb is None
    assert sys.stderr.getvalue() == ""
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    with progress_callback("aligning") as cb:
        for i in range(0, 101, 10):
            cb(i, 100)
    out = tty.getvalue()
    assert "aligning" in out and "100%" in out


def test_tm_import_bar_knows_its_end(monkeypatch, tmp_path):
    """The bar of a TMX import counts its units first, so it moves from 0 to 100% instead of jumping."""
    from bitext.tm.tmx import count_units

    from .conftest import ROOT

    tmx = ROOT / "exports" / "coalition.fr-en.tmx"
    assert count_units(tmx) == count_units(tmx, chunk=5) == tmx.read_text(encoding="utf-8").count("<tu ") + \
        tmx.read_text(encoding="utf-8").count("<tu>")
    import contextlib

    from click.testing import CliRunner

    from bitext.cli.main import main

    seen = []

    @contextlib.contextmanager
    def recording(label):  # what a terminal would get, without needing one
        yield lambda done, total: seen.append((done, total))

    monkeypatch.setattr("bitext.cli.tm_cmds.progress_callback", recording)
    res = CliRunner().invoke(main, ["tm", "import", str(tmx), "--db", str(tmp_path / "tm.sqlite")])
    assert res.exit_code == 0
    assert seen and {t for _, t in seen} == {count_units(tmx)} and seen[-1][0] == count_units(tmx)

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

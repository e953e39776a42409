"""A throwaway PostgreSQL server for the tests: initdb in a temporary directory, a Unix socket, no TCP."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


def _bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def why_not() -> str | None:
    """Why a server cannot be started here, or None."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    if _bin() is None:
        return "PostgreSQL server binaries not found (Debian package postgresql, installed by .ci/run)"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser: initdb refuses root"
    return None


@contextmanager
def server() -> Iterator[str]:
    """A connection URL to a fresh, empty server, stopped and removed afterwards."""
    bindir = _bin()
    tmp = tempfile.mkdtemp(prefix="bitext-pg-")
    as_owner: list[str] = []
    if os.geteuid() == 0:  # initdb will not run as root: the cluster belongs to the postgres user
        shutil.chown(tmp, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(tmp, "data")
    run = lambda *cmd: subprocess.run([*as_owner, *cmd], check=True, capture_output=True, timeout=60)  # noqa: E731
    try:
        run(f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "bitext", "-E", "UTF8", "--locale=C")
        run(f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(tmp, "log"), "-w", "start",
            "-o", f"-k {tmp} -c listen_addresses='' -c fsync=off -c full_page_writes=off")
        yield f"postgresql://bitext@/postgres?host={tmp}"
    finally:
        subprocess.run([*as_owner, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)

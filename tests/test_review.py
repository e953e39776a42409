"""The editing review page: the server's merge of saves, the command's start and stop, and the page
driven in a real browser (Debian's chromium through chromedriver and selenium)."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from bitext.cli.main import main
from bitext.tm.corpus import load_corpus
from bitext.tm.review_server import ReviewSession, make_server
from bitext.tm.tmx import iter_tmx

from .conftest import ROOT, SEEDS

DOC = "ministerial-communique-2020"


@pytest.fixture
def seeds(tmp_path) -> Path:
    out = tmp_path / "seeds"
    shutil.copytree(SEEDS, out, ignore=shutil.ignore_patterns("corrections"))
    return out


@pytest.fixture
def served(seeds):
    session = ReviewSession(seeds, load_corpus(seeds))
    server = make_server(session)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield session, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _post(url: str, token: str, body: dict, host: str | None = None):
    req = urllib.request.Request(url + "api/save", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "X-Bitext-Token": token})
    if host:
        req.add_header("Host", host)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def _corr(state, k):
    b = state["beads"][k]
    return {"source": [state["source"][i] for i in b["s"]], "target": [state["target"][j] for j in b["t"]],
            "verdict": "confirmed", "source_ids": b["s"], "target_ids": b["t"]}


def test_two_tabs_saving_never_lose_each_others_work(served, seeds):
    session, url = served
    state = session.state(DOC)
    tabs = [{"document": DOC, "add": [_corr(state, k)], "remove": []} for k in (2, 5)]
    threads = [threading.Thread(target=_post, args=(url, session.token, t)) for t in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = json.loads((seeds / "corrections" / f"{DOC}.json").read_text(encoding="utf-8"))
    assert saved["document"] == DOC
    assert sorted(c["source_ids"][0] for c in saved["corrections"]) == sorted(state["beads"][k]["s"][0] for k in (2, 5))
    after = session.state(DOC)
    assert sum(b["confirmed"] for b in after["beads"]) == 2


def test_saves_need_the_token_and_a_local_host(served):
    session, url = served
    body = {"document": DOC, "add": [], "remove": []}
    with pytest.raises(urllib.error.HTTPError) as err:
        _post(url, "wrong", body)
    assert err.value.code == 403
    with pytest.raises(urllib.error.HTTPError) as err:
        _post(url, session.token, body, host="evil.example:80")
    assert err.value.code == 403
    with pytest.raises(urllib.error.HTTPError) as err:
        _post(url, session.token, {"document": DOC, "add": [{"source": "x"}]})
    assert err.value.code == 400


def test_review_command_prints_its_address_and_stops_on_sigint(seeds):
    proc = subprocess.Popen([sys.executable, "-c", "from bitext.cli.main import main; main()", "review", str(seeds),
                             "--no-browser"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("bitext review: http://127.0.0.1:")
        url = line.split()[2]
        with urllib.request.urlopen(url, timeout=30) as r:
            assert b"bitext review" in r.read()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0 and "stopped" in out and "Traceback" not in err


def _browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (test extra)")
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("chromium and chromium-driver are not installed (.ci/run installs them)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1000"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(driver_path), options=opts)


def test_correct_with_the_keyboard_save_rebuild_and_see_the_tmx_change(served, seeds, tmp_path, runner):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    session, url = served
    browser = _browser()
    try:
        browser.get(url)
        wait = WebDriverWait(browser, 30)
        wait.until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
        progress = browser.find_element(By.ID, "progress")
        total = int(progress.text.split()[-1])
        body = browser.find_element(By.TAG_NAME, "body")

        def keys(k: str, expect: str) -> None:
            body.send_keys(k)
            wait.until(lambda b: progress.text == expect)

        keys("c", f"reviewed 1 of {total}")                      # confirm the title bead
        body.send_keys("jj")                                     # down to the dateline
        keys("c", f"reviewed 2 of {total}")
        body.send_keys("j")
        keys("m", f"reviewed 3 of {total - 1}")                  # merge the next two beads
        keys("z", f"reviewed 2 of {total}")                      # undo the merge
        keys("y", f"reviewed 3 of {total - 1}")                  # and redo it
        rows = browser.find_elements(By.CSS_SELECTOR, "tr.confirmed")
        assert len(rows) == 3 and any("Le 4 juin 2020" in r.text for r in rows)
        assert browser.save_screenshot(str(tmp_path / "review.png"))
    finally:
        browser.quit()
    saved = json.loads((seeds / "corrections" / f"{DOC}.json").read_text(encoding="utf-8"))["corrections"]
    assert len(saved) == 3 and any(c["source"] == ["Le 4 juin 2020"] and c["target"] == ["June 4, 2020"] for c in saved)
    merged = [c for c in saved if len(c["source"]) + len(c["target"]) > 2]
    assert len(merged) == 1
    res = runner.invoke(main, ["build", str(seeds), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    units = [u for u in iter_tmx(tmp_path / "out" / "coalition.fr-en.tmx") if u.props["x-document"] == DOC
             and u.props.get("x-unit") != "paragraph"]
    confirmed = {(u.source, u.target) for u in units if u.props["x-review"] == "confirmed"}
    assert ("Le 4 juin 2020", "June 4, 2020") in confirmed
    assert (" ".join(merged[0]["source"]), " ".join(merged[0]["target"])) in confirmed
    assert "reviewed: 3 confirmed" in res.output

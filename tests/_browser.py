"""What the browser tests share: a JupyterLab server as `make lab` starts it, and headless
Chromium (Debian's chromium and chromium-driver, driven by Selenium).

Servers listen on 127.0.0.1 only, with a random token and every Jupyter folder in a
temporary directory, and are always stopped at the end. Chromium runs headless with a
fresh profile and without background networking (this machine reaches no other host).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
START_TIMEOUT = 60  # seconds for the server to answer
STOP_TIMEOUT = 20  # seconds for a clean shutdown before kill
# Never route loopback requests through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
INSTALL_HINT = ("install Debian's chromium and chromium-driver (apt-get install chromium "
                "chromium-driver; .ci/run does) or your platform's Chrome and chromedriver")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=5):
    """GET url; return (status, final url, body)."""
    with OPENER.open(url, timeout=timeout) as response:
        return response.status, response.geturl(), response.read()


def log_tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def lab_options() -> list[str]:
    """The JupyterLab options of `make lab` (its recipe in the Makefile) other than root."""
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nlab:", 1)[1]
    line = next(l for l in recipe.splitlines() if "jupyter lab" in l)
    return [w for w in line.split() if w.startswith("--LabApp.")]


@contextmanager
def running_jupyterlab(tmp_path: Path, root: Path = NOTEBOOKS):
    """JupyterLab on ``root`` (notebooks/) with `make lab`'s options; yields (base url,
    token). A test that runs or edits notebooks passes a copy: JupyterLab autosaves."""
    token, port = secrets.token_hex(16), free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               IPYTHONDIR=str(tmp_path / "ipython"), MPLCONFIGDIR=str(tmp_path / "matplotlib"))
    env.pop("MPLBACKEND", None)  # kernels keep the inline backend, as under `make lab`
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}",
               *lab_options()]
    if os.getuid() == 0:
        command.append("--allow-root")
    log = tmp_path / "jupyter.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, \
                f"jupyter lab exited with {server.returncode}:\n{log_tail(log)}"
            assert time.monotonic() < deadline, \
                f"jupyter lab did not answer within {START_TIMEOUT} s:\n{log_tail(log)}"
            try:
                status, _, _ = get(f"{base}/api/status?token={token}")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=STOP_TIMEOUT)


def chromium_paths() -> tuple[str, str]:
    """Chromium and chromedriver, or fail in CI / skip elsewhere, saying how to install."""
    paths = [shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")]
    browser = next((p for p in paths if p), None)
    driver = shutil.which("chromedriver")
    if browser and driver:
        return browser, driver
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests need Chromium and chromedriver: {INSTALL_HINT}")
    pytest.skip(f"no Chromium here: {INSTALL_HINT}")


@contextmanager
def headless_chromium(window=(1400, 1000)):
    """A Selenium WebDriver for headless Chromium with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                f"--window-size={window[0]},{window[1]}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        yield driver
    finally:
        driver.quit()


# Draws a character in the element's own font and compares it with a character that no
# font has (U+FFFF, drawn as the missing-glyph box) and with nothing: a Chinese
# character that draws like either of them has no glyph on this machine.
_GLYPH_JS = """
const [el, ch] = arguments;
const font = getComputedStyle(el).font;
const canvas = document.createElement('canvas');
canvas.width = 120; canvas.height = 80;
const g = canvas.getContext('2d');
const draw = s => { g.clearRect(0, 0, 120, 80); g.font = font; g.fillText(s, 10, 60);
                    return g.getImageData(0, 0, 120, 80).data.join(','); };
const glyph = draw(ch), missing = draw('\\uffff'), blank = draw('');
return glyph !== missing && glyph !== blank;
"""


def draws_glyph(driver, element, character: str) -> bool:
    """Whether ``character`` has a real glyph in ``element``'s font in this browser."""
    return bool(driver.execute_script(_GLYPH_JS, element, character))


def image_loaded(driver, element) -> bool:
    """Whether an <img> finished loading with real pixels."""
    return bool(driver.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0;", element))


def wait_for(driver, css: str, timeout: float = 60, *, count: int = 1):
    """Wait until at least ``count`` elements match ``css``; return them."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def found(d):
        elements = d.find_elements(By.CSS_SELECTOR, css)
        return elements if len(elements) >= count else False

    return WebDriverWait(driver, timeout).until(found, message=f"no {css!r} after {timeout} s")


def settings_defaults(base: str, token: str, plugin: str) -> dict:
    """JupyterLab's defaults of a settings plugin, overrides included."""
    _, _, body = get(f"{base}/lab/api/settings/{plugin}?token={token}", timeout=15)
    return {k: v.get("default") for k, v in json.loads(body)["schema"]["properties"].items()}

"""`make lab` works: JupyterLab starts headless and serves the lessons.

The server listens on 127.0.0.1 only, with a random token and every config and
runtime folder in tmp_path, and is always stopped at the end.
"""
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
START_TIMEOUT = 60  # seconds for the server to answer
STOP_TIMEOUT = 20  # seconds for a clean shutdown before kill

# Never route loopback requests through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=5):
    """GET url; return (status, final url, body)."""
    with OPENER.open(url, timeout=timeout) as response:
        return response.status, response.geturl(), response.read()


def log_tail(path, lines=40):
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def lab_options():
    """The JupyterLab options of `make lab` (its recipe in the Makefile) other than root."""
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nlab:", 1)[1]
    line = next(l for l in recipe.splitlines() if "jupyter lab" in l)
    return [w for w in line.split() if w.startswith("--LabApp.")]


def test_jupyterlab_starts_and_lists_the_notebooks(tmp_path):
    token = secrets.token_hex(16)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_DATA_DIR=str(tmp_path / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        IPYTHONDIR=str(tmp_path / "ipython"),
        MPLCONFIGDIR=str(tmp_path / "matplotlib"),
    )
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={NOTEBOOKS}",
        *lab_options(),
    ]
    if os.getuid() == 0:
        command.append("--allow-root")

    log = tmp_path / "jupyter.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        listing = None
        while listing is None:
            assert server.poll() is None, f"jupyter lab exited with {server.returncode}:\n{log_tail(log)}"
            assert time.monotonic() < deadline, (
                f"jupyter lab did not answer within {START_TIMEOUT} s:\n{log_tail(log)}")
            try:
                status, _, body = get(f"{base}/api/contents?token={token}")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
                continue
            assert status == 200
            listing = json.loads(body)

        assert listing["type"] == "directory"
        served = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
        on_disk = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
        assert served == on_disk
        assert served, "notebooks/ holds no lesson"
        assert "00_welcome.ipynb" in served

        status, final_url, body = get(f"{base}/lab?token={token}", timeout=15)
        assert status == 200
        assert final_url.split("?")[0].endswith("/lab"), f"redirected to {final_url}"
        assert b"<html" in body.lower()

        # `make lab` opens on lesson 00 ...
        _, final_url, _ = get(f"{base}/?token={token}", timeout=15)
        assert final_url.split("?")[0].endswith("/lab/tree/00_welcome.ipynb"), final_url
        # ... and never asks to fetch Jupyter news (jupyter/overrides.json, copied by make)
        _, _, body = get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification"
                         f"?token={token}", timeout=15)
        defaults = {k: v.get("default") for k, v in json.loads(body)["schema"]["properties"].items()}
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False
    finally:
        server.terminate()
        try:
            server.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=STOP_TIMEOUT)

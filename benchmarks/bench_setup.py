"""Set-up time of a fresh clone: from `make lab` to JupyterLab answering, cold and warm.

For each installer (uv, the default, and pip, `make lab INSTALLER=pip`) the script clones
the repository's HEAD into a temporary folder, empties the package caches (fresh
``PIP_CACHE_DIR`` and ``UV_CACHE_DIR``), starts ``make lab`` and times until the server
answers ``/api/status``; then stops it and starts ``make lab`` again in the same clone
(warm: the environment exists). Downloads come from the package registry, so the cold
figures depend on the network. Targets (issue 18): cold at most 60 s and warm at most
5 s with the default installer.

    python benchmarks/bench_setup.py [--installers uv pip] [--no-save]
"""
import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_world import machine, save_section

ROOT = Path(__file__).resolve().parent.parent
COLD_TARGET, WARM_TARGET = 60.0, 5.0
TIMEOUT = 900
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def time_lab(clone: Path, installer: str, env: dict) -> float:
    """Seconds from `make lab` to the first answer of the server; the server is stopped."""
    port, token = free_port(), secrets.token_hex(8)
    env = dict(env, JUPYTER_PORT=str(port), JUPYTER_TOKEN=token, BROWSER="true")
    log = open(clone / f"lab-{installer}.log", "ab")
    start = time.perf_counter()
    lab = subprocess.Popen(["make", "lab", f"INSTALLER={installer}"], cwd=clone, env=env,
                           stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           start_new_session=True)
    try:
        while True:
            if lab.poll() is not None:
                raise RuntimeError(f"make lab exited with {lab.returncode}; see {log.name}")
            if time.perf_counter() - start > TIMEOUT:
                raise RuntimeError(f"JupyterLab did not answer within {TIMEOUT} s")
            try:
                with OPENER.open(f"http://127.0.0.1:{port}/api/status?token={token}",
                                 timeout=2) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - start
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
        log.close()


def measure(installer: str) -> tuple[float, float, float]:
    """Cold and warm seconds to an answering JupyterLab, and the venv's size in MB."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        clone = tmp / "crmlab"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("VIRTUAL_ENV", "JUPYTER", "MPL", "IPYTHON", "CRMLAB"))}
        env.update(PIP_CACHE_DIR=str(tmp / "pip-cache"), UV_CACHE_DIR=str(tmp / "uv-cache"))
        cold = time_lab(clone, installer, env)
        warm = time_lab(clone, installer, env)
        size = sum(f.stat().st_size for f in (clone / ".venv").rglob("*") if f.is_file()) / 1e6
        return cold, warm, size


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installers", nargs="+", default=["uv", "pip"], choices=["uv", "pip"])
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("make") is None:
        print("bench_setup: GNU make is needed", file=sys.stderr)
        return 1
    rows = ["| installer | cold: clone to JupyterLab (s) | warm (s) | venv (MB) | targets met |",
            "| --- | ---: | ---: | ---: | --- |"]
    met = True
    for installer in args.installers:
        cold, warm, size = measure(installer)
        ok = cold <= COLD_TARGET and warm <= WARM_TARGET
        if installer == "uv":
            met &= ok
        rows.append(f"| {installer} | {cold:.1f} | {warm:.1f} | {size:.0f} | "
                    f"{('yes' if ok else '**no**') if installer == 'uv' else '(reference)'} |")
        print(f"{installer}: cold {cold:.1f} s, warm {warm:.1f} s, venv {size:.0f} MB", flush=True)
    body = ("Fresh clone of HEAD, empty package caches, `make lab` until `/api/status` answers "
            f"(cold), then `make lab` again (warm). Targets with the default installer (uv): "
            f"cold <= {COLD_TARGET:.0f} s, warm <= {WARM_TARGET:.0f} s; pip is the reference. "
            "Cold figures include the downloads, so they depend on the network.\n\n"
            + "\n".join(rows) + "\n\n" + machine())
    if not args.no_save:
        save_section("setup", body)
    print("\n".join(rows))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

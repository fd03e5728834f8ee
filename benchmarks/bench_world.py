"""Time and memory of ``crmlab.datasets.make_world`` at several sizes.

Each size runs in a fresh Python process, so its peak memory (the process's
maximum resident set size) is its own and includes the interpreter and imports.
Prints a markdown table with the targets and writes it to benchmarks/results.md.

    python benchmarks/bench_world.py                 # 600, 10,000 and 100,000 customers
    python benchmarks/bench_world.py --sizes 600 2000
    python benchmarks/bench_world.py --quick         # 600 and 10,000, results.md untouched

Each size runs --repeat times (default 3, --quick 1) and reports the fastest run,
as timeit does: a run of a second or so is noisy on a shared machine.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # crmlab from this checkout, installed or not
RESULTS = ROOT / "benchmarks" / "results.md"
SEED = 2026
SIZES = (600, 10_000, 100_000)
QUICK_SIZES = (600, 10_000)
GB = 10**9

# Targets: seconds and peak bytes per size, and the growth from 10,000 to 100,000.
TIME_TARGET = {600: 3.0, 100_000: 60.0}
MEMORY_TARGET = {100_000: 4 * GB}
RATIO_SIZES, RATIO_TARGET = (10_000, 100_000), 12.0


def child(n_customers: int) -> None:
    """Build one world in this process and print its figures as JSON."""
    started = time.perf_counter()
    from crmlab.datasets import make_world

    imported = time.perf_counter()
    world = make_world(n_customers=n_customers, seed=SEED)
    built = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    print(json.dumps({
        "n_customers": n_customers,
        "seconds": built - imported,
        "import_seconds": imported - started,
        "peak_bytes": usage.ru_maxrss * scale,
        "order_lines": len(world.orders),
    }))


def measure(n_customers: int, timeout: float) -> dict:
    """Run :func:`child` in a fresh interpreter and return its figures."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(n_customers)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"make_world(n_customers={n_customers}) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def table(results: list[dict]) -> tuple[str, bool]:
    """The markdown table and whether every target that applies is met."""
    rows = ["| customers | order lines | seconds | peak memory (GB) | target | met |",
            "| ---: | ---: | ---: | ---: | --- | --- |"]
    all_met = True
    for r in results:
        n, targets, checks = r["n_customers"], [], []
        if n in TIME_TARGET:
            targets.append(f"< {TIME_TARGET[n]:g} s")
            checks.append(r["seconds"] < TIME_TARGET[n])
        if n in MEMORY_TARGET:
            targets.append(f"< {MEMORY_TARGET[n] / GB:g} GB")
            checks.append(r["peak_bytes"] < MEMORY_TARGET[n])
        ok = all(checks) if checks else None
        all_met &= ok is not False
        rows.append(f"| {n:,} | {r['order_lines']:,} | {r['seconds']:.2f} | "
                    f"{r['peak_bytes'] / GB:.2f} | {' and '.join(targets) or '—'} | {verdict(ok)} |")
    by_size = {r["n_customers"]: r for r in results}
    small, large = RATIO_SIZES
    if small in by_size and large in by_size:
        ratio = by_size[large]["seconds"] / by_size[small]["seconds"]
        ok = ratio <= RATIO_TARGET
        all_met &= ok
        rows.append(f"| time({large:,}) / time({small:,}) | | {ratio:.1f} | | "
                    f"<= {RATIO_TARGET:g} | {verdict(ok)} |")
    return "\n".join(rows), all_met


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown CPU"
    match = re.search(r"^model name\s*:\s*(.+)$", text, flags=re.MULTILINE)
    return match.group(1).strip() if match else platform.processor() or "unknown CPU"


def machine() -> str:
    """One paragraph: when, where and with which versions the figures were taken."""
    try:
        memory = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        memory = "RAM unknown"
    versions = []
    for name in ("crmlab", "numpy", "pandas", "scipy", "statsmodels", "scikit-learn",
                 "matplotlib", "seaborn", "nbclient"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"Measured {stamp} on {platform.platform()}, {cpu_model()}, "
            f"{os.cpu_count()} CPUs, {memory}; Python {platform.python_version()}; "
            + ", ".join(versions) + ".")


def save_section(title: str, body: str, path: Path = RESULTS) -> None:
    """Replace the '## title' section of results.md with body (or append it)."""
    text = path.read_text(encoding="utf-8") if path.exists() else (
        "# Benchmark results\n\nWritten by the scripts in this folder (`make bench`); "
        "see README.md for what they measure.\n")
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", flags=re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N",
                        help=f"numbers of customers (default: {' '.join(map(str, SIZES))})")
    parser.add_argument("--quick", action="store_true",
                        help=f"only {' and '.join(map(str, QUICK_SIZES))} customers; implies --no-save")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results.md")
    parser.add_argument("--repeat", type=int,
                        help="runs per size, the fastest counts (default: 3, with --quick 1)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per run")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child is not None:
        child(args.child)
        return 0

    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    repeat = args.repeat or (1 if args.quick else 3)
    results = []
    for n in sizes:
        print(f"make_world(n_customers={n:,}, seed={SEED}) ...", end=" ", flush=True)
        runs = [measure(n, args.timeout) for _ in range(repeat)]
        best = min(runs, key=lambda run: run["seconds"])
        results.append(dict(best, peak_bytes=max(run["peak_bytes"] for run in runs)))
        print(" ".join(f"{run['seconds']:.2f}" for run in runs), "s")
    report, all_met = table(results)
    about = machine()
    print(f"\n{report}\n\n{about}")
    if not (args.no_save or args.quick):
        save_section("make_world", f"`make_world(n_customers=N, seed={SEED})`, each run in a fresh "
                                   f"process; peak memory is that process's maximum RSS; "
                                   f"seconds are the fastest of {repeat} runs.\n\n"
                                   f"{report}\n\n{about}")
        print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())

"""Run the notebooks and docstring examples again as another processor would compute them.

Committed notebook outputs must be the same on every machine, but floating-point results
depend on the processor: numpy's BLAS (OpenBLAS) picks a kernel for the CPU it runs on
(SkylakeX, Haswell, ...), each adding terms in its own order, and numpy picks AVX-512,
AVX2 or plain SSE loops for its elementwise functions. A digit that moves between them
is a digit a lesson should not print. This second pass forces the generic SSE3 OpenBLAS
kernel (``OPENBLAS_CORETYPE=Prescott``) and switches off numpy's AVX2 and AVX-512 loops
(``NPY_DISABLE_CPU_FEATURES``), so that one machine also checks what an older laptop
computes. ``make test`` runs it after the main suite.

It needs numpy's own OpenBLAS on x86-64, whose kernel can be chosen at run time
(DYNAMIC_ARCH); elsewhere (Apple's Accelerate, ARM) it says so and does nothing.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: OpenBLAS kernels to try, most generic first; the first that differs from the default runs.
KERNELS = ("Prescott", "Nehalem")
#: numpy's SIMD loops switched off: the x86-64-v3/v4 groups (numpy >= 2.4) and their
#: members by their older names (numpy < 2.4). Names a numpy does not know are ignored.
NUMPY_FEATURES_OFF = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR AVX2 FMA3 AVX512F AVX512_SKX"
PROBE = "import json, numpy, threadpoolctl; print(json.dumps(threadpoolctl.threadpool_info()))"


def blas_kernel(env: dict) -> str | None:
    """The OpenBLAS kernel numpy uses under ``env``, or None when numpy's BLAS is not OpenBLAS."""
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                         text=True, check=True).stdout
    for lib in json.loads(out):
        if lib.get("internal_api") == "openblas" and "numpy" in lib.get("filepath", ""):
            return lib.get("architecture")
    return None


def main() -> int:
    base = dict(os.environ)
    default = blas_kernel(base)
    if default is None or platform.machine().lower() not in ("x86_64", "amd64"):
        print(f"other_cpu: numpy's BLAS here is not a run-time selectable OpenBLAS on x86-64 "
              f"({platform.machine()}); the second-processor pass needs one and does not run")
        return 0
    for kernel in KERNELS:
        env = dict(base, OPENBLAS_CORETYPE=kernel, NPY_DISABLE_CPU_FEATURES=NUMPY_FEATURES_OFF)
        chosen = blas_kernel(env)
        if chosen != default:
            break
    else:
        print(f"other_cpu: could not select an OpenBLAS kernel other than {default} "
              f"(tried {', '.join(KERNELS)})", file=sys.stderr)
        return 1
    print(f"other_cpu: notebooks and docstring examples again with OpenBLAS kernel {chosen} "
          f"(OPENBLAS_CORETYPE={kernel}) instead of {default}, numpy without AVX2/AVX-512 loops",
          flush=True)
    command = [sys.executable, "-m", "pytest", "--doctest-modules", "--nbval",
               "--nbval-sanitize-with", "notebooks/sanitize.cfg", "notebooks", "crmlab"]
    return subprocess.run(command, env=env, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())

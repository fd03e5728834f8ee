"""Arithmetic whose result does not depend on the processor.

A matrix product (``X @ w``) goes to the BLAS library, whose kernels add the terms in
an order that depends on the processor (AVX-512, AVX2, SSE3, Apple's Accelerate): the
same data give results that differ in the last bits. Where such a result is compared,
ranked or tied (the best supplier, a grade boundary), those bits can change what a
lesson prints. The helpers here use only elementwise operations, which IEEE 754 rounds
the same way on every processor.
"""
from __future__ import annotations

import numpy as np


def weighted_sum(matrix, weights) -> np.ndarray:
    """Row sums of ``matrix * weights``, added column by column in a fixed order.

    Parameters
    ----------
    matrix : array-like, shape (n, k) or (..., k)
    weights : array-like, shape (k,)

    Returns
    -------
    ndarray, shape (n,) or (...)
        The same bits as ``matrix @ weights`` would give with a left-to-right sum, on
        every processor.

    Examples
    --------
    >>> weighted_sum([[1.0, 2.0], [3.0, 4.0]], [0.5, 0.25]).tolist()
    [1.0, 2.5]
    """
    matrix = np.asarray(matrix, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 1 or matrix.shape[-1] != len(weights):
        raise ValueError(f"weighted_sum: matrix has {matrix.shape[-1]} columns but "
                         f"{weights.size} weights; expected one weight per column")
    total = np.zeros(matrix.shape[:-1])
    for k, w in enumerate(weights):
        total += matrix[..., k] * w
    return total

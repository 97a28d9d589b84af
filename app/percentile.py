"""Percentiles of the benchmarks' timings, one way for every benchmark."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], percent: int) -> float:
    """The ``percent``-th percentile, always between the smallest and the largest value
    measured (NaN under two values). Python's default (exclusive) method put the p99 of
    a second's 30 frames above the worst frame measured."""
    if len(values) < 2:
        return math.nan
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]

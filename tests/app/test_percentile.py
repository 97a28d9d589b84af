"""The benchmarks' percentiles stay within what was measured."""

import math

from app.percentile import percentile


def test_p99_of_a_second_of_frames_is_not_above_the_worst():
    frames = [10.0] * 27 + [15.0, 16.0, 16.8]  # 30 frames: bench all's 1 s part
    p99 = percentile(frames, 99)
    assert 10.0 <= p99 <= max(frames)
    assert percentile(list(range(1, 102)), 50) == 51


def test_under_two_values_there_is_no_percentile():
    assert math.isnan(percentile([], 99))
    assert math.isnan(percentile([3.0], 99))

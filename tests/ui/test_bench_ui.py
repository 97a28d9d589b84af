"""`celldeck bench ui` measures the overview under a stream of updates (figures only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from app.config import shipped_plant_path


def test_bench_ui_reports_its_figures_for_a_stream_it_really_pushed():
    # Its own process: the benchmark runs its own Qt event loop.
    plant = str(shipped_plant_path("demo-site.toml"))
    result = subprocess.run(
        [sys.executable, "-m", "app", "--plant", plant, "bench", "ui", "--seconds", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for key in ("updates_per_s", "fps", "frame_p50_ms", "frame_p99_ms", "loop_lag_p99_ms"):
        assert key in report
    # 2 shuttles x 16 bays x up to 12 analog tags, each twice a second.
    assert report["shuttles"] == 2 and 0 < report["tags"] <= 2 * 16 * 12
    assert report["updates_per_s"] > report["tags"]  # every tag more than once a second
    assert report["fps"] > 0 and report["cpu_per_wall"] > 0

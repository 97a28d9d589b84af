"""`celldeck bench ui` measures the overview under a stream of updates (figures only)."""

from __future__ import annotations

from app.config import shipped_plant_path
from ui.bench import bench_ui


def test_bench_ui_reports_its_figures_for_a_stream_it_really_pushed(qapp):
    report = bench_ui(shipped_plant_path("demo-site.toml"), seconds=2.0)
    for key in ("updates_per_s", "fps", "frame_p50_ms", "frame_p99_ms", "loop_lag_p99_ms"):
        assert key in report
    # 2 shuttles x 16 bays x up to 12 analog tags, each twice a second.
    assert report["shuttles"] == 2 and 0 < report["tags"] <= 2 * 16 * 12
    assert report["updates_per_s"] > report["tags"]  # every tag more than once a second
    assert report["fps"] > 0 and report["cpu_per_wall"] > 0

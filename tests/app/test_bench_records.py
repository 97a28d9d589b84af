"""`celldeck bench records` prints the historian, audit and trend figures as JSON."""

import json
import subprocess
import sys
from pathlib import Path


def test_bench_records_prints_one_json_object_with_the_figures(tmp_path: Path):
    out = tmp_path / "report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "bench",
            "records",
            "--seconds",
            "0.2",
            "--trend-days",
            "0.05",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert json.loads(out.read_text()) == report
    for key in ("historian_samples_per_s", "audit_entries_per_s", "trend_load_s"):
        assert isinstance(report[key], int | float) and report[key] > 0, key
    assert report["historian_samples"] >= 20_000
    assert report["trend_days"] == 0.05
    assert report["trend_samples"] == int(0.05 * 86_400)
    assert report["audit_verified"] is True
    assert "inprocess_updates_per_s" not in report  # only the suite asked for

"""``celldeck bench all``: every benchmark there is (but the soak), one combined JSON
object, a report with a short table; a missing or failing benchmark loses no figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import bench
from app.cli import main


def fast(plant_file, seconds: float = 1.0, *, full: bool = False) -> dict[str, object]:
    return {"fast_updates_per_s": 1234, "fast_seconds": seconds, "fast_full": full}


def no_options(plant_file) -> dict[str, object]:
    return {"plain_rows": [1, 2, 3]}


def broken(plant_file, seconds: float = 1.0) -> dict[str, object]:
    raise RuntimeError("simulator did not start")


def records(plant_file, seconds: float = 3.0, *, full: bool = False, trend_days: float = 10.0):
    return {"records_trend_days": trend_days}


@pytest.fixture
def benchmarks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "BENCHMARKS", {"fast": fast, "plain": no_options})
    monkeypatch.setattr(bench, "bench_records", records)
    monkeypatch.setattr("app.cli._ui_benchmarks", lambda: {"broken": broken})


def test_all_runs_every_benchmark_but_the_soak_and_survives_a_failure(benchmarks, tmp_path, capsys):
    out = tmp_path / "report.md"
    assert main(["bench", "all", "--trend-days", "0.5", "--out", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["fast_updates_per_s"] == 1234 and report["fast_seconds"] == 1.0
    assert report["plain_rows"] == [1, 2, 3]
    runs = report["benchmarks"]
    assert list(runs) == ["fast", "plain", "broken", "records"]  # no soak in all
    assert report["records_trend_days"] == 0.5  # command-line options reach a benchmark
    assert runs["broken"]["error"] == "simulator did not start"
    assert runs["fast"]["keys"] == ["fast_updates_per_s", "fast_seconds", "fast_full"]
    assert report["machine"]["cpus"] >= 1 and report["bench_wall_s"] >= 0
    text = out.read_text(encoding="utf-8")
    assert "| fast | `fast_updates_per_s` | 1,234 |" in text
    assert "| broken | FAILED after" in text
    assert json.loads(text.split("```json\n", 1)[1].split("\n```", 1)[0]) == report
    capsys.readouterr()
    as_json = tmp_path / "report.json"
    assert main(["bench", "plain", "--out", str(as_json)]) == 0
    assert json.loads(as_json.read_text()) == json.loads(capsys.readouterr().out)


def test_one_suite_fails_loudly_and_unknown_ones_are_named(benchmarks, capsys):
    with pytest.raises(RuntimeError, match="did not start"):
        main(["bench", "broken"])
    assert main(["bench", "nonsense"]) == 2
    assert "available: fast, plain, broken, records, soak, all" in capsys.readouterr().err


def test_a_benchmark_passed_in_takes_the_place_of_the_app_one(benchmarks):
    found = bench.registry({"fast": no_options})
    assert found["fast"] is no_options and list(found) == ["fast", "plain"]


def test_the_real_registry_has_the_hardware_and_the_alarm_benchmarks():
    from app.cli import _ui_benchmarks

    found = bench.registry(_ui_benchmarks())
    assert {"hardware", "records", "alarms", "ui", "dashboards", "trend"} <= set(found)
    assert Path(bench.__file__).exists()


def test_all_leaves_the_longer_benchmarks_to_full_and_refuses_a_figure_twice(
    monkeypatch: pytest.MonkeyPatch, capsys
):
    def dashboards(plant_file, seconds: float = 1.0) -> dict[str, object]:
        return {"dashboards_frame_p99_ms": 12.0}

    def clash(plant_file, seconds: float = 1.0) -> dict[str, object]:
        return {"fast_updates_per_s": 99}  # fast's figure: must not overwrite it

    monkeypatch.setattr(bench, "BENCHMARKS", {"fast": fast, "clash": clash})
    monkeypatch.setattr(bench, "bench_records", records)
    monkeypatch.setattr("app.cli._ui_benchmarks", lambda: {"dashboards": dashboards})
    assert main(["bench", "all"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "dashboards_frame_p99_ms" not in report and report["left_out"] == ["dashboards", "soak"]
    assert report["fast_updates_per_s"] == 1234
    assert "already another benchmark's" in report["benchmarks"]["clash"]["error"]
    assert main(["bench", "all", "--full"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dashboards_frame_p99_ms"] == 12.0 and report["left_out"] == ["soak"]
